"""The elections part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class ElectionsAudit(AuditActions):
    pass
