"""Writing the audit log: every service calls `audit_record` inside its own transaction."""

from typing import Any

from django.db import models

from .models import AuditCategory, AuditEvent


def acting_user(actor):
    """The staff user behind an actor, or None when the system acts (commands, the demo, a worker's own join)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


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
    return AuditEvent.objects.create(
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
