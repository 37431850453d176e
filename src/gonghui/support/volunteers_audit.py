"""The volunteers part's audit actions (see audit.py)."""

from gonghui.core.audit import AuditActions


class VolunteersAudit(AuditActions):
    pass
