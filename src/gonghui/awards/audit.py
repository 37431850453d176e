"""What the audit log calls the recognition actions, and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class AwardAudit(AuditActions):
    TYPE_CREATE = Action("award.type.create", "新增荣誉类型")
    HONOUR_RECORD = Action("award.honour.record", "登记荣誉")
    HONOUR_WITHDRAW = Action("award.honour.withdraw", "撤销荣誉")
    HONOURS_EXPORT = Action("award.honours.export", "导出荣誉名单")
    HONOURS_EXPORT_DOWNLOAD = Action("award.honours.download", "下载荣誉名单（后台导出）")

    FIELDS = {"recipient": "获奖对象", "award": "荣誉", "filters": "筛选条件"}
