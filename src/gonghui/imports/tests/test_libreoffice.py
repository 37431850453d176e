"""A roster written by LibreOffice Calc, not by our own XlsxWriter helper, imports as a union would expect.

The fixture (fixtures/libreoffice-roster.xlsx, see fixtures/README.md) has what real rosters have: a merged title
row and a 填报单位 line above the headings, a 序号 column, text-formatted ID and mobile columns (one mobile
typed as a number all the same), an ID ending in a lower-case x, dates typed as text in several spellings next
to real date cells (yyyy-mm-dd and yyyy年m月 formats), a Hong Kong resident permit and a passport whose birth
date comes from the 出生年月 column, and an empty 会员证号 column.
"""

import datetime as dt
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from gonghui.imports.services import roster_run
from gonghui.members.identity import DocType
from gonghui.members.models import Channel, EventKind, Membership, MembershipStatus, Person, Transfer

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "libreoffice-roster.xlsx"
ROWS = 25


def run(world, *, apply: bool = True):
    return roster_run(
        actor=world.user("donghu"),
        union=world.base_donghu,
        content=FIXTURE.read_bytes(),
        filename=FIXTURE.name,
        apply=apply,
    )


def register():
    return (
        sorted(
            Person.objects.values_list(
                "id_hash",
                "full_name",
                "gender",
                "birth_date",
                "mobile_hash",
                "education",
                "employment_status",
                "skill_level",
                "is_migrant",
                "residence",
                "updated_at",
            )
        ),
        sorted(
            Membership.objects.values_list(
                "person__id_hash", "org_id", "status", "number", "join_date", "updated_at"
            )
        ),
        Membership.objects.values("events").count(),
        Transfer.objects.count(),
    )


def test_the_fixture_is_written_by_libreoffice_with_real_date_cells():
    """Guards the fixture itself: if it were re-saved by another program, this test would lose its point."""
    import zipfile

    with zipfile.ZipFile(FIXTURE) as z:
        assert "<Application>LibreOffice/" in z.read("docProps/app.xml").decode()
    rows = list(CalamineWorkbook.from_path(str(FIXTURE)).get_sheet_by_index(0).iter_rows())
    cells = [c for row in rows[3:] for c in row]
    assert sum(isinstance(c, dt.date) for c in cells) >= 8  # real date cells, not text
    assert any(isinstance(c, float) and c > 1e10 for c in cells)  # the mobile typed as a number


def test_libreoffice_roster_imports_every_row(world):
    result = run(world)

    c = result.counts
    assert result.errors == []
    assert (c.rows, c.new_people, c.new_members, c.errors, c.transfers) == (ROWS, ROWS, ROWS, 0, 0)
    members = Membership.objects.filter(org=world.base_donghu).select_related("person")
    assert members.count() == ROWS
    assert {m.person.full_name for m in members} >= {"王建国", "李秀英", "陈嘉欣", "金敏浩", "宋雨桐"}
    assert all(m.channel == Channel.ROSTER and m.status == MembershipStatus.ACTIVE for m in members)
    assert all(m.employer_name == "北京望京科技有限公司" for m in members)
    # the empty 会员证号 column: every member is given a number of the union's district, all different
    numbers = [m.number for m in members]
    assert len(set(numbers)) == ROWS and all(n.startswith("110105") and len(n) == 16 for n in numbers)
    assert all([e.kind for e in m.events.all()] == [EventKind.ENROLLED] for m in members)

    def member(name: str) -> Membership:
        return members.get(person__full_name=name)

    # join date typed as a real date cell (yyyy-mm-dd); birth date and gender from the ID number
    m = member("王建国")
    p = m.person
    assert (p.gender, p.birth_date, m.join_date) == ("m", dt.date(1975, 3, 12), dt.date(2003, 7, 1))
    assert p.reveal_mobile() == "13801012345" and p.mobile_masked.startswith("138")
    assert (p.skill_level, p.is_migrant, p.education, p.ethnicity) == ("technician", False, "senior", "汉族")
    assert p.residence == "北京市朝阳区" and p.doc_type == DocType.RIC

    # an ID ending in X (text cell), join date typed as text
    p = member("李秀英").person
    assert (p.gender, p.birth_date, p.ethnicity) == ("f", dt.date(1982, 11, 5), "满族")
    assert p.reveal_document() == "11010519821105050X" and member("李秀英").join_date == dt.date(2008, 5, 12)

    # 出生年月 as a real date cell beside the ID's own birth date; join date a real date cell
    m = member("张伟")
    assert (m.person.birth_date, m.join_date) == (dt.date(1990, 7, 23), dt.date(2016, 3, 15))
    assert m.person.reveal_mobile() == "15032116789" and m.person.skill_level == "intermediate"

    # the mobile typed as a number in the text column; a migrant worker; join date "2019.06"
    m = member("刘洋")
    assert m.person.reveal_mobile() == "18637561234"
    assert (m.person.is_migrant, m.person.skill_level, m.person.education) == (True, "junior", "junior")
    assert m.join_date == dt.date(2019, 6, 1)

    # join dates typed as "2014年9月1日" and "2017/8/1"; an ID ending in a lower-case x
    assert member("陈静").join_date == dt.date(2014, 9, 1)
    m = member("周敏")
    assert m.join_date == dt.date(2017, 8, 1) and m.person.reveal_document() == "32010219910227148X"
    assert (m.person.gender, m.person.employment_status, m.person.skill_level) == ("f", "flexible", "")

    # a Hong Kong resident permit: gender from the 性别 column, birth date from a real date cell (yyyy年m月)
    m = member("陈嘉欣")
    p = m.person
    assert (p.doc_type, p.gender, p.birth_date) == (DocType.HMT, "f", dt.date(1994, 8, 15))
    assert m.join_date == dt.date(2022, 9, 1) and p.reveal_mobile() == "13912398765"

    # a passport: birth date typed as "1985.04" (a month is enough)
    p = member("金敏浩").person
    assert (p.doc_type, p.gender, p.birth_date) == (DocType.PASSPORT, "m", dt.date(1985, 4, 1))
    assert (p.ethnicity, p.education) == ("朝鲜族", "graduate")

    p = member("高建华").person
    assert (p.employment_status, p.skill_level, p.birth_date) == (
        "retired",
        "technician",
        dt.date(1968, 4, 2),
    )
    assert member("胡玉兰").person.education == "primary"
    assert (member("宋雨桐").person.skill_level, member("孙志刚").person.skill_level) == (
        "apprentice",
        "senior_technician",
    )
    assert Person.objects.filter(is_migrant=True).count() == 6
    assert Person.objects.filter(gender="f").count() == 11


def test_applying_the_libreoffice_roster_again_changes_nothing(world):
    run(world)
    before = register()

    again = run(world)

    assert register() == before
    c = again.counts
    assert again.errors == []
    assert (c.rows, c.new_people, c.new_members, c.changed_people, c.transfers) == (ROWS, 0, 0, 0, 0)
    assert run(world, apply=False).counts.already_here == ROWS
