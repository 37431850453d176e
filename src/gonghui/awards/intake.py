"""Honours entered from a list: the usual 名单 (.xlsx, .xls, .ods read with python-calamine, or .csv in UTF-8 or
GB18030) for a node, a year and an award type, or with 荣誉 and 年度 columns (issue 17 §1, rule A1).

Its headings are recognised with their usual variants (序号, 姓名, 工作单位, 集体名称, 职务, 身份证号, 荣誉称号, 年度).
Every row is checked first, each problem named by row and column as the roster import names them; the list is
recorded only when no row has one, all rows or none (`list_apply`). A person with an ID number is looked up in the
member register by its keyed hash (I3): the honour keeps the person, the list keeps the masked number only."""

import re
from dataclasses import asdict, dataclass
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.personal import mask
from gonghui.core.scope import in_scope
from gonghui.core.sheets import find_header, heading_key, known_headings, read_rows, row_values
from gonghui.members.identity import DocType, parse_document
from gonghui.members.models import Person
from gonghui.members.selectors import people_by_document
from gonghui.orgs.models import Org

from . import selectors
from .audit import RegistryAudit
from .models import AwardType, Honour, HonourList, RecipientKind, Source
from .services import FIRST_YEAR, honour_record

# field: (heading shown in errors, headings recognised, compared after `_heading`)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "seq": ("序号", ("序号", "编号", "序")),
    "person_name": ("姓名", ("姓名", "获奖人", "获奖人姓名", "名字")),
    "unit_name": ("单位", ("单位", "工作单位", "单位名称", "所在单位", "获奖单位", "推荐单位")),
    "team_name": ("集体名称", ("集体名称", "班组", "班组名称", "车间", "车间班组", "集体", "获奖集体")),
    "position": ("职务", ("职务", "岗位", "职务岗位", "职务(岗位)", "职务/岗位", "职称", "工种")),
    "id_number": ("身份证号", ("身份证号", "身份证", "身份证号码", "证件号码", "公民身份号码")),
    "award": ("荣誉", ("荣誉", "荣誉称号", "奖项", "荣誉名称", "称号")),
    "year": ("年度", ("年度", "年份", "获奖年度", "评选年度")),
}
MAX_ROWS = 5000
_KNOWN = known_headings(COLUMNS)
_heading = heading_key


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (1-based)
    column: str
    value: str  # masked where personal
    reason: str


def _types_by_name(org: Org) -> dict[str, AwardType]:
    return {_heading(t.name): t for t in selectors.types_for(org=org)}


def check(
    content: bytes, filename: str, *, org: Org, award_type: AwardType | None, year: int | None
) -> tuple[list[dict], list[RowError]]:
    """Every row of the list read and checked: the rows ready to record and the errors, by row and column."""
    rows = list(read_rows(content, filename))
    at, mapping = find_header(rows, _KNOWN)
    fields = set(mapping.values())
    if "award" not in fields and award_type is None:
        raise DomainError(
            "award_missing", "名单中没有“荣誉”列，请选择荣誉", fields={"award_type": "请选择荣誉"}
        )
    if "year" not in fields and year is None:
        raise DomainError("year_missing", "名单中没有“年度”列，请填写年度", fields={"year": "请填写年度"})
    if not fields & {"person_name", "unit_name"}:
        raise DomainError(
            "no_header", "未找到名单的表头：应有“姓名”或“单位”等列", fields={"file": "未找到表头"}
        )
    types = _types_by_name(org)
    people = people_by_document(
        doc_type=DocType.RIC,
        id_numbers=(row_values(raw, mapping).get("id_number", "") for raw in rows[at + 1 :]),
    )
    ready: list[dict] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(rows[at + 1 :], start=at + 2):
        values = row_values(raw, mapping)
        if not any(v for f, v in values.items() if f != "seq"):
            continue  # a blank line, or a total under the table
        if len(ready) + len(errors) >= MAX_ROWS:
            raise DomainError("too_many", f"名单超过{MAX_ROWS}行，请分批上传", fields={"file": "行数过多"})
        row, problems = _check_row(
            number, values, types=types, award_type=award_type, year=year, people=people
        )
        if row is not None:
            key = (row["award_type"], row["year"], row["unit_name"], row["team_name"])
            key += (row["person"] or row["person_name"],)
            if key in seen:
                column, value = (
                    ("姓名", row["person_name"]) if row["person_name"] else ("单位", row["unit_name"])
                )
                problems.append(RowError(number, column, value, f"与第{seen[key]}行重复"))
            else:
                seen[key] = number
                ready.append(row)
        errors.extend(problems)
    if not ready and not errors:
        raise DomainError("empty", "名单中没有数据行", fields={"file": "没有数据"})
    errors.extend(_already_recorded(ready))
    return ready, errors


def _check_row(
    number: int,
    values: dict[str, str],
    *,
    types: dict[str, AwardType],
    award_type,
    year,
    people: dict[str, Person],
) -> tuple[dict | None, list[RowError]]:
    """One row of the list: the honour it records, or its problems named by column."""
    problems: list[RowError] = []

    def fail(field: str, reason: str, value: str | None = None) -> None:
        problems.append(
            RowError(number, COLUMNS[field][0], values.get(field, "") if value is None else value, reason)
        )

    this_year = timezone.localdate().year
    kind_type = award_type
    if values.get("award"):
        kind_type = types.get(_heading(values["award"]))
        if kind_type is None:
            fail("award", "没有这个荣誉：请填写荣誉的全称（如“首都劳动奖章”）")
    elif award_type is None:
        fail("award", "请填写荣誉")
    row_year = year
    if values.get("year"):
        found = re.fullmatch(r"(\d{4})年?度?", values["year"])
        row_year = int(found[1]) if found else None
        if row_year is None or not FIRST_YEAR <= row_year <= this_year:
            fail("year", f"年度应为{FIRST_YEAR}至{this_year}年之间的四位数字")
    elif year is None:
        fail("year", "请填写年度")
    person = None
    id_masked = ""
    if values.get("id_number"):
        id_masked = mask(re.sub(r"\s", "", values["id_number"]).upper())
        try:
            person = people.get(parse_document(DocType.RIC, values["id_number"]).number)
        except DomainError as exc:
            fail("id_number", exc.message, id_masked)
    kind = kind_type.recipient_kind if kind_type is not None else ""
    name, unit, team = values.get("person_name", ""), values.get("unit_name", ""), values.get("team_name", "")
    if kind in (RecipientKind.UNIT, RecipientKind.TEAM):
        if not unit:
            fail("unit_name", "请填写单位名称", "")
        if kind == RecipientKind.TEAM and not team:
            fail("team_name", "集体荣誉请填写集体名称（班组、车间）", "")
        person, id_masked, name = None, "", ""
    elif kind:
        if not name:
            fail("person_name", "请填写姓名", "")
        elif person is not None and person.full_name != name:
            fail("person_name", "姓名与身份证号登记的会员不一致")
    if problems or kind_type is None or row_year is None:
        return None, problems
    return {
        "row": number,
        "award_type": kind_type.pk,
        "year": row_year,
        "unit_name": unit,
        "team_name": team if kind == RecipientKind.TEAM else "",
        "person_name": name,
        "person": person.pk if person else None,
        "id_masked": id_masked,
        "position": values.get("position", ""),
    }, problems


def _already_recorded(rows: list[dict]) -> list[RowError]:
    """Rows whose honour the register holds already (a list uploaded twice), found in one query."""
    if not rows:
        return []
    held = set()
    for award, year, unit, team, person, name in (
        Honour.objects.standing()
        .filter(award_type_id__in={r["award_type"] for r in rows}, year__in={r["year"] for r in rows})
        .values_list("award_type_id", "year", "unit_name", "team_name", "person_id", "person_name")
    ):
        held.add((award, year, unit, team, person, ""))
        held.add((award, year, unit, team, None, name))
    found = []
    for row in rows:
        who = (row["person"], "") if row["person"] else (None, row["person_name"])
        if (row["award_type"], row["year"], row["unit_name"], row["team_name"], *who) in held:
            column, value = ("姓名", row["person_name"]) if row["person_name"] else ("单位", row["unit_name"])
            found.append(RowError(row["row"], column, value, "该荣誉已登记，不能重复导入"))
    return found


@transaction.atomic
def list_check(
    *,
    actor,
    org: Org,
    filename: str,
    content: bytes,
    award_type: AwardType | None = None,
    year: int | None = None,
) -> HonourList:
    """Read and check an uploaded 名单 for a node; nothing is recorded yet (the preview shows rows and errors)."""
    if not in_scope(actor, "work.edit", org):
        raise NotFound("未找到该组织")
    rows, errors = check(content, filename, org=org, award_type=award_type, year=year)
    honour_list = HonourList.objects.create(
        org=org,
        filename=PurePath(filename).name[:200],
        award_type=award_type,
        year=year,
        rows=rows,
        errors=[asdict(e) for e in errors],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action=RegistryAudit.LIST_CHECK,
        org=org,
        target=honour_list,
        after={"file": honour_list.filename, "rows": len(rows), "errors": len(errors)},
    )
    return honour_list


@transaction.atomic
def list_apply(*, actor, honour_list: HonourList) -> list[Honour]:
    """Record every row of a checked list, or none: a list with an error, or a row refused now, records nothing."""
    honour_list = HonourList.objects.select_for_update().get(pk=honour_list.pk)
    if not in_scope(actor, "work.edit", honour_list.org):
        raise NotFound("未找到该名单")
    if honour_list.applied_at is not None:
        raise Conflict("applied", "该名单已导入")
    if honour_list.errors:
        raise DomainError("has_errors", f"名单有{len(honour_list.errors)}处错误，请修改后重新上传")
    types = {t.pk: t for t in AwardType.objects.filter(pk__in={r["award_type"] for r in honour_list.rows})}
    people = Person.objects.in_bulk({r["person"] for r in honour_list.rows if r["person"]})
    recorded = []
    for row in honour_list.rows:
        try:
            recorded.append(
                honour_record(
                    actor=actor,
                    org=honour_list.org,
                    award_type=types[row["award_type"]],
                    year=row["year"],
                    unit_name=row["unit_name"],
                    team_name=row["team_name"],
                    person=people.get(row["person"]) if row["person"] else None,
                    person_name=row["person_name"],
                    position=row["position"],
                    source=Source.LIST,
                    note=f"名单导入：{honour_list.filename}",
                )
            )
        except DomainError as exc:
            refusal = Conflict if isinstance(exc, Conflict) else DomainError
            raise refusal(exc.code, f"第{row['row']}行：{exc.message}，名单未导入") from exc
    honour_list.applied_at = timezone.now()
    honour_list.save(update_fields=["applied_at"])
    audit_record(
        actor=actor,
        action=RegistryAudit.LIST_APPLY,
        org=honour_list.org,
        target=honour_list,
        after={"file": honour_list.filename, "recorded": len(recorded)},
    )
    return recorded
