"""What the audit log calls the league and knockout actions (rules C4, C5)."""

from gonghui.core.audit import Action, AuditActions


class LeagueAudit(AuditActions):
    FIXTURES = Action("competition.league.fixtures", "生成赛程")
    RESULT = Action("competition.league.result", "录入比赛结果")
    RESULT_CHANGE = Action("competition.league.result.change", "更改比赛结果")

    FIELDS = {
        "pools": "小组",
        "matches": "场次",
        "match": "比赛",
        "score": "比分",
        "forfeit": "弃权",
    }
