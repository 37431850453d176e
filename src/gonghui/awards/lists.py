"""The honours register as the shared list declares it (core/lists.py)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .audit import AwardAudit
from .forms import HonourFilter


def _honours(actor, params: dict[str, str]):
    return selectors.honours_for(actor=actor, **HonourFilter(params or None, actor=actor).filters())


HONOURS = ListSpec(
    name="awards.honours",
    title="荣誉名单",
    rows=_honours,
    sorts=(
        Sort("year", "年度", ("year", "-award_type__order")),
        Sort("award", "荣誉", ("award_type__order", "year")),
        Sort("recipient", "获奖对象", ("unit_name", "person_name")),
        Sort("org", "所属组织", ("org_path", "year")),
    ),
    default_sort="-year",
    columns=(
        Column("年度", lambda h: h.year, 8),
        Column("荣誉", lambda h: h.award_type.name, 24),
        Column("级别", lambda h: h.award_type.get_level_display(), 10),
        Column("授予对象", lambda h: h.get_recipient_kind_display(), 10),
        Column("获奖对象", lambda h: h.recipient_label, 36),
        Column("单位", lambda h: h.unit_name, 30),
        Column("职务（岗位）", lambda h: h.position, 20),
        Column("所属组织", lambda h: h.org.name, 30),
        Column("来源", lambda h: h.get_source_display(), 10),
        Column("备注", lambda h: h.note, 24),
    ),
    export_action=AwardAudit.HONOURS_EXPORT,
    download_action=AwardAudit.HONOURS_EXPORT_DOWNLOAD,
)

from .registry_lists import WORKERS  # noqa: E402, F401  (the model-worker registry, declared beside its views)
