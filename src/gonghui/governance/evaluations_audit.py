"""The evaluations part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class EvaluationsAudit(AuditActions):
    pass
