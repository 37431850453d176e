"""Rule R1: an employer's coverage is dated, so 建会率 and the new unions can be counted for any past date; the
overview, its API and the dashboard read them (issue 21 §2)."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.organising import selectors
from gonghui.orgs import services as org_services
from gonghui.orgs.models import EmployerPeriod, FormedChannel, Level

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)


@pytest.fixture
def street(world):
    """东湖 with two employers recorded on 1 March: one with its own union, one without (50%)."""
    with time_machine.travel(NOW, tick=False):
        org_services.employer_create(
            actor=SYSTEM,
            org=world.donghu,
            union=world.base_donghu,
            name="望京科技有限公司",
            headcount=300,
            on_date=dt.date(2026, 3, 1),
        )
        shop = org_services.employer_create(
            actor=SYSTEM, org=world.donghu, name="东湖便利店", headcount=40, on_date=dt.date(2026, 3, 1)
        )
        yield world, shop


def test_a_union_formed_in_may_raises_the_rate_from_may_and_leaves_april_as_it_was(street):
    world, shop = street
    with time_machine.travel(NOW, tick=False):
        union = org_services.org_create(
            actor=SYSTEM, parent=world.donghu, name="东湖便利店工会", level=Level.BASE
        )
        org_services.employer_update(
            actor=SYSTEM,
            employer=shop,
            union=union,
            on_date=dt.date(2026, 5, 20),
            channel=FormedChannel.STALL,
        )
        april = selectors.coverage(world.donghu, dt.date(2026, 4, 30))
        may_19 = selectors.coverage(world.donghu, dt.date(2026, 5, 19))
        may_20 = selectors.coverage(world.donghu, dt.date(2026, 5, 20))
        february = selectors.coverage(world.donghu, dt.date(2026, 2, 28))
        year = selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (april["employers"], april["employers_with_union"], april["rate_permille"]) == (2, 1, 500)
    assert may_19 == april
    assert (may_20["employers_with_union"], may_20["rate_permille"]) == (2, 1000)
    assert may_20["workers_in_unionised_employers"] == 340
    assert february["employers"] == 0 and february["rate_permille"] is None  # not yet recorded
    assert year["unions_formed"] == 1 and year["unions_formed_stall"] == 1 and year["workers_covered"] == 40
    assert "新建工会1家，覆盖职工40人" in year.sentence()


def test_a_change_cannot_be_dated_before_the_last_one_or_in_the_future(street):
    _world, shop = street
    with time_machine.travel(NOW, tick=False):
        org_services.employer_update(actor=SYSTEM, employer=shop, headcount=45, on_date=dt.date(2026, 5, 1))
        with pytest.raises(DomainError, match="不能早于该单位上次变更的日期（2026-05-01）"):
            org_services.employer_update(
                actor=SYSTEM, employer=shop, headcount=50, on_date=dt.date(2026, 4, 1)
            )
        with pytest.raises(DomainError, match="不能晚于今天"):
            org_services.employer_update(
                actor=SYSTEM, employer=shop, headcount=50, on_date=dt.date(2026, 7, 1)
            )
    periods = list(
        EmployerPeriod.objects.filter(employer=shop).values_list("started_on", "ended_on", "headcount")
    )
    assert periods == [(dt.date(2026, 3, 1), dt.date(2026, 5, 1), 40), (dt.date(2026, 5, 1), None, 45)]


def test_a_closed_employer_counts_until_the_day_it_closed(street):
    world, shop = street
    with time_machine.travel(NOW, tick=False):
        org_services.employer_close(actor=SYSTEM, employer=shop, reason="注销", on_date=dt.date(2026, 6, 1))
        may = selectors.coverage(world.donghu, dt.date(2026, 5, 31))
        june = selectors.coverage(world.donghu, dt.date(2026, 6, 1))
    assert may["employers"] == 2 and june["employers"] == 1 and june["rate_permille"] == 1000


def test_the_dashboard_compares_this_months_rate_with_last_months(street, login):
    world, shop = street
    with time_machine.travel(NOW, tick=False):
        union = org_services.org_create(
            actor=SYSTEM, parent=world.donghu, name="东湖便利店工会", level=Level.BASE
        )
        org_services.employer_update(actor=SYSTEM, employer=shop, union=union, on_date=dt.date(2026, 6, 10))
        page = login("chaoyang").get(f"/stats/{world.donghu.pk}/?period=month")
    text = page.content.decode()
    assert page.status_code == 200
    assert "+50.0个百分点" in text  # 50% on 18 May, 100% on 18 June


def test_the_overview_draws_the_rate_month_by_month(street, login):
    world, shop = street
    with time_machine.travel(NOW, tick=False):
        union = org_services.org_create(
            actor=SYSTEM, parent=world.donghu, name="东湖便利店工会", level=Level.BASE
        )
        org_services.employer_update(actor=SYSTEM, employer=shop, union=union, on_date=dt.date(2026, 5, 20))
        trend = selectors.rate_by_month(world.donghu, dt.date(2026, 6, 18), months=5)
        page = login("chaoyang").get(f"/organising/?org={world.donghu.pk}&year=2026")
    assert [(t["month"], t["employers"], t["covered"], t["rate_permille"]) for t in trend] == [
        ("2026-02", 0, 0, None),
        ("2026-03", 2, 1, 500),
        ("2026-04", 2, 1, 500),
        ("2026-05", 2, 2, 1000),
        ("2026-06", 2, 2, 1000),
    ]
    text = page.content.decode()
    assert "<td>2026-04</td><td>2</td><td>1</td><td>50.0%</td>" in text
    assert 'data-chart="rate-trend"' in text


def test_the_api_and_the_dashboard_give_the_years_organising_figures(street, login):
    world, shop = street
    with time_machine.travel(NOW, tick=False):
        union = org_services.org_create(
            actor=SYSTEM, parent=world.donghu, name="东湖便利店工会", level=Level.BASE
        )
        org_services.employer_update(
            actor=SYSTEM,
            employer=shop,
            union=union,
            on_date=dt.date(2026, 5, 20),
            channel=FormedChannel.VISIT,
        )
        api = "/api/organising/summary?org={}&year=2026"
        mine = login("chaoyang").get(api.format(world.donghu.pk))
        refused = login("xicheng").get(api.format(world.donghu.pk))
        board = login("chaoyang").get(f"/stats/{world.chaoyang.pk}/")
    body = mine.json()
    assert mine.status_code == 200 and refused.status_code == 404
    assert body["figures"]["unions_formed"] == 1 and body["figures"]["unions_formed_visit"] == 1
    assert body["unionisation_rate_permille"] == 1000 and body["unionisation_rate_before_permille"] is None
    assert "新建工会1家，覆盖职工40人" in body["sentence"]
    text = board.content.decode()
    assert 'data-testid="work-unions_formed">1' in text and "新建工会" in text
