"""The pipeline part's audit actions (declared here, loaded by audit.py): visits, outreach events and the employers
contacted there, workers' opinions and their answers, and the exports of its lists."""

from gonghui.core.audit import Action, AuditActions


class PipelineAudit(AuditActions):
    VISIT_RECORD = Action("organising.pipeline.visit", "登记建会走访")
    EVENT_CREATE = Action("organising.pipeline.event", "登记摆摊设点或沟通会")
    CONTACT_ADD = Action("organising.pipeline.contact", "登记活动中联系的单位")
    OPINION_ADD = Action("organising.pipeline.opinion", "登记职工意见建议")
    OPINION_ANSWER = Action("organising.pipeline.answer", "答复职工意见建议")
    TARGETS_EXPORT = Action("organising.pipeline.targets_export", "导出建会目标")
    TARGETS_DOWNLOAD = Action("organising.pipeline.targets_download", "下载建会目标（后台导出）")
    EVENTS_EXPORT = Action("organising.pipeline.events_export", "导出摆摊设点和沟通会")
    EVENTS_DOWNLOAD = Action("organising.pipeline.events_download", "下载摆摊设点和沟通会（后台导出）")
    OPINIONS_EXPORT = Action("organising.pipeline.opinions_export", "导出职工意见建议")
    OPINIONS_DOWNLOAD = Action("organising.pipeline.opinions_download", "下载职工意见建议（后台导出）")

    FIELDS = {
        "employer": "用人单位",
        "stage": "阶段",
        "event": "活动",
        "opinions": "意见建议",
        "filters": "筛选条件",
        "rows": "行数",
    }
