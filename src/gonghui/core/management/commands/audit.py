"""The audit log's integrity and retention (等保 安全审计): verify the hash chain, archive old records, prune them.

`verify` is meant for a nightly job and for auditors: it exits non-zero and names the first broken record. Its
last line (the chain head) is worth copying somewhere outside this server, which then pins the history up to it.
`archive` writes records older than a date to a file that verifies on its own; `prune` removes only archived
records past the retention period (GONGHUI_AUDIT_RETENTION_DAYS, at least 180 days).
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.chain import seal_pending, verify_chain
from gonghui.core.errors import DomainError
from gonghui.core.retention import archive_verify, audit_archive, audit_prune, retention_days


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链；seal 封存新记录；archive 归档到文件；prune 清理已归档的过期记录"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计链 (verify the chain; non-zero exit if broken)")
        verify.add_argument("--archive", type=Path, help="校验一个归档文件 (verify an archive file instead)")
        sub.add_parser("seal", help="封存已提交的新记录 (seal committed records)")
        archive = sub.add_parser("archive", help="把某日之前的记录写入文件 (archive records before DATE)")
        archive.add_argument("--before", required=True, type=_date, help="YYYY-MM-DD")
        archive.add_argument("--out", required=True, type=Path, help="输出文件 (JSON lines)")
        prune = sub.add_parser("prune", help="清理已归档且超过保留期的记录 (prune archived old records)")
        prune.add_argument("--before", required=True, type=_date, help="YYYY-MM-DD")
        prune.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _verify(self, *, archive: Path | None, **options):
        verdict = archive_verify(archive) if archive else verify_chain()
        if verdict.broken is not None:
            raise CommandError(
                f"审计链校验失败 (chain broken)：{verdict.broken}；此前 {verdict.checked} 条完好"
            )
        self.stdout.write(f"审计链完好 (chain intact)：{verdict.checked} 条记录")
        if verdict.unsealed:
            self.stdout.write(f"另有 {verdict.unsealed} 条记录属于尚未提交的事务，尚未封存")
        self.stdout.write(f"链尾 (head)：#{verdict.last_seq} {verdict.last_hash}")

    def _seal(self, **options):
        self.stdout.write(f"已封存 (sealed)：{seal_pending()} 条")

    def _archive(self, *, before: dt.date, out: Path, **options):
        archive = audit_archive(before=before, out=out)
        self.stdout.write(
            f"已归档 (archived)：{archive.count} 条 (#{archive.first_seq}–#{archive.last_seq}) → {archive.path}"
            f"\nSHA-256 {archive.sha256}"
        )

    def _prune(self, *, before: dt.date, dry_run: bool, **options):
        count = audit_prune(before=before, dry_run=dry_run)
        verb = "可清理 (would prune)" if dry_run else "已清理 (pruned)"
        self.stdout.write(f"{verb}：{count} 条 {before:%Y-%m-%d} 之前的记录 (保留期 {retention_days()} 天)")
