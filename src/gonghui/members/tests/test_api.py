"""The member API: masked responses, filters, search through the hash, keyset pages, actions, reveal."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, MembershipStatus

from .factories import enrol, resident_id

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_list_is_masked_and_scoped(world, login):
    mine = enrol(world.base_donghu, "刘洋", mobile="13811112222")
    enrol(world.base_xicheng, "西城人")
    data = login("donghu").get("/api/members/").json()
    assert [m["id"] for m in data["items"]] == [mine.pk]
    person = data["items"][0]["person"]
    assert person["mobile"] == "138****2222"
    assert person["id_number"] == mine.person.id_masked and "*" in person["id_number"]


def test_search_by_mobile_id_number_and_name(world, login):
    m = enrol(world.base_donghu, "孙丽", mobile="13700001234", id_number=resident_id(female=True))
    enrol(world.base_donghu, "孙强")
    c = login("chaoyang")

    def ids(**params):
        return [row["id"] for row in c.get("/api/members/", params).json()["items"]]

    assert ids(search="13700001234") == [m.pk]
    assert ids(search=m.person.reveal_document()) == [m.pk]
    assert len(ids(search="孙")) == 2
    assert ids(category="woman") == [m.pk]


def test_keyset_pages_walk_everything_once_with_a_fixed_query_count(world, login):
    for i in range(7):
        enrol(world.base_donghu, f"会员{i}")
    c = login("chaoyang")
    seen, after, counts = [], None, []
    while True:
        with CaptureQueriesContext(connection) as q:
            page = c.get("/api/members/", {"limit": 3, **({"after": after} if after else {})}).json()
        counts.append(len(q))
        seen += [row["id"] for row in page["items"]]
        after = page["next_after"]
        if after is None:
            break
    assert sorted(seen, reverse=True) == seen and len(seen) == len(set(seen)) == 7
    assert len(set(counts)) == 1  # the query count does not grow with rows or pages

    # and back again from the last page, with `before`, to the first
    back, before = [], page["prev_before"]
    back = [row["id"] for row in page["items"]]
    while before is not None:
        page = c.get("/api/members/", {"limit": 3, "before": before}).json()
        back = [row["id"] for row in page["items"]] + back
        before = page["prev_before"]
    assert back == seen
    assert page["next_after"] == seen[2]  # the first page again, with its link forward


def test_enrol_conflict_names_the_holding_union(world, login):
    number = resident_id()
    enrol(world.base_xicheng, "周杰", id_number=number)
    r = post(
        login("chaoyang"),
        "/api/members/",
        {"union_id": world.base_donghu.pk, "full_name": "周杰", "id_number": number},
    )
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "already_member" and "大栅栏商贸有限公司工会" in body["message"]


def test_bad_id_number_is_a_400_naming_the_field(world, login):
    r = post(
        login("chaoyang"),
        "/api/members/",
        {"union_id": world.base_donghu.pk, "full_name": "错号", "id_number": "110105199001011234"},
    )
    assert r.status_code == 400 and "id_number" in r.json()["fields"]
    assert not Membership.objects.exists()


def test_transfer_over_the_api(world, login):
    m = enrol(world.base_donghu)
    r = post(login("donghu"), f"/api/members/{m.pk}/transfer", {"to_union_id": world.base_xicheng.pk})
    assert r.status_code == 201
    transfer_id = r.json()["id"]
    c = login("xicheng")
    queue = c.get("/api/transfers/", {"direction": "in"}).json()
    assert [t["id"] for t in queue] == [transfer_id]
    assert post(c, f"/api/transfers/{transfer_id}/accept", {}).json()["status"] == "accepted"
    m.refresh_from_db()
    assert m.org_id == world.base_xicheng.pk and m.status == MembershipStatus.ACTIVE


def test_reveal_over_the_api_is_audited(world, login):
    m = enrol(world.base_donghu, mobile="13655556666")
    assert post(login("donghu"), f"/api/members/{m.pk}/reveal", {"reason": "核对身份"}).status_code == 404
    r = post(login("chaoyang"), f"/api/members/{m.pk}/reveal", {"reason": "核对身份信息"})
    assert r.json()["mobile"] == "13655556666"
    assert AuditEvent.objects.filter(action="member.reveal", reason="核对身份信息").count() == 1
