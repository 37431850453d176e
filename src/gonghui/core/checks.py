"""System checks: `gonghui check --deploy --database default` flags demo passwords and the demo SMS sender left in
production; every check warns when personal-data keys would come from the published default secret and refuses an
audit action code declared twice."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db.utils import DatabaseError

from .audit import duplicate_codes
from .modules import load, nav_items, registered
from .scope import Scope, permission_labels


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


# ---- the house rules: permission codes and module contracts ------------------------------------------------


def _view_rules():
    """(where, rule) of every page in the URLconf and every API operation the modules mount."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and hasattr(p.callback, "access_rule"):
                yield prefix + str(p.pattern), p.callback.access_rule

    yield from walk(get_resolver().url_patterns)
    for _, contract in registered():
        for prefix, router_path in contract.api:
            router = load(router_path)
            for path, path_view in router.path_operations.items():
                for operation in path_view.operations:
                    rule = getattr(operation.view_func, "access_rule", None)
                    if rule is not None:
                        yield f"api{prefix}{path}", rule


@register(Tags.security)
def permission_codes_registered(app_configs=None, **kwargs):
    """Every permission code the code relies on is registered by some app (AppConfig.permissions): an access
    rule, a navigation entry, a model's Scope. A typo would otherwise lock everyone out, or nobody."""
    from django.apps import apps

    from .access import RULES

    known = set(permission_labels())
    used = [(f"页面 {where}", rule) for where, rule in _view_rules()]
    used += [(f"导航 {item.url_name}", item.rule) for item in nav_items()]
    for model in apps.get_models():
        scope = getattr(model, "scope", None)
        if isinstance(scope, Scope):
            used += [(f"模型 {model._meta.label}.{action}", perm) for action, perm in scope.actions.items()]
    return [
        Error(
            f"{where} 使用了未登记的权限代码 “{code}”",
            hint="在所属应用的 AppConfig.permissions 中登记",
            id="gonghui.E010",
        )
        for where, code in used
        if code not in known and code not in RULES
    ]


@register()
def module_contracts(app_configs=None, **kwargs):
    """What each module declares in its contract can be found: dotted paths import, work figure keys are unique."""
    errors = []
    seen: dict[str, str] = {}
    for config, contract in registered():
        paths = [p for p in (contract.org_figures, contract.todo) if p]
        paths += [
            *contract.member_panels,
            *contract.card_panels,
            *contract.person_panels,
            *(router for _, router in contract.api),
        ]
        if contract.work:
            paths += [p for p in (contract.work.count, contract.work.links, contract.work.details) if p]
            for key in contract.work.figure_keys():
                if key in seen:
                    errors.append(
                        Error(
                            f"工作数据代码 “{key}” 在 {seen[key]} 和 {config.label} 中重复", id="gonghui.E012"
                        )
                    )
                seen[key] = config.label
        if contract.demo:
            paths += [p for p in (contract.demo.run, contract.demo.lines) if p]
        for path in paths:
            try:
                load(path)
            except ImportError as exc:
                errors.append(Error(f"{config.label} 的模块声明找不到 {path}：{exc}", id="gonghui.E011"))
    return errors


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
