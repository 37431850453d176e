"""Roster import: preview what a roster would do, or apply it, in one transaction.

Reading and checking stream the file in batches into the staging table; the merge is set-wise (merge.py).
Preview and apply run the same pipeline; preview rolls back, apply commits, and a run killed at any point leaves
the register as before (the transaction never committed) or fully applied, so running it again completes it.
"""

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import DomainError
from gonghui.core.jobs import job_start
from gonghui.core.models import AuditCategory, JobStatus
from gonghui.members.services import number_prefix
from gonghui.orgs.models import Org
from gonghui.orgs.services import require

from . import merge
from .audit import ImportAudit
from .roster import Parsed, RowChecker, RowError, open_roster
from .selectors import union_headings

PARALLEL_BYTES = 1_000_000  # rosters from about 15,000 rows are checked in worker processes
Progress = Callable[[int, int], None]


@dataclass
class RosterResult:
    applied: bool
    counts: merge.Counts
    errors: list[RowError] = field(default_factory=list)
    parsed: Parsed | None = None
    sha256: str = ""


def check_workers() -> int:
    """Processes that check a big roster's rows: GONGHUI_IMPORT_WORKERS, or one per core (at most 4)."""
    configured = getattr(settings, "GONGHUI_IMPORT_WORKERS", None)
    if configured is not None:
        return max(1, int(configured))
    return max(
        1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


class _Rollback(Exception):
    """Leaves a preview's transaction without committing anything."""


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def roster_run(
    *,
    actor,
    union: Org,
    content: bytes,
    filename: str,
    apply: bool = False,
    mapping: dict[int, str] | None = None,
    progress: Progress | None = None,
    total_hint: int = 0,
) -> RosterResult:
    """Check every row of the roster and preview (apply=False) or apply it to `union`."""
    require(actor, "member.manage", union)
    union = Org.objects.get(pk=union.pk)
    if not union.holds_members or union.is_dissolved:
        raise DomainError(
            "not_a_union", f"“{union.name}”不能接收会员：请选择基层工会、联合工会或街道（乡镇）工会"
        )
    today = timezone.localdate()
    result = RosterResult(applied=apply, counts=merge.Counts(), sha256=file_hash(content))
    learned = None if mapping else union_headings(actor=actor, union=union)
    parsed, rows = open_roster(content, filename, mapping, learned)
    result.parsed = parsed
    checker = RowChecker(parsed.mapping, today=today)
    row_errors: list[RowError] = []
    seen = 0
    # Reading, checking and staging happen before the transaction, so the progress bar (written by the job in
    # autocommit) moves; the staging table is temporary, so a run killed here leaves nothing behind.
    merge.create_stage()
    try:
        drop: list[int] = []
        workers = check_workers() if len(content) >= PARALLEL_BYTES else 1
        for chunk in checker.stream(rows, workers=workers, encoded=merge.takes_copy_text()):
            seen += chunk.count
            row_errors.extend(chunk.errors)
            drop.extend(chunk.drop)
            merge.load_stage(chunk)
            if progress:
                progress(seen, max(total_hint, seen + 1))
        merge.unstage(drop)
        merge.index_stage()
        with transaction.atomic():
            _merge(result, union=union, actor=actor, filename=filename, apply=apply, today=today)
            result.counts.errors += len({e.row for e in row_errors})
            result.counts.rows = seen
            result.errors = sorted(row_errors + result.errors, key=lambda e: (e.row, e.column))
            if apply:
                audit_record(
                    actor=actor,
                    action=ImportAudit.IMPORT,
                    org=union,
                    target=union,
                    target_label=f"{union.name}：{filename}",
                    after={"file_sha256": result.sha256, **result.counts.as_dict()},
                )
            else:
                raise _Rollback
    except _Rollback:
        pass
    finally:
        merge.drop_stage()
    if progress:
        progress(seen, seen)
    return result


def _merge(result: RosterResult, *, union: Org, actor, filename: str, apply: bool, today) -> None:
    assert result.parsed is not None
    mapped = set(result.parsed.mapping.values())
    if apply:
        plan = merge.apply(
            union=union,
            mapped=mapped,
            today=today,
            actor=actor,
            reason=f"名册导入：{filename}"[:500],
            number_prefix=number_prefix(union),
        )
    else:
        plan = merge.plan(union=union, mapped=mapped, today=today)
    result.counts = plan.counts
    result.errors = plan.errors


def roster_preview(**kwargs) -> RosterResult:
    return roster_run(apply=False, **kwargs)


def roster_apply(**kwargs) -> RosterResult:
    return roster_run(apply=True, **kwargs)


# ---- uploads through the pages: the file is kept, preview and apply run as background jobs ----------------

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
ERRORS_ON_PAGE = 200


@transaction.atomic
def roster_upload(*, actor, union: Org, content: bytes, filename: str):
    """Keep an uploaded roster and start its preview (a background job with a progress bar)."""
    from uuid import uuid4

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .models import RosterImport

    require(actor, "member.manage", union)
    if not content:
        raise DomainError("empty_file", "文件是空的", fields={"file": "请选择名册文件"})
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError("file_too_big", "文件超过 200 MB，请分批导入", fields={"file": "文件过大"})
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("xlsx", "xls", "xlsm", "ods", "csv"):
        raise DomainError("bad_file", "请上传 .xlsx、.xls 或 .csv 文件", fields={"file": "文件类型不支持"})
    stored = default_storage.save(f"imports/{uuid4().hex}.{suffix}", ContentFile(content))
    imp = RosterImport.objects.create(
        org=union,
        actor=acting_user(actor),
        file_name=filename[:255],
        file_sha256=file_hash(content),
        file_size=len(content),
        stored_file=stored,
    )
    _start(imp, actor, "roster.preview")
    return imp


def _start(imp, actor, kind: str) -> None:
    from django.urls import reverse

    title = ("检查名册" if kind == "roster.preview" else "导入名册") + f"“{imp.file_name}”"
    job = job_start(
        actor=actor,
        kind=kind,
        title=title,
        org=imp.org,
        params={
            "import_id": imp.pk,
            "next": reverse("imports:detail", args=[imp.pk]),
            "next_label": "查看结果",
        },
    )
    field = "preview_job" if kind == "roster.preview" else "apply_job"
    setattr(imp, field, job)
    imp.save(update_fields=[field])


@transaction.atomic
def roster_remap(*, actor, imp, mapping: dict[int, str]):
    """The user says which column holds which field; check the roster again with that. The union remembers the
    choice for its next roster (`remember_headings`), and the first run's counts, errors and message are cleared
    so the page never shows them beside the new run's."""
    from .models import ImportStatus
    from .roster import FIELDS, check_mapping

    require(actor, "member.manage", imp.org)
    if imp.status not in (ImportStatus.PREVIEWED, ImportStatus.FAILED):
        raise DomainError("busy", "该名册正在处理或已导入")
    chosen = {c: f for c, f in mapping.items() if f}
    unknown = set(chosen.values()) - set(FIELDS)
    if unknown or len(set(chosen.values())) != len(chosen):
        raise DomainError("bad_mapping", "每个字段只能对应一列", fields={"mapping": "有重复"})
    check_mapping(chosen)
    imp.mapping = {str(c): f for c, f in chosen.items()}
    imp.status = ImportStatus.CHECKING
    imp.errors, imp.preview, imp.message = [], None, ""
    imp.save(update_fields=["mapping", "status", "errors", "preview", "message"])
    remembered = remember_headings(actor=actor, union=imp.org, headings=imp.headings, mapping=chosen)
    audit_record(
        actor=actor,
        action=ImportAudit.MAPPING,
        org=imp.org,
        target=imp,
        target_label=f"{imp.org.name}：{imp.file_name}",
        after={
            "mapping": {
                imp.headings[c] if c < len(imp.headings) else f"第{c + 1}列": FIELDS[f][0]
                for c, f in sorted(chosen.items())
            },
            "remembered": remembered,
        },
    )
    _start(imp, actor, "roster.preview")
    return imp


def remember_headings(*, actor, union: Org, headings: list[str], mapping: dict[int, str]) -> dict[str, str]:
    """Keep, for the union, each heading the cadre mapped otherwise than the usual variants would (a column
    left out included, as ""); a heading mapped as the variants would is forgotten again. Returns what changed
    (heading → field label), for the audit row."""
    from .models import HeadingMapping
    from .roster import FIELDS, HEADING_TO_FIELD, normal_heading

    changed: dict[str, str] = {}
    seen: set[str] = set()
    for col, text in enumerate(headings):
        heading = normal_heading(text)
        if not heading or len(heading) > 100 or heading in seen:
            continue
        seen.add(heading)
        field = mapping.get(col, "")
        known = HeadingMapping.objects.filter(org=union, heading=heading).first()
        if field == HEADING_TO_FIELD.get(heading, ""):
            if known is not None:
                known.delete()
                changed[heading] = FIELDS[field][0] if field else "（不导入）"
            continue
        if known is not None and known.field == field:
            continue
        HeadingMapping.objects.update_or_create(
            org=union, heading=heading, defaults={"field": field, "updated_by": acting_user(actor)}
        )
        changed[heading] = FIELDS[field][0] if field else "（不导入）"
    return changed


@transaction.atomic
def roster_start_apply(*, actor, imp):
    from .models import ImportStatus, RosterImport

    imp = RosterImport.objects.select_for_update().get(pk=imp.pk)
    require(actor, "member.manage", imp.org)
    if imp.status != ImportStatus.PREVIEWED:
        raise DomainError("not_previewed", "请先完成预览；已导入的名册不能重复提交")
    imp.status = ImportStatus.APPLYING
    imp.save(update_fields=["status"])
    _start(imp, actor, "roster.apply")
    return imp


# ---- the error report with full values, for correcting the rows (I3) -------------------------------------


@transaction.atomic
def roster_errors_reveal(*, actor, imp, reason: str, request=None) -> tuple[str, bytes]:
    """The last run's error report with document numbers and mobiles in full, for someone holding member.reveal
    on the import's union: the errors as that run's report lists them, the values read again from the kept
    upload, so no full value is stored anywhere new. Asks for a reason and leaves an audit record."""
    from django.core.files.storage import default_storage

    from .reports import error_report, stored_errors

    require(actor, "member.reveal", imp.org)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise DomainError(
            "reason_required", "请具体说明下载完整错误报告的事由（至少4个字）", fields={"reason": "必填"}
        )
    job = imp.apply_job or imp.preview_job
    if job is None or job.status != JobStatus.DONE or not job.result_file:
        raise DomainError("no_report", "该名册还没有错误报告：请等检查完成后再下载")
    with default_storage.open(job.result_file, "rb") as f:
        errors = stored_errors(f.read())
    with default_storage.open(imp.stored_file, "rb") as f:
        content = f.read()
    audit_record(
        actor=actor,
        action=ImportAudit.ERRORS_REVEAL,
        category=AuditCategory.ACCESS,
        org=imp.org,
        target=imp,
        target_label=f"{imp.org.name}：{imp.file_name}",
        after={"errors": len(errors), "file_sha256": imp.file_sha256},
        reason=reason,
        request=request,
    )
    report = error_report(
        errors, content=content, filename=imp.file_name, mapping=imp.column_mapping(), full=True
    )
    stem = imp.file_name.rsplit(".", 1)[0]
    return f"{stem}-错误报告（含完整信息）.xlsx", report
