"""The pipeline's figures (issue 21 §4) equal a plain count over the records for any subtree and period: employers
visited, visits, events, opinions and those answered, targets by stage, conversion from first contact to union
(floored ‰) and the median days from first contact to union (the lower median); and the report's sentence."""

import datetime as dt
import statistics
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.paths import is_within
from gonghui.core.scope import SYSTEM
from gonghui.organising import pipeline_selectors as selectors
from gonghui.organising import pipeline_services as pipeline
from gonghui.organising import selectors as organising
from gonghui.organising import services
from gonghui.organising.models import EventContact, Opinion, OutreachEvent, Stage, Target, Visit
from gonghui.organising.models.pipeline import Outcome

NOW = dt.datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
SPRING = (dt.date(2026, 3, 1), dt.date(2026, 5, 31))


@given(st.lists(st.integers(min_value=0, max_value=2000), max_size=30))
def test_the_median_of_days_is_the_lower_median(values):
    assert selectors.lower_median(values) == (statistics.median_low(values) if values else 0)


def _target(org, name: str) -> Target:
    return services.target_register(
        actor=SYSTEM, org=org, employer_fields={"name": name}, on_date=dt.date(2025, 11, 1)
    )


def _visit(t: Target, on: dt.date) -> None:
    pipeline.visit_record(actor=SYSTEM, target=t, on=on, visitors="街道总工会", outcome=Outcome.INTERESTED)


def _formed(t: Target, on: dt.date) -> None:
    services.advance(Target.objects.get(pk=t.pk), Stage.FORMED, on=on)


@pytest.fixture
def history(world):
    """东湖: four targets contacted over winter and spring, three with a union since; 常营: one never visited;
    大栅栏: a stall with a shop contacted and two opinions, one answered."""
    with time_machine.travel(NOW, tick=False):
        a, b, c, d = (_target(world.donghu, n) for n in ("甲商店", "乙商店", "丙商店", "丁商店"))
        _visit(a, dt.date(2026, 2, 1))
        _visit(a, dt.date(2026, 3, 3))
        _formed(a, dt.date(2026, 4, 1))  # 59 days from its first contact
        meeting = pipeline.event_create(
            actor=SYSTEM, org=world.donghu, kind="meeting", title="东湖沟通会", on=dt.date(2026, 3, 1)
        )
        pipeline.event_contact_add(actor=SYSTEM, event=meeting, target=b, outcome=Outcome.AGREED)
        _formed(b, dt.date(2026, 5, 11))  # 71 days
        _visit(c, dt.date(2025, 12, 1))
        _formed(c, dt.date(2026, 2, 10))  # 71 days, first contacted last year
        _visit(d, dt.date(2026, 5, 1))
        _target(world.changying, "戊商店")
        stall = pipeline.event_create(
            actor=SYSTEM, org=world.dashilan, title="大栅栏摆摊", on=dt.date(2026, 6, 6)
        )
        pipeline.event_contact_add(
            actor=SYSTEM, event=stall, new_employer={"name": "己茶庄"}, outcome=Outcome.FOLLOW_UP
        )
        said = [
            pipeline.opinion_add(actor=SYSTEM, event=stall, on=dt.date(2026, 6, 6), category="wages", text=t)
            for t in ("加班费", "轮休")
        ]
        pipeline.opinion_answer(
            actor=SYSTEM, opinion=said[0], answer="已答复", answered_on=dt.date(2026, 6, 8)
        )
        yield world


def plain(org, start: dt.date, end: dt.date) -> dict[str, int]:
    """The same figures counted the long way: every record read, its node's path and its day compared."""

    def inside(row) -> bool:
        return is_within(row.org_path, org.path)

    visits = [v for v in Visit.objects.all() if inside(v) and start <= v.on <= end]
    contacts = [c for c in EventContact.objects.all() if inside(c) and start <= c.event.on <= end]
    opinions = [o for o in Opinion.objects.all() if inside(o) and start <= o.on <= end]
    targets = [t for t in Target.objects.all() if inside(t)]
    first = [t for t in targets if t.first_contact_on and start <= t.first_contact_on <= end]
    formed = [t for t in first if t.stage == Stage.FORMED]
    days = sorted(
        (t.formed_on - t.first_contact_on).days
        for t in targets
        if t.formed_on and t.first_contact_on and start <= t.formed_on <= end
    )
    return {
        "employers_visited": len({v.target_id for v in visits} | {c.target_id for c in contacts}),
        "visits": len(visits),
        "outreach_events": sum(1 for e in OutreachEvent.objects.all() if inside(e) and start <= e.on <= end),
        "opinions": len(opinions),
        "opinions_answered": sum(1 for o in opinions if o.answered_on and o.answered_on <= end),
        **{f"targets_{s}": sum(1 for t in targets if t.stage == s) for s in Stage.values},
        "conversion_permille": len(formed) * 1000 // len(first) if first else 0,
        "median_days_to_union": days[(len(days) - 1) // 2] if days else 0,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("period", [YEAR, SPRING, (dt.date(2025, 1, 1), dt.date(2025, 12, 31))])
def test_the_figures_equal_a_plain_count_in_every_subtree(history, period):
    world = history
    for org in (world.city, world.chaoyang, world.donghu, world.changying, world.xicheng, world.dashilan):
        fig = selectors.figures(org, *period)
        assert set(fig) == set(selectors.FIGURES)
        assert fig == plain(org, *period), org.name


@pytest.mark.django_db
def test_conversion_and_median_days_for_a_hand_built_year(history):
    fig = selectors.figures(history.donghu, *YEAR)
    # first contacted in 2026: 甲 (union), 乙 (union), 丁 (not yet): 2 of 3; 丙 was first contacted in 2025
    assert fig["conversion_permille"] == 666
    # unions formed in 2026 after 59, 71 and 71 days
    assert fig["median_days_to_union"] == 71
    assert (fig["targets_formed"], fig["targets_visited"], fig["targets_none"]) == (3, 1, 0)
    assert (fig["employers_visited"], fig["visits"], fig["outreach_events"]) == (
        3,
        3,
        1,
    )  # 甲 twice and 丁 visited, 乙 met at the 沟通会
    spring = selectors.figures(history.donghu, *SPRING)
    assert (spring["conversion_permille"], spring["median_days_to_union"]) == (500, 59)  # 乙 1 of 2; 甲 alone
    assert selectors.figures(history.changying, *YEAR)["conversion_permille"] == 0  # none contacted: 0


@pytest.mark.django_db
def test_the_report_sentence_names_what_happened(history):
    with time_machine.travel(NOW, tick=False):
        city = organising.summary(history.city, *YEAR)
        dashilan = organising.summary(history.dashilan, *YEAR)
        changying = organising.summary(history.changying, *YEAR)
    assert city.sentence().startswith("走访未建会企业4家，开展摆摊设点、沟通会2次，收集职工意见建议2条")
    assert dashilan.sentence() == "走访未建会企业1家，开展摆摊设点、沟通会1次，收集职工意见建议2条"
    assert changying.sentence() == ""
    assert organising.work_figures(history.city, *YEAR)["employers_visited"] == 4
