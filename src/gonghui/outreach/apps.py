"""Workers joining on their phones: join codes, outreach events, the join flow, the member's own pages and card."""

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "gonghui.outreach"
    label = "outreach"
    verbose_name = "扫码入会"
