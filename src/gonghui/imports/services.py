"""Roster import: preview what a roster would do, or apply it, in one transaction.

Reading and checking stream the file in batches into the staging table; the merge is set-wise (merge.py).
Preview and apply run the same pipeline; preview rolls back, apply commits, and a run killed at any point leaves
the register as before (the transaction never committed) or fully applied, so running it again completes it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import DomainError
from gonghui.members.services import MEMBER_HOLDING_LEVELS, _number_prefix
from gonghui.orgs.models import Org
from gonghui.orgs.services import require

from . import merge
from .roster import Parsed, RowChecker, RowError, blank, open_roster

BATCH = 5_000
Progress = Callable[[int, int], None]


@dataclass
class RosterResult:
    applied: bool
    counts: merge.Counts
    errors: list[RowError] = field(default_factory=list)
    parsed: Parsed | None = None
    sha256: str = ""


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
    if union.level not in MEMBER_HOLDING_LEVELS or union.is_dissolved:
        raise DomainError(
            "not_a_union", f"“{union.name}”不能接收会员：请选择基层工会、联合工会或街道（乡镇）工会"
        )
    today = timezone.localdate()
    result = RosterResult(applied=apply, counts=merge.Counts(), sha256=file_hash(content))
    try:
        with transaction.atomic():
            parsed, rows = open_roster(content, filename, mapping)
            result.parsed = parsed
            checker = RowChecker(parsed.mapping, today=today)
            merge.create_stage()
            batch: list[tuple] = []
            seen = 0
            row_errors: list[RowError] = []
            for row_no, cells in rows:
                if blank(cells):
                    continue
                seen += 1
                checked = checker.check(row_no, cells)
                if isinstance(checked, list):
                    row_errors.extend(checked)
                else:
                    batch.append(checked)
                if len(batch) >= BATCH:
                    merge.load_stage(batch)
                    batch = []
                    if progress:
                        progress(seen, max(total_hint, seen))
            if batch:
                merge.load_stage(batch)
            merge.index_stage()
            mapped = set(parsed.mapping.values())
            if apply:
                plan = merge.apply(
                    union=union,
                    mapped=mapped,
                    today=today,
                    actor=actor,
                    reason=f"名册导入：{filename}"[:500],
                    number_prefix=_number_prefix(union),
                )
            else:
                plan = merge.plan(union=union, mapped=mapped, today=today)
            bad_rows = {e.row for e in row_errors}
            plan.counts.errors += len(bad_rows)
            plan.counts.rows = seen
            result.counts = plan.counts
            result.errors = sorted(row_errors + plan.errors, key=lambda e: (e.row, e.column))
            if apply:
                audit_record(
                    actor=actor,
                    action="member.import",
                    org=union,
                    target=union,
                    target_label=f"{union.name}：{filename}",
                    after={"file_sha256": result.sha256, **result.counts.as_dict()},
                )
            if progress:
                progress(seen, seen)
            if not apply:
                raise _Rollback
    except _Rollback:
        pass
    return result


def roster_preview(**kwargs) -> RosterResult:
    return roster_run(apply=False, **kwargs)


def roster_apply(**kwargs) -> RosterResult:
    return roster_run(apply=True, **kwargs)
