"""Reading the figures of a subtree: as of a day (stock) and over a period (flows), S1 to S4.

Every figure is a cumulative sum of key contributions up to a day (facts.py). A rollup node reads its subtree
totals up to the end of the day's bucket (its month; its year before the rollups' monthly buckets begin) and
takes back the part of that bucket after the day, counted from the facts; any other node (a small subtree) is
counted from the facts directly. Both give the same numbers.
"""

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from gonghui.members.models import Channel, PriorityGroup, SkillLevel
from gonghui.orgs.models import FormedChannel, Org, Ownership

from .facts import Where, contributions, month_of, monthly_from
from .models import EndKind, Rollup, RollupNode

FLOW_PREFIXES = ("new", "in", "out", "left", "formed")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _sum(where: Where, by: Sequence[str] = ()) -> list[tuple]:
    """(*by, key, value) summed over the facts the conditions pick, counted directly. (PostgreSQL sums bigints
    as numeric, which arrives as Decimal: readers take int() of every value.)"""
    sql, params = contributions(where, by=by, shared=True)
    cols = "".join(f"c.g{i}, " for i in range(len(by))) + "c.key"
    with connection.cursor() as cur:
        cur.execute(f"SELECT {cols}, SUM(c.value) FROM ({sql}) c GROUP BY {cols}", params)
        return cur.fetchall()


def bucket_end(day: dt.date, monthly_from: dt.date) -> dt.date:
    """The last day of the rollup bucket holding `day` (its month, or its year before `monthly_from`)."""
    return month_end(day) if day >= monthly_from else dt.date(day.year, 12, 31)


def _is_rollup(orgs: Sequence[Org]) -> set[int]:
    return set(RollupNode.objects.filter(org_id__in=[o.pk for o in orgs]).values_list("org_id", flat=True))


@dataclass(frozen=True)
class Reading:
    """What every read of the same nodes shares: which of them have rollups, and where monthly buckets begin."""

    rolled: frozenset[int]
    monthly_from: dt.date

    @classmethod
    def of(cls, orgs: Sequence[Org]) -> "Reading":
        return cls(frozenset(_is_rollup(orgs)), monthly_from())


def cumulative_many(orgs: Sequence[Org], day: dt.date, reading: Reading | None = None) -> dict[int, Counter]:
    """Each org's cumulative key sums up to and including `day`, in a fixed number of queries.

    The orgs must be siblings (or one org): paths of one length, so each fact is grouped under the sibling
    whose path prefixes it.
    """
    result: dict[int, Counter] = {o.pk: Counter() for o in orgs}
    if not orgs:
        return result
    reading = reading or Reading.of(orgs)
    rolled = set(reading.rolled)
    by_path = {o.path: o.pk for o in orgs}
    prefix = [f"SUBSTR({{path}}, 1, {len(orgs[0].path)})"]  # siblings: paths of one length
    paths = {o.pk: o.path for o in orgs}

    def spread(rows: list[tuple], sign: int, only: set[int] | None) -> None:
        for path, key, value in rows:
            pk = by_path.get(path)
            if pk is not None and (only is None or pk in only):
                result[pk][key] += sign * int(value)

    if rolled:
        last = bucket_end(day, reading.monthly_from)
        first = last.replace(day=1) if day >= reading.monthly_from else dt.date(day.year, 1, 1)
        # Count the shorter part of the day's bucket from the facts: the rest of it after the day (taken back
        # from the rollups up to the bucket's end), or its start up to the day (added to those before it).
        upto_bucket = (last - day) <= (day - first)
        rows = (
            Rollup.objects.filter(
                node_id__in=rolled, month__lte=last if upto_bucket else first - dt.timedelta(days=1)
            )
            .values_list("node_id", "key")
            .annotate(total=Sum("value"))
        )
        for pk, key, value in rows:
            result[pk][key] += int(value)
        rolled_paths = [paths[pk] for pk in rolled]
        if upto_bucket and day < last:
            spread(_sum(Where.subtree(*rolled_paths, after=day, upto=last), prefix), -1, rolled)
        elif not upto_bucket:
            part = Where.subtree(*rolled_paths, after=first - dt.timedelta(days=1), upto=day)
            spread(_sum(part, prefix), +1, rolled)
    direct = {o.pk for o in orgs} - rolled
    if direct:
        spread(_sum(Where.subtree(*(paths[pk] for pk in direct), upto=day), prefix), +1, direct)
    return result


def cumulative(org: Org, day: dt.date) -> Counter:
    return cumulative_many([org], day)[org.pk]


def monthly(org: Org, keys: Iterable[str]) -> dict[dt.date, Counter]:
    """What each month added to these keys (for trend lines); before the rollups' monthly buckets begin, what
    each year added, dated its first day."""
    keys = list(keys)
    out: dict[dt.date, Counter] = {}
    rows: Iterable[tuple]
    if RollupNode.objects.filter(org_id=org.pk).exists():
        rows = Rollup.objects.filter(node_id=org.pk, key__in=keys).values_list("month", "key", "value")
    else:
        rows = [r for r in _sum(Where.subtree(org.path), by=[month_of("{day}")]) if r[1] in keys]
    for month, key, value in rows:
        if isinstance(month, str):
            month = dt.date.fromisoformat(month)
        out.setdefault(month, Counter())[key] += int(value)
    return out


# ---- periods ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "custom"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"

    def earlier(self) -> "Period":
        """The same stretch one period back (this year to 22 Nov → last year to 22 Nov), for comparisons."""
        months = {"year": 12, "quarter": 3, "month": 1}.get(self.kind)
        if months is None:
            length = self.end - self.start
            end = self.start - dt.timedelta(days=1)
            return Period(end - length, end)
        return Period(months_back(self.start, months), months_back(self.end, months), self.kind)


def months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_of(kind: str, day: dt.date) -> Period:
    """The whole year, quarter or month containing `day`."""
    if kind == "year":
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")
    if kind == "quarter":
        first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        last = month_end(dt.date(first.year, first.month + 2, 1))
        return Period(first, last, "quarter")
    return Period(month_start(day), month_end(day), "month")


def period_to(kind: str, day: dt.date) -> Period:
    """The year, quarter or month containing `day`, up to `day`."""
    whole = period_of(kind, day)
    return Period(whole.start, min(whole.end, day), kind)


# ---- figures ------------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Figures:
    """The figures of one subtree: stock as of `on`, flows over `period` (S1, S3, S4). Employers and their
    coverage are dated (R1); the count of union organisations is as of now."""

    org: Org
    on: dt.date
    period: Period
    stock: Counter = field(default_factory=Counter)
    flows: Counter = field(default_factory=Counter)

    def __getitem__(self, key: str) -> int:
        """A figure by key (`f["m:woman"]`, `f["new"]`). Anything else is no key: templates then look for an
        attribute of that name, as they should for `f.on`."""
        head = key.split(":", 1)[0]
        if head in ("m", "emp", "base", "joint"):
            return self.stock[key]
        if head in FLOW_PREFIXES:
            return self.flows[key]
        raise KeyError(key)

    @property
    def members(self) -> int:
        return self.stock["m:total"]

    @property
    def unionisation_rate(self) -> float | None:
        """S3 建会率: employers with a union (own or joint) / employers recorded, in the subtree."""
        return _share(self.stock["emp:covered"], self.stock["emp"])

    @property
    def employer_members(self) -> int:
        """Members held by an employer's own base union or by a joint union covering employers (S3)."""
        return self.stock["m:employer"]

    @property
    def direct_members(self) -> int:
        """Members who joined a street, zone or new-form union directly, not through an employer's union (M3)."""
        return self.members - self.employer_members

    @property
    def membership_rate(self) -> float | None:
        """S3 入会率: members in unionised employers (held by their base union or the joint union covering them)
        / the headcount of those employers. Members who joined a street or new-form union directly are not in
        it (`direct_members`). Above 1 only when headcounts are recorded too low (`membership_rate_unsound`)."""
        return _share(self.employer_members, self.stock["emp:covered_headcount"])

    @property
    def membership_rate_unsound(self) -> bool:
        """More members in unionised employers than those employers' recorded workers: a headcount is wrong."""
        rate = self.membership_rate
        return rate is not None and rate > 1

    def breakdown(self, prefix: str, labels: dict[str, str], *, flows: bool = False) -> list[tuple[str, int]]:
        counts = self.flows if flows else self.stock
        return [(label, counts[prefix + code]) for code, label in labels.items()]

    def as_dict(self) -> dict:
        return {
            "org": {"id": self.org.pk, "name": self.org.name, "level": self.org.level},
            "on": self.on.isoformat(),
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "members": {
                "total": self.members,
                "women": self["m:woman"],
                "migrant": self["m:migrant"],
                "new_form": self["m:new_form"],
                "new_form_groups": dict(_codes(self.stock, "m:group:", PriorityGroup.values)),
                "skill_levels": dict(_codes(self.stock, "m:skill:", ["", *SkillLevel.values])),
                "birth_decades": {
                    k[9:]: v for k, v in sorted(self.stock.items()) if k.startswith("m:decade:")
                },
            },
            "organising": {
                "employers": self["emp"],
                "employers_with_union": self["emp:covered"],
                "employers_own_union": self["emp:own"],
                "employers_joint_union": self["emp:joint"],
                "workers_in_unionised_employers": self["emp:covered_headcount"],
                "members_in_unionised_employers": self.employer_members,
                "members_joined_directly": self.direct_members,
                "base_unions": self["base"],
                "base_unions_by_employer_type": dict(
                    _codes(self.stock, "base:", [*Ownership.values, "unknown"])
                ),
                "joint_unions": self["joint"],
                "unionisation_rate": self.unionisation_rate,
                "membership_rate": self.membership_rate,
            },
            "flows": {
                "new_members": self["new"],
                "new_by_channel": dict(_codes(self.flows, "new:channel:", Channel.values)),
                "new_women": self["new:woman"],
                "new_migrant": self["new:migrant"],
                "new_new_form": self["new:new_form"],
                "new_by_group": dict(_codes(self.flows, "new:group:", PriorityGroup.values)),
                "transfers_in": self["in"],
                "transfers_out": self["out"],
                "leavers": self["left"],
                "leavers_by_reason": dict(
                    _codes(self.flows, "left:", [k for k in EndKind.values if k != "transfer"])
                ),
                "unions_formed": self["formed"],
                "unions_formed_by_channel": dict(_codes(self.flows, "formed:channel:", FormedChannel.values)),
                "workers_covered_by_new_unions": self["formed:headcount"],
            },
        }


def _codes(counts: Counter, prefix: str, codes: Iterable[str]) -> list[tuple[str, int]]:
    return [(code or "unknown", counts[prefix + code]) for code in codes]


def _is_flow(key: str) -> bool:
    return key.split(":", 1)[0] in FLOW_PREFIXES


def figures_many(orgs: Sequence[Org], *, on: dt.date, period: Period) -> dict[int, Figures]:
    """Figures of sibling nodes (or one node): three cumulative reads, whatever their number."""
    reading = Reading.of(orgs)
    at_on = cumulative_many(orgs, on, reading)
    at_end = at_on if period.end == on else cumulative_many(orgs, period.end, reading)
    before = cumulative_many(orgs, period.start - dt.timedelta(days=1), reading)
    out = {}
    for o in orgs:
        stock = Counter({k: v for k, v in at_on[o.pk].items() if not _is_flow(k)})
        flows = Counter(
            {
                k: at_end[o.pk][k] - before[o.pk][k]
                for k in set(at_end[o.pk]) | set(before[o.pk])
                if _is_flow(k)
            }
        )
        out[o.pk] = Figures(o, on, period, stock, flows)
    return out


def figures(org: Org, *, on: dt.date | None = None, period: Period | None = None) -> Figures:
    on = on or timezone.localdate()
    period = period or Period(dt.date(on.year, 1, 1), on, "ytd")
    return figures_many([org], on=on, period=period)[org.pk]
