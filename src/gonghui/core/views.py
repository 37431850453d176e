"""Pages shared by every user: the home redirect, the audit log, and the 403 and 404 pages."""

from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .access import LOGIN, PUBLIC, access, has_permission
from .audit import audit_record
from .auditlog import AUDIT_LOG, AuditFilterForm
from .jobs import download_action
from .lists import Listing
from .models import AuditCategory, Job, JobStatus
from .modules import nav_items, not_found_template


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


@access("audit.view")
def audit_log(request):
    form = AuditFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, AUDIT_LOG)
    if listing.exporting:
        return listing.export()
    return render(request, "core/audit.html", {"form": form, "listing": listing})


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
