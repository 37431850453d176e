"""The plans part's audit actions (rule G3): plans, their items and owner units, progress reports, exports."""

from gonghui.core.audit import Action, AuditActions


class PlansAudit(AuditActions):
    PLAN_CREATE = Action("governance.plan.create", "新建工作计划")
    PLAN_UPDATE = Action("governance.plan.update", "修改工作计划")
    PLAN_PUBLISH = Action("governance.plan.publish", "发布工作计划")
    PLAN_COMPLETE = Action("governance.plan.complete", "工作计划完成")
    ITEM_ADD = Action("governance.plan.item.add", "添加计划事项")
    ITEM_UPDATE = Action("governance.plan.item.update", "修改计划事项")
    ITEM_REMOVE = Action("governance.plan.item.remove", "删除计划事项")
    OWNERS = Action("governance.plan.item.owners", "指定事项责任单位")
    REPORT = Action("governance.plan.report", "报告事项进展")
    LIST_EXPORT = Action("governance.plan.list.export", "导出工作计划一览")
    LIST_EXPORT_DOWNLOAD = Action("governance.plan.list.download", "下载工作计划一览（后台导出）")
    ITEMS_IMPORT = Action("governance.plan.items.import", "从表格导入计划事项")
    ITEMS_EXPORT = Action("governance.plan.items.export", "导出工作计划事项和进展")

    FIELDS = {
        "item": "事项",
        "owners": "责任单位",
        "unit": "报告单位",
        "percent": "完成进度（%）",
        "items": "事项数",
        "source": "文件",
        "weight": "权重",
        "target": "目标",
        "due_on": "完成时限",
        "reported_on": "报告日期",
        "title": "名称",
        "kind": "类别",
        "year": "年度",
        "starts_on": "开始日期",
        "ends_on": "结束日期",
    }
