"""The demo's competitions come out of their own records: 东城's song contest reads as report 001-1 ("86家单位的2500余名
干部职工组成71支队伍") through `GET /api/competitions/summary` and `/results`."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.competitions.demo import SONG_001_1, load
from gonghui.competitions.models import Competition
from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world

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
def test_the_song_contest_reads_as_report_001_1(demo, client):
    from gonghui.accounts.models import User

    assert "歌咏比赛 song contest: 71支队伍" in demo
    assert "新建" not in load()  # a second run creates nothing
    client.force_login(User.objects.get(username="city_admin"))
    dongcheng = demo_org("东城区总工会")
    song = Competition.objects.get(name=SONG_001_1)
    results = client.get(f"/api/competitions/{song.pk}/results").json()
    assert (results["units"], results["teams"]) == (86, 71) and results["groups"] == []
    assert 2500 < results["people"] < 2600  # 2500余名
    body = client.get("/api/competitions/summary", {"org": dongcheng.pk, "year": 2025}).json()
    assert "文艺比赛1场" in body["sentence"] and body["units"] >= 86 and body["teams"] >= 71
    # the song contest is 东城's: 西城 counts none of it
    other = client.get("/api/competitions/summary", {"org": demo_org("西城区总工会").pk, "year": 2025}).json()
    assert other["teams"] == 0 and other["units"] == 0
