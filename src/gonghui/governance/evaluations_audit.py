"""The evaluations part's audit actions (rule G4; see audit.py)."""

from gonghui.core.audit import Action, AuditActions


class EvaluationsAudit(AuditActions):
    SCHEME_CREATE = Action("governance.evaluation.scheme", "新建考核方案")
    ROUND_CREATE = Action("governance.evaluation.create", "新建考核评比")
    SELF_ASSESS = Action("governance.evaluation.self", "提交考核自评")
    SCORE = Action("governance.evaluation.score", "考核评审打分")
    VISIT = Action("governance.evaluation.visit", "记录实地考核")
    REVIEW = Action("governance.evaluation.review", "考核转入评审")
    LOCK = Action("governance.evaluation.lock", "锁定考核结果")
    PUBLISH = Action("governance.evaluation.publish", "公布考核排名")
    EXPORT = Action("governance.evaluation.export", "导出考核得分")
    LIST_EXPORT = Action("governance.evaluation.list.export", "导出考核评比一览")
    LIST_EXPORT_DOWNLOAD = Action("governance.evaluation.list.download", "下载考核评比一览")

    FIELDS = {
        "scheme": "考核方案",
        "units": "被考核单位",
        "unit": "被考核单位",
        "indicators": "指标数",
        "values": "填报值",
        "status": "状态",
        "visited_on": "实地考核日期",
        "members": "考核组成员",
        "filters": "筛选条件",
    }
