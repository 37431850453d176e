"""The stations part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class StationsAudit(AuditActions):
    pass
