"""Pages shared by every user: the home redirect, the audit log, and the 403 and 404 pages."""

from urllib.parse import urlsplit

from django import forms
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .access import LOGIN, PUBLIC, access, has_permission
from .audit import action_choices, audit_record
from .forms import DateInput
from .jobs import download_action
from .models import AuditCategory, Job, JobStatus
from .modules import nav_items, not_found_template
from .selectors import audit_events_for


@access(LOGIN)
def home(request):
    """The first page of the navigation the user may open (the dashboards for most, the audit log for 审计员)."""
    for item in nav_items():
        if has_permission(request.user, item.rule):
            return redirect(item.url_name)
    return render(request, "core/no_role.html")


def _error_page(request, template: str, status: int):
    """An error page in Chinese with the user's navigation and the way back: the page they came from when it is
    one of ours, and the first page."""
    referer = request.headers.get("referer", "")
    back = referer if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
    if urlsplit(back).path == request.path:
        back = ""  # the page that failed is no way back
    return render(request, template, {"back": back}, status=status)


def page_not_found(request, exception=None):
    """handler404 (urls.py): also what an object outside the user's subtrees answers."""
    return _error_page(request, not_found_template(request.path), 404)


def permission_denied(request, exception=None):
    """handler403 (urls.py): a refused form submission (CSRF) and anything that raises PermissionDenied."""
    return _error_page(request, "403.html", 403)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the same 403 page; the reason goes to the log (Django's), not to the user."""
    return _error_page(request, "403.html", 403)


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return "　" * (obj.depth - 1) + obj.name  # indented as in the tree


class AuditFilterForm(forms.Form):
    org = OrgChoiceField(label="组织（含下级）", required=False, queryset=None, empty_label="全部")
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *AuditCategory.choices])
    action = forms.ChoiceField(label="操作", required=False, choices=())
    username = forms.CharField(label="操作人", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # the organisations above the base unions that the auditor may read (core cannot import orgs: by name)
        org_model = apps.get_model("orgs", "Org")
        self.fields["org"].queryset = (
            org_model.objects.restrict(actor, "audit.view")
            .exclude(level__in=("base", "branch"))
            .order_by("path")
        )
        # every declared action, grouped by the app that declares it
        self.fields["action"].choices = [("", "全部"), *action_choices()]


@access("audit.view")
def audit_log(request):
    form = AuditFilterForm(request.GET or None, actor=request.user)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    filters["action_code"] = filters.pop("action", "")  # one action exactly, not every code that begins so
    events = audit_events_for(actor=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"form": form, "page": page})


def _own_job(request, job_id: int) -> Job:
    return get_object_or_404(Job.objects.filter(actor=request.user), pk=job_id)


@access(LOGIN)
def job_detail(request, job_id: int):
    """A job's progress bar; while it runs, HTMX polls the #progress partial."""
    job = _own_job(request, job_id)
    template = "core/job.html#progress" if request.htmx else "core/job.html"
    return render(request, template, {"job": job})


@access(LOGIN)
def job_download(request, job_id: int):
    job = _own_job(request, job_id)
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404
    audit_record(
        actor=request.user,
        action=download_action(job.kind),
        category=AuditCategory.ACCESS,
        org=job.org,
        target=job,
        target_label=job.title,
        request=request,
    )
    response = FileResponse(
        default_storage.open(job.result_file, "rb"), as_attachment=True, filename=job.result_name
    )
    return response


@access(PUBLIC)
def healthz(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
