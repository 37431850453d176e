"""The statistics API: every figure of a subtree as of a day and over a period, as JSON (S1, S3, S4)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Day, Id, reads
from gonghui.core.errors import DomainError
from gonghui.stats.selectors import Period, figures, period_to

from .selectors import stats_org_get, stats_roots

router = Router(tags=["统计 statistics"])


class StatsQuery(Schema):
    org: Id | None = None
    on: Day | None = None
    period: str | None = None
    start: Day | None = None
    end: Day | None = None


@router.get("/", response=reads(dict))
@access("org.view")
def stats(request: HttpRequest, q: Query[StatsQuery]):
    """`org`: the node (default: the caller's own top node). `on`: the day stock figures are counted on
    (default today). Flows are counted over `start`–`end`, or over `period` = year / quarter / month up to
    `on` (default: the year so far)."""
    today = timezone.localdate()
    on = q.on or today
    if q.org is None:
        roots = stats_roots(request.user)
        if not roots:
            raise DomainError("no_scope", "没有可查看的组织")
        org = roots[0]
    else:
        org = stats_org_get(actor=request.user, org_id=q.org)
    if q.start or q.end:
        if not (q.start and q.end):
            raise DomainError("period", "请同时提供开始和结束日期", fields={"start": "必填", "end": "必填"})
        if q.start > q.end:
            raise DomainError("period", "开始日期不能晚于结束日期", fields={"start": "晚于结束日期"})
        period = Period(q.start, q.end)
    else:
        kind = q.period or "year"
        if kind not in ("year", "quarter", "month"):
            raise DomainError("period", "期间应为 year、quarter 或 month", fields={"period": "无效"})
        period = period_to(kind, on)
    return figures(org, on=on, period=period).as_dict()
