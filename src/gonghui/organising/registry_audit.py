"""The registry part's audit actions (rule O4 / R2: legal-person certificates, their changes and re-registration;
declared here, loaded by audit.py)."""

from gonghui.core.audit import Action, AuditActions


class RegistryAudit(AuditActions):
    REGISTER = Action("organising.registry.register", "登记工会法人资格证书")
    CHANGE = Action("organising.registry.change", "记录工会法人变更")
    REREGISTER = Action("organising.registry.reregister", "工会法人变更重新登记")
    CANCEL = Action("organising.registry.cancel", "注销工会法人资格")
    EXPORT = Action("organising.registry.export", "导出工会法人资格证书一览")
    EXPORT_DOWNLOAD = Action("organising.registry.download", "下载工会法人资格证书一览（后台导出）")
    REMINDERS_EXPORT = Action("organising.registry.reminders.export", "导出法人变更重新登记提醒")
    REMINDERS_DOWNLOAD = Action(
        "organising.registry.reminders.download", "下载法人变更重新登记提醒（后台导出）"
    )
    MISSING_EXPORT = Action("organising.registry.missing.export", "导出具备条件未办法人证书的工会")
    MISSING_DOWNLOAD = Action(
        "organising.registry.missing.download", "下载具备条件未办法人证书的工会（后台导出）"
    )

    FIELDS = {
        "union": "工会",
        "certificate_no": "工会法人资格证书编号",
        "field": "变更事项",
        "old_value": "原登记内容",
        "new_value": "变更后内容",
        "changed_on": "变更日期",
        "due_on": "重新登记期限",
        "reregistered_on": "重新登记日期",
        "cancelled_on": "注销日期",
        "source": "来源",
    }
