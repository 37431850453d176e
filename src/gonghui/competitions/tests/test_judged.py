"""A judged stage (rules C2, C3): the arithmetic against plain references (hypothesis), and the services: the
panel locks when scoring starts, a recused judge cannot score their own unit's entrant, marks over the maximum are
refused naming the criterion, a changed mark needs a reason and is audited, and confirming ranks by the (trimmed)
mean with the tie chain, giving prizes through `placings_record`."""

import datetime as dt
import itertools
import re
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from gonghui.competitions import judged, judged_services, services
from gonghui.competitions.models import CriterionKind, Format, Placing, TieRule
from gonghui.competitions.tests.access_rows import competition
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM

PINNED = dt.datetime(2026, 6, 18, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


# ---- the arithmetic against plain references ----------------------------------------------------------------------


def reference_aggregate(marks: list[int]) -> Fraction:
    """Rule C2 as said: with 5 or more judges drop one highest and one lowest, then the mean."""
    marks = list(marks)
    if len(marks) >= 5:
        marks.remove(max(marks))
        marks.remove(min(marks))
    return Fraction(sum(marks), len(marks))


@given(st.lists(st.integers(0, 10000), min_size=1, max_size=12))
def test_aggregate_is_the_mean_trimmed_from_five_judges(marks):
    assert judged.aggregate(marks) == reference_aggregate(marks)
    if len(marks) < 5:
        assert judged.aggregate(marks) * len(marks) == sum(marks)


def test_trimmed_mean_example():
    assert judged.aggregate([9000, 8000, 8500, 10000, 1000]) == Fraction(8500)  # drop 10000 and 1000
    assert judged.aggregate([9000, 8000, 8500, 10000]) == Fraction(35500, 4)


def test_weighted_total_is_the_weighted_sum_of_the_parts_percentages():
    crits = [
        judged.Crit(1, "笔试", 10000, "理论"),
        judged.Crit(2, "操作", 5000, "实操"),
        judged.Crit(3, "速度", 5000, "实操"),
    ]
    agg = {1: Fraction(8000), 2: Fraction(4000), 3: Fraction(5000)}
    # 理论 80%, 实操 90%: 0.3 × 80 + 0.7 × 90 = 87 → 8700 hundredths
    assert judged.total(crits, agg, {"理论": 30, "实操": 70}) == 8700
    assert judged.total(crits, agg, {}) == 17000
    assert judged.hundredths(Fraction(923451, 100)) == "92.35"
    assert judged.hundredths(Fraction(9234)) == "92.34"
    assert judged.parse_points("8.5") == 850 and judged.parse_points("8.555") is None
    assert judged.parse_points("x") is None and judged.parse_points("50") == 5000


keys = st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5))


@given(st.lists(keys, min_size=1, max_size=20))
def test_rank_orders_by_total_then_the_chain_and_shares_what_stays_equal(rows):
    items = [(i, tuple(Fraction(v) for v in k)) for i, k in enumerate(rows)]
    ranked = judged.rank(items)
    # reference: an entrant's rank is 1 + how many have a strictly better key (lexicographic: total, then chain)
    for _item, rank, key in ranked:
        assert rank == 1 + sum(1 for _i, k in items if k > key)
    assert [k for _i, _r, k in ranked] == sorted((k for _i, k in items), reverse=True)


@given(st.lists(st.integers(0, 3), min_size=1, max_size=15))
def test_shared_ranks_skip_after_ties(totals):
    ranked = judged.rank([(i, (Fraction(t),)) for i, t in enumerate(totals)])
    ranks = [r for _i, r, _k in ranked]
    assert ranks[0] == 1
    for (_prev, r1, k1), (_item, r2, k2) in itertools.pairwise(ranked):
        assert (r2 == r1) == (k2 == k1)
        if r2 != r1:
            assert r2 == ranks.index(r2) + 1  # the rank after a tie skips: "1224"


# ---- the services ------------------------------------------------------------------------------------------------


@pytest.fixture
def clock():
    with time_machine.travel(PINNED, tick=False):
        yield


def _contest(world, *, tie_rule=TieRule.SHARE_HIGHER, settings=None, name="测试评分竞赛"):
    c = competition(
        world.donghu,
        name=name,
        groups=["甲组"],
        tie_rule=tie_rule,
        tiers=[services.TierData("一等奖", 1), services.TierData("二等奖", 1)],
        stages=[services.StageData("决赛", Format.JUDGED, settings=settings or {})],
    )
    group = c.groups.get()
    services.entrant_set_status(actor=SYSTEM, entrant=c.entrants.get(), status="withdrawn", reason="测试")
    for name, unit in (("乙", "甲厂"), ("丙", "乙厂")):
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(group=group, name=name, units=[services.UnitData(name=unit)]),
        )
    return c, c.stages.get(), group


@pytest.mark.django_db
def test_a_judged_stage_from_panel_to_prizes(world, clock):
    c, stage, group = _contest(world, tie_rule=TieRule.CHAIN, settings={"chain": ["criterion:实操"]})
    actor = world.user("chaoyang")
    theory = judged_services.criterion_add(
        actor=actor, stage=stage, name="理论", max_points=4000, kind=CriterionKind.JUDGED
    )
    practice = judged_services.criterion_add(
        actor=actor, stage=stage, name="实操", max_points=6000, kind=CriterionKind.JUDGED
    )
    j1 = judged_services.judge_add(actor=actor, stage=stage, group=group, name="王强", unit="甲厂")
    j2 = judged_services.judge_add(actor=actor, stage=stage, group=group, name="李明")
    with pytest.raises(Conflict, match="尚未开始评分"):
        judged_services.scores_save(judge=j2, entrant=c.entrants.first(), typed={})
    judged_services.judged_start(actor=actor, stage=stage)
    stage.refresh_from_db()
    with pytest.raises(Conflict, match="已锁定"):  # rule C2: the panel locks once scoring starts
        judged_services.judge_add(actor=actor, stage=stage, group=group, name="赵刚")
    e = {x.name: x for x in c.entrants.all()}
    with pytest.raises(Conflict, match="回避"):  # rule C2: 王强 is of 甲厂, like 乙
        judged_services.scores_save(judge=j1, entrant=e["乙"], typed={theory.pk: "30", practice.pk: "50"})
    with pytest.raises(DomainError, match="“实操”最高60分"):
        judged_services.scores_save(judge=j2, entrant=e["乙"], typed={theory.pk: "30", practice.pk: "61"})
    judged_services.scores_save(judge=j2, entrant=e["乙"], typed={theory.pk: "30", practice.pk: "50"})
    with pytest.raises(Conflict, match="评委王强尚未给丙评分"):
        judged_services.judged_confirm(actor=actor, stage=stage)
    judged_services.scores_save(judge=j1, entrant=e["丙"], typed={theory.pk: "40", practice.pk: "40"})
    judged_services.scores_save(judge=j2, entrant=e["丙"], typed={theory.pk: "40", practice.pk: "40"})
    with pytest.raises(DomainError, match="须填写原因"):
        judged_services.scores_save(judge=j2, entrant=e["丙"], typed={theory.pk: "39", practice.pk: "40"})
    judged_services.scores_save(
        judge=j2, entrant=e["丙"], typed={theory.pk: "40", practice.pk: "39.5"}, reason="看错了"
    )
    change = AuditEvent.objects.get(action="competition.judged.score.change")
    assert change.reason == "看错了" and change.before == {"marks": {"实操": "40"}}
    judged_services.judged_confirm(actor=actor, stage=stage)
    placings = {p.entrant.name: p for p in Placing.objects.filter(stage=stage)}
    # 乙: 30 + 50 = 80 (李明 only); 丙: 40 + mean(40, 39.5) = 79.75
    assert (placings["乙"].rank, placings["乙"].figure, placings["乙"].tier.name) == (1, "80.00分", "一等奖")
    assert (placings["丙"].rank, placings["丙"].figure, placings["丙"].tier.name) == (2, "79.75分", "二等奖")


@pytest.mark.django_db
@pytest.mark.parametrize("rule, ranks", [(TieRule.CHAIN, [1, 2]), (TieRule.SHARE_HIGHER, [1, 1])])
def test_the_tie_chain_separates_equal_totals_and_shared_ranks_otherwise(world, clock, rule, ranks):
    """Rule C2/C3: 乙 and 丙 both total 50; the chain (the measured 操作 first) puts 乙 ahead, else they share."""
    c, stage, group = _contest(world, tie_rule=rule, settings={"chain": ["criterion:操作"]})
    a = judged_services.criterion_add(actor=SYSTEM, stage=stage, name="理论", max_points=5000, kind="judged")
    b = judged_services.criterion_add(
        actor=SYSTEM, stage=stage, name="操作", max_points=5000, kind="measured"
    )
    judge = judged_services.judge_add(actor=SYSTEM, stage=stage, group=group, name="王强")
    judged_services.judged_start(actor=SYSTEM, stage=stage)
    stage.refresh_from_db()
    e = {x.name: x for x in c.entrants.filter(status="registered")}
    for name, (x, y) in {"乙": ("20", "30"), "丙": ("30", "20")}.items():
        judged_services.scores_save(judge=judge, entrant=e[name], typed={a.pk: x})
        judged_services.measure_save(actor=SYSTEM, stage=stage, entrant=e[name], typed={b.pk: y})
    rows = judged_services.standings(stage)[group]
    assert [r for _e, r, _t in rows] == ranks
    assert rows[0][0].name == "乙" or rule == TieRule.SHARE_HIGHER
    judged_services.judged_confirm(actor=SYSTEM, stage=stage)
    tiers = [p.tier.name for p in Placing.objects.filter(stage=stage).order_by("rank", "entrant")]
    assert tiers == (["一等奖", "二等奖"] if rule == TieRule.CHAIN else ["一等奖", "一等奖"])  # rule C3


@pytest.mark.django_db
def test_trimmed_mean_with_five_judges_on_the_stage(world, clock):
    c, stage, group = _contest(world)
    a = judged_services.criterion_add(actor=SYSTEM, stage=stage, name="实操", max_points=10000, kind="judged")
    judges = [
        judged_services.judge_add(actor=SYSTEM, stage=stage, group=group, name=f"评委{i}") for i in range(5)
    ]
    judged_services.judged_start(actor=SYSTEM, stage=stage)
    e = {x.name: x for x in c.entrants.filter(status="registered")}
    for j, (x, y) in zip(
        judges, [("90", "80"), ("80", "80"), ("85", "80"), ("100", "80"), ("10", "81")], strict=True
    ):
        judged_services.scores_save(judge=j, entrant=e["乙"], typed={a.pk: x})
        judged_services.scores_save(judge=j, entrant=e["丙"], typed={a.pk: y})
    rows = judged_services.standings(stage)[group]
    # 乙: (90 + 80 + 85) / 3 = 85; 丙: 80 (drop 81 and one 80)
    assert [(x.name, r, t) for x, r, t in rows] == [("乙", 1, Fraction(8500)), ("丙", 2, Fraction(8000))]


@pytest.mark.django_db
def test_the_judge_page_refuses_with_a_plain_404(world, clock, client):
    """Only the judge's own link, only their group's entrants, never a recused one; a replaced link is dead."""
    c, stage, group = _contest(world)
    judged_services.criterion_add(actor=SYSTEM, stage=stage, name="实操", max_points=10000, kind="judged")
    judge = judged_services.judge_add(actor=SYSTEM, stage=stage, group=group, name="王强", unit="甲厂")
    judged_services.judged_start(actor=SYSTEM, stage=stage)
    e = {x.name: x for x in c.entrants.all()}
    page = f"/competitions/judge/{judge.token}/"
    body = client.get(page).content.decode()
    assert "回避（同单位）" in body and "丙" in body
    assert client.get(page, {"entrant": e["乙"].pk}).status_code == 404  # recused: 乙 is of 甲厂 (rule C2)
    assert client.get(page, {"entrant": e["甲组选手"].pk}).status_code == 404  # withdrawn: not in the stage
    assert client.get("/competitions/judge/not-a-token/").status_code == 404
    old = judge.token
    judged_services.judge_relink(actor=SYSTEM, judge=judge)
    assert client.get(f"/competitions/judge/{old}/").status_code == 404
    assert client.get(f"/competitions/judge/{judge.token}/").status_code == 200


@pytest.mark.django_db
def test_wrong_judge_links_count_and_then_every_link_is_refused_there(world, clock, client):
    """Every refused link counts against the address; past the limit even a right link is a plain 404 there (a
    script guessing links stops being answered), and another address is not affected."""
    from django.core.cache import cache

    from gonghui.competitions.judged_views import LINK_MISSES

    cache.clear()
    _competition, stage, group = _contest(world)
    judge = judged_services.judge_add(actor=SYSTEM, stage=stage, group=group, name="王强", unit="乙厂")
    page = f"/competitions/judge/{judge.token}/"
    assert client.get(page).status_code == 200
    for i in range(LINK_MISSES[0] + 1):
        assert client.get(f"/competitions/judge/guess{i}/").status_code == 404
    refused = client.get(page)
    assert refused.status_code == 404
    wrong = client.get("/competitions/judge/guess-again/")

    def text(response):  # the page without what differs per response (the CSP nonce, the masked CSRF token)
        return re.sub(r'nonce="[^"]*"|"X-CSRFToken": "[^"]*"', "", response.content.decode())

    assert text(refused) == text(wrong)  # alike: nothing tells a right link from a wrong one
    assert client.get(page, REMOTE_ADDR="10.1.2.3").status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_weights_make_the_total_a_weighted_percentage(world, clock):
    """理论30 / 实操70: 乙 has 理论 80% and 实操 90%, so 0.3 × 80 + 0.7 × 90 = 87.00 (rule C2)."""
    c, stage, group = _contest(world, tie_rule=TieRule.CHAIN)
    with pytest.raises(DomainError, match="“理论”应写成"):
        judged_services.settings_set(actor=SYSTEM, stage=stage, weights_text="理论", chain_text="")
    judged_services.settings_set(actor=SYSTEM, stage=stage, weights_text="理论30，实操70", chain_text="实操")
    with pytest.raises(DomainError, match="须属于理论、实操之一"):
        judged_services.criterion_add(actor=SYSTEM, stage=stage, name="笔试", max_points=10000, kind="judged")
    a = judged_services.criterion_add(
        actor=SYSTEM, stage=stage, name="笔试", max_points=10000, kind="judged", part="理论"
    )
    b = judged_services.criterion_add(
        actor=SYSTEM, stage=stage, name="操作", max_points=5000, kind="judged", part="实操"
    )
    stage.refresh_from_db()
    assert stage.settings["chain"] == ["part:实操"]
    judge = judged_services.judge_add(actor=SYSTEM, stage=stage, group=group, name="王强")
    judged_services.judged_start(actor=SYSTEM, stage=stage)
    e = {x.name: x for x in c.entrants.filter(status="registered")}
    judged_services.scores_save(judge=judge, entrant=e["乙"], typed={a.pk: "80", b.pk: "45"})
    judged_services.scores_save(judge=judge, entrant=e["丙"], typed={a.pk: "100", b.pk: "40"})
    judged_services.judged_confirm(actor=SYSTEM, stage=stage)
    # 丙: 0.3 × 100 + 0.7 × 80 = 86.00
    figures = [(p.entrant.name, p.rank, p.figure) for p in Placing.objects.filter(stage=stage)]
    assert figures == [("乙", 1, "87.00分"), ("丙", 2, "86.00分")]
