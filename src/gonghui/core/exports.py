"""The export flow every list shares: the export is audited, then a small one is handed over at once as .xlsx and a
large one (over GONGHUI_SYNC_EXPORT_MAX_ROWS rows) becomes a background job whose page shows its progress, so that
nobody waits on a request for a big workbook (CONVENTIONS: long work runs as a task)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect

from .audit import Action, audit_record
from .downloads import xlsx_response
from .jobs import job_start
from .models import AuditCategory


@dataclass(frozen=True)
class Audited:
    """The audit entry an export leaves (a data access): what it was, of what, and why when a reason was asked."""

    action: Action
    target: Model | None = None
    target_label: str = ""
    after: dict[str, Any] | None = None
    reason: str = ""


@dataclass(frozen=True)
class Background:
    """The job that writes the file when there are too many rows to wait for: a kind registered with
    `core.jobs.job_kind`, which rebuilds the same rows from `params` and the job's actor and org."""

    kind: str
    title: str
    params: dict[str, Any] | None = None


def export_response(
    request,
    *,
    rows: QuerySet,
    build: Callable[[Iterator[Any]], bytes],
    filename: str,
    org=None,
    audit: Audited | None = None,
    background: Background | None = None,
) -> HttpResponse:
    """Audit the export (when `audit` is given), then either start `background` for more rows than the threshold
    and redirect to the job's page, or stream the rows through `build` into the file `filename` now. Without
    `background` the file is always written at once."""
    if audit is not None:
        audit_record(
            actor=request.user,
            action=audit.action,
            category=AuditCategory.ACCESS,
            org=org,
            target=audit.target,
            target_label=audit.target_label,
            after=audit.after,
            reason=audit.reason,
            request=request,
        )
    if background is not None and rows.count() > settings.GONGHUI_SYNC_EXPORT_MAX_ROWS:
        job = job_start(
            actor=request.user,
            kind=background.kind,
            title=background.title,
            org=org,
            params=background.params,
        )
        return redirect("core:job", job_id=job.pk)
    return xlsx_response(build(rows.iterator(2000)), filename)
