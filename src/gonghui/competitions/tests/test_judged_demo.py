"""The demo's zongzi contest reads as report 002-5: 80 entrants, 一等奖1名、二等奖2名、三等奖3名 from its own marks
(`GET /api/competitions/<id>/results`), and loading again adds nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.competitions.demo import load
from gonghui.competitions.demo_judged import ZONGZI_002_5
from gonghui.competitions.models import Competition
from gonghui.demo.loader import ensure_demo_staff, load_world

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = load()
        yield made
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_changying_zongzi_contest_reads_as_report_002_5(demo, client):
    from gonghui.accounts.models import User

    assert "zongzi contest: 80" in demo
    assert "新建" not in load()  # a second run creates nothing
    client.force_login(User.objects.get(username="city_admin"))
    contest = Competition.objects.get(name=ZONGZI_002_5)
    assert contest.starts_on == dt.date(2025, 6, 5) and contest.place_text == "劲松职高常营校区"
    body = client.get(f"/api/competitions/{contest.pk}/results").json()
    assert body["published"] is True and body["entrants"] == 80
    (group,) = body["groups"]
    assert len(group["placings"]) == 80
    assert [(p["tier"], p["count"]) for p in group["prizes"]] == [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
    assert [p["rank"] for p in group["placings"][:7]] == [1, 2, 3, 4, 5, 6, 7]  # no tie at a prize boundary
    assert all(p["figure"].endswith("分") for p in group["placings"])
