"""What the audit log calls the elections part's actions (rule G2, R21)."""

from gonghui.core.audit import Action, AuditActions


class ElectionsAudit(AuditActions):
    CREATE = Action("governance.election.create", "登记换届选举")
    OPEN = Action("governance.election.open", "开始投票")
    ATTENDANCE = Action("governance.election.attendance", "登记到会人数和选票")
    BALLOT = Action("governance.election.ballot", "录入选票")
    TOTALS = Action("governance.election.totals", "录入汇总票数")
    SIGN = Action("governance.election.sign", "监票人签字确认计票")
    SUBMIT = Action("governance.election.submit", "选举结果报上级批复")
    APPROVE = Action("governance.election.approve", "上级批准选举结果")
    RETURN = Action("governance.election.return", "上级退回选举结果")
    LIST_EXPORT = Action("governance.election.list.export", "导出选举结果")
    LIST_EXPORT_DOWNLOAD = Action("governance.election.list.download", "下载选举结果")

    FIELDS = {
        "title": "选举名称",
        "body": "选举产生",
        "seats": "应选名额",
        "candidates": "候选人",
        "entitled": "应到人数",
        "present": "实到人数",
        "ballots_issued": "发出选票",
        "ballots_returned": "收回选票",
        "invalid_ballots": "无效票",
        "ballot": "选票序号",
        "marks": "画圈",
        "scrutineers": "监票人",
        "elected": "当选",
        "yes": "赞成票",
        "note": "批复意见",
    }
