"""The services' overview, its API and the dashboards (issue 19 §5): one record of every part in 东湖 and one in
大栅栏, and the figures, the sentence and the links each user sees."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import make_user
from gonghui.support import hardship_services as hs
from gonghui.support.models.cases import CaseResult
from gonghui.support.selectors import Summary

from . import test_cases, test_hardship, test_stations, test_volunteers
from .requests_helpers import answer, call

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 9, 1, 2, tzinfo=dt.UTC)


def one_of_each(world, org):
    """A consultation, a closed legal-aid case, a volunteer service, an aided household, an answered request."""
    test_stations.consult(org, day=dt.date(2026, 6, 1))
    case = test_cases.open_case(org, on=dt.date(2026, 5, 1))
    test_cases.s.case_close(
        actor=SYSTEM,
        case=case,
        result=CaseResult.MEDIATED,
        closed_on=dt.date(2026, 7, 1),
        recovered_yuan=18000,
        people_covered=2,
    )
    team = test_volunteers.team_of(org, name=f"{org.name}志愿服务队")
    test_volunteers.event_of(team, date=dt.date(2026, 6, 6), people_served=120)
    union = world.base_donghu if org == world.donghu else world.base_xicheng
    f = test_hardship.approved(world, name=f"{org.name[:2]}困难户", union=union)
    hs.grant_add(
        actor=SYSTEM, file=f, data=hs.GrantData(given_on=dt.date(2026, 9, 1), kind="money", amount_yuan=3000)
    )
    answer(call(org, dt.date(2026, 6, 18)), dt.date(2026, 6, 19))


@pytest.fixture
def services_world(world):
    with time_machine.travel(NOW, tick=False):
        hs.line_set(actor=SYSTEM, org=world.city, region_code="110000", year=2026, monthly_line=1500)
        one_of_each(world, world.donghu)
        one_of_each(world, world.dashilan)
        yield world


def test_the_summary_counts_the_subtree_and_the_sentence_names_each_service(services_world, login):
    w = services_world
    api = "/api/services/summary?org={}&year=2026"
    chaoyang = login("chaoyang").get(api.format(w.chaoyang.pk)).json()
    city = login("city_admin").get(api.format(w.city.pk)).json()
    f = chaoyang["figures"]
    assert (f["consultations"], f["cases_opened"], f["cases_closed"], f["recovered_yuan"]) == (1, 1, 1, 18000)
    assert (f["volunteer_events"], f["volunteer_served"], f["hardship_households"], f["aid_yuan"]) == (
        1,
        120,
        1,
        3000,
    )
    assert (f["requests"], f["requests_answered"], f["requests_on_time"]) == (1, 1, 1)
    assert chaoyang["on_time_percent"] == 100
    # the city counts both districts; 朝阳 never sees 西城's
    assert city["figures"]["consultations"] == 2 and city["figures"]["recovered_yuan"] == 36000
    assert city["figures"]["volunteer_served"] == 240 and city["figures"]["aid_yuan"] == 6000
    said = chaoyang["sentence"]
    for phrase in (
        "法律咨询1次",
        "法律援助案件1件",
        "服务职工群众120人次",
        "帮扶困难职工1户",
        "受理职工诉求1件",
    ):
        assert phrase in said, phrase
    assert chaoyang["consultations_by_topic"] == [{"label": "工资报酬", "count": 1}]
    # out of scope: the same answer as a node that does not exist
    assert login("chaoyang").get(api.format(w.dashilan.pk)).status_code == 404


def test_the_overview_page_shows_the_year_and_links_each_part_the_user_may_open(services_world, login):
    w = services_world
    page = login("chaoyang").get(f"/services/?org={w.chaoyang.pk}&year=2026").content.decode()
    assert "受理职工诉求1件" in page and "工资报酬" in page
    assert "/services/requests/" in page and "/services/cases/" in page
    assert "/services/hardship/" not in page  # 朝阳's admin does not hold hardship.handle (V3)
    w.users["bangfu"] = make_user("bangfu", w.chaoyang, "hardship")
    assert "/services/hardship/" in login("bangfu").get("/services/").content.decode()
    empty = login("chaoyang").get(f"/services/?org={w.chaoyang.pk}&year=2024").content.decode()
    assert "本年度尚无维权服务记录" in empty


def test_the_dashboard_sentence_quotes_the_services(services_world, login):
    w = services_world
    with time_machine.travel(NOW, tick=False):
        page = login("chaoyang").get(f"/stats/{w.chaoyang.pk}/?period=year&on=2026-09-01").content.decode()
    assert "接待法律咨询1次" in page and "受理职工诉求1件" in page


def test_the_share_answered_on_time_is_rounded_down_on_integers():
    base = dict.fromkeys(("requests_answered", "requests_on_time"), 0)
    assert Summary(figures={**base, "requests_answered": 3, "requests_on_time": 2}).on_time_percent == 66
    assert Summary(figures={**base, "requests_answered": 7, "requests_on_time": 7}).on_time_percent == 100
    assert Summary(figures=base).on_time_percent is None
