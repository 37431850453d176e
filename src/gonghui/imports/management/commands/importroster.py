"""`gonghui importroster FILE --union ID [--apply]`: a roster import from the command line.

Why: a federation receives rosters by the thousand (by e-mail, on USB sticks); an operator imports a folder of
them from a script, with the same checks, the same preview and the same all-or-nothing apply as the page. Without
--apply it only previews (nothing is written); either way the error report is written beside the file.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import User
from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.imports.reports import error_report
from gonghui.imports.services import roster_run
from gonghui.orgs.models import Org


class Command(BaseCommand):
    help = "导入会员名册（默认只预览；--apply 写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--union", type=int, required=True, help="工会组织 ID")
        parser.add_argument("--apply", action="store_true", help="写入名册（不加则只预览）")
        parser.add_argument("--user", help="以该工作人员身份导入（检查其权限并记入审计）；不填为系统")

    def handle(self, *args, file: Path, union: int, apply: bool, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        org = Org.objects.filter(pk=union).first()
        if org is None:
            raise CommandError(f"未找到工会组织 {union}")
        actor = User.objects.filter(username=user).first() if user else SYSTEM
        if actor is None:
            raise CommandError(f"未找到用户 {user}")
        content = file.read_bytes()
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  已检查 {done:,} 行", ending="\r")

        try:
            result = roster_run(
                actor=actor, union=org, content=content, filename=file.name, apply=apply, progress=progress
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        seconds = time.monotonic() - started
        c = result.counts
        self.stdout.write("")
        self.stdout.write(
            f"{'已导入' if apply else '预览'}：{org.name} ← {file.name}（SHA-256 {result.sha256[:12]}…）"
        )
        self.stdout.write(
            f"  行数 {c.rows:,} · 新会员 {c.new_members:,}（其中新登记人员 {c.new_people:,}）"
            f" · 信息有变化 {c.changed_people:,} · 转会申请 {c.transfers:,}"
            f" · 已是本会会员 {c.already_here:,} · 错误行 {c.errors:,}"
        )
        self.stdout.write(f"  用时 {seconds:.1f} 秒（{c.rows / seconds if seconds else 0:,.0f} 行/秒）")
        if result.errors:
            report = file.with_name(f"{file.stem}-错误报告.xlsx")
            report.write_bytes(error_report(result.errors, content=content, filename=file.name))
            self.stdout.write(f"  错误报告：{report}")
        if not apply:
            self.stdout.write("  未写入任何数据；确认无误后加 --apply 导入")
