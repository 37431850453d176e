"""What the audit log calls the recognition actions, and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class AwardAudit(AuditActions):
    TYPE_CREATE = Action("award.type.create", "新增荣誉类型")
    HONOUR_RECORD = Action("award.honour.record", "登记荣誉")
    HONOUR_WITHDRAW = Action("award.honour.withdraw", "撤销荣誉")
    HONOURS_EXPORT = Action("award.honours.export", "导出荣誉名单")
    HONOURS_EXPORT_DOWNLOAD = Action("award.honours.download", "下载荣誉名单（后台导出）")

    FIELDS = {"recipient": "获奖对象", "award": "荣誉", "filters": "筛选条件"}


class RegistryAudit(AuditActions):
    """The model-worker registry, its visits and teams, and honours entered from a list (rule A6)."""

    LIST_CHECK = Action("award.list.check", "上传荣誉名单")
    LIST_APPLY = Action("award.list.apply", "导入荣誉名单")
    WORKER_ENTER = Action("award.worker.enter", "列入劳模名录")
    WORKER_EDIT = Action("award.worker.edit", "修改劳模信息")
    VISIT_RECORD = Action("award.worker.visit", "登记劳模慰问")
    TEAM_CREATE = Action("award.team.create", "新建宣讲团（工作室）")
    TEAM_JOIN = Action("award.team.join", "增加团队成员")
    WORKERS_EXPORT = Action("award.workers.export", "导出劳模名录")
    WORKERS_EXPORT_DOWNLOAD = Action("award.workers.download", "下载劳模名录（后台导出）")

    FIELDS = {
        "file": "文件",
        "rows": "行数",
        "errors": "错误数",
        "recorded": "登记荣誉数",
        "member": "成员",
        "team": "团队",
        "role": "职务",
    }


class RoundAudit(AuditActions):
    """The actions of a round (DOMAIN §6 A2-A4)."""

    OPEN = Action("award.round.open", "启动评选")
    QUOTAS = Action("award.round.quotas", "分配评选名额")
    NOMINATE = Action("award.nomination.add", "新增推荐对象")
    CHANGE = Action("award.nomination.change", "修改推荐对象")
    REMOVE = Action("award.nomination.remove", "移出推荐名单")
    REVIEW = Action("award.nomination.review", "登记民主评议")
    PUBLICITY_START = Action("award.nomination.publicity_start", "开始公示")
    PUBLICITY_CLOSE = Action("award.nomination.publicity_close", "公示期满")
    NODE_REVIEW = Action("award.nomination.node_review", "上级审核推荐对象")
    VET = Action("award.nomination.vet", "部门联审")
    APPROVE = Action("award.nomination.approve", "批准推荐对象")
    WITHDRAW = Action("award.nomination.withdraw", "撤回推荐对象")
    OBJECTION = Action("award.objection.record", "受理公示异议")
    OBJECTION_DECIDE = Action("award.objection.decide", "办结公示异议")
    EXPORT = Action("award.round.export", "导出推荐材料")
    ATTACHMENT_ADD = Action("award.attachment.add", "上传推荐材料附件")
    ATTACHMENT_REMOVE = Action("award.attachment.remove", "删除推荐材料附件")
    ATTACHMENT_DOWNLOAD = Action("award.attachment.download", "下载推荐材料附件")

    FIELDS = {
        "totals": "名额总数",
        "quotas": "名额",
        "recipient": "推荐对象",
        "award": "荣誉",
        "votes": "民主评议（同意/参加）",
        "period": "公示期",
        "department": "部门",
        "outcome": "结论",
        "file": "文件",
        "level": "公示层级",
        "raised_by": "反映人",
        "content": "反映内容",
        "investigation": "调查核实情况",
        "kind": "材料类别",
        "size": "大小",
    }
