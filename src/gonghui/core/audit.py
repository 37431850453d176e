"""Writing the audit log: every service calls `audit_record` inside its own transaction."""

import ipaddress
from typing import Any

from django.conf import settings
from django.db import models

from .chain import schedule_seal
from .models import AuditCategory, AuditEvent


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
    action: str,
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
    user = acting_user(actor)
    event = AuditEvent.objects.create(
        actor=user,
        actor_username=actor_username or (user.get_username() if user else ""),
        category=category,
        action=action,
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
