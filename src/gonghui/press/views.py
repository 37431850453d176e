"""The report pages (issue 23): paste a report and confirm what it proposes; the clippings with their figures
checked against the records; a draft report from a record, copied or taken as .docx."""

import datetime as dt
from pathlib import Path
from zipfile import BadZipFile

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from docx.opc.exceptions import PackageNotFoundError

from gonghui.activities.selectors import activities_for, activity_get
from gonghui.care.selectors import campaign_get, campaigns_for
from gonghui.competitions.selectors import competition_get, competitions_for
from gonghui.core.access import access
from gonghui.core.api import MAX_ID
from gonghui.core.audit import audit_record
from gonghui.core.downloads import file_response
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.dashboards.selectors import stats_org_get, stats_roots, work_of
from gonghui.dashboards.sentences import sentences, work_sentence
from gonghui.orgs.selectors import org_get
from gonghui.stats.selectors import figures_many, period_to

from . import drafts, reader, selectors, services
from .audit import PressAudit
from .forms import CONFIRMS, ConfirmForm, NewOrgForm, PasteForm, SummaryForm, rows
from .lists import CLIPPINGS

RECENT = 15
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXAMPLE = Path(__file__).with_name("examples") / "changying-zongzi.txt"  # seed report 002-5
EXAMPLE_DAY = dt.date(2024, 6, 7)


def _choices(actor, ids: list[int]) -> list:
    home = getattr(actor, "org_id", None)
    found = selectors.orgs_for(actor=actor, ids=[i for i in [*ids, home] if i])
    return [found[i] for i in dict.fromkeys([*ids, home]) if i in found]


def _pasted(form: PasteForm) -> str | None:
    upload = form.cleaned_data.get("upload")
    if upload is None:
        return form.cleaned_data["text"]
    data = upload.read()
    if upload.name.lower().endswith(".docx"):
        try:
            return drafts.docx_text(data)
        except (BadZipFile, KeyError, ValueError, PackageNotFoundError):
            pass
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    form.add_error("upload", f"文件“{upload.name}”无法读取：请确认是 UTF-8 文本或 Word（.docx）文件")
    return None


@access("work.edit")
def index(request):
    listing = Listing(request, CLIPPINGS)
    return render(request, "press/index.html", {"listing": listing, "q": request.GET.get("q", "")})


@access("work.edit")
def read(request):
    """Paste (or upload) reports; each article comes back with the records it proposes, nothing written yet."""
    initial = {"reported_on": timezone.localdate()}
    if request.GET.get("example"):  # a report of the demo's own world, for a first try
        initial = {"text": EXAMPLE.read_text(encoding="utf-8"), "reported_on": EXAMPLE_DAY}
    form = PasteForm(request.POST or None, request.FILES or None, initial=initial)
    articles = []
    if request.method == "POST" and form.is_valid():
        text = _pasted(form)
        if text is not None:
            day = form.cleaned_data["reported_on"]
            readings = reader.read(text, matcher=selectors.matcher_for(actor=request.user), report_day=day)
            if not readings:
                form.add_error("text", "没有读出报道：请粘贴含标题和正文的报道原文")
            for n, reading in enumerate(readings, start=1):
                articles.append(_article(request, n, reading, day))
    return render(request, "press/read.html", {"form": form, "articles": articles})


def _article(request, n: int, reading: reader.Reading, day) -> dict:
    report = services.Report(reading.article.headline, reading.article.body, day)
    named = [m.org_id for m in reading.named]
    proposals = []
    for i, p in enumerate(reading.proposals, start=1):
        form_class = CONFIRMS.get(p.kind)
        form = None
        if form_class is not None:
            form = form_class(
                initial=form_class.initial_from(p, report),
                actor=request.user,
                choices=_choices(request.user, [p.value("org"), *named] if p.value("org") else named),
                prefix=f"a{n}p{i}",
            )
        proposals.append(
            {"proposal": p, "form": form, "rows": rows(form, p) if form else [], "id": f"a{n}p{i}"}
        )
    new_orgs = [{"org": o} for o in reading.new_orgs]
    return {"n": n, "day": day, "reading": reading, "proposals": proposals, "new_orgs": new_orgs}


@access("work.edit")
@require_POST
def confirm(request, kind: str):
    form_class = CONFIRMS.get(kind)
    if form_class is None:
        raise Http404
    prefix = request.POST.get("prefix", "") or None
    posted = request.POST.get(f"{prefix}-org" if prefix else "org", "")
    form: ConfirmForm = form_class(
        request.POST,
        actor=request.user,
        choices=_choices(request.user, [int(posted)] if posted.isdigit() and int(posted) <= MAX_ID else []),
        prefix=prefix,
    )
    if form.is_valid():
        try:
            clipping = form.confirm()
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已据报道录入：{clipping.record_label}")
            return redirect("press:clipping", pk=clipping.pk)
    return render(request, "press/confirm.html", {"form": form, "rows": rows(form, None), "kind": kind})


@access("org.manage")
@require_POST
def org_new(request):
    form = NewOrgForm(request.POST, actor=request.user)
    if form.is_valid():
        d = form.cleaned_data
        report = services.Report(d["headline"], "", d["reported_on"])
        try:
            org = services.org_from_report(
                actor=request.user, parent=d["parent"], name=d["name"], level=d["level"], report=report
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建组织：{org.name}（请重新识别报道，以便匹配）")
            return redirect("press:read")
    return render(request, "press/org_new.html", {"form": form})


@access("work.edit")
def clipping(request, pk: int):
    item = selectors.clipping_get(actor=request.user, pk=pk)
    context = {
        "clipping": item,
        "checks": selectors.checks(actor=request.user, clipping=item),
        "record": selectors.record_of(actor=request.user, clipping=item),
        "record_url": selectors.record_url(item),
    }
    return render(request, "press/clipping.html", context)


DRAFTED = {
    "activity": lambda actor, pk: activity_get(actor=actor, pk=pk),
    "competition": lambda actor, pk: competition_get(actor=actor, pk=pk),
    "campaign": lambda actor, pk: campaign_get(actor=actor, pk=pk),
}


@access("work.edit")
def records(request):
    """Recent records of the actor's subtree, each with a link to draft its report."""
    actor = request.user
    context = {
        "activities": activities_for(actor=actor).order_by("-starts_on", "-id")[:RECENT],
        "competitions": competitions_for(actor=actor).order_by("-starts_on", "-id")[:RECENT],
        "campaigns": campaigns_for(actor=actor).order_by("-starts_on", "-id")[:RECENT],
        "roots": stats_roots(actor),
        "years": [timezone.localdate().year - i for i in range(3)],
    }
    return render(request, "press/records.html", context)


def _docx(request, draft: drafts.Draft, org, target) -> HttpResponse:
    """The edited draft posted back, as .docx (audited: it leaves the system)."""
    headline = request.POST.get("headline", "").strip()[:300] or draft.headline
    body = request.POST.get("body", "")[:200_000]
    audit_record(
        actor=request.user,
        action=PressAudit.DRAFT_EXPORT,
        org=org,
        target=target,
        target_label=headline[:200],
    )
    return file_response(drafts.docx_bytes(headline, body), "报道稿.docx", DOCX)


@access("org.view")
def summary(request):
    """A subtree's month or year 工作简报, drafted from the dashboard's sentences and the period's records."""
    roots = stats_roots(request.user)
    if not roots:
        raise Http404
    form = SummaryForm(request.GET or None, initial={"period": "month", "on": timezone.localdate()})
    data = form.cleaned_data if form.is_valid() else {}
    org = stats_org_get(actor=request.user, org_id=data.get("org") or roots[0].pk)
    on = data.get("on") or timezone.localdate()
    period = period_to(data.get("period") or "month", on)
    figures = figures_many([org], on=on, period=period)[org.pk]
    _cards, _details, phrases = work_of(org, period)
    work = work_sentence(org.name, period, today=timezone.localdate(), phrases=phrases)
    records = selectors.period_records(actor=request.user, org=org, start=period.start, end=period.end)
    text = drafts.summary_draft(
        org.name,
        period.label,
        sentences(figures, today=timezone.localdate()) + ([work] if work else []),
        records,
    )
    if request.method == "POST":
        return _docx(request, text, org, org)
    context = {"draft": text, "form": form, "org": org, "roots": roots}
    return render(request, "press/summary.html", context)


@access("work.edit")
def draft(request, kind: str, pk: int):
    """A 本报讯 draft from a record: shown editable; posted back, the edited text comes out as .docx."""
    if kind == "honours":  # a subtree's honours of a year (?year=), from the honours register
        org = org_get(actor=request.user, pk=pk)
        year = request.GET.get("year", "")
        year_n = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
        text = drafts.honours_draft(org, year_n)
        if request.method == "POST":
            return _docx(request, text, org, org)
        return render(request, "press/draft.html", {"draft": text, "record": org, "kind": kind})
    get = DRAFTED.get(kind)
    if get is None:
        raise Http404
    record = get(request.user, pk)
    text = drafts.draft_of(record)
    if request.method == "POST":
        return _docx(request, text, record.org, record)
    return render(request, "press/draft.html", {"draft": text, "record": record, "kind": kind})
