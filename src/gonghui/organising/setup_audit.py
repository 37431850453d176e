"""The setup part's audit actions (declared here, loaded by audit.py)."""

from gonghui.core.audit import AuditActions


class SetupAudit(AuditActions):
    pass
