"""What the audit log calls roster imports: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class ImportAudit(AuditActions):
    IMPORT = Action("member.import", "名册导入入会")
    PREVIEW_DOWNLOAD = Action("roster.preview.download", "下载名册导入预览报告")
    APPLY_DOWNLOAD = Action("roster.apply.download", "下载名册导入结果报告")
    MAPPING = Action("roster.mapping", "指定名册列与字段的对应")
    LIST_EXPORT = Action("roster.list.export", "导出名册导入记录")
    LIST_EXPORT_DOWNLOAD = Action("roster.list.download", "下载名册导入记录（后台导出）")
    ERRORS_REVEAL = Action("roster.errors.reveal", "下载名册错误报告（含完整证件号码和手机号码）")
