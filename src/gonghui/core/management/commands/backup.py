"""Back up the database and the uploaded files into one encrypted file (等保 数据备份恢复).

Run it nightly from cron or a systemd timer and copy the file off the server; GONGHUI_BACKUP_KEY must be kept
apart from the backups (docs/operations.md, "备份与恢复"). It writes nothing but the file in --out.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import backup_write
from gonghui.core.errors import DomainError


class Command(BaseCommand):
    help = "备份数据库 (pg_dump) 与上传文件，加密写入 --out 目录"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="输出目录 (output directory)")

    def handle(self, *args, out: Path, **options):
        try:
            path = backup_write(out, progress=self.stdout.write)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"备份完成 (backup written)：{path} ({path.stat().st_size / 1e6:.1f} MB)")
