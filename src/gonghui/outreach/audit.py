"""What the audit log calls the join-by-QR-code actions: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class OutreachAudit(AuditActions):
    EVENT_CREATE = Action("outreach.event.create", "新建扫码入会活动")
    CODE_CREATE = Action("outreach.code.create", "生成入会二维码")
    CODE_CLOSE = Action("outreach.code.close", "停用入会二维码")
    GIFT = Action("outreach.gift", "发放入会礼品")
    JOINS_EXPORT = Action("outreach.joins.export", "导出现场入会名单")
    JOINS_EXPORT_DOWNLOAD = Action("outreach.joins.download", "下载现场入会名单（后台导出）")
    JOIN_BACKFILL = Action("outreach.join.backfill", "补录现场入会")

    FIELDS = {
        "auto_approve": "扫码即入会（免审批）",
        "event": "入会活动",
        "join_date": "入会日期",
        "code": "入会二维码（摊位）",
    }
