"""The plans part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class PlansAudit(AuditActions):
    pass
