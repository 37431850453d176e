"""The volunteers part's audit actions (see audit.py): teams, their members, service events (V2)."""

from gonghui.core.audit import Action, AuditActions


class VolunteersAudit(AuditActions):
    TEAM_CREATE = Action("support.team.create", "新建志愿服务队")
    TEAM_UPDATE = Action("support.team.update", "修改志愿服务队")
    MEMBER_ADD = Action("support.team.member.add", "志愿者入队")
    MEMBER_LEAVE = Action("support.team.member.leave", "志愿者退队")
    EVENT_RECORD = Action("support.event.record", "记录志愿服务活动")
    EVENT_UPDATE = Action("support.event.update", "修改志愿服务活动")
    EVENT_VOID = Action("support.event.void", "作废志愿服务活动")
    TEAMS_EXPORT = Action("support.teams.export", "导出志愿服务队")
    TEAMS_EXPORT_DOWNLOAD = Action("support.teams.export.download", "下载志愿服务队导出")
    EVENTS_EXPORT = Action("support.events.export", "导出志愿服务活动")
    EVENTS_EXPORT_DOWNLOAD = Action("support.events.export.download", "下载志愿服务活动导出")

    FIELDS = {
        "team": "服务队",
        "leader_name": "队长",
        "founded_on": "成立日期",
        "member": "志愿者",
        "member_number": "会员证号",
        "services": "服务项目",
        "volunteers": "服务志愿者",
        "minutes": "服务时长（分钟）",
        "enterprises": "参与企业",
        "enterprises_total": "参与企业总数",
        "people_served": "服务人次",
        "filters": "筛选条件",
    }
