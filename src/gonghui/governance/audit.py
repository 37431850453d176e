"""What the audit log calls the governance actions, and the labels the auditor reads. Each part's actions are
declared in a class of its own in the part's file and loaded from here, so the audit page labels them in any
process."""

from gonghui.core.audit import Action, AuditActions


class GovernanceAudit(AuditActions):
    COMMITTEE_INSTALL = Action("governance.committee.install", "产生新一届工会委员会")

    FIELDS = {
        "chair": "主席",
        "members": "委员会成员",
        "term_start": "本届任期开始",
        "term_years": "任期（年）",
        "source": "产生方式",
    }


# the parts' actions, loaded with this module
from .congresses_audit import CongressesAudit  # noqa: E402, F401
from .elections_audit import ElectionsAudit  # noqa: E402, F401
from .evaluations_audit import EvaluationsAudit  # noqa: E402, F401
from .plans_audit import PlansAudit  # noqa: E402, F401
