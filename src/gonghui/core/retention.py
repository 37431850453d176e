"""Keeping the audit log (等保: at least 180 days): archiving old records to a file, then pruning them.

An archive is a JSON-lines file: a header line, then one line per record in chain order with its seal, so the file
verifies on its own (`gonghui audit verify --archive FILE`, with the audit key). Pruning removes only a prefix of the
chain that an archive covers, older than the retention period, and records the last pruned record as the anchor
from which the remaining chain is verified.
"""

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import CoreAudit, audit_record
from .chain import SEAL_FIELDS, SEALED_FIELDS, Verdict, canonical, head, seal_pending, verify_chain, walk
from .errors import DomainError
from .models import AuditArchive, AuditCategory, AuditChain, AuditEvent
from .scope import SYSTEM

MIN_RETENTION_DAYS = 180  # 等保 2.0 level 3 (GB/T 22239-2019 8.1.4.3) and 网络安全法 art. 21
FORMAT = "gonghui-audit-archive/1"


def retention_days() -> int:
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "GONGHUI_AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)))


def _cutoff(before: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(before, dt.time.min))


def _last_seq_before(before: dt.date) -> int:
    """The end of the chain prefix recorded before `before`: the record before the first one on or after it."""
    first_after = (
        AuditEvent.objects.filter(seq__isnull=False, created_at__gte=_cutoff(before))
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    return first_after - 1 if first_after is not None else head().last_seq


def audit_archive(*, before: dt.date, out: Path) -> AuditArchive:
    """Write every remaining record before `before` to `out` (JSON lines) and remember the archive."""
    if out.exists():
        raise DomainError("archive_exists", f"文件已存在，不会覆盖：{out}")
    verdict = verify_chain()
    if verdict.broken is not None:
        raise DomainError("chain_broken", f"审计链校验未通过，不能归档：{verdict.broken}")
    chain = head()
    last_seq = _last_seq_before(before)
    rows = (
        AuditEvent.objects.filter(seq__gt=chain.anchor_seq, seq__lte=last_seq)
        .order_by("seq")
        .values(*SEALED_FIELDS, *SEAL_FIELDS, "org_path")
    )
    if last_seq <= chain.anchor_seq:
        raise DomainError("nothing_to_archive", f"{before:%Y-%m-%d} 之前没有尚未清理的审计记录")
    header: dict[str, Any] = {
        "format": FORMAT,
        "before": before.isoformat(),
        "first_seq": chain.anchor_seq + 1,
        "last_seq": last_seq,
        "prev_hash": chain.anchor_hash,
    }
    partial = out.with_name(out.name + ".part")
    digest, count, last_hash = hashlib.sha256(), 0, ""
    with partial.open("wb") as f:
        for item in (header, *(_line(row) for row in rows.iterator(chunk_size=2000))):
            data = (json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n").encode()
            f.write(data)
            digest.update(data)
            if "hash" in item:
                count, last_hash = count + 1, item["hash"]
        f.flush()
        os.fsync(f.fileno())
    partial.replace(out)
    with transaction.atomic():
        archive = AuditArchive.objects.create(
            before=before,
            first_seq=header["first_seq"],
            last_seq=last_seq,
            last_hash=last_hash,
            count=count,
            path=str(out.resolve()),
            sha256=digest.hexdigest(),
        )
        audit_record(
            actor=SYSTEM,
            action=CoreAudit.ARCHIVE,
            category=AuditCategory.SECURITY,
            target=archive,
            after={
                "before": header["before"],
                "first_seq": archive.first_seq,
                "last_seq": last_seq,
                "count": count,
                "sha256": archive.sha256,
            },
        )
    return archive


def _line(row: dict[str, Any]) -> dict[str, Any]:
    return {**canonical(row), **{name: row[name] for name in (*SEAL_FIELDS, "org_path")}}


def archive_verify(path: Path) -> Verdict:
    """Recompute the chain inside an archive file, from the anchor its header names."""
    with path.open(encoding="utf-8") as f:
        header = json.loads(f.readline() or "{}")
        if header.get("format") != FORMAT:
            raise DomainError("not_an_archive", f"不是审计归档文件：{path}")
        verdict = walk(
            (json.loads(line) for line in f if line.strip()),
            seq=header["first_seq"] - 1,
            prev_hash=header["prev_hash"],
        )
    if verdict.broken is None and verdict.last_seq != header["last_seq"]:
        raise DomainError(
            "archive_short", f"归档应至 #{header['last_seq']}，实至 #{verdict.last_seq}：文件不完整"
        )
    return verdict


def audit_prune(*, before: dt.date, dry_run: bool = False) -> int:
    """Remove the archived records older than `before`; returns how many (would be) removed."""
    days = retention_days()
    latest = timezone.localdate() - dt.timedelta(days=days)
    if before > latest:
        raise DomainError(
            "retention", f"审计记录至少保留 {days} 天：只能清理 {latest:%Y-%m-%d} (含) 以前的记录"
        )
    seal_pending()
    chain = head()
    last_seq = _last_seq_before(before)
    if last_seq <= chain.anchor_seq:
        return 0
    covered = AuditArchive.objects.filter(
        first_seq__lte=chain.anchor_seq + 1, last_seq__gte=last_seq
    ).exists()
    if not covered:
        raise DomainError(
            "not_archived",
            f"#{chain.anchor_seq + 1}–#{last_seq} 尚未归档：请先运行 "
            f"gonghui audit archive --before {before:%Y-%m-%d} --out 文件",
        )
    if dry_run:
        return last_seq - chain.anchor_seq
    with transaction.atomic():
        chain = AuditChain.objects.select_for_update().get(pk=1)
        anchor_hash = AuditEvent.objects.values_list("hash", flat=True).get(seq=last_seq)
        removed, _ = AuditEvent.objects.filter(seq__gt=chain.anchor_seq, seq__lte=last_seq).delete()
        first = chain.anchor_seq + 1
        chain.anchor_seq, chain.anchor_hash = last_seq, anchor_hash
        chain.save(update_fields=["anchor_seq", "anchor_hash"])
        audit_record(
            actor=SYSTEM,
            action=CoreAudit.PRUNE,
            category=AuditCategory.SECURITY,
            after={"before": before.isoformat(), "first_seq": first, "last_seq": last_seq, "count": removed},
        )
    return removed
