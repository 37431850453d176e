"""The model-worker registry as the shared list declares it (core/lists.py): count, sort, pages, export."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import registry_selectors
from .audit import RegistryAudit
from .registry_forms import WorkerFilter


def _workers(actor, params: dict[str, str]):
    return registry_selectors.workers_for(actor=actor, **WorkerFilter(params or None, actor=actor).filters())


WORKERS = ListSpec(
    name="awards.model_workers",
    title="劳模名录",
    rows=_workers,
    sorts=(
        Sort("name", "姓名", ("name",)),
        Sort("level", "级别", ("level", "name")),
        Sort("year", "获评年度", ("year", "name")),
        Sort("org", "所属组织", ("org_path", "name")),
    ),
    default_sort="name",
    columns=(
        Column("姓名", lambda w: w.name, 10),
        Column("称号", lambda w: w.title, 18),
        Column("级别", lambda w: w.get_level_display(), 12),
        Column("获评年度", lambda w: w.year, 10),
        Column("工作单位", lambda w: w.unit_name, 30),
        Column("状态", lambda w: w.get_status_display(), 8),
        Column("荣誉津贴（元/月）", lambda w: w.allowance, 12),
        Column("联系人", lambda w: w.contact, 10),
        Column("最近慰问", lambda w: w.last_visit.isoformat() if w.last_visit else "", 12),
        Column("所属组织", lambda w: w.org.name, 30),
    ),
    export_action=RegistryAudit.WORKERS_EXPORT,
    download_action=RegistryAudit.WORKERS_EXPORT_DOWNLOAD,
)
