"""The activities API: record an activity, read it with its figures, register, cancel, check in, reach."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.services import token_create
from gonghui.core.scope import SYSTEM
from gonghui.members.cards import card_code
from gonghui.members.tests.factories import enrol

from .factories import activity, namesakes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    def call(method, path, body=None, user="chaoyang"):
        token = token_create(actor=SYSTEM, user=world.user(user), name="test")[1]
        response = client.generic(
            method,
            path,
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        return response.status_code, response.json()

    return call


def test_create_an_activity_and_read_it_back_with_its_figures(api, world):
    body = {
        "org_id": world.chaoyang.pk,
        "kind": "joint_study",
        "title": "高校三片组联学联建",
        "starts_on": "2024-06-20",
        "backdate_reason": "据活动简报补录",
        "place_text": "北京电子科技职业学院",
        "participants": [{"name": "望京科技有限公司工会", "org_id": world.base_donghu.pk, "attendees": 3}]
        + [{"name": f"高校{i}工会"} for i in range(10)],
        "sessions": [{"topic": "弘扬工匠精神专题讲座"}, {"topic": "参观集成电路产教联合体"}],
        "outcomes": ["阵地共建", "活动共办", "人才共育"],
    }
    status, made = api("POST", "/api/activities/", body)
    assert status == 201, made
    assert made["participant_count"] == 11 and len(made["participants"]) == 11
    assert made["participants"][0] == {
        "name": "望京科技有限公司工会",
        "org_id": world.base_donghu.pk,
        "attendees": 3,
    }
    assert [s["topic"] for s in made["sessions"]] == ["弘扬工匠精神专题讲座", "参观集成电路产教联合体"]
    assert made["reach"] == {"count": 0, "source": "签到", "label": "0人次（签到）"}
    status, got = api("GET", f"/api/activities/{made['id']}")
    assert status == 200 and got["outcomes"] == ["阵地共建", "活动共办", "人才共育"]
    status, page = api("GET", "/api/activities/?kind=joint_study")
    assert status == 200 and [a["title"] for a in page["items"]] == ["高校三片组联学联建"]


def test_a_refusal_names_the_field(api, world):
    status, body = api(
        "POST",
        "/api/activities/",
        {"org_id": world.chaoyang.pk, "kind": "nope", "title": "x", "starts_on": "2024-06-01"},
    )
    assert status == 400 and body["fields"] == {"kind": "未知的活动类型"}
    status, body = api(
        "POST",
        "/api/activities/",
        {"org_id": world.dashilan.pk, "kind": "visit", "title": "x", "starts_on": "2024-06-01"},
    )
    assert status == 404


def test_register_waitlist_cancel_and_promotion(api, world):
    from gonghui.activities.models import RegistrationMode
    from gonghui.activities.services import GroupData

    a = activity(
        world.donghu,
        registration=RegistrationMode.OPEN,
        family=True,
        max_party_size=3,
        groups=[GroupData("缠花", 1)],
    )
    group = a.groups.get().pk
    m1, m2 = enrol(world.base_donghu, "甲会员"), enrol(world.base_donghu, "乙会员")
    status, first = api(
        "POST",
        f"/api/activities/{a.pk}/registrations",
        {"member_number": m1.number, "group_id": group, "party_size": 2},
    )
    assert status == 201 and first["status"] == "registered" and first["party_size"] == 2
    status, second = api(
        "POST", f"/api/activities/{a.pk}/registrations", {"member_number": m2.number, "group_id": group}
    )
    assert second["status"] == "waitlisted"
    status, promoted = api("POST", f"/api/activities/registrations/{first['id']}/cancel", {})
    assert status == 200 and [p["name"] for p in promoted] == ["乙会员"]
    status, people = api("GET", f"/api/activities/{a.pk}/registrations?status=registered")
    assert [p["name"] for p in people] == ["乙会员"]
    assert all("id_number" not in p and "mobile" not in p for p in people)


def test_check_in_by_card_code_then_reach(api, world):
    a = activity(world.donghu, kind="condolence")
    m = enrol(world.donghu, "吴骑手")
    status, done = api("POST", f"/api/activities/{a.pk}/checkin", {"code": card_code(m)})
    assert status == 200 and done["message"] == "吴**签到成功" and not done["already"]
    status, bad = api("POST", f"/api/activities/{a.pk}/checkin", {"code": "nonsense"})
    assert status == 400 and "code" in bad["fields"]
    status, reach = api("POST", f"/api/activities/{a.pk}/reach", {"count": 300, "method": "现场统计"})
    assert reach["label"] == "300人次（现场统计）"
    status, reach = api("POST", f"/api/activities/{a.pk}/reach", {"count": None})
    assert reach["label"] == "1人次（签到）"


def test_the_list_takes_the_same_queries_for_more_rows(api, world):
    activity(world.donghu, title="一")
    with CaptureQueriesContext(connection) as few:
        assert api("GET", "/api/activities/")[0] == 200
    for i in range(6):
        activity(world.donghu, title=f"更多{i}")
    with CaptureQueriesContext(connection) as more:
        status, page = api("GET", "/api/activities/")
    assert status == 200 and page["count"] == 7 and len(more) == len(few)


def test_co_organisers_are_given_by_id_and_only_from_the_callers_tree(api, world):
    ours, theirs = namesakes(world)
    body = {
        "org_id": world.chaoyang.pk,
        "kind": "condolence",
        "title": "社区骑手慰问",
        "starts_on": "2026-06-12",
        "backdate_reason": "据纸质记录补录",
    }
    status, refused = api("POST", "/api/activities/", {**body, "co_organiser_ids": [theirs.pk]})
    assert status == 400, refused
    assert refused["message"].startswith("协办单位：") and "co_organiser_ids" in refused["fields"]
    status, made = api("POST", "/api/activities/", {**body, "co_organiser_ids": [ours.pk]})
    assert status == 201, made
    assert (made["co_organiser_ids"], made["co_organisers"]) == ([ours.pk], [ours.name])
    assert api("GET", f"/api/activities/{made['id']}", user="ours")[0] == 200
    assert api("GET", f"/api/activities/{made['id']}", user="theirs")[0] == 404


def test_a_participant_is_linked_only_to_a_union_in_the_callers_tree(api, world):
    """Linking any id would tell the caller the name of a union outside their tree."""
    body = {
        "org_id": world.chaoyang.pk,
        "kind": "joint_study",
        "title": "联学联建",
        "starts_on": "2024-06-20",
        "backdate_reason": "据纸质记录补录",
        "participants": [{"name": "", "org_id": world.base_xicheng.pk, "attendees": 3}],
    }
    status, refused = api("POST", "/api/activities/", body)
    assert status == 400 and refused["message"].startswith("参加单位：未找到编号为")
    assert world.base_xicheng.name not in json.dumps(refused, ensure_ascii=False)
    body["participants"] = [{"name": "西城兄弟单位工会", "attendees": 3}]  # other areas: by name only
    status, made = api("POST", "/api/activities/", body)
    assert status == 201 and made["participants"][0]["org_id"] is None


def test_void_an_activity_recorded_in_error(api, world):
    """Issue 16 §4: voided with a reason (once), then left out of the list unless asked for."""
    a = activity(world.donghu, kind="visit", title="重复录入的走访")
    status, refused = api("POST", f"/api/activities/{a.pk}/void", {"reason": " "})
    assert status == 400 and refused["fields"] == {"reason": "必填"}
    status, voided = api("POST", f"/api/activities/{a.pk}/void", {"reason": "重复录入"})
    assert status == 200 and (voided["voided"], voided["void_reason"]) == (True, "重复录入")
    status, again = api("POST", f"/api/activities/{a.pk}/void", {"reason": "重复录入"})
    assert status == 409 and again["message"] == "该活动已作废"
    assert api("GET", "/api/activities/")[1]["count"] == 0
    assert [x["title"] for x in api("GET", "/api/activities/?voided=only")[1]["items"]] == ["重复录入的走访"]
