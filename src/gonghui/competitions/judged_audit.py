"""What the audit log calls a judged stage's actions (rule C2)."""

from gonghui.core.audit import Action, AuditActions


class JudgedAudit(AuditActions):
    CRITERION_ADD = Action("competition.judged.criterion", "设置评分项目")
    SETTINGS = Action("competition.judged.settings", "设置权重和同分比较")
    JUDGE_ADD = Action("competition.judged.judge", "设置评委")
    JUDGE_REMOVE = Action("competition.judged.judge.remove", "移除评委")
    JUDGE_RELINK = Action("competition.judged.judge.relink", "更换评委评分链接")
    SCORE = Action("competition.judged.score", "评委评分")
    SCORE_CHANGE = Action("competition.judged.score.change", "修改评分")
    MEASURE = Action("competition.judged.measure", "录入客观成绩")
    CERTIFICATES = Action("competition.certificates", "下载获奖证书")

    FIELDS = {
        "criterion": "评分项目",
        "max": "满分",
        "kind": "评分方式",
        "part": "部分",
        "judge": "评委",
        "group": "组别",
        "unit": "所在单位",
        "entrant": "参赛者",
        "marks": "得分",
        "stage": "阶段",
        "file": "文件",
        "count": "份数",
        "weights": "权重",
        "chain": "同分比较",
    }
