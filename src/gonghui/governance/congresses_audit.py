"""The congresses part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class CongressesAudit(AuditActions):
    pass
