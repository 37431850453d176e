"""Workers joining on their phones: join codes, outreach events, the join flow, the member's own pages and card."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem


class OutreachConfig(AppConfig):
    name = "gonghui.outreach"
    label = "outreach"
    verbose_name = "扫码入会"
    contract = Module(
        urls=("outreach/", "gonghui.outreach.urls"),
        public_urls="gonghui.outreach.public_urls",
        api=(("/outreach/", "gonghui.outreach.api.router"),),
        nav=(NavItem("outreach:index", "扫码入会", "member.view", order=70),),
        not_found=(("/j/", "outreach/phone/404.html"), ("/me/", "outreach/phone/404.html")),
        demo=DemoStep(
            "扫码入会活动 outreach events (000-3, 000-4)",
            "gonghui.outreach.demo.load",
            order=10,
            lines="gonghui.outreach.demo.lines",
        ),
    )
