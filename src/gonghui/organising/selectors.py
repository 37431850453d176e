"""The organising figures for a subtree and period (issue 21 §4): each part counts its own (`<part>_selectors`);
this file adds them up for the dashboards, the API and the report sentence, with what the statistics count from
the employers' dated coverage (R1, S3): 建会率 at the period's end and a period before, the new unions and the
workers they cover."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from gonghui.core.numbers import thousands
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org
from gonghui.stats import selectors as stats

from . import pipeline_selectors, registry_selectors, setup_selectors

PARTS = (pipeline_selectors, setup_selectors, registry_selectors)


def _permille(part: int, whole: int) -> int | None:
    """A share in thousandths, floored, from whole numbers (shown as 12.3%)."""
    return part * 1000 // whole if whole else None


def coverage(org: Org, on: dt.date) -> dict[str, int | None]:
    """S3 as of a day, from the dated records (R1): employers, those with a union, and the rate in ‰."""
    f = stats.figures(org, on=on, period=stats.Period(on, on))
    return {
        "employers": f["emp"],
        "employers_with_union": f["emp:covered"],
        "workers_in_unionised_employers": f["emp:covered_headcount"],
        "rate_permille": _permille(f["emp:covered"], f["emp"]),
    }


def rate_by_month(org: Org, last: dt.date, months: int = 24) -> list[dict]:
    """S3 at each month end of the `months` up to `last`'s month (the last one as of `last`), from the dated
    records (R1): [{"month": "2026-05", "employers", "covered", "rate_permille"}]."""
    series = stats.monthly(org, ["emp", "emp:covered"])
    first = stats.months_back(last.replace(day=1), months - 1)
    running = {"emp": 0, "emp:covered": 0}
    for month, counts in series.items():
        if month < first:
            for key in running:
                running[key] += counts.get(key, 0)
    out = []
    for i in range(months):
        month = stats.months_back(first, -i)
        for key in running:
            running[key] += series[month][key] if month in series else 0
        out.append(
            {
                "month": f"{month:%Y-%m}",
                "employers": running["emp"],
                "covered": running["emp:covered"],
                "rate_permille": _permille(running["emp:covered"], running["emp"]),
            }
        )
    return out


@dataclass(frozen=True)
class Summary:
    figures: dict[str, int]
    rate_permille: int | None
    rate_before_permille: int | None
    parts: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> int:
        return self.figures[key]

    def sentence(self) -> str:
        return "，".join(self.parts)


def summary(org: Org, start: dt.date, end: dt.date) -> Summary:
    as_of = min(end, timezone.localdate())
    flows = stats.figures(org, on=as_of, period=stats.Period(start, end))
    figures: dict[str, int] = {
        "unions_formed": flows["formed"],
        "workers_covered": flows["formed:headcount"],
        "employers": flows["emp"],
        "employers_with_union": flows["emp:covered"],
    }
    for channel in ("visit", "stall", "platform", "other"):
        figures[f"unions_formed_{channel}"] = flows[f"formed:channel:{channel}"]
    parts = []
    for part in PARTS:
        fig = part.figures(org, start, end)
        missing = set(part.FIGURES) - set(fig)
        assert not missing, f"{part.__name__}.figures is missing {sorted(missing)}"
        figures.update(fig)
        if said := part.sentence(fig):
            parts.append(said)
        if part is pipeline_selectors and figures["unions_formed"]:
            # as the reports say it: visits first, then the unions formed and the workers they cover
            parts.append(
                f"新建工会{thousands(figures['unions_formed'])}家，"
                f"覆盖职工{thousands(figures['workers_covered'])}人"
            )
    before = coverage(org, start - dt.timedelta(days=1))
    return Summary(
        figures=figures,
        rate_permille=_permille(figures["employers_with_union"], figures["employers"]),
        rate_before_permille=before["rate_permille"],
        parts=tuple(parts),
    )


# ---- the module contract: dashboards' work figures, their links, waiting work ------------------------------------


def work_figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """The dashboards' three figures, without the rest of the summary (every dashboard view reads them)."""
    flows = stats.figures(org, on=min(end, timezone.localdate()), period=stats.Period(start, end))
    return {
        "employers_visited": pipeline_selectors.employers_visited(org, start, end),
        "unions_formed": flows["formed"],
        "workers_covered": flows["formed:headcount"],
    }


def work_links(org: Org, start: dt.date, end: dt.date) -> dict[str, str]:
    index = f"{reverse('organising:index')}?org={org.pk}&year={end.year}"
    return dict.fromkeys(("employers_visited", "unions_formed", "workers_covered"), index)


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """What waits in the subtree: each part's own."""
    if not in_scope(actor, "org.view", org):
        return []
    return [row for part in PARTS for row in part.todo(actor, org)]
