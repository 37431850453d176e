"""The stations part's lists as the shared list declares them (core/lists.py): providers, consultations (the
worker's name masked on screen and in the sheet) and screening visits."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import stations_selectors as selectors
from .stations_audit import StationsAudit
from .stations_forms import ConsultationFilterForm, ProviderFilterForm, ScreeningFilterForm
from .stations_services import worker_label


def _providers(actor, params: dict[str, str]):
    return selectors.providers_for(actor=actor, **ProviderFilterForm(params or None, actor=actor).filters())


PROVIDERS = ListSpec(
    name="support.providers",
    title="律师和专业人员",
    rows=_providers,
    sorts=(
        Sort("name", "姓名", ("name",)),
        Sort("firm", "执业机构", ("firm", "name")),
        Sort("org", "登记单位", ("org__name", "name")),
    ),
    default_sort="name",
    columns=(
        Column("姓名", lambda p: p.name, 12),
        Column("类别", lambda p: p.get_kind_display(), 12),
        Column("执业机构", lambda p: p.firm, 30),
        Column("执业证号", lambda p: p.licence, 22),
        Column("可服务时间", lambda p: p.availability, 24),
        Column("登记单位", lambda p: p.org.name, 24),
        Column("状态", lambda p: "在册" if p.is_active else "已退出", 8),
    ),
    export_action=StationsAudit.PROVIDERS_EXPORT,
    download_action=StationsAudit.PROVIDERS_DOWNLOAD,
)


def _consultations(actor, params: dict[str, str]):
    return selectors.consultations_for(
        actor=actor, **ConsultationFilterForm(params or None, actor=actor).filters()
    )


CONSULTATIONS = ListSpec(
    name="support.consultations",
    title="法律咨询台账",
    rows=_consultations,
    sorts=(
        Sort("date", "日期", ("date",)),
        Sort("topic", "咨询事项", ("topic", "date")),
        Sort("org", "登记单位", ("org__name", "date")),
    ),
    default_sort="-date",
    columns=(
        Column("日期", lambda c: c.date, 12),
        Column("咨询方式", lambda c: c.get_channel_display(), 10),
        Column("服务站", lambda c: c.place.name if c.place else "", 28),
        Column("咨询事项", lambda c: c.get_topic_display(), 14),
        Column("咨询人", worker_label, 20),
        Column("接待律师", lambda c: c.provider.name if c.provider else "", 12),
        Column("处理结果", lambda c: c.get_outcome_display(), 12),
        Column("转介去向", lambda c: c.referral, 24),
        Column("登记单位", lambda c: c.org.name, 24),
    ),
    export_action=StationsAudit.CONSULTATIONS_EXPORT,
    download_action=StationsAudit.CONSULTATIONS_DOWNLOAD,
)


def _screenings(actor, params: dict[str, str]):
    return selectors.screenings_for(actor=actor, **ScreeningFilterForm(params or None, actor=actor).filters())


SCREENINGS = ListSpec(
    name="support.screenings",
    title="矛盾纠纷排查走访",
    rows=_screenings,
    sorts=(
        Sort("date", "日期", ("date",)),
        Sort("employer", "用人单位", ("employer__name", "date")),
    ),
    default_sort="-date",
)
