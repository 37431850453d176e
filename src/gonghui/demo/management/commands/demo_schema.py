"""`gonghui demo_schema`: record the schema the migrations build on SQLite for `gonghui demo` (see demo/schema.py).

Run it after adding or changing a migration (the demo tests fail until then; the demo itself stays correct without
it, only slower: it runs the migrations). `--check` only says whether the record is current.
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.demo import schema


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "记录演示数据库结构 (record the SQLite schema the migrations build, for a fast first `gonghui demo`)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="只检查是否最新 (exit 1 if the record is stale)"
        )

    def handle(self, *args, check: bool, **options):
        if check:
            if not schema.is_current():
                raise CommandError(
                    f"演示数据库结构记录已过期 the demo schema record is stale: run `{schema.REGENERATE}`"
                )
            self.stdout.write("演示数据库结构记录是最新的 the demo schema record is current")
            return
        path = schema.write()
        self.stdout.write(f"已写入 written: {path} ({path.stat().st_size // 1024} KB)")
