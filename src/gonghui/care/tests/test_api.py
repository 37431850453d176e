"""The care API: a street records a hand-out from its own system, and reads its progress back."""

import pytest

from gonghui.accounts.services import token_create
from gonghui.care import services
from gonghui.core.scope import SYSTEM

from .helpers import SIX, items, summer_campaign

pytestmark = pytest.mark.django_db


def bearer(world, username):
    return {"Authorization": "Bearer " + token_create(actor=SYSTEM, user=world.user(username), name="t")[1]}


def test_a_street_records_a_hand_out_and_reads_its_progress(world, client):
    campaign, root, package = summer_campaign(world)
    donghu = services.unit_allocate(
        actor=SYSTEM, parent=root, org=world.donghu, target_workers=500, package=package, packages=20
    )
    headers = bearer(world, "donghu")
    response = client.post(
        f"/api/care/units/{donghu.pk}/distributions",
        {
            "recipient_kind": "team",
            "recipient_name": "顺丰望京车队",
            "package_id": package.pk,
            "packages": 15,
            "people_covered": 15,
            "handed_out_by": "赵子鹏",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    over = client.post(
        f"/api/care/units/{donghu.pk}/distributions",
        {
            "recipient_kind": "team",
            "recipient_name": "二队",
            "package_id": package.pk,
            "packages": 6,
            "people_covered": 6,
            "handed_out_by": "赵子鹏",
        },
        content_type="application/json",
        headers=headers,
    )
    assert over.status_code == 409 and "剩余 5" in over.json()["message"]
    body = client.get(f"/api/care/units/{donghu.pk}", headers=headers).json()
    assert (body["workers"], body["target_workers"], body["distributions"]) == (15, 500, 1)
    assert body["stock"] == {name: 5 for name in SIX}
    district = client.get(f"/api/care/units/{root.pk}", headers=bearer(world, "chaoyang")).json()
    assert district["children"][0]["org_name"] == "东湖街道总工会"
    assert district["handed"] == {name: 15 for name in SIX}
    assert client.get(f"/api/care/units/{root.pk}", headers=headers).status_code == 404
    listed = client.get("/api/care/campaigns", headers=headers).json()
    assert [c["name"] for c in listed] == [campaign.name]
    assert items("冰袖")[0].unit == "副"
