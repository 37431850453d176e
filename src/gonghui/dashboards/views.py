"""The dashboard of a node (the staff home page), its children's breakdown, and the yearbook export."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from gonghui.core.access import access
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import DateInput
from gonghui.core.modules import todo
from gonghui.members.models import PriorityGroup, SkillLevel
from gonghui.orgs.models import Level
from gonghui.stats.selectors import Figures, figures_many, monthly, months_back, period_to

from .selectors import breadcrumbs, children_of, stats_org_get, stats_roots, work_of
from .sentences import (
    JOIN_RATE_DEFINITION,
    JOIN_RATE_UNSOUND,
    join_rate_text,
    sentences,
    work_sentence,
    zh_percent,
)
from .yearbook import yearbook_workbook

PERIODS = [("year", "本年"), ("quarter", "本季度"), ("month", "本月")]
SORTS = {
    "name": ("名称", lambda f: f.org.name),
    "members": ("会员人数", lambda f: f.members),
    "new": ("新发展会员", lambda f: f["new"]),
    "new_form": ("新就业形态", lambda f: f["m:new_form"]),
    "women": ("女职工", lambda f: f["m:woman"]),
    "rate": ("建会率", lambda f: f.unionisation_rate if f.unionisation_rate is not None else -1),
    "join_rate": ("入会率", lambda f: f.membership_rate if f.membership_rate is not None else -1),
}


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label="统计期间", choices=PERIODS, required=False)
    on = forms.DateField(label="截至日期", required=False, widget=DateInput)
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, v[0]) for k, v in SORTS.items()] + [("-" + k, v[0]) for k, v in SORTS.items()],
    )

    def clean_on(self):
        on = self.cleaned_data.get("on")
        today = timezone.localdate()
        if on and on > today:
            raise forms.ValidationError("截至日期不能晚于今天")
        return on or today


def _cards(now: Figures, before: Figures) -> list[dict]:
    def card(
        label: str, value, previous, *, rate: bool = False, note: str = "", definition: str = ""
    ) -> dict:
        delta = None if value is None or previous is None else value - previous
        if rate:
            text = None if delta is None else f"{delta * 100:+.1f}个百分点"
        else:
            text = None if delta is None else f"{delta:+,}"
        return {
            "label": label,
            "value": zh_percent(value) if rate else value,
            "unit": "" if rate else "人",
            "delta": delta,
            "delta_text": None if note else text,
            "note": note,
            "definition": definition,
        }

    return [
        card("会员人数", now.members, before.members),
        card(f"新发展会员（{now.period.label}）", now["new"], before["new"]),
        card("新就业形态劳动者会员", now["m:new_form"], before["m:new_form"]),
        card("女职工会员", now["m:woman"], before["m:woman"]),
        # R1: employers' coverage is dated, so 建会率 compares with the same day a period before
        card("建会率", now.unionisation_rate, before.unionisation_rate, rate=True),
        card(
            "入会率",
            None if now.membership_rate_unsound else now.membership_rate,
            None if before.membership_rate_unsound else before.membership_rate,
            rate=True,
            note=JOIN_RATE_UNSOUND if now.membership_rate_unsound else "",
            definition=JOIN_RATE_DEFINITION,
        ),
        card(
            "直接入会会员",
            now.direct_members,
            before.direct_members,
            definition="未经单位工会，直接加入街道、新业态等工会",
        ),
    ]


def _trend(org, now: Figures) -> dict:
    """Members at each of the last twelve month ends (today for this month) and new members per month."""
    series = monthly(org, ["m:total", "new"])
    first = months_back(now.on.replace(day=1), 11)
    months = [months_back(first, -i) for i in range(12)]
    running = sum(c["m:total"] for m, c in series.items() if m < first)
    members, new = [], []
    for m in months:
        running += series.get(m, {}).get("m:total", 0)
        members.append(running)
        new.append(series.get(m, {}).get("new", 0))
    members[-1] = now.members
    return {"months": [f"{m.year}年{m.month}月" for m in months], "members": members, "new": new}


def _map(org, child_figures: list[Figures], url) -> dict:
    """The city's map, keyed by organisation: a district's polygon shows that district federation's figures
    and links to it alone. A child that shares its district code with a sibling (经开区 with 大兴) or with the
    city is listed beside the map with its own figures, never added into the polygon; where several children
    share a code, the district-level one owns the polygon."""

    def entry(f: Figures) -> dict:
        return {
            "org": f.org.pk,
            "adcode": f.org.district_code,
            "name": f.org.display_name,
            "rate": round(f.unionisation_rate * 100, 1) if f.unionisation_rate is not None else None,
            "members": f.members,
            "url": url(f.org),
        }

    by_code: dict[str, list[Figures]] = {}
    for f in child_figures:
        if f.org.district_code and f.org.district_code != org.district_code:
            by_code.setdefault(f.org.district_code, []).append(f)
    owners: dict[str, Figures] = {}
    for code, sharing in by_code.items():
        districts = [f for f in sharing if f.org.level == Level.DISTRICT]
        if len(sharing) == 1:
            owners[code] = sharing[0]
        elif len(districts) == 1:
            owners[code] = districts[0]
    owning = {f.org.pk for f in owners.values()}
    return {
        "geo": static("gonghui/geo/beijing-districts.json"),
        "areas": [entry(f) for f in child_figures if f.org.pk in owning],
        "apart": [
            entry(f)
            for f in child_figures
            if f.org.pk not in owning and f.org.district_code and f.org.level in (Level.DISTRICT, Level.ZONE)
        ],
    }


@access("org.view")
def home(request):
    roots = stats_roots(request.user)
    if not roots:
        raise Http404
    return redirect("dashboards:org", org_id=roots[0].pk)


@access("org.view")
def dashboard(request, org_id: int):
    org = stats_org_get(actor=request.user, org_id=org_id)
    form = DashboardForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("period") or "year"
    on = data.get("on") or timezone.localdate()
    period = period_to(kind, on)
    earlier = period.earlier()
    now = figures_many([org], on=on, period=period)[org.pk]
    before = figures_many([org], on=earlier.end, period=earlier)[org.pk]

    children = children_of(org)
    child_figures = list(figures_many(children, on=on, period=period).values()) if children else []
    sort = data.get("sort") or "-members"
    _, key = SORTS[sort.lstrip("-")]
    child_figures.sort(key=key, reverse=sort.startswith("-"))
    query = request.GET.copy()

    def sort_link(name: str) -> str:
        """A second click on the sorted column turns the order round; figures sort largest first."""
        if sort.lstrip("-") == name:
            query["sort"] = name if sort.startswith("-") else "-" + name
        else:
            query["sort"] = name if name == "name" else "-" + name
        return "?" + query.urlencode()

    def url(o) -> str:
        keep = request.GET.copy()
        keep.pop("sort", None)
        return reverse("dashboards:org", args=[o.pk]) + ("?" + keep.urlencode() if keep else "")

    charts = {
        "trend": _trend(org, now),
        "children": {
            "names": [f.org.display_name for f in child_figures],
            "members": [f.members for f in child_figures],
            "new": [f["new"] for f in child_figures],
            "urls": [url(f.org) for f in child_figures],
        },
        "groups": [{"name": label, "value": now["m:group:" + code]} for code, label in PriorityGroup.choices],
        "decades": [
            {"name": f"{k[9:][2:]}后", "value": v}
            for k, v in sorted(now.stock.items())
            if k.startswith("m:decade:") and v
        ],
        "skills": [{"name": label, "value": now["m:skill:" + code]} for code, label in SkillLevel.choices],
    }
    if org.level == Level.CITY:
        charts["map"] = _map(org, child_figures, url)
    work_figures, work_details, phrases = work_of(org, period)
    work = work_sentence(org.name, period, today=timezone.localdate(), phrases=phrases)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "org": org,
            "work": work_figures,
            "work_details": work_details,
            "todo": todo(request.user, org),
            "crumbs": breadcrumbs(request.user, org),
            "form": form if form.is_bound else DashboardForm(initial={"period": kind, "on": on}),
            "kind": kind,
            "periods": PERIODS,
            "period": period,
            "earlier": earlier,
            "figs": now,
            "cards": _cards(now, before),
            "table_head": [
                {
                    "label": label,
                    "link": sort_link(name),
                    "numeric": name != "name",
                    "arrow": {name: " ▲", "-" + name: " ▼"}.get(sort, ""),
                    "aria": "descending" if sort.startswith("-") else "ascending",
                }
                for name, (label, _) in SORTS.items()
            ],
            "table_rows": [
                {
                    "name": f.org.name,
                    "url": url(f.org),
                    "values": [
                        f.members,
                        f["new"],
                        f["m:new_form"],
                        f["m:woman"],
                        zh_percent(f.unionisation_rate),
                        join_rate_text(f),
                    ],
                }
                for f in child_figures
            ],
            "charts": charts,
            "children": bool(child_figures),
            "sentences": sentences(now, today=timezone.localdate()) + ([work] if work else []),
            "years": list(range(on.year, on.year - 6, -1)),
        },
    )


@access("org.view")
def yearbook(request, org_id: int):
    org = stats_org_get(actor=request.user, org_id=org_id)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year:
        raise Http404
    return xlsx_response(yearbook_workbook(org, year, today), f"{org.name}{year}年工会统计表.xlsx")
