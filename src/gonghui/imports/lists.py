"""The roster imports as the shared list declares them (core/lists.py): search, status, order and sheet."""

from django.db.models import Q

from gonghui.core.lists import Column, ListSpec, Sort

from .audit import ImportAudit
from .models import RosterImport


def _imports(actor, params: dict[str, str]):
    qs = RosterImport.objects.restrict(actor, "view").select_related("org", "actor")
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(Q(file_name__icontains=q) | Q(org__name__icontains=q))
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    return qs


def _count(key: str):
    def value(r) -> int | None:
        counts = r.result or r.preview or {}
        return counts.get(key)

    return value


IMPORTS = ListSpec(
    name="imports.list",
    title="名册导入记录",
    rows=_imports,
    sorts=(
        Sort("at", "时间", ("created_at",)),
        Sort("file", "文件", ("file_name",)),
        Sort("union", "工会", ("org__name",)),
        Sort("status", "状态", ("status",)),
    ),
    default_sort="-at",
    columns=(
        Column("时间", lambda r: r.created_at, 18),
        Column("文件", lambda r: r.file_name, 30),
        Column("工会", lambda r: r.org.name, 30),
        Column("状态", lambda r: r.get_status_display(), 10),
        Column("行数", _count("rows"), 8),
        Column("新会员", _count("new_members"), 8),
        Column("错误行", _count("errors"), 8),
        Column("导入人", lambda r: r.actor.get_username() if r.actor else "", 14),
    ),
    export_action=ImportAudit.LIST_EXPORT,
    download_action=ImportAudit.LIST_EXPORT_DOWNLOAD,
)
