"""The congresses demo loads once (a second run adds nothing): 朝阳's third congress with delegates by unit, one
sitting and its reports approved, and 交通运输工会's plenary of 002-1 (G1)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.demo.loader import load_world
from gonghui.governance import congresses_selectors as sel
from gonghui.governance.demo_congresses import DEMO_CONGRESS_TITLE, PLENARY_TITLE, load
from gonghui.governance.models import Congress, Matter, Plenary

pytestmark = pytest.mark.django_db


def test_the_congresses_demo_loads_once():
    with time_machine.travel(dt.datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        load_world()
        assert load().startswith(f"代表大会和全委会：新建{DEMO_CONGRESS_TITLE}（代表13人）")
        counts = (Congress.objects.count(), Plenary.objects.count(), Matter.objects.count())
        assert load().startswith("代表大会和全委会：已有")
        assert (Congress.objects.count(), Plenary.objects.count(), Matter.objects.count()) == counts
    congress = Congress.objects.get(title=DEMO_CONGRESS_TITLE)
    sitting = congress.sittings.get()
    assert sel.attendance(sitting) == (12, 13)
    assert list(congress.matters.values_list("approved", flat=True)) == [True, True, True]
    assert [s.met for s in sel.composition(congress)] == [True, True, True]
    plenary = Plenary.objects.get(title=PLENARY_TITLE)
    assert [m.result_label for m in plenary.matters.all()] == ["通过", "未表决"]
    year = sel.figures(congress.org.parent, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert year == {"congresses_held": 1, "plenaries_held": 1, "reports_approved": 4, "delegates": 13}
