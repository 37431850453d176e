"""The governance overview (a subtree's year: congresses, elections, plans, evaluations, terms ending) and a node's
committee with its history (O6)."""

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
    (
        "governance:congresses",
        "代表大会和全委会",
        "代表大会、会员大会、全委会和常委会：代表、议程、报告和表决",
    ),
    ("governance:elections", "换届选举", "差额选举、选票统计、上级批复和新一届委员会"),
    ("governance:plans", "工作计划", "年度工作要点和行动方案：事项、责任单位和进展"),
    ("governance:evaluations", "考核评比", "指标体系、自评、评分、锁定和排名"),
)


def part_links() -> list[dict]:
    links = []
    for name, label, hint in PART_PAGES:
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
    due = selectors.terms_ending(org, min(dt.date(year, 12, 31), timezone.localdate()))
    return render(
        request,
        "governance/index.html",
        {
            "form": form,
            "org": org,
            "year": year,
            "s": s,
            "parts": part_links(),
            "due": [(o, selectors._term_end(o)) for o in due[:50]],
        },
    )


@access("org.view")
def committee(request, org_id: int):
    org, committees = selectors.committees_of(actor=request.user, org_id=org_id)
    return render(request, "governance/committee.html", {"org": org, "committees": committees})
