"""Care's lists as the shared list declares them (core/lists.py): a campaign unit's hand-outs (its subtree's)."""

from django.utils import timezone

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .audit import CareAudit


def _hand_outs(actor, params: dict[str, str]):
    unit = selectors.unit_get(actor=actor, pk=params.get("unit"))
    rows = selectors.distributions_of(
        unit.campaign, unit, search=params.get("q", "").strip(), kind=params.get("kind", "")
    )
    if params.get("voided") == "1":
        rows = rows.filter(voided_at__isnull=False)
    elif params.get("voided") == "0":
        rows = rows.filter(voided_at__isnull=True)
    return rows


def _items(d) -> str:
    if d.package:
        return f"{d.package.name} × {d.packages}"
    return "、".join(f"{line.item.name}{line.quantity}{line.item.unit}" for line in d.lines.all())


def _title(actor, params: dict[str, str]) -> str:
    unit = selectors.unit_get(actor=actor, pk=params.get("unit"))
    return f"{unit.campaign.name}-{unit.org.display_name}-发放记录"


HAND_OUTS = ListSpec(
    name="care.hand_outs",
    title="发放记录",
    rows=_hand_outs,
    sorts=(
        Sort("at", "时间", ("handed_at",)),
        Sort("org", "组织", ("org_path", "handed_at")),
        Sort("recipient", "对象", ("recipient_name",)),
        Sort("people", "覆盖人数", ("people_covered",)),
    ),
    default_sort="-at",
    columns=(
        Column("发放时间", lambda d: d.handed_at, 18),
        Column("登记时间", lambda d: d.created_at, 18),
        Column("组织", lambda d: d.org.display_name, 24),
        Column("对象", lambda d: d.recipient_name, 30),
        Column("对象类型", lambda d: d.get_recipient_kind_display(), 10),
        Column("物资", _items, 40),
        Column("覆盖人数", lambda d: d.people_covered, 10),
        Column("发放人", lambda d: d.handed_out_by, 12),
        Column("状态", lambda d: f"已撤销：{d.void_reason}" if d.voided_at else "有效", 16),
        Column("撤销时间", lambda d: timezone.localtime(d.voided_at) if d.voided_at else None, 18),
    ),
    export_action=CareAudit.HAND_OUTS_EXPORT,
    download_action=CareAudit.HAND_OUTS_EXPORT_DOWNLOAD,
    sheet_title=_title,
)
