"""The registry part's lists as the shared list declares them (core/lists.py): the certificates, the changes
waiting for re-registration (R2) and the base unions that qualify without a certificate (O4), each with its sheet."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import registry_selectors as selectors
from .registry_audit import RegistryAudit
from .registry_forms import MissingFilterForm, RegistryFilterForm, ReminderFilterForm


def _certificates(actor, params: dict[str, str]):
    return selectors.legal_persons_for(
        actor=actor, **RegistryFilterForm(params or None, actor=actor).filters()
    )


def _reminders(actor, params: dict[str, str]):
    return selectors.reminders_for(actor=actor, **ReminderFilterForm(params or None, actor=actor).filters())


def _missing(actor, params: dict[str, str]):
    return selectors.qualified_without_certificate_for(
        actor=actor, **MissingFilterForm(params or None, actor=actor).filters()
    )


def _pending_text(lp) -> str:
    if lp.has_overdue:
        return "有逾期未重新登记的变更"
    return "有待重新登记的变更" if lp.has_pending else ""


CERTIFICATES = ListSpec(
    name="organising.registry",
    title="工会法人资格证书一览",
    rows=_certificates,
    sorts=(
        Sort("name", "工会名称", ("name",)),
        Sort("issued", "发证日期", ("issued_on",)),
        Sort("number", "证书编号", ("certificate_no",)),
    ),
    default_sort="name",
    columns=(
        Column("工会名称（登记）", lambda lp: lp.name, 36),
        Column("组织树中名称", lambda lp: lp.org.name, 36),
        Column("工会法人资格证书编号", lambda lp: lp.certificate_no, 24),
        Column("统一社会信用代码", lambda lp: lp.uscc, 22),
        Column("法定代表人", lambda lp: lp.representative, 12),
        Column("住所", lambda lp: lp.address, 36),
        Column("发证日期", lambda lp: lp.issued_on, 12),
        Column("有效期至", lambda lp: lp.valid_until, 12),
        Column("发证机关", lambda lp: lp.issuer, 18),
        Column("状态", lambda lp: lp.get_status_display(), 8),
        Column("变更", _pending_text, 22),
    ),
    export_action=RegistryAudit.EXPORT,
    download_action=RegistryAudit.EXPORT_DOWNLOAD,
)

REMINDERS = ListSpec(
    name="organising.registry.reminders",
    title="法人变更重新登记提醒",
    rows=_reminders,
    sorts=(
        Sort("changed", "变更日期", ("changed_on",)),
        Sort("union", "工会", ("legal_person__name", "changed_on")),
    ),
    default_sort="changed",
    columns=(
        Column("工会", lambda c: c.legal_person.name, 36),
        Column("工会法人资格证书编号", lambda c: c.legal_person.certificate_no, 24),
        Column("变更事项", lambda c: c.get_field_display(), 10),
        Column("原登记内容", lambda c: c.old_value, 30),
        Column("变更后内容", lambda c: c.new_value, 30),
        Column("变更日期", lambda c: c.changed_on, 12),
        Column("重新登记期限", lambda c: c.due_on, 12),
        Column("期限情况", lambda c: c.standing_now.label, 12),
    ),
    export_action=RegistryAudit.REMINDERS_EXPORT,
    download_action=RegistryAudit.REMINDERS_DOWNLOAD,
)

MISSING = ListSpec(
    name="organising.registry.missing",
    title="具备条件未办法人证书的工会",
    rows=_missing,
    sorts=(
        Sort("name", "工会名称", ("name",)),
        Sort("established", "成立日期", ("established_on",)),
    ),
    default_sort="name",
    columns=(
        Column("工会名称", lambda o: o.name, 36),
        Column("上级工会", lambda o: o.parent.name if o.parent_id else "", 28),
        Column("工会主席", lambda o: o.committee_chair, 12),
        Column("成立日期", lambda o: o.established_on, 12),
        Column("统一社会信用代码", lambda o: o.uscc, 22),
    ),
    export_action=RegistryAudit.MISSING_EXPORT,
    download_action=RegistryAudit.MISSING_DOWNLOAD,
)
