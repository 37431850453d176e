"""Restore a backup written by `gonghui backup`: the whole database is replaced and the stored files put back.

For the restore drill and for disaster recovery. Stop the web server and the task worker first. The file is
authenticated in full before anything is touched; the database is restored in one transaction. Afterwards the
command verifies the audit chain; run `gonghui stats recompute` as well.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import backup_check, backup_restore
from gonghui.core.chain import verify_chain
from gonghui.core.errors import DomainError


class Command(BaseCommand):
    help = "从备份文件恢复数据库与上传文件 (会覆盖当前数据库)"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="gonghui backup 写出的 .backup 文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖 (no confirmation)")
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验文件完整与密钥，不恢复 (check the file only)"
        )

    def handle(self, *args, file: Path, yes: bool, dry_run: bool, **options):
        try:
            if dry_run:
                size = backup_check(file)
                self.stdout.write(f"备份文件完好 (backup intact)：{size / 1e6:.1f} MB")
                return
            if not yes and input("这会覆盖当前数据库和上传文件。输入 yes 继续：").strip() != "yes":
                raise CommandError("已取消 (cancelled)")
            result = backup_restore(file, progress=self.stdout.write)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        head = result["manifest"].get("audit_head", {})
        self.stdout.write(
            f"恢复完成 (restored)：{result['files']} 个文件，用时 {result['seconds']:.1f} 秒；"
            f"备份时审计链尾 #{head.get('seq')} {head.get('hash')}"
        )
        verdict = verify_chain()
        if verdict.broken is not None:
            raise CommandError(f"审计链校验失败 (audit chain broken)：{verdict.broken}")
        self.stdout.write(f"审计链完好 (audit chain intact)：{verdict.checked} 条，链尾 #{verdict.last_seq}")
