"""The requests part's audit actions (see audit.py): every step of a request (rule V4), its escalation by the
system, a staff member's full view of a caller's mobile and the list's export."""

from gonghui.core.audit import Action, AuditActions


class RequestsAudit(AuditActions):
    RECEIVE = Action("support.request.receive", "受理职工诉求")
    ACKNOWLEDGE = Action("support.request.acknowledge", "确认职工诉求")
    TAKE = Action("support.request.take", "办理职工诉求")
    ANSWER = Action("support.request.answer", "答复职工诉求")
    FOLLOW_UP = Action("support.request.follow_up", "回访职工诉求")
    CLOSE = Action("support.request.close", "办结职工诉求")
    RATE = Action("support.request.rate", "会员评价诉求办理")
    READ = Action("support.request.read", "查看诉求内容")
    ESCALATE = Action("support.request.escalate", "诉求逾期升级")
    LIST_EXPORT = Action("support.request.list.export", "导出职工诉求")
    LIST_EXPORT_DOWNLOAD = Action("support.request.list.download", "下载职工诉求（后台导出）")

    FIELDS = {
        "number": "诉求编号",
        "channel": "渠道",
        "category": "类别",
        "state": "状态",
        "routed_to": "办理单位",
        "escalated_to": "升级至",
        "rating": "满意度",
        "photos": "照片数",
        "text": "说明",
        "due": "期限",
    }
