"""Escalate members' requests past a deadline to the node above (rule V4); run daily (cron or a timer).

Idempotent: a request is escalated once; running it twice a day, or catching up after a missed day, escalates
each late request exactly once."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.support.requests_services import requests_escalate_overdue


class Command(BaseCommand):
    help = "将逾期未确认或未答复的职工诉求升级至上一级工会督办（每天运行）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期判断是否逾期（YYYY-MM-DD），默认今天")

    def handle(self, *args, date: str | None = None, **options):
        today = dt.date.fromisoformat(date) if date else timezone.localdate()
        n = requests_escalate_overdue(today)
        self.stdout.write(f"{today:%Y-%m-%d}：升级逾期诉求{n}件")
