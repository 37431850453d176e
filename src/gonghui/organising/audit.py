"""What the audit log calls the organising actions, and the labels the auditor reads. Each part's actions are
declared in a class of its own in the part's file and loaded from here, so the audit page labels them in any
process."""

from gonghui.core.audit import Action, AuditActions


class OrganisingAudit(AuditActions):
    TARGET_OPEN = Action("organising.target.open", "列为建会目标")
    TARGET_UPDATE = Action("organising.target.update", "修改建会目标")

    FIELDS = {
        "employer": "用人单位",
        "stage": "阶段",
        "owner": "责任人",
        "next_step": "下一步",
        "next_step_on": "下一步日期",
    }


# the parts' actions, loaded with this module
from .pipeline_audit import PipelineAudit  # noqa: E402, F401
from .registry_audit import RegistryAudit  # noqa: E402, F401
from .setup_audit import SetupAudit  # noqa: E402, F401
