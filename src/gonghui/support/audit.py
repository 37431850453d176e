"""What the audit log calls the services' actions, and the labels the auditor reads. Each part's actions are
declared in a class of its own in the part's file (`stations_audit.py` …) and loaded from here, so the audit page
labels them in any process."""

from gonghui.core.audit import Action, AuditActions


class SupportAudit(AuditActions):
    SUMMARY_EXPORT = Action("support.summary.export", "导出维权服务统计")

    FIELDS = {"year": "年度"}


# the parts' actions, loaded with this module
from .cases_audit import CasesAudit  # noqa: E402, F401
from .hardship_audit import HardshipAudit  # noqa: E402, F401
from .requests_audit import RequestsAudit  # noqa: E402, F401
from .stations_audit import StationsAudit  # noqa: E402, F401
from .volunteers_audit import VolunteersAudit  # noqa: E402, F401
