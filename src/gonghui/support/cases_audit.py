"""The cases part's audit actions (see audit.py): legal-aid cases (rule V1)."""

from gonghui.core.audit import Action, AuditActions


class CasesAudit(AuditActions):
    OPEN = Action("support.case.open", "受理法律援助案件")
    PARTY_ADD = Action("support.case.party.add", "增加案件当事人")
    PARTY_REMOVE = Action("support.case.party.remove", "删除案件当事人")
    CONFLICT_CLEAR = Action("support.case.conflict.clear", "排除利益冲突")
    ASSIGN = Action("support.case.assign", "指派承办律师")
    EVENT = Action("support.case.event", "记录案件进程")
    CLOSE = Action("support.case.close", "法律援助案件结案")
    REVEAL = Action("support.case.reveal", "查看案情和申请人完整证件号码")
    LIST_EXPORT = Action("support.case.export", "导出法律援助案件")
    LIST_EXPORT_DOWNLOAD = Action("support.case.export.download", "下载法律援助案件（后台导出）")

    FIELDS = {
        "number": "案件编号",
        "claim_kind": "请求类别",
        "applicant": "申请人",
        "eligible": "符合援助条件",
        "override": "受理理由",
        "party": "当事人",
        "side": "方",
        "conflicts": "利益冲突",
        "related": "关联案件",
        "lawyer": "承办律师",
        "kind": "进程",
        "on_date": "日期",
        "deadline": "期限",
        "result": "结果",
        "recovered_yuan": "挽回经济损失（元）",
        "people_covered": "涉及职工人数",
        "closed_on": "结案日期",
        "filters": "筛选条件",
    }
