"""The legal-aid cases as the shared list declares them (core/lists.py); the sheet masks the applicant's name and
holds no facts."""

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.personal import mask_name

from . import cases_selectors
from .cases_audit import CasesAudit
from .cases_forms import CaseFilterForm


def _cases(actor, params: dict[str, str]):
    return cases_selectors.cases_for(actor=actor, **CaseFilterForm(params or None, actor=actor).filters())


CASES = ListSpec(
    name="support.cases",
    title="法律援助案件",
    rows=_cases,
    sorts=(
        Sort("intake", "受理日期", ("intake_date",)),
        Sort("number", "案件编号", ("year", "seq")),
        Sort("deadline", "期限", ("next_deadline",)),
        Sort("org", "受理单位", ("org__name", "intake_date")),
    ),
    default_sort="-intake",
    columns=(
        Column("案件编号", lambda c: c.number, 20),
        Column("受理日期", lambda c: c.intake_date, 12),
        Column("受理单位", lambda c: c.org.name, 28),
        Column("申请人", lambda c: mask_name(c.applicant_name), 10),
        Column("用人单位", lambda c: c.employer_name, 30),
        Column("请求类别", lambda c: c.get_claim_kind_display(), 14),
        Column("进程", lambda c: c.get_stage_display(), 12),
        Column("期限", lambda c: c.next_deadline, 12),
        Column("承办律师", lambda c: c.lawyer.name if c.lawyer_id else "", 12),
        Column("结果", lambda c: c.get_result_display(), 12),
        Column("挽回经济损失（元）", lambda c: c.recovered_yuan if c.closed_on else None, 14),
        Column("涉及职工人数", lambda c: c.people_covered if c.closed_on else None, 10),
    ),
    export_action=CasesAudit.LIST_EXPORT,
    download_action=CasesAudit.LIST_EXPORT_DOWNLOAD,
)
