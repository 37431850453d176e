"""Writing the audit log: every service calls `audit_record` inside its own transaction, naming what it did by
one of the actions its app declares in its own `audit.py`; the auditor reads each action's Chinese label.

An app declares its actions once, as named constants, and `audit_record` writes no other:

    class MemberAudit(AuditActions):
        ENROL = Action("member.enrol", "会员入会")

    audit_record(actor=actor, action=MemberAudit.ENROL, ...)

The values before and after are shown field by field: a key the app labels in its class's `FIELDS`
(`FIELDS = {"to_union": "转入工会"}`) reads so; any other that names a field of the record's model reads as the
field's verbose_name.

A code is what the log stores and never changes once written (old rows keep their meaning); the label is what the
audit page, the API's `action_label` and the organisation history show. Core imports no app: the declarations are
collected from every installed app's `audit` module (core.checks refuses a code declared twice).
"""

import importlib
import importlib.util
import ipaddress
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.db import models

from .chain import schedule_seal
from .models import AuditCategory, AuditEvent


@dataclass(frozen=True)
class Action:
    """One kind of audit entry: `code` as stored in AuditEvent.action, `label` as the auditor reads it."""

    code: str
    label: str

    def __str__(self) -> str:
        return self.code


class Declaration(NamedTuple):
    action: Action
    module: str  # the module that declared it, which tells its app
    name: str  # where, for a reader: gonghui.members.audit.MemberAudit.ENROL


# code → every declaration of it, first first; more than one is an error the system check reports
_declared: dict[str, list[Declaration]] = {}
# module → the labels its records' keys read as (`FIELDS`)
_field_labels: dict[str, dict[str, str]] = {}


class AuditActions:
    """An app's audit actions: subclass it in the app's `audit.py` with one `Action` per constant. Defining the
    class declares them; `audit_record` refuses any action not declared this way."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _field_labels.setdefault(cls.__module__, {}).update(vars(cls).get("FIELDS", {}))
        for name, value in vars(cls).items():
            if isinstance(value, Action):
                where = f"{cls.__module__}.{cls.__qualname__}.{name}"
                _declared.setdefault(value.code, []).append(Declaration(value, cls.__module__, where))


@cache
def _collect() -> None:
    """Import every installed app's `audit` module once, so that its declarations are known before the first
    entry is written or the first label is read (core names no app: the app registry does)."""
    for config in apps.get_app_configs():
        name = f"{config.name}.audit"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def declared() -> dict[str, list[Declaration]]:
    """Every declared code with its declarations."""
    _collect()
    return _declared


def duplicate_codes() -> dict[str, list[str]]:
    """Codes declared more than once, with where each declaration is."""
    return {code: [d.name for d in found] for code, found in declared().items() if len(found) > 1}


def action_label(code: str) -> str:
    """The Chinese label of an action code; a code nobody declares any more is shown as it is."""
    found = declared().get(code)
    return found[0].action.label if found else code


def field_label(code: str, key: str, *, own_only: bool = False) -> str | None:
    """What a key of the values before and after reads as, for an entry of action `code`: the declaring app's
    label, else (unless `own_only`) any app's (a few keys, such as 组织, are shared)."""
    found = declared().get(code)
    own = _field_labels.get(found[0].module, {}) if found else {}
    if key in own or own_only:
        return own.get(key)
    return next((labels[key] for labels in _field_labels.values() if key in labels), None)


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The declared actions grouped by app (in INSTALLED_APPS order), for a select: [(app, [(code, label)])]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, found in declared().items():
        config = apps.get_containing_app_config(found[0].module)
        groups.setdefault(config.label if config else "", []).append((code, found[0].action.label))
    return [
        (str(config.verbose_name), groups[config.label])
        for config in apps.get_app_configs()
        if config.label in groups
    ]


def _declared_action(action: Action) -> Action:
    found = declared().get(action.code) if isinstance(action, Action) else None
    if not found or found[0].action != action:
        raise ValueError(
            f"audit action {action!r} is not declared: add it to an AuditActions class in its app's audit.py"
        )
    return action


def acting_user(actor):
    """The staff user behind an actor, or None when the system acts (commands, the demo, a worker's own join)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def client_ip(request) -> str | None:
    """The client's address: behind a proxy, the first address of GONGHUI_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP);
    else, or when that header is missing or not an address, REMOTE_ADDR.

    The header is only trustworthy when the proxy sets it itself (nginx: `proxy_set_header X-Real-IP
    $remote_addr`); a client can write any X-Forwarded-For it likes, and its first address is the client's claim.
    """
    if request is None:
        return None
    header = getattr(settings, "GONGHUI_CLIENT_IP_HEADER", "")
    forwarded = request.META.get(header, "") if header else ""
    for text in (forwarded.split(",")[0], request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(text.strip()))
        except ValueError:
            continue
    return None


def audit_record(
    *,
    actor,
    action: Action,
    category: str = AuditCategory.CHANGE,
    org=None,
    target: models.Model | None = None,
    target_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    request=None,
    actor_username: str = "",
) -> AuditEvent:
    code = _declared_action(action).code
    user = acting_user(actor)
    event = AuditEvent.objects.create(
        actor=user,
        actor_username=actor_username or (user.get_username() if user else ""),
        category=category,
        action=code,
        org=org,
        org_path=org.path if org is not None else "",
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label or (str(target) if target is not None else ""),
        before=before,
        after=after,
        reason=reason,
        ip=client_ip(request),
    )
    schedule_seal()  # sealed into the hash chain once this transaction commits (decision 0006)
    return event


class CoreAudit(AuditActions):
    """The audit log's own upkeep (core/retention.py)."""

    ARCHIVE = Action("audit.archive", "归档审计日志")
    PRUNE = Action("audit.prune", "清理已归档的审计日志")
