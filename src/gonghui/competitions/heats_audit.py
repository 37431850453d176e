"""The audit log's names for the heats' actions (rule C6)."""

from gonghui.core.audit import Action, AuditActions


class HeatsAudit(AuditActions):
    DRAW = Action("competition.heats.draw", "按种子编排分组和道次")
    TIMES = Action("competition.heats.times", "录入分组成绩")

    FIELDS = {"stage": "阶段", "heats": "组数", "runs": "人数", "changes": "修改"}
