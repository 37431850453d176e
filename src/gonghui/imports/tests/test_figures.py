"""A roster import keeps the figures exact: after a fold, every union's figures read from the rollups equal a
direct count from the spans, the spans equal those read afresh from the register, and the rollups equal a full
recompute."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.imports.services import roster_apply
from gonghui.members import services as member_services
from gonghui.members.models import Membership
from gonghui.members.tests.factories import enrol, person_data, resident_id
from gonghui.orgs.models import Org
from gonghui.stats import selectors
from gonghui.stats import services as stats_services
from gonghui.stats.facts import spans_rebuild
from gonghui.stats.models import Rollup, RollupNode, Span

from .rosters import xlsx
from .test_import import row

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
SPAN_FIELDS = (
    "membership_id",
    "person_id",
    "org_id",
    "org_path",
    "started_on",
    "ended_on",
    "start_kind",
    "end_kind",
    "channel",
    "gender",
    "is_migrant",
    "is_new_form",
    "priority_group",
    "skill_level",
    "birth_decade",
)


def rollups() -> list[tuple]:
    return sorted(Rollup.objects.exclude(value=0).values_list("node_id", "month", "key", "value"))


def spans() -> list[tuple]:
    return sorted(Span.objects.values_list(*SPAN_FIELDS))


def read_all(days: list[dt.date]) -> dict:
    out = {}
    for org in Org.objects.order_by("pk"):
        for on in days:
            for start in (on, on - dt.timedelta(days=400), dt.date(2010, 1, 1)):
                f = selectors.figures(org, on=on, period=selectors.Period(start, on))
                out[org.pk, on, start] = (+f.stock, +f.flows)
    return out


def test_an_imports_figures_equal_a_direct_count_after_a_fold(world, monkeypatch, settings):
    settings.GONGHUI_STATS_ROLLUP_MIN = 1  # every union with a member reads rollups
    monkeypatch.setattr(stats_services, "fold_soon", lambda: None)  # fold only when the test says so
    with time_machine.travel(NOW, tick=False):
        here, there, lapsed, left = resident_id(), resident_id(), resident_id(), resident_id()
        enrol(world.base_donghu, "本会", id_number=here)
        enrol(world.base_xicheng, "外会", id_number=there)
        owing = member_services.membership_enrol(
            actor=SYSTEM,
            union=world.base_xicheng,
            person_data=person_data("欠费", id_number=lapsed),
            approve=True,
            join_date=dt.date(2024, 1, 10),
        )
        member_services.membership_record_dues(
            actor=SYSTEM, membership=owing, paid_until=dt.date(2025, 3, 31)
        )
        gone = enrol(world.base_xicheng, "离会", id_number=left)
        member_services.membership_leave(actor=SYSTEM, membership=gone, reason="调离")
        stats_services.stats_recompute()
        assert RollupNode.objects.filter(org_id=world.base_donghu.pk).exists()

        # alike rows (the attributes repeat every 6 rows, the days every 7) and days sharing a bucket: a year
        # before monthly_from (2024-01-01), a month after it
        joined = [
            "2019-07-04",
            "2019-11-30",
            "2023-12-31",
            "2024-01-01",
            "2025-03-01",
            "2025-03-17",
            "2026-06-14",
        ]
        groups = ["否", "快递员", "否", "是", "网约配送员", "否"]
        skills = ["", "初级工", "高级工"]
        rows = [
            row(
                f"职工{i}",
                resident_id(female=i % 6 < 2),
                f"1390000{i:04d}",
                是否农民工="是" if i % 6 in (1, 4) else "否",
                新就业形态=groups[i % 6],
                技能等级=skills[i % 3],
                入会日期=joined[i % 7],
            )
            for i in range(84)
        ]
        rows += [
            row("本会", here, 技能等级="高级工", 是否农民工="是"),  # already here: attributes change
            row("外会", there),  # active elsewhere: a transfer request
            row("欠费", lapsed, 入会日期="2026-05-01"),  # lapsed elsewhere (M7): joins here again
            row("离会", left, 新就业形态="快递员", 入会日期="2022-02-02"),  # left: joins here again
        ]
        done = roster_apply(
            actor=world.user("donghu"), union=world.base_donghu, content=xlsx(rows), filename="名册.xlsx"
        )
        assert (done.counts.new_people, done.counts.new_members, done.counts.transfers) == (84, 86, 1)

        stats_services.stats_fold()
        days = [dt.date(2019, 12, 31), dt.date(2024, 1, 31), dt.date(2026, 6, 15)]
        from_rollups = read_all(days)
        folded = rollups()
        assert spans() == sorted(
            tuple(getattr(s, f) for f in SPAN_FIELDS)
            for s in spans_rebuild(Membership.objects.values_list("pk", flat=True))
        )

        monkeypatch.setattr(selectors, "_is_rollup", lambda orgs: set())  # every figure counted directly
        direct = read_all(days)
        assert from_rollups == direct
        assert direct[world.base_donghu.pk, days[-1], dt.date(2010, 1, 1)][1]["new:channel:roster"] == 86

        stats_services.stats_recompute()
        assert rollups() == folded
