"""The stations part's audit actions (see audit.py): providers, their pairings with stations and rota,
consultations (a full view of one is audited: its summary is a legal fact about a person) and dispute screening."""

from gonghui.core.audit import Action, AuditActions


class StationsAudit(AuditActions):
    PROVIDER_REGISTER = Action("support.provider.register", "登记服务专业人员")
    PROVIDER_UPDATE = Action("support.provider.update", "修改服务专业人员")
    PROVIDER_RETIRE = Action("support.provider.retire", "服务专业人员退出")
    PROVIDERS_EXPORT = Action("support.provider.export", "导出服务专业人员名单")
    PROVIDERS_DOWNLOAD = Action("support.provider.download", "下载服务专业人员名单（后台导出）")
    CONSULTATION_RECORD = Action("support.consultation.record", "登记法律咨询")
    CONSULTATION_VIEW = Action("support.consultation.view", "查看法律咨询内容")
    CONSULTATIONS_EXPORT = Action("support.consultation.export", "导出法律咨询台账")
    CONSULTATIONS_DOWNLOAD = Action("support.consultation.download", "下载法律咨询台账（后台导出）")
    SCREENING_RECORD = Action("support.screening.record", "登记矛盾纠纷排查走访")
    RISK_ADD = Action("support.screening.risk", "登记风险隐患")
    RISK_FOLLOW_UP = Action("support.screening.follow_up", "跟进风险隐患")

    FIELDS = {
        "name": "姓名",
        "kind": "类别",
        "firm": "执业机构",
        "licence": "执业证号",
        "availability": "可服务时间",
        "is_active": "在册",
        "filters": "筛选条件",
        "rows": "行数",
        "date": "日期",
        "channel": "咨询方式",
        "topic": "咨询事项",
        "outcome": "处理结果",
        "referral": "转介去向",
        "station": "服务站",
        "provider": "接待律师",
        "worker": "咨询人",
        "materials": "发放材料",
        "employer": "用人单位",
        "visitors": "走访人员",
        "level": "风险等级",
        "description": "风险描述",
        "follow_up": "跟进情况",
        "resolved_on": "化解日期",
        "shifts": "取消班次",
        "pairings": "结束对接",
    }


class PairingAudit(AuditActions):
    """Pairings of providers with service stations and their rota (V1)."""

    PAIR = Action("support.pairing.create", "律师对接服务站")
    END = Action("support.pairing.end", "结束律师对接")
    SHIFT_ADD = Action("support.shift.add", "安排值班")
    SHIFTS_PATTERN = Action("support.shift.pattern", "按周排班")
    SHIFT_REMOVE = Action("support.shift.remove", "取消值班")

    FIELDS = {
        "place": "服务站",
        "starts_on": "开始日期",
        "ends_on": "结束日期",
        "hours": "时段",
        "weekday": "星期",
        "count": "班次数",
    }
