"""What the audit log calls the competitions' actions, and the labels the auditor reads. Each format's actions
are declared in a class of their own (`JudgedAudit` …) in the format's file."""

from gonghui.core.audit import Action, AuditActions


class CompetitionAudit(AuditActions):
    CREATE = Action("competition.create", "新建竞赛")
    UPDATE = Action("competition.update", "修改竞赛")
    VOID = Action("competition.void", "作废竞赛")
    STAGE_ADD = Action("competition.stage.add", "增加比赛阶段")
    ENTRANT_ADD = Action("competition.entrant.add", "登记参赛者")
    ENTRANT_SELF = Action("competition.entrant.self", "会员手机报名竞赛")
    ENTRANT_STATUS = Action("competition.entrant.status", "参赛者退赛或取消资格")
    ENTRANTS_IMPORT = Action("competition.entrants.import", "导入参赛名单")
    STAGE_START = Action("competition.stage.start", "比赛阶段开赛")
    PLACINGS = Action("competition.placings", "确认比赛成绩和名次")
    PUBLISH = Action("competition.publish", "公布竞赛结果")
    RESULTS_EXPORT = Action("competition.results.export", "导出竞赛结果")
    LIST_EXPORT = Action("competition.list.export", "导出竞赛一览")
    LIST_EXPORT_DOWNLOAD = Action("competition.list.download", "下载竞赛一览（后台导出）")

    FIELDS = {
        "name": "名称",
        "kind": "类别",
        "groups": "组别",
        "tiers": "奖项",
        "stage": "阶段",
        "format": "赛制",
        "entrant": "参赛者",
        "group": "组别",
        "units": "参赛单位",
        "people": "人数",
        "status": "状态",
        "rows": "行数",
        "placings": "名次数",
        "prizes": "获奖数",
        "filters": "筛选条件",
    }


# The core's audit registry imports each app's `audit` module: each format's actions are declared in its own file
# and loaded from here, so the audit page labels them in any process (a worker, a command), not only once the
# format's pages have been imported.
from .heats_audit import HeatsAudit  # noqa: E402, F401
from .judged_audit import JudgedAudit  # noqa: E402, F401
from .league_audit import LeagueAudit  # noqa: E402, F401
from .photo_audit import PhotoAudit  # noqa: E402, F401
