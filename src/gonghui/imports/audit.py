"""What the audit log calls roster imports: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class ImportAudit(AuditActions):
    IMPORT = Action("member.import", "名册导入入会")
    PREVIEW_DOWNLOAD = Action("roster.preview.download", "下载名册导入预览报告")
    APPLY_DOWNLOAD = Action("roster.apply.download", "下载名册导入结果报告")
