"""Items from a sheet (计划事项表, rule G3): 序号, 上级序号, 事项, 目标, 责任单位, 开始日期, 完成时限, 权重, headings
recognised with their variants (core/sheets.py). Every row is checked first and each problem named by row and
column; the items are added only when no row has one, all or none (`plans_services.items_import`)."""

import datetime as dt
import re
from dataclasses import dataclass

from gonghui.core.errors import DomainError
from gonghui.core.sheets import find_header, known_headings, read_rows, row_values
from gonghui.orgs.models import Org

from .models import Plan
from .plans_services import ItemData

COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "label": ("序号", ("序号", "编号", "事项序号")),
    "parent": ("上级序号", ("上级序号", "所属部分", "上级事项序号")),
    "title": ("事项", ("事项", "工作事项", "任务", "工作任务", "事项内容")),
    "target": ("目标", ("目标", "工作目标", "目标任务")),
    "owners": ("责任单位", ("责任单位", "牵头单位", "承办单位")),
    "starts_on": ("开始日期", ("开始日期", "开始时间")),
    "due_on": ("完成时限", ("完成时限", "完成时间", "截止日期")),
    "weight": ("权重", ("权重",)),
}
KNOWN = known_headings(COLUMNS)
MAX_ROWS = 500


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ItemRow:
    row: int
    data: ItemData  # `parent` left empty: `parent_label` names it
    parent_label: str
    owners: list[Org]


def _date(text: str) -> dt.date | None:
    text = text.strip().split(" ")[0].replace("/", "-").replace(".", "-")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", text
    )
    if not m:
        raise ValueError
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def check(plan: Plan, content: bytes, filename: str) -> tuple[list[ItemRow], list[RowError]]:
    rows = list(read_rows(content, filename))
    at, mapping = find_header(rows, KNOWN)
    fields = set(mapping.values())
    if not {"label", "title"} <= fields:
        raise DomainError(
            "no_header", "未找到事项表的表头：应有“序号”和“事项”列", fields={"file": "未找到表头"}
        )
    body = rows[at + 1 :]
    if len(body) > MAX_ROWS:
        raise DomainError(
            "too_many", f"一次最多导入{MAX_ROWS}行，本表有{len(body)}行", fields={"file": "行数过多"}
        )
    units: dict[str, list[Org]] = {}
    for o in Org.objects.in_subtree(plan.org).only("pk", "name", "path"):
        units.setdefault(o.name, []).append(o)
    existing = {(i.parent.label if i.parent else "", i.label) for i in plan.items.select_related("parent")}
    tops = {label for parent, label in existing if not parent}
    ready: list[ItemRow] = []
    errors: list[RowError] = []
    for number, raw in enumerate(body, start=at + 2):
        values = row_values(raw, mapping)
        if not any(values.values()):
            continue
        problems = []
        label, parent = values.get("label", ""), values.get("parent", "")
        if not label:
            problems.append(("序号", "", "必填"))
        elif (parent, label) in existing:
            problems.append(("序号", label, "本计划已有该序号的事项"))
        if not values.get("title"):
            problems.append(("事项", "", "必填"))
        if parent and parent not in tops:
            problems.append(("上级序号", parent, "没有这个顶层事项（上级应在本表前面的行或已在计划中）"))
        owners: list[Org] = []
        for name in (n.strip() for n in re.split(r"[、,，;；\n]", values.get("owners", "")) if n.strip()):
            found = units.get(name, [])
            if len(found) != 1:
                why = "不在本计划制定单位的下级范围内" if not found else "有重名的组织，请在页面上指定"
                problems.append(("责任单位", name, why))
            else:
                owners.append(found[0])
        dates = {}
        for key, column in (("starts_on", "开始日期"), ("due_on", "完成时限")):
            try:
                dates[key] = _date(values[key]) if values.get(key) else None
            except ValueError:
                problems.append((column, values[key], "日期格式应为2026-06-30"))
        weight = None
        if values.get("weight"):
            if not values["weight"].isdigit() or int(values["weight"]) < 1:
                problems.append(("权重", values["weight"], "应为正整数"))
            else:
                weight = int(values["weight"])
        if problems:
            errors += [RowError(number, column, value, reason) for column, value, reason in problems]
            continue
        existing.add((parent, label))
        if not parent:
            tops.add(label)
        ready.append(
            ItemRow(
                row=number,
                data=ItemData(
                    label=label,
                    title=values["title"],
                    target=values.get("target", ""),
                    weight=weight,
                    starts_on=dates.get("starts_on"),
                    due_on=dates.get("due_on"),
                ),
                parent_label=parent,
                owners=owners,
            )
        )
    return ready, errors
