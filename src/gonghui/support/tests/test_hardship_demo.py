"""The hardship demo: 北京's lines, three households of 东湖's riders' union at different stages (submitted; approved
with aid from a campaign; approved last year with the re-review due), a 帮扶专员 who sees them; a second run creates
nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world
from gonghui.support import hardship_selectors as sel
from gonghui.support.demo_hardship import load
from gonghui.support.models.hardship import FileStatus, HardshipFile, IncomeLine

PINNED = dt.datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from gonghui.outreach.demo import load as outreach_load

    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        outreach_load()
        made = load()
        again = load()
        yield made, again
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_three_households_at_different_stages_and_idempotent(demo):
    from gonghui.accounts.models import User

    made, again = demo
    assert "档案新建3份" in made and "认定标准新建2条" in made
    assert "已有 present" in again and "新建" not in again and "bangfu" not in again
    assert set(IncomeLine.objects.values_list("year", "monthly_line")) == {(2025, 1450), (2026, 1520)}
    files = HardshipFile.objects.order_by("pk")
    assert [f.status for f in files] == [FileStatus.SUBMITTED, FileStatus.APPROVED, FileStatus.APPROVED]
    assert all(f.person.is_hardship == (f.status == FileStatus.APPROVED) for f in files)
    with time_machine.travel(PINNED, tick=False):
        handler = User.objects.get(username="bangfu")
        todo = dict((label, n) for label, n, _ in sel.todo(handler, demo_org("朝阳区总工会")))
        assert todo["困难职工档案30天内到期待复审"] == 1 and todo["困难职工档案待审核"] == 1
        fig = sel.figures(demo_org("朝阳区总工会"), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    # both approved households received 3,000 yuan and goods in 2026 (the one due: in January, after approval)
    assert fig["aid_yuan"] == 6000 and fig["hardship_households"] == 2
    assert files[1].grants.first().campaign == "2026年冬送温暖"
