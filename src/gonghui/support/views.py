"""The services' overview: a subtree's figures for a year, each part's figures and the report sentence, with the
way into each part's own pages."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gonghui.core.access import access
from gonghui.core.scope import has_perm
from gonghui.orgs.models import Org

from . import selectors
from .forms import OverviewForm

# each part's own list, by url name (its urls module mounts it) and the permission it needs; a part without a
# page, or one the user may not open, shows no link
PART_PAGES = (
    ("support:providers", "律师和专业人员", "登记律师、心理咨询师等，对接服务站并排班", "org.view"),
    ("support:consultations", "法律咨询", "服务站和电话接待的咨询、发放的宣传材料", "org.view"),
    ("support:cases", "法律援助案件", "受理、利益冲突审查、指派律师、办理进程和结果", "org.view"),
    ("support:screenings", "矛盾纠纷排查", "走访用人单位，记录发现的风险和跟进", "org.view"),
    ("support:teams", "志愿服务", "志愿服务队、服务活动、服务项目和服务人次", "org.view"),
    ("support:hardship", "困难职工帮扶", "建档申请、两级审核、帮扶发放和年度复核", "hardship.handle"),
    ("support:requests", "职工诉求", "会员在手机上提出或电话登记的诉求，按时答复", "org.view"),
)


def part_links(actor) -> list[dict]:
    links = []
    for name, label, hint, perm in PART_PAGES:
        if not has_perm(actor, perm):
            continue
        try:
            links.append({"url": reverse(name), "label": label, "hint": hint})
        except NoReverseMatch:
            continue
    return links


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
    return render(
        request,
        "support/index.html",
        {
            "form": form,
            "org": org,
            "year": year,
            "s": s,
            "parts": part_links(request.user),
            "charts": {"topics": s.consultations_by_topic, "states": s.requests_by_state},
        },
    )
