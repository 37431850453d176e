"""The set-ups as the shared list declares them (core/lists.py), with their Excel export."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import setup_selectors as selectors
from .setup_audit import SetupAudit
from .setup_forms import SetupFilterForm


def _setups(actor, params: dict[str, str]):
    return selectors.setups_for(actor=actor, **SetupFilterForm(params or None, actor=actor).filters())


SETUPS = ListSpec(
    name="organising.setups",
    title="筹建审批",
    rows=_setups,
    sorts=(
        Sort("started", "筹建开始", ("started_on",)),
        Sort("applied", "申请日期", ("applied_on",)),
        Sort("decided", "批复日期", ("decided_on",)),
        Sort("name", "拟建工会名称", ("union_name",)),
        Sort("org", "所属组织", ("org__name", "started_on")),
    ),
    default_sort="-started",
    columns=(
        Column("用人单位", lambda s: s.target.employer.name, 30),
        Column("拟建工会名称", lambda s: s.union_name, 32),
        Column("所属组织", lambda s: s.org.name, 24),
        Column("预计会员人数", lambda s: s.members_expected, 10),
        Column("状态", lambda s: s.get_status_display(), 10),
        Column("筹建开始日期", lambda s: s.started_on, 12),
        Column("申请日期", lambda s: s.applied_on, 12),
        Column("批复日期", lambda s: s.decided_on, 12),
        Column("批复意见", lambda s: s.decision_note, 30),
        Column("新建工会", lambda s: s.union.name if s.union_id else "", 32),
        Column("成立大会日期", lambda s: s.founding_on, 12),
        Column("首任工会主席（组织员）", lambda s: s.first_chair, 14),
        Column("委员会人数", lambda s: s.committee_size, 10),
        Column("任期（年）", lambda s: s.term_years, 8),
    ),
    export_action=SetupAudit.LIST_EXPORT,
    download_action=SetupAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "筹建审批",
)
