"""Pages: the list of competitions with filters and export; a new competition; one competition with its groups,
stages, entrants (added one by one, withdrawn or disqualified with a reason), prize tiers and results, which are
confirmed by each format's page, published here and downloaded as Excel."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.audit import audit_record
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope
from gonghui.members.selectors import membership_by_number

from . import exports, intake, selectors, services
from .audit import CompetitionAudit
from .forms import CompetitionForm, EntrantForm, FilterForm, StatusForm, VoidForm
from .lists import COMPETITIONS
from .models import EntrantStatus

WRITE = services.WRITE
IMPORT_MAX_BYTES = 5 * 1024 * 1024
# each format's page for a stage, by url name (its module mounts it); a format without one shows no link
STAGE_PAGES = {
    "judged": "competitions:judged",
    "league": "competitions:league",
    "knockout": "competitions:knockout",
    "heats": "competitions:heats",
    "photo": "competitions:photo",
}


def stage_url(competition, stage) -> str | None:
    try:
        return reverse(STAGE_PAGES[stage.format], args=[competition.pk, stage.pk])
    except (KeyError, NoReverseMatch):
        return None


@access("org.view")
def index(request):
    form = FilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, COMPETITIONS)
    if listing.exporting:
        return listing.export()
    return render(request, "competitions/index.html", {"form": form, "listing": listing})


@access(WRITE)
def new(request):
    form = CompetitionForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_create(actor=request.user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建竞赛“{competition.name}”")
            return redirect("competitions:detail", competition.pk)
    return render(request, "competitions/new.html", {"form": form})


def _competition(request, pk, perm="view"):
    return selectors.competition_get(actor=request.user, pk=pk, perm=perm)


def _detail(request, competition, *, entrant_form=None, void_form=None, import_errors=None, status=200):
    editable = in_scope(request.user, WRITE, competition.org) and competition.voided_at is None
    group = None
    group_id = request.GET.get("group", "")
    if group_id.isdigit():
        group = competition.groups.filter(pk=group_id).first()
    search = request.GET.get("q", "")
    entrants = selectors.entrants_of(competition, group=group, search=search)
    stages = list(competition.stages.all())
    last = stages[-1] if stages else None
    started = bool(stages) and stages[0].started_at is not None
    context = {
        "competition": competition,
        "groups": competition.groups.all(),
        "co_organisers": competition.co_organisers.all(),
        "linked": selectors.linked_activities(request.user, competition),
        "stages": [(s, stage_url(competition, s)) for s in stages],
        "tiers": competition.tiers.all(),
        "taking": selectors.taking_part(competition.entrants.all()),
        "entrants": entrants[:500],
        "entrants_count": entrants.count(),
        "group": group,
        "search": search,
        "results": selectors.results(last) if last and last.finished_at else [],
        "editable": editable,
        "can_enter": editable and not started,
        "can_publish": editable and last is not None and last.finished_at and not competition.published_at,
        "entrant_form": entrant_form or (EntrantForm(competition=competition) if editable else None),
        "void_form": void_form or VoidForm(),
        "status_form": StatusForm(),
        "import_errors": import_errors,
    }
    return render(request, "competitions/detail.html", context, status=status)


@access("org.view")
def detail(request, pk: int):
    return _detail(request, _competition(request, pk))


@access(WRITE)
@require_POST
def entrant_add(request, pk: int):
    competition = _competition(request, pk, perm="edit")
    form = EntrantForm(request.POST, competition=competition)
    if form.is_valid():
        d = form.cleaned_data
        try:
            membership = (
                membership_by_number(actor=request.user, number=d["number"])
                if (d.get("number") or "").strip()
                else None
            )
            units = [services.UnitData(name=u) for u in services.split_units(d["units"])]
            entrant = services.entrant_add(
                actor=request.user,
                competition=competition,
                data=services.EntrantData(
                    group=d["group"],
                    name=d["name"],
                    person=membership.person if membership else None,
                    units=units,
                    people=d.get("people") or 1,
                    number=d["bib"],
                ),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记参赛者{entrant.name}")
            return redirect(reverse("competitions:detail", args=[competition.pk]) + "#entrants")
    return _detail(request, competition, entrant_form=form, status=200)


@access(WRITE)
@require_POST
def entrants_import(request, pk: int):
    """A 报名表 uploaded: every row checked; entered all or none; the errors listed by row and column."""
    competition = _competition(request, pk, perm="edit")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择报名表文件")
        return redirect(reverse("competitions:detail", args=[competition.pk]) + "#entrants")
    if upload.size > IMPORT_MAX_BYTES:
        messages.error(request, f"文件“{upload.name}”超过 {IMPORT_MAX_BYTES // 1024 // 1024} MB")
        return redirect(reverse("competitions:detail", args=[competition.pk]) + "#entrants")
    try:
        ready, errors = intake.check(request.user, competition, upload.read(), upload.name)
        if not errors:
            made = services.entrants_add_many(
                actor=request.user, competition=competition, rows=ready, source=upload.name
            )
    except DomainError as exc:
        messages.error(request, f"报名表“{upload.name}”：{exc.message}，未导入任何参赛者")
        return redirect(reverse("competitions:detail", args=[competition.pk]) + "#entrants")
    if errors:
        return _detail(request, competition, import_errors=errors, status=200)
    messages.success(request, f"已从“{upload.name}”导入参赛者{len(made)}名")
    return redirect(reverse("competitions:detail", args=[competition.pk]) + "#entrants")


@access(WRITE)
@require_POST
def entrant_status(request, pk: int, entrant: int, status: str):
    competition = _competition(request, pk, perm="edit")
    found = selectors.entrant_get(competition, entrant)
    if status not in (EntrantStatus.WITHDRAWN, EntrantStatus.DISQUALIFIED, EntrantStatus.REGISTERED):
        raise Http404
    try:
        services.entrant_set_status(
            actor=request.user, entrant=found, status=status, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, f"{found.name}：{exc.message}")
    else:
        messages.success(request, f"{found.name}：{found.get_status_display()}")
    return redirect(reverse("competitions:detail", args=[competition.pk]) + "#entrants")


@access(WRITE)
@require_POST
def publish(request, pk: int):
    competition = _competition(request, pk, perm="edit")
    try:
        services.results_publish(actor=request.user, competition=competition)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "竞赛结果已公布")
    return redirect(reverse("competitions:detail", args=[competition.pk]) + "#results")


@access(WRITE)
@require_POST
def void(request, pk: int):
    competition = _competition(request, pk, perm="edit")
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.competition_void(
                actor=request.user, competition=competition, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已作废竞赛“{competition.name}”，不再计入工作数据")
            return redirect("competitions:index")
    return _detail(request, competition, void_form=form)


@access("org.view")
def results_xlsx(request, pk: int):
    """The results of the last stage per group as Excel: rank, entrant, units, figure, prize (audited: it names
    people)."""
    competition = _competition(request, pk)
    last = selectors.last_stage(competition)
    rows = selectors.results(last) if last and last.finished_at else []
    audit_record(
        actor=request.user,
        action=CompetitionAudit.RESULTS_EXPORT,
        org=competition.org,
        target=competition,
        target_label=competition.name,
    )
    return xlsx_response(exports.results_workbook(competition, rows), f"{competition.name}-成绩.xlsx")
