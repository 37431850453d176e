"""The demo's 000-3 contests of 东湖: the couriers' sports meeting (heats and a final with prizes) and their photo
contest (entries from the riders' joint union, a disqualified entry, jury rounds, votes, prizes)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.competitions.demo_photo import PHOTO_000_3, SPORTS_000_3, load_photo_000_3, load_sports_000_3
from gonghui.competitions.models import Competition, SubmissionStatus, Vote
from gonghui.demo.loader import ensure_demo_staff, load_world

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from gonghui.outreach.demo import load as outreach_load

    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        outreach_load()
        made = (load_sports_000_3(), load_photo_000_3())
        yield made
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_couriers_race_and_photo_contest_come_out_of_their_records(demo):
    assert demo[0].startswith("趣味运动会") and demo[1].startswith("摄影大赛"), demo
    with time_machine.travel(PINNED, tick=False):
        assert (load_sports_000_3(), load_photo_000_3()) == ("已有 present", "已有 present")
    race = Competition.objects.get(name=SPORTS_000_3)
    heats, final = race.stages.order_by("order")
    assert heats.placings.filter(qualified=True).count() == 6
    assert [p.tier.name for p in final.placings.order_by("rank") if p.tier] == [
        "一等奖",
        "二等奖",
        "二等奖",
        "三等奖",
        "三等奖",
        "三等奖",
    ]
    photo = Competition.objects.get(name=PHOTO_000_3).stages.get()
    assert photo.submissions.count() == 8
    assert photo.submissions.filter(status=SubmissionStatus.DISQUALIFIED).count() == 1
    assert Vote.objects.filter(submission__stage=photo).exists()
    assert photo.placings.filter(tier__isnull=False).count() >= 3
    assert photo.finished_at is not None
