"""The roster import's background jobs: preview and apply, each returning the error report as its file."""

from django.core.files.storage import default_storage
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.jobs import job_kind

from .audit import ImportAudit
from .models import ImportStatus, RosterImport
from .reports import error_report
from .services import ERRORS_ON_PAGE, roster_run


def _run(job, progress, *, apply: bool):
    imp = RosterImport.objects.select_related("org").get(pk=job.params["import_id"])
    with default_storage.open(imp.stored_file, "rb") as f:
        content = f.read()
    try:
        result = roster_run(
            actor=job.actor,
            union=imp.org,
            content=content,
            filename=imp.file_name,
            apply=apply,
            mapping=imp.column_mapping(),
            progress=progress,
        )
    except DomainError as exc:
        failed = {"status": ImportStatus.FAILED, "message": exc.message[:500]}
        if not apply:  # a preview that failed leaves no counts or errors of an earlier run on the page
            failed.update(errors=[], preview=None)
        if getattr(exc, "headings", None):
            failed["headings"] = exc.headings
        RosterImport.objects.filter(pk=imp.pk).update(**failed)
        raise
    counts = result.counts.as_dict()
    errors = [e.__dict__ for e in result.errors[:ERRORS_ON_PAGE]]
    changes = {"errors": errors, "message": "", "headings": result.parsed.headings if result.parsed else []}
    if not imp.mapping and result.parsed:
        changes["mapping"] = {str(c): f for c, f in result.parsed.mapping.items()}
    if apply:
        changes.update(status=ImportStatus.APPLIED, result=counts, applied_at=timezone.now())
    else:
        changes.update(status=ImportStatus.PREVIEWED, preview=counts)
    RosterImport.objects.filter(pk=imp.pk).update(**changes)
    stem = imp.file_name.rsplit(".", 1)[0]
    name = f"{stem}-{'导入结果' if apply else '预览'}-错误报告.xlsx"
    return name, error_report(
        result.errors,
        content=content,
        filename=imp.file_name,
        mapping=result.parsed.mapping if result.parsed else None,
    )


@job_kind("roster.preview", download=ImportAudit.PREVIEW_DOWNLOAD)
def preview_job(job, progress):
    return _run(job, progress, apply=False)


@job_kind("roster.apply", download=ImportAudit.APPLY_DOWNLOAD)
def apply_job(job, progress):
    return _run(job, progress, apply=True)
