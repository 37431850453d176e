"""The organisations' lists as the shared list declares them (core/lists.py): organisations found by name,
level and status; a subtree's employers; a subtree's places (service stations, rest stops)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .audit import OrgAudit


def _orgs(actor, params: dict[str, str]):
    return selectors.orgs_for(
        actor=actor,
        search=params.get("q", "").strip() or None,
        level=params.get("level") or None,
        status=params.get("status") or None,
    ).select_related("parent")


ORGS = ListSpec(
    name="orgs.search",
    title="组织列表",
    rows=_orgs,
    sorts=(
        Sort("tree", "层级", ("path",)),
        Sort("name", "名称", ("name",)),
        Sort("level", "级别", ("level", "name")),
    ),
    default_sort="tree",
    columns=(
        Column("名称", lambda o: o.name, 36),
        Column("简称", lambda o: o.short_name, 16),
        Column("级别", lambda o: o.get_level_display(), 16),
        Column("上级", lambda o: o.parent.name if o.parent else "", 30),
        Column("状态", lambda o: o.get_status_display(), 8),
        Column("行政区划代码", lambda o: o.district_code, 14),
    ),
    export_action=OrgAudit.LIST_EXPORT,
    download_action=OrgAudit.LIST_EXPORT_DOWNLOAD,
)


def _within(actor, params: dict[str, str]):
    """The organisation the page is about (from its path), read again through the actor's scope."""
    return selectors.org_get(actor=actor, pk=params.get("org"))


def _employers(actor, params: dict[str, str]):
    return selectors.employers_for(
        actor=actor,
        org=_within(actor, params),
        coverage=params.get("coverage") or None,
        search=params.get("q", "").strip() or None,
    )


EMPLOYERS = ListSpec(
    name="orgs.employers",
    title="用人单位",
    rows=_employers,
    sorts=(
        Sort("name", "单位名称", ("name",)),
        Sort("headcount", "职工人数", ("headcount",)),
        Sort("coverage", "建会情况", ("coverage",)),
        Sort("union", "所属工会", ("union__name",)),
    ),
    default_sort="name",
    columns=(
        Column("单位名称", lambda e: e.name, 36),
        Column("统一社会信用代码", lambda e: e.uscc, 22),
        Column("性质", lambda e: e.get_ownership_display(), 12),
        Column("行业", lambda e: e.get_industry_display(), 16),
        Column("职工人数", lambda e: e.headcount, 10),
        Column("建会情况", lambda e: e.get_coverage_display(), 10),
        Column("所属工会", lambda e: e.union.name if e.union else "", 30),
        Column("登记在", lambda e: e.org.display_name, 24),
        Column("地址", lambda e: e.address, 36),
    ),
    export_action=OrgAudit.EMPLOYERS_EXPORT,
    download_action=OrgAudit.EMPLOYERS_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: f"{_within(actor, params).name}-用人单位",
)


def _places(actor, params: dict[str, str]):
    qs = selectors.places_for(
        actor=actor,
        org=_within(actor, params),
        kind=params.get("kind") or None,
        search=params.get("q", "").strip() or None,
    )
    if params.get("open") in ("1", "0"):
        qs = qs.filter(is_open=params["open"] == "1")
    return qs


PLACES = ListSpec(
    name="orgs.places",
    title="服务阵地",
    rows=_places,
    sorts=(
        Sort("name", "名称", ("name",)),
        Sort("kind", "类型", ("kind", "name")),
        Sort("org", "所属组织", ("org__path", "name")),
    ),
    default_sort="name",
    columns=(
        Column("名称", lambda p: p.name, 36),
        Column("类型", lambda p: p.get_kind_display(), 14),
        Column("地址", lambda p: p.address, 36),
        Column("开放时间", lambda p: p.opening_hours, 16),
        Column("设施", lambda p: "、".join(p.facilities or []), 24),
        Column("状态", lambda p: "开放中" if p.is_open else "暂停开放", 10),
        Column("所属组织", lambda p: p.org.display_name, 24),
    ),
    export_action=OrgAudit.PLACES_EXPORT,
    download_action=OrgAudit.PLACES_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: f"{_within(actor, params).name}-服务阵地",
)


def _history(actor, params: dict[str, str]):
    return selectors.org_history(org=_within(actor, params))


# A node's own history (its audit records): read on the page, exported by the auditor from the audit log.
HISTORY = ListSpec(
    name="orgs.history",
    title="变更记录",
    rows=_history,
    sorts=(Sort("at", "时间", ("created_at",)),),
    default_sort="-at",
)
