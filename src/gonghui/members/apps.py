"""The member register: people, memberships, joining, transfers and leaving."""

from django.apps import AppConfig

from gonghui.core.modules import Module, NavItem


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"
    permissions = {
        "member.view": "查看会员名册（证件号码、手机号码脱敏）",
        "member.manage": "会员入会、审批、转会、保留会籍、退会",
        "member.reveal": "查看完整证件号码与手机号码、导出完整名册（留痕）",
    }
    contract = Module(
        urls=("members/", "gonghui.members.urls"),
        api=(
            ("/members/", "gonghui.members.api.router"),
            ("/transfers/", "gonghui.members.api.transfers_router"),
        ),
        nav=(
            NavItem("members:list", "会员", "member.view", order=30),
            NavItem("members:applications", "入会审批", "member.manage", order=40),
            NavItem("members:transfers", "转会", "member.manage", order=50),
        ),
        org_figures="gonghui.members.selectors.org_figures",
        todo="gonghui.members.selectors.todo",
    )

    def ready(self) -> None:
        # core.access imports Django's auth views, which need the app registry: imported once apps are ready
        from gonghui.core.access import register_member_loader

        from . import exports  # noqa: F401  (registers the export job kind)
        from .sessions import signed_in_member

        register_member_loader(signed_in_member)
