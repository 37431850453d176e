"""The cases part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class CasesAudit(AuditActions):
    pass
