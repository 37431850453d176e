"""The committee a node has and had (O6), installed in one step with the node's record (R21), and the terms due."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.governance import selectors, services
from gonghui.governance.models import Committee, CommitteeRole
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
FIRST = [("李明", CommitteeRole.CHAIR), ("王芳", CommitteeRole.VICE_CHAIR), ("赵强", CommitteeRole.MEMBER)]


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def install(org, members=FIRST, start=dt.date(2021, 6, 1), years=5, actor=SYSTEM):
    return services.committee_install(
        actor=actor,
        org=org,
        term_start=start,
        term_years=years,
        members=members,
        source="第二次会员代表大会选举",
    )


def test_a_new_committee_ends_the_present_one_and_updates_the_nodes_record(world, login):
    first = install(world.base_donghu)
    second = install(
        world.base_donghu,
        members=[("王芳", CommitteeRole.CHAIR), ("孙丽", CommitteeRole.WOMEN_CHAIR)],
        start=dt.date(2026, 6, 1),
        years=3,
    )
    first.refresh_from_db()
    assert first.ended_on == dt.date(2026, 6, 1) and second.ended_on is None
    node = Org.objects.get(pk=world.base_donghu.pk)
    assert (node.committee_chair, node.term_start, node.term_years) == ("王芳", dt.date(2026, 6, 1), 3)
    page = login("chaoyang").get(f"/governance/committees/{node.pk}/").content.decode()
    assert page.index("本届") < page.index("往届") and "女职工委员会主任" in page and "李明" in page
    org_page = login("chaoyang").get(f"/orgs/{node.pk}/").content.decode()
    assert "王芳" in org_page and "本届委员会成员" in org_page
    assert login("xicheng").get(f"/governance/committees/{node.pk}/").status_code == 404


def test_a_committee_has_one_chair_a_term_of_three_or_five_years_and_a_later_start(world):
    with pytest.raises(DomainError, match="有且只有一名主席"):
        install(world.base_donghu, members=[("李明", CommitteeRole.MEMBER)])
    with pytest.raises(DomainError, match="3年或5年"):
        install(world.base_donghu, years=4)
    install(world.base_donghu)
    with pytest.raises(DomainError, match="应晚于本届"):
        install(world.base_donghu, start=dt.date(2020, 1, 1))
    with pytest.raises(DomainError, match="无权"):
        install(world.base_xicheng, actor=world.user("donghu"))  # an operator of 东湖, not of 大栅栏
    assert Committee.objects.count() == 1


def test_terms_ending_within_six_months_or_already_ended(world):
    def term(org, start, years):
        org_services.org_update(actor=SYSTEM, org=org, term_start=start, term_years=years)

    term(world.base_donghu, dt.date(2021, 12, 18), 5)  # ends 2026-12-18: within six months of 2026-06-18
    term(world.donghu, dt.date(2023, 12, 19), 3)  # ends 2026-12-19: one day past the horizon
    term(world.changying, dt.date(2020, 1, 1), 5)  # ended 2025-01-01 with no new committee
    due = selectors.terms_ending(world.chaoyang, dt.date(2026, 6, 18))
    assert [o.pk for o in due] == [world.changying.pk, world.base_donghu.pk]
    assert selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["terms_ending"] == 2
