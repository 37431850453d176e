"""Reads of the audit log, restricted to the subtrees where the actor holds audit.view."""

import datetime as dt

from django.db.models import Q

from gonghui.core.paths import SEGMENT_WIDTH, scope_q, subtree_q
from gonghui.core.scope import scope_prefixes

from .models import AuditEvent


def audit_events_for(
    *,
    actor,
    category: str | None = None,
    action: str | None = None,
    action_code: str | None = None,
    username: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    org=None,
):
    prefixes = scope_prefixes(actor, "audit.view")
    qs = AuditEvent.objects.select_related("org")
    if prefixes is not None:
        q = scope_q("org_path", prefixes)
        if any(len(p) == SEGMENT_WIDTH for p in prefixes):
            q |= Q(org_path="")  # events tied to no node (e.g. unknown usernames) belong to a root's auditor
        qs = qs.filter(q)
    if org is not None:  # a subtree inside the actor's own (the page offers only those)
        qs = qs.filter(subtree_q("org_path", org.path))
    if category:
        qs = qs.filter(category=category)
    if action:  # the API's filter: a code's beginning ("login" finds login.failed and login.lockout too)
        qs = qs.filter(action__startswith=action)
    if action_code:  # the page's filter: one declared action
        qs = qs.filter(action=action_code)
    if username:
        qs = qs.filter(actor_username__icontains=username.strip())
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs
