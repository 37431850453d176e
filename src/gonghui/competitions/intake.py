"""Entrants from a list (报名表): the usual sheet with 姓名/队名, 组别, 所在单位, 人数, 参赛编号 and 会员证号 columns,
headings recognised with their variants (core/sheets.py). Every row is checked first and each problem named by
row and column; the entrants are entered only when no row has one, all or none (issue 18 §1)."""

from dataclasses import dataclass

from gonghui.core.errors import DomainError
from gonghui.core.sheets import find_header, known_headings, read_rows, row_values
from gonghui.members.models import Membership

from . import services
from .models import Competition, EntrantKind

COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名/队名", ("姓名", "队名", "队伍名称", "参赛队", "参赛者", "参赛人", "选手姓名", "名字")),
    "group": ("组别", ("组别", "参赛组别", "组")),
    "units": ("所在单位", ("单位", "所在单位", "工作单位", "参赛单位", "单位名称", "推荐单位")),
    "people": ("人数", ("人数", "参赛人数", "队员人数")),
    "bib": ("参赛编号", ("参赛编号", "编号", "号码")),
    "member": ("会员证号", ("会员证号", "会员证编号", "会员号")),
}
KNOWN = known_headings(COLUMNS)
MAX_ROWS = 3000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str


def check(actor, competition: Competition, content: bytes, filename: str) -> tuple[list, list[RowError]]:
    """The rows ready to enter (EntrantData) and the errors, by row and column, of an uploaded list."""
    rows = list(read_rows(content, filename))
    at, mapping = find_header(rows, KNOWN)
    fields = set(mapping.values())
    if "name" not in fields and "member" not in fields:
        raise DomainError(
            "no_header", "未找到报名表的表头：应有“姓名”或“队名”列", fields={"file": "未找到表头"}
        )
    if "units" not in fields:
        raise DomainError("no_units", "报名表中没有“所在单位”列", fields={"file": "缺少所在单位列"})
    body = [r for r in rows[at + 1 :] if any(str(c).strip() for c in r if c is not None)]
    if len(body) > MAX_ROWS:
        raise DomainError(
            "too_many", f"一次最多导入{MAX_ROWS}行，本表有{len(body)}行", fields={"file": "行数过多"}
        )
    groups = {g.name: g for g in competition.groups.all()}
    only_group = next(iter(groups.values())) if len(groups) == 1 else None
    numbers = {row_values(raw, mapping).get("member", "") for raw in rows[at + 1 :]} - {""}
    members = {
        m.number: m
        for m in Membership.objects.restrict(actor, "member.view")
        .filter(number__in=numbers)
        .select_related("person")
    }
    ready, errors = [], []
    for offset, raw in enumerate(rows[at + 1 :], start=at + 2):
        values = row_values(raw, mapping)
        if not any(values.values()):
            continue
        problems = []
        group = groups.get(values.get("group", "")) or (only_group if not values.get("group") else None)
        if group is None:
            problems.append(("组别", values.get("group", ""), "没有这个组别：" + "、".join(groups)))
        person = None
        if values.get("member"):
            m = members.get(values["member"])
            if m is None:
                problems.append(("会员证号", values["member"], "未找到该会员（或不在您的管辖范围内）"))
            else:
                person = m.person
        if not values.get("name") and person is None:
            problems.append(("姓名/队名", "", "必填"))
        units = services.split_units(values.get("units", ""))
        if not units:
            problems.append(("所在单位", "", "必填"))
        people = 1
        if competition.entrant_kind == EntrantKind.TEAM and values.get("people"):
            if not values["people"].isdigit() or int(values["people"]) < 1:
                problems.append(("人数", values["people"], "应为正整数"))
            else:
                people = int(values["people"])
        if problems:
            errors += [RowError(offset, column, value, reason) for column, value, reason in problems]
            continue
        ready.append(
            (
                offset,
                services.EntrantData(
                    group=group,
                    name=values.get("name", ""),
                    person=person,
                    units=[services.UnitData(name=u) for u in units],
                    people=people,
                    number=values.get("bib", ""),
                    channel=services.Channel.LIST,
                ),
            )
        )
    return ready, errors
