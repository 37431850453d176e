"""Confirming a report's proposals (issue 23 §1): through the modules' own services, scoped and audited; all or
nothing; the report's figures set beside what the record computes; drafts written back per GB/T 15835."""

import datetime as dt
from fractions import Fraction

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from gonghui.activities.models import Activity, ActivityKind
from gonghui.competitions import services as competitions
from gonghui.competitions.models import Competition, EntrantStatus
from gonghui.competitions.selectors import taking_part
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.press import drafts, selectors, services
from gonghui.press.models import Clipping
from gonghui.press.reader import Quoted

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 18)


@pytest.fixture(autouse=True)
def clock():
    """Two days after the report: the records are entered on a pinned day, never today."""
    with time_machine.travel(dt.datetime(2026, 6, 20, 1, 0, tzinfo=dt.UTC), tick=False):
        yield


REPORT = services.Report("朝阳常营地区职工同场比赛包粽子", "本报讯 近日……吸引辖区80名职工参赛。", DAY)
QUOTED = [
    Quoted("people", "参赛职工", 80, "名", "", "80名"),
    Quoted("tier:一等奖", "一等奖", 1, "名", "", "一等奖1名"),
    Quoted("tier:二等奖", "二等奖", 2, "名", "", "二等奖2名"),
    Quoted("tier:三等奖", "三等奖", 3, "名", "", "三等奖3名"),
]


def _contest(actor, org, people=80):
    return services.confirm_competition(
        actor=actor,
        report=REPORT,
        quoted=QUOTED,
        org=org,
        kind="skill",
        name="“奋斗时代 匠心常营”主题职工技能竞赛",
        starts_on=DAY,
        place_text="劲松职高常营校区",
        people_counted=people,
        tiers=[("一等奖", 1), ("二等奖", 2), ("三等奖", 3)],
    )


def test_a_confirmed_contest_is_recorded_by_its_module_and_audited(world):
    clipping = _contest(world.user("chaoyang"), world.changying)
    contest = Competition.objects.get(pk=clipping.record_id)
    assert (contest.org, contest.people_counted) == (world.changying, 80)
    assert [(t.name, t.count) for t in contest.tiers.order_by("order")] == [
        ("一等奖", 1),
        ("二等奖", 2),
        ("三等奖", 3),
    ]
    actions = set(AuditEvent.objects.filter(org_path=world.changying.path).values_list("action", flat=True))
    assert {"press.confirm", "competition.create"} <= actions
    checks = selectors.checks(actor=world.user("chaoyang"), clipping=clipping)
    assert [(c.label, c.reported, c.recorded_text, c.agrees) for c in checks] == [
        ("参赛职工", "80名", "80名", True),
        ("一等奖", "一等奖1名", "1名", True),
        ("二等奖", "二等奖2名", "2名", True),
        ("三等奖", "三等奖3名", "3名", True),
    ]


def test_a_record_that_differs_from_the_report_shows_the_difference(world):
    clipping = _contest(world.user("chaoyang"), world.changying, people=78)
    (people, *_tiers) = selectors.checks(actor=world.user("chaoyang"), clipping=clipping)
    assert (people.reported, people.recorded_text, people.agrees) == ("80名", "78名", False)


def test_confirming_outside_the_subtree_writes_nothing(world):
    with pytest.raises(NotFound):
        _contest(world.user("xicheng"), world.changying)
    assert not Competition.objects.exists()
    assert not Clipping.objects.exists()


def test_a_refusal_after_the_record_leaves_nothing_half_written(world):
    """The activity is written first, then its reach is refused: the activity and the clipping roll back together."""
    with pytest.raises(DomainError):
        services.confirm_activity(
            actor=world.user("chaoyang"),
            report=REPORT,
            quoted=[],
            org=world.changying,
            kind=ActivityKind.objects.get(code="training"),
            title="基层工会干部培训班",
            starts_on=DAY,
            reach=-1,
        )
    assert not Activity.objects.exists()
    assert not Clipping.objects.exists()


def test_clippings_are_seen_in_their_subtree_only(world):
    clipping = _contest(world.user("chaoyang"), world.changying)
    assert list(selectors.clippings_for(actor=world.user("chaoyang"))) == [clipping]
    assert list(selectors.clippings_for(actor=world.user("xicheng"))) == []
    with pytest.raises(NotFound):
        selectors.clipping_get(actor=world.user("xicheng"), pk=clipping.pk)


def _reference_agrees(value: int, approx: str, recorded: int) -> bool:
    """The rule written plainly with fractions: 余 at least, 近 between nine tenths and the figure, 约 within a tenth."""
    if approx == "over":
        return recorded >= value
    if approx == "nearly":
        return Fraction(9, 10) * value <= recorded <= value
    if approx == "about":
        return abs(Fraction(recorded - value)) <= Fraction(value, 10)
    return recorded == value


@given(
    value=st.integers(min_value=0, max_value=10**9),
    approx=st.sampled_from(["", "over", "about", "nearly"]),
    recorded=st.integers(min_value=0, max_value=2 * 10**9),
)
def test_a_figure_agrees_exactly_as_the_report_said_it(value, approx, recorded):
    quoted = {"value": value, "approx": approx}
    assert selectors.agrees(quoted, recorded) is _reference_agrees(value, approx, recorded)


def test_a_range_agrees_inside_its_bounds():
    assert selectors.agrees({"value": 3, "upper": 5}, 4)
    assert not selectors.agrees({"value": 3, "upper": 5}, 6)
    assert not selectors.agrees({"value": 3}, None)


def test_the_draft_of_a_contest_quotes_its_record_as_the_reports_write_it(world):
    clipping = _contest(world.user("chaoyang"), world.changying)
    draft = drafts.draft_of(Competition.objects.get(pk=clipping.record_id))
    assert draft.headline == "“奋斗时代 匠心常营”主题职工技能竞赛"
    assert draft.body.splitlines() == [
        "本报讯　6月18日，常营地区总工会在劲松职高常营校区组织开展“奋斗时代 匠心常营”主题职工技能竞赛。",
        "比赛吸引80名职工参赛。",
        "最终评选出一等奖1名、二等奖2名、三等奖3名。",
    ]
    text = drafts.docx_text(drafts.docx_bytes(draft.headline, draft.body))
    assert text.splitlines() == [draft.headline, *draft.body.splitlines()]


def test_the_draft_of_an_activity_writes_large_figures_per_gb_t_15835(world):
    clipping = services.confirm_activity(
        actor=world.user("chaoyang"),
        report=REPORT,
        quoted=[],
        org=world.chaoyang,
        kind=ActivityKind.objects.get(code="training"),
        title="基层工会干部培训班",
        starts_on=DAY,
        reach=12500,
        participant_orgs_count=86,
        sessions=["基层工会组建", "工会经费管理"],
    )
    body = drafts.draft_of(Activity.objects.get(pk=clipping.record_id)).body
    assert "活动围绕基层工会组建和工会经费管理2个方面展开。" in body
    assert "来自86家单位的12,500名职工参加活动。" in body


def test_the_summary_counts_a_contests_registered_entrants_as_its_page_does(world):
    """The 工作简报 counts the people of every contest of the period in one query: the same figure as
    competitions.selectors.taking_part, a withdrawn entrant left out."""
    actor = world.user("chaoyang")
    contest = Competition.objects.get(pk=_contest(actor, world.changying, people=None).record_id)
    group = contest.groups.get()
    for name in ("张三", "李四", "王五"):
        competitions.entrant_add(
            actor=actor,
            competition=contest,
            data=competitions.EntrantData(group=group, name=name, units=[competitions.UnitData("常营")]),
        )
    gone = contest.entrants.get(name="王五")
    competitions.entrant_set_status(actor=actor, entrant=gone, status=EntrantStatus.WITHDRAWN, reason="退赛")
    records = selectors.period_records(actor=actor, org=world.chaoyang, start=DAY, end=DAY)
    (counted,) = records.competitions
    assert counted.taking == taking_part(contest.entrants.all()).people == 2
    assert (
        drafts.summary_draft("朝阳区总工会", "2026年6月", [], records)
        .body.splitlines()[-1]
        .endswith(f"{counted.taking}名职工参赛。")
    )
