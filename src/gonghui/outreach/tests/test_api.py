"""The outreach API: events and codes in scope, their figures, card checks with masked answers."""

import pytest

from gonghui.members import cards
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db


def test_events_codes_and_figures_through_the_api(world, login):
    api = login("xicheng")
    made = api.post(
        "/api/outreach/events",
        {"union_id": world.dashilan.pk, "name": "大栅栏西街摆摊", "place": "大栅栏西街", "gift": "帆布袋"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    event_id = made.json()["id"]
    code = api.post(
        "/api/outreach/codes",
        {"union_id": world.dashilan.pk, "event_id": event_id, "auto_approve": True},
        content_type="application/json",
    ).json()
    assert code["join_path"] == f"/j/{code['token']}/" and code["label"] == "大栅栏西街摆摊"
    api.get(code["join_path"])  # a scan
    stats = api.get(f"/api/outreach/events/{event_id}/stats").json()
    assert stats["totals"] == {"scans": 1, "joins": 0, "approvals": 0, "gifts": 0}
    assert len(stats["by_hour"]) == 1
    closed = api.post(f"/api/outreach/codes/{code['id']}/close").json()
    assert closed["closed_at"] is not None
    # another district's staff see none of it
    other = login("donghu")
    assert other.get(f"/api/outreach/events/{event_id}/stats").status_code == 404
    assert all(e["id"] != event_id for e in other.get("/api/outreach/events").json())


def test_card_check_through_the_api_shows_the_surname_only(world, login):
    m = enrol(world.base_donghu, "周建国")
    answer = (
        login("xicheng")
        .post("/api/outreach/verify", {"code": cards.card_code(m)}, content_type="application/json")
        .json()
    )
    assert answer == {
        "valid": True,
        "message": "有效会员（正常）",
        "name": "周**",
        "union_name": world.base_donghu.name,
        "number": m.number,
    }
    wrong = login("xicheng").post(
        "/api/outreach/verify", {"code": f"{m.number}-000000"}, content_type="application/json"
    )
    assert wrong.json()["valid"] is False or cards.card_code(m).endswith("000000")
