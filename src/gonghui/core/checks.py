"""System checks: `gonghui check --deploy --database default` flags demo passwords and the demo SMS sender left in
production; every check warns when personal-data keys would come from the published default secret and refuses an
audit action code declared twice."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db.utils import DatabaseError

from .audit import duplicate_codes


@register(Tags.security, Tags.database, deploy=True)
def demo_passwords_in_production(app_configs=None, databases=None, **kwargs):
    if not databases or settings.DEBUG:
        return []
    from .demo_guard import accounts_with_demo_password

    try:
        found = accounts_with_demo_password()
    except DatabaseError:
        return []
    return (
        [
            Error(
                f"演示账号 {', '.join(found)} 仍使用演示密码",
                hint="修改这些账号的密码或停用它们。",
                id="gonghui.E001",
            )
        ]
        if found
        else []
    )


DEMO_SMS_SENDER = "gonghui.outreach.sms.DemoSender"
GATEWAY_SENDER = "gonghui.core.sms_gateway.HttpGatewaySender"


@register(Tags.security, deploy=True)
def sms_sender_in_production(app_configs=None, **kwargs):
    """A production server whose worker codes go nowhere: workers cannot join nor sign in."""
    sender = getattr(settings, "GONGHUI_SMS_SENDER", "")
    if sender == DEMO_SMS_SENDER:
        return [
            Error(
                "GONGHUI_SMS_SENDER 是演示短信发送器，验证码不会真正发出",
                hint=f"生产环境请设置 GONGHUI_SMS_SENDER={GATEWAY_SENDER} 和 GONGHUI_SMS_GATEWAY_URL"
                "（见 docs/operations.md）。",
                id="gonghui.E002",
            )
        ]
    if sender == GATEWAY_SENDER and not getattr(settings, "GONGHUI_SMS_GATEWAY_URL", ""):
        return [
            Error(
                "GONGHUI_SMS_GATEWAY_URL 未设置：短信网关发送器不知道把短信交给哪里",
                hint="设置短信网关地址 GONGHUI_SMS_GATEWAY_URL，以及 GONGHUI_SMS_GATEWAY_TOKEN。",
                id="gonghui.E003",
            )
        ]
    return []


@register(Tags.security)
def personal_data_keys(app_configs=None, **kwargs):
    """Keys derived from the SECRET_KEY published with the source protect nothing (core/personal.py)."""
    from . import personal

    keys_set = getattr(settings, "GONGHUI_DATA_KEYS", "") and getattr(settings, "GONGHUI_LOOKUP_KEY", "")
    if keys_set or not personal.derivation_refused():
        return []
    return [
        Warning(
            "个人信息密钥未设置，且 SECRET_KEY 是内置默认值：读写证件号码和手机号码的页面将拒绝工作",
            hint="设置 GONGHUI_DATA_KEYS 和 GONGHUI_LOOKUP_KEY（或至少 GONGHUI_SECRET_KEY）；"
            "本机演示请用 `gonghui demo`。",
            id="gonghui.W001",
        )
    ]


@register()
def audit_actions_declared_once(app_configs=None, **kwargs):
    """One code, one meaning: two apps declaring the same audit action code would make old rows ambiguous."""
    return [
        Error(
            f"审计操作代码 {code} 被重复声明：{'、'.join(places)}",
            hint="每个操作代码只能在一个应用的 audit.py 中声明一次；新的操作请另取代码，已写入的代码不要改。",
            id="gonghui.E004",
        )
        for code, places in duplicate_codes().items()
    ]
