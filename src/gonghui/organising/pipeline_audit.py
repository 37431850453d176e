"""The pipeline part's audit actions (declared here, loaded by audit.py)."""

from gonghui.core.audit import AuditActions


class PipelineAudit(AuditActions):
    pass
