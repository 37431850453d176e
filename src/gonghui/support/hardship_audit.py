"""The hardship part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class HardshipAudit(AuditActions):
    pass
