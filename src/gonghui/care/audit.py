"""What the audit log calls the care (关爱) actions: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class CareAudit(AuditActions):
    CAMPAIGN_CREATE = Action("care.campaign.create", "新建关爱活动")
    CAMPAIGN_UPDATE = Action("care.campaign.update", "修改关爱活动")
    ITEM_CREATE = Action("care.item.create", "新增物资品种")
    STOCK_RECEIVE = Action("care.stock.receive", "物资采购入库")
    PACKAGE_CREATE = Action("care.package.create", "新建礼包")
    UNIT_ALLOCATE = Action("care.unit.allocate", "向下级下达任务和物资")
    DISTRIBUTION_RECORD = Action("care.distribution.record", "登记关爱发放")
    DISTRIBUTION_VOID = Action("care.distribution.void", "作废发放记录")
    LEDGER_EXPORT = Action("care.ledger.export", "导出发放台账")
    LEDGER_DOWNLOAD = Action("care.ledger.download", "下载发放台账（后台导出）")
    HAND_OUTS_EXPORT = Action("care.hand_outs.export", "导出发放记录")
    HAND_OUTS_EXPORT_DOWNLOAD = Action("care.hand_outs.download", "下载发放记录（后台导出）")

    FIELDS = {
        "org": "组织",
        "budget": "预算（元）",
        "target_employers": "目标企业数",
        "target_workers": "目标职工数",
        "target_groups": "帮扶对象",
        "supplies": "物资",
        "quantity": "数量",
        "unit_price": "单价（元）",
        "people_covered": "受益人数",
        "allow_repeat": "允许重复领取",
        "handed_at": "发放时间",
        "received_at": "入库时间",
    }
