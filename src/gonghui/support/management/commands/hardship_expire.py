"""Lapse approved hardship files whose year passed without a re-review (V3), and clear the members' 困难职工 flag
where no other live approved file remains (M10). Run daily (cron): `gonghui hardship_expire`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gonghui.support.hardship_services import hardship_expire_due


class Command(BaseCommand):
    help = "困难职工档案逾期未复审的置为失效，并取消困难职工标记 (daily)"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期处理（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today 应为 YYYY-MM-DD") from exc
        n = hardship_expire_due(day)
        self.stdout.write(f"逾期未复审、已失效的困难职工档案：{n}份")
