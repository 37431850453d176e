"""The organising overview: a subtree's year (visits, stalls, set-ups, new unions, certificates due) and 建会率
as of the year's end against the year before (R1, S3)."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gonghui.core.access import access
from gonghui.orgs.models import Org

from . import selectors
from .forms import OverviewForm

# each part's own list, by url name (its urls module mounts it); a part without one shows no link
PART_PAGES = (
    ("organising:targets", "建会目标", "未建会单位：阶段、责任人、下一步，按街道查看和导出"),
    ("organising:worklist", "我的建会工作", "我负责的目标和到期的下一步"),
    ("organising:events", "摆摊设点和沟通会", "一次接触多家单位，收集职工意见建议"),
    ("organising:setups", "筹建审批", "筹建组、建会申请、上级批复和成立大会"),
    ("organising:registry", "法人登记", "工会法人资格证书、变更和重新登记提醒"),
)


def part_links() -> list[dict]:
    links = []
    for name, label, hint in PART_PAGES:
        try:
            links.append({"url": reverse(name), "label": label, "hint": hint})
        except NoReverseMatch:
            continue
    return links


def _percent(permille: int | None) -> str:
    return "—" if permille is None else f"{permille // 10}.{permille % 10}%"


@access("org.view")
def index(request):
    form = OverviewForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org") or Org.objects.restrict(request.user, "view").order_by("depth", "path").first()
    if org is None:
        raise Http404
    year = data.get("year") or timezone.localdate().year
    s = selectors.summary(org, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not form.is_bound:
        form = OverviewForm(initial={"org": org.pk, "year": year}, actor=request.user)
    trend = [
        {**t, "rate": _percent(t["rate_permille"])}
        for t in selectors.rate_by_month(org, min(dt.date(year, 12, 31), timezone.localdate()))
    ]
    return render(
        request,
        "organising/index.html",
        {
            "trend": trend,
            "chart": {
                "months": [t["month"] for t in trend],
                "rates": [None if t["rate_permille"] is None else t["rate_permille"] / 10 for t in trend],
            },
            "form": form,
            "org": org,
            "year": year,
            "s": s,
            "rate": _percent(s.rate_permille),
            "rate_before": _percent(s.rate_before_permille),
            "parts": part_links(),
        },
    )
