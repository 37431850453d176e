"""The demo's football league loads once (a second run adds nothing): ten teams, A组's three-way tie settled by
head-to-head, the knockout under way (rules C4, C5)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.competitions import league_selectors
from gonghui.competitions.demo_league import FOOTBALL, load_football
from gonghui.competitions.league import EXPLAIN
from gonghui.competitions.models import Competition
from gonghui.demo.loader import load_world

pytestmark = pytest.mark.django_db


def test_the_demo_league_loads_once():
    with time_machine.travel(dt.datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        load_world()
        assert load_football().startswith("五人制足球赛")
        assert load_football() == "已有 present"
    c = Competition.objects.get(name=FOOTBALL)
    league, knockout = c.stages.order_by("order")
    a = league_selectors.league_tables(league)[0]
    assert [r.note for r in a.rows[:3]] == [EXPLAIN["head_to_head"]] * 3
    assert knockout.matches.filter(home_score__isnull=False).count() == 1
