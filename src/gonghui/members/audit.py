"""What the audit log calls the member register's actions: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class MemberAudit(AuditActions):
    ENROL = Action("member.enrol", "会员入会")
    APPLY = Action("member.apply", "提交入会申请")
    APPROVE = Action("member.approve", "批准入会申请")
    REJECT = Action("member.reject", "拒绝入会申请")
    LAPSE = Action("member.lapse", "连续六个月未缴会费，会籍终止")
    TRANSFER_START = Action("member.transfer_start", "发起会员转出")
    TRANSFER_REQUEST = Action("member.transfer_request", "申请会员转入")
    TRANSFER_ACCEPT = Action("member.transfer_accept", "接收转会，转会完成")
    TRANSFER_REJECTED = Action("member.transfer_rejected", "拒绝转会")
    TRANSFER_CANCELLED = Action("member.transfer_cancelled", "撤回转会")
    RETAIN = Action("member.retain", "保留会籍")
    LEAVE = Action("member.leave", "会员退会")
    EXPEL = Action("member.expel", "开除会籍")
    REINSTATE = Action("member.reinstate", "恢复会籍")
    DUES = Action("member.dues", "登记缴纳会费")
    MOBILE_CHANGE = Action("member.mobile.change", "更换手机号码")
    REVEAL = Action("member.reveal", "查看完整证件号码和手机号码")
    CARD_VERIFY = Action("member.card.verify", "核验电子会员证")
    EXPORT = Action("member.export", "导出会员名册")
    EXPORT_FULL = Action("member.export_full", "导出会员名册（含完整个人信息）")
    EXPORT_DOWNLOAD = Action("members.export.download", "下载会员名册（后台导出）")
    APPLICATIONS_EXPORT = Action("member.applications.export", "导出入会申请列表")
    APPLICATIONS_EXPORT_DOWNLOAD = Action("member.applications.download", "下载入会申请列表（后台导出）")
    TRANSFERS_EXPORT = Action("member.transfers.export", "导出转会列表")
    TRANSFERS_EXPORT_DOWNLOAD = Action("member.transfers.download", "下载转会列表（后台导出）")

    # keys of the records that are not fields of the membership; "filters" holds the list's query parameters
    FIELDS = {
        "union": "工会",
        "from_union": "转出工会",
        "to_union": "转入工会",
        "transfer": "转会状态",
        "mobile": "手机号码",
        "filters": "筛选条件",
        "q": "搜索",
        "qt": "搜索",
        "joined_from": "入会日期自",
        "joined_to": "入会日期至",
        "skill_level": "技能等级",
        "gender": "性别",
        "age_band": "年龄段",
        "employer": "工作单位",
        "channel": "渠道",
        "applied_from": "申请日期自",
        "applied_to": "申请日期至",
        "overdue": "只看逾期",
        "dir": "方向",
        "sort": "排序",
    }
