"""The congresses part's audit actions (see audit.py)."""

from gonghui.core.audit import Action, AuditActions


class CongressesAudit(AuditActions):
    CONGRESS_CREATE = Action("governance.congress.create", "登记代表大会")
    DELEGATE_ADD = Action("governance.congress.delegate_add", "登记大会代表")
    QUOTA_SET = Action("governance.congress.quota_set", "分配代表名额")
    CREDENTIALS_CONFIRM = Action("governance.congress.credentials_confirm", "确认代表资格")
    SITTING_RECORD = Action("governance.congress.sitting_record", "登记大会出席")
    MATTER_ADD = Action("governance.congress.matter_add", "登记审议事项")
    VOTE_RECORD = Action("governance.congress.vote_record", "登记表决结果")
    PLENARY_CREATE = Action("governance.plenary.create", "登记全委会")
    LIST_EXPORT = Action("governance.congress.list_export", "导出代表大会和全委会")
    LIST_EXPORT_DOWNLOAD = Action("governance.congress.list_export_download", "下载代表大会和全委会导出")

    FIELDS = {
        "number": "届次",
        "kind": "类别",
        "entitled": "应到",
        "unit": "选举单位",
        "seats": "名额",
        "delegates": "代表人数",
        "present": "实到",
        "votes": "表决（赞成/反对/弃权）",
        "result": "结果",
        "on": "日期",
        "targets": "构成目标",
    }
