"""What the audit log calls the setup part's actions (rule O3, R1): 筹建, the application, the approval or return
above, the founding assembly, and coverage by a joint union."""

from gonghui.core.audit import Action, AuditActions


class SetupAudit(AuditActions):
    START = Action("organising.setup.start", "开始筹建工会")
    SUBMIT = Action("organising.setup.submit", "提交建会申请")
    APPROVE = Action("organising.setup.approve", "批复同意建会")
    RETURN = Action("organising.setup.return", "退回建会申请")
    FOUND = Action("organising.setup.found", "登记工会成立大会")
    JOINT_COVER = Action("organising.setup.joint_cover", "由联合工会覆盖")
    LIST_EXPORT = Action("organising.setup.list.export", "导出筹建审批")
    LIST_EXPORT_DOWNLOAD = Action("organising.setup.list.download", "下载筹建审批")

    FIELDS = {
        "employer": "用人单位",
        "joint_union": "联合工会",
        "on_date": "日期",
        "note": "说明",
        "withdrawn": "撤回的筹建",
    }
