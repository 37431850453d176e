"""What the audit log calls the activities' actions: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class ActivityAudit(AuditActions):
    CREATE = Action("activity.create", "新建活动")
    UPDATE = Action("activity.update", "修改活动")
    REGISTER = Action("activity.register", "代为报名活动")
    INVITE = Action("activity.invite", "邀请参加活动")
    REGISTER_SELF = Action("activity.register.self", "会员自行报名活动")
    CANCEL = Action("activity.cancel", "取消活动报名")
    PROMOTE = Action("activity.promote", "候补转为已报名")
    CHECKIN = Action("activity.checkin", "活动签到")
    CHECKIN_UNDO = Action("activity.checkin.undo", "撤销活动签到")
    ATTENDANCE = Action("activity.attendance", "登记场次出勤")
    REACH = Action("activity.reach", "登记服务人次")
    PHOTO = Action("activity.photo", "上传活动照片")
    PHOTO_REMOVE = Action("activity.photo.remove", "删除活动照片")
    VOID = Action("activity.void", "作废活动")
    SPEAKER_ADD = Action("activity.speaker.add", "添加主讲人")
    SPEAKER_REMOVE = Action("activity.speaker.remove", "移除主讲人")
    KIND_CREATE = Action("activity.kind.create", "新增活动类型")
    KIND_UPDATE = Action("activity.kind.update", "修改活动类型")
    KIND_DELETE = Action("activity.kind.delete", "删除活动类型")

    FIELDS = {
        "org": "主办组织",
        "kind": "活动类型",
        "participants": "参与单位",
        "groups": "小组（名额）",
        "sessions": "专题/环节",
        "count": "服务人次",
        "method": "统计方式",
        "starts_at_time": "开始时间",
        "ends_at_time": "结束时间",
        "signup_deadline": "报名截止时间",
        "checkin_opens_at": "签到开始时间",
        "checkin_closes_at": "签到截止时间",
        "participant_orgs": "参加单位数",
        "name": "名称",
        "sort": "排序",
        "is_active": "可选用",
        "registered": "登记会员",
        "link": "关联记录",
    }
