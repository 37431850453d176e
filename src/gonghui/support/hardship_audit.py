"""The hardship part's audit actions (see audit.py). Opening a file's detail (where income and reasons show) is
an ACCESS row of its own (`FILE_VIEW`), like the register's reveal of a document number."""

from gonghui.core.audit import Action, AuditActions


class HardshipAudit(AuditActions):
    LINE_SET = Action("hardship.line.set", "设定困难职工认定标准")
    FILE_CREATE = Action("hardship.file.create", "建立困难职工档案")
    FILE_EDIT = Action("hardship.file.edit", "修改困难职工档案")
    FILE_SUBMIT = Action("hardship.file.submit", "提交困难职工档案")
    FILE_APPLY = Action("hardship.file.apply", "职工本人申请困难帮扶")
    FILE_VIEW = Action("hardship.file.view", "查看困难职工档案（收入、困难原因）")
    BASE_REVIEW = Action("hardship.review.base", "基层工会审核困难职工档案")
    UPPER_REVIEW = Action("hardship.review.upper", "上级工会审核困难职工档案")
    RETURN = Action("hardship.review.return", "退回困难职工档案")
    GRANT = Action("hardship.grant", "登记帮扶发放")
    RENEW = Action("hardship.rereview.renew", "年度复审：继续认定")
    CLOSE = Action("hardship.rereview.close", "年度复审：销档")
    EXPIRE = Action("hardship.expire", "逾期未复审，档案失效")
    WITHDRAW = Action("hardship.withdraw", "撤回困难职工档案")
    FLAG_SET = Action("hardship.flag.set", "标记为困难职工")
    FLAG_CLEAR = Action("hardship.flag.clear", "取消困难职工标记")
    LIST_EXPORT = Action("hardship.list.export", "导出困难职工档案列表（已遮蔽）")
    LIST_EXPORT_DOWNLOAD = Action("hardship.list.download", "下载困难职工档案列表（后台导出）")

    FIELDS = {
        "region_code": "地区代码",
        "monthly_line": "月人均收入标准（元）",
        "band": "收入状况",
        "decision": "审核结论",
        "kind": "帮扶方式",
        "amount_yuan": "金额（元）",
        "goods": "物资",
        "campaign": "帮扶活动",
        "is_hardship": "困难职工",
        "valid_until": "有效期至",
        "consent_version": "告知同意书版本",
        "erased": "敏感信息",
    }
