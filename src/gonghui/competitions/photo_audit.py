"""The audit log's names for the photo contests' actions (rule C7)."""

from gonghui.core.audit import Action, AuditActions


class PhotoAudit(AuditActions):
    SUBMIT = Action("competition.photo.submit", "会员提交参赛作品")
    SCREEN = Action("competition.photo.screen", "审核参赛作品")
    ROUND_OPEN = Action("competition.photo.round", "开始评审轮次")
    MARK = Action("competition.photo.mark", "评委评审作品")
    VOTE = Action("competition.photo.vote", "会员为作品投票")

    FIELDS = {
        "stage": "阶段",
        "title": "作品名称",
        "status": "状态",
        "round": "轮次",
        "marks": "评审数",
        "votes": "票数",
    }
