"""What the audit log calls the report-reading actions."""

from gonghui.core.audit import Action, AuditActions


class PressAudit(AuditActions):
    CONFIRM = Action("press.confirm", "据报道录入记录")
    ORG_FROM_REPORT = Action("press.org_create", "据报道新建组织")
    DRAFT_EXPORT = Action("press.draft_export", "导出报道稿")
    FIELDS = {"record": "记录", "quoted": "报道数字", "headline": "报道标题"}
