"""The requests part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class RequestsAudit(AuditActions):
    pass
