"""The governance overview, its API and the dashboards (issue 20 §5): a congress, an election counted, a plan and
an evaluation round in 东湖, and the figures and sentence each user sees for the subtree."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.orgs import services as org_services

from . import test_congresses, test_elections, test_evaluations
from .plans_helpers import make_plan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)


@pytest.fixture
def governed(world):
    with time_machine.travel(NOW, tick=False):
        test_congresses.congress(world.donghu)
        test_elections.signed_totals(world.donghu, {"王芳 主席": 30, "李明": 29, "张伟": 3}, seats=2)
        make_plan(world.chaoyang, owners=[world.donghu, world.changying])
        test_evaluations.make_round(world)
        org_services.org_update(
            actor=SYSTEM, org=world.base_donghu, term_start=dt.date(2021, 12, 1), term_years=5
        )
        yield world


def test_the_summary_adds_up_the_parts_for_the_subtree(governed, login):
    w = governed
    api = "/api/governance/summary?org={}&year=2026"
    with time_machine.travel(NOW, tick=False):
        mine = login("chaoyang").get(api.format(w.chaoyang.pk)).json()
        theirs = login("xicheng").get(api.format(w.xicheng.pk)).json()
        refused = login("chaoyang").get(api.format(w.dashilan.pk))
    f = mine["figures"]
    assert (
        f["congresses_held"] == 1 and f["elections"] == 1 and f["plans"] == 1 and f["evaluation_rounds"] == 1
    )
    assert (
        f["terms_ending"] == 1
    )  # 望京科技's committee: 2021-12-01 + 5 years, within six months of 2026-06-18
    assert (
        f["ballots_issued"] == 31 and f["elections_approved"] == 0
    )  # counted and signed, not yet approved above
    assert "会员代表大会1次" in mine["sentence"] and "任期将在半年内届满" in mine["sentence"]
    assert theirs["figures"]["congresses_held"] == 0 and theirs["figures"]["plans"] == 0
    assert refused.status_code == 404


def test_the_overview_lists_the_parts_and_the_terms_due(governed, login):
    w = governed
    with time_machine.travel(NOW, tick=False):
        page = login("chaoyang").get(f"/governance/?org={w.chaoyang.pk}&year=2026").content.decode()
        dashboard = (
            login("chaoyang").get(f"/stats/{w.chaoyang.pk}/?period=year&on=2026-06-18").content.decode()
        )
    for url in (
        "/governance/congresses/",
        "/governance/elections/",
        "/governance/plans/",
        "/governance/evaluations/",
    ):
        assert url in page, url
    assert "望京科技有限公司工会" in page and "2026-12-01" in page
    assert "会员代表大会1次" in dashboard
