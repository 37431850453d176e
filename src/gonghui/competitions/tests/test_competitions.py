"""A competition as its organiser records it (DOMAIN C1, C3): groups, stages and prize tiers written one per line,
entrants from their units with a cap per unit, withdrawing with a reason, placings handed over by a format with the
prize tiers given on the last stage (ties at the boundary share the higher tier), publishing, and the figures a
report quotes for a subtree and year."""

import datetime as dt
import io

import pytest
import time_machine
from python_calamine import CalamineWorkbook

from gonghui.competitions import selectors, services
from gonghui.competitions.models import EntrantKind, EntrantStatus, Format
from gonghui.competitions.services import Ranked, StageData, TierData, UnitData
from gonghui.competitions.tests.access_rows import competition
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(client, name):
    assert client.login(username=name, password=PASSWORD)
    return client


def _enter(c, group, name, unit="望京科技有限公司", people=1):
    return services.entrant_add(
        actor=SYSTEM,
        competition=c,
        data=services.EntrantData(
            group=group, name=name, units=[UnitData(name=u) for u in unit.split("、")], people=people
        ),
    )


def test_the_form_reads_groups_stages_and_tiers_one_per_line(world, client):  # rule C1, C3
    page = _client(client, "chaoyang")
    response = page.post(
        "/competitions/new/",
        {
            "org": world.donghu.pk,
            "kind": "sport",
            "name": "东湖街道职工足球联赛",
            "starts_on": "2026-06-25",
            "co_organisers": [world.changying.pk],
            "entrant_kind": "team",
            "groups": "A组\nB组",
            "stages": "小组赛 循环 2\n淘汰赛 淘汰",
            "tiers": "冠军 1\n亚军 1\n季军 1\n优秀组织奖 20%\n参与奖",
            "tie_rule": "share_higher",
        },
    )
    assert response.status_code == 302, [
        x for x in response.content.decode().splitlines() if "feedback" in x or "alert" in x
    ]
    c = selectors.competitions_for(actor=world.user("chaoyang")).get()
    assert [g.name for g in c.groups.all()] == ["A组", "B组"]
    assert list(c.co_organisers.all()) == [world.changying]
    assert "常营地区总工会" in page.get(f"/competitions/{c.pk}/").content.decode()
    assert [(s.name, s.format, s.advance) for s in c.stages.all()] == [
        ("小组赛", Format.LEAGUE, 2),
        ("淘汰赛", Format.KNOCKOUT, None),
    ]
    assert [(t.name, t.count, t.share) for t in c.tiers.all()] == [
        ("冠军", 1, None),
        ("亚军", 1, None),
        ("季军", 1, None),
        ("优秀组织奖", None, 20),
        ("参与奖", None, None),
    ]
    bad = page.post(
        "/competitions/new/",
        {
            "org": world.donghu.pk,
            "kind": "sport",
            "name": "格式不对",
            "starts_on": "2026-06-25",
            "entrant_kind": "team",
            "stages": "小组赛 踢球",
            "tiers": "参与奖\n一等奖 1",
            "tie_rule": "share_higher",
        },
    ).content.decode()
    assert "第1行“小组赛 踢球”：请写成“名称 赛制”" in bad
    not_last = page.post(
        "/competitions/new/",
        {
            "org": world.donghu.pk,
            "kind": "sport",
            "name": "格式不对",
            "starts_on": "2026-06-25",
            "entrant_kind": "team",
            "stages": "决赛 评分",
            "tiers": "参与奖\n一等奖 1",
            "tie_rule": "share_higher",
        },
    ).content.decode()
    assert "不限名额的奖项（如参与奖）只能排在最后" in not_last


def test_a_unit_enters_no_more_than_its_cap_and_a_member_enters_once(world, client):  # issue 18 §1
    c = competition(world.donghu, name="限报测试", unit_cap=2)
    group = c.groups.first()
    _enter(c, group, "张三")  # the helper's entrant in 甲组 came from 矩阵单位
    _enter(c, group, "李四")
    with pytest.raises(DomainError) as full:
        _enter(c, group, "王五")
    assert full.value.message == "望京科技有限公司已报满2个名额"
    m = enrol(world.base_donghu, "赵六")
    page = _client(client, "chaoyang")
    url = f"/competitions/{c.pk}/entrants/"
    form = {"entrant-group": group.pk, "entrant-number": m.number, "entrant-units": "东湖物业"}
    assert page.post(url, form).status_code == 302
    assert c.entrants.get(person=m.person).name == "赵六"
    assert "赵六已报名本竞赛" in page.post(url, form).content.decode()
    outsider = enrol(world.base_xicheng, "西城会员")
    refused = page.post(url, {**form, "entrant-number": outsider.number}).content.decode()
    assert f"未找到会员证号为 {outsider.number} 的会员" in refused


def test_placings_give_prizes_and_a_tie_at_the_boundary_shares_the_higher_tier(world):  # rule C3
    c = competition(
        world.donghu,
        name="粽子比赛",
        groups=["个人组"],
        tiers=[TierData("一等奖", 1), TierData("二等奖", 2), TierData("三等奖", 3)],
    )
    group = c.groups.get()
    people = [c.entrants.get()] + [_enter(c, group, f"选手{i}") for i in range(7)]
    stage = c.stages.get()
    services.stage_start(actor=SYSTEM, stage=stage)
    scores = [95, 93, 93, 90, 88, 88, 80, 79]  # 二等奖 tie inside; 三等奖 line falls between two 88s
    ranked = services.prizes.shared_ranks(list(zip(people, scores, strict=True)), key=lambda p: p[1])
    services.placings_record(
        actor=SYSTEM,
        stage=stage,
        ranking={group: [Ranked(e, rank, f"{s}分") for (e, s), rank in ranked]},
    )
    got = [
        (p.entrant.name, p.rank, p.tier.name if p.tier else "") for p in stage.placings.order_by("rank", "pk")
    ]
    assert [r for _, r, _ in got] == [1, 2, 2, 4, 5, 5, 7, 8]
    assert [t for *_, t in got] == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", "", ""]
    services.results_publish(actor=SYSTEM, competition=c)
    summary = selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert summary.prizes == [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
    assert summary.sentence() == (
        "举办技能竞赛1场，参赛职工8人，参赛单位2家，评出一等奖1名、二等奖2名、三等奖3名"
    )
    with pytest.raises(DomainError):
        services.placings_record(actor=SYSTEM, stage=stage, ranking={})


def test_teams_people_and_units_are_counted_from_the_entrants(world, client):  # SCENARIOS 001-1
    c = competition(world.donghu, name="歌咏比赛", entrant_kind=EntrantKind.TEAM, groups=["合唱"])
    group = c.groups.get()
    _enter(c, group, "甲乙联队", unit="甲单位、乙单位", people=40)
    _enter(c, group, "丙队", unit="丙单位", people=35)
    gone = _enter(c, group, "丁队", unit="丁单位", people=30)
    services.entrant_set_status(actor=SYSTEM, entrant=gone, status=EntrantStatus.WITHDRAWN, reason="人员不足")
    taking = selectors.taking_part(c.entrants.all())
    # the helper's team of 1 from 矩阵单位, a joint team of two units, one of one; the withdrawn team not at all
    assert (taking.teams, taking.people, taking.units) == (3, 76, 4)
    api = _client(client, "chaoyang")
    body = api.get("/api/competitions/summary", {"org": world.chaoyang.pk, "year": 2026}).json()
    assert (body["competitions"], body["teams"], body["people"], body["units"]) == (1, 3, 76, 4)
    assert body["sentence"] == "举办技能竞赛1场，参赛职工76人，参赛队伍3支，参赛单位4家"
    assert api.get("/api/competitions/summary", {"org": world.xicheng.pk, "year": 2026}).status_code == 404
    services.competition_void(actor=SYSTEM, competition=c, reason="误录")
    body = api.get("/api/competitions/summary", {"org": world.chaoyang.pk, "year": 2026}).json()
    assert body["competitions"] == 0


def test_withdrawing_needs_a_reason_and_is_audited(world, client):
    c = competition(world.donghu, name="退赛测试")
    e = c.entrants.first()
    page = _client(client, "chaoyang")
    page.post(f"/competitions/{c.pk}/entrants/{e.pk}/withdrawn/", {"reason": ""})
    e.refresh_from_db()
    assert e.status == EntrantStatus.REGISTERED
    page.post(f"/competitions/{c.pk}/entrants/{e.pk}/disqualified/", {"reason": "冒名顶替"})
    e.refresh_from_db()
    assert (e.status, e.status_reason) == (EntrantStatus.DISQUALIFIED, "冒名顶替")
    assert AuditEvent.objects.filter(action="competition.entrant.status", reason="冒名顶替").exists()
    assert "冒名顶替" in page.get(f"/competitions/{c.pk}/").content.decode()


def test_the_results_sheet_lists_each_group_best_first(world, client):
    c = competition(world.donghu, name="成绩表", stages=[StageData("决赛", Format.JUDGED)])
    stage = c.stages.get()
    services.stage_start(actor=SYSTEM, stage=stage)
    services.placings_record(
        actor=SYSTEM,
        stage=stage,
        ranking={e.group: [Ranked(e, 1, "90分")] for e in c.entrants.all()},
    )
    page = _client(client, "chaoyang")
    response = page.get(f"/competitions/{c.pk}/results.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    flat = [[str(v) for v in r if v != ""] for r in rows]
    assert ["甲组"] in flat and ["1", "甲组选手", "矩阵单位", "90分", "一等奖"] in [
        [x.removesuffix(".0") for x in r] for r in flat
    ]
    assert AuditEvent.objects.filter(action="competition.results.export").count() == 1
    body = page.get(f"/api/competitions/{c.pk}/results").json()
    assert [g["group"] for g in body["groups"]] == ["甲组", "乙组"]
    assert body["groups"][0]["placings"][0]["prize"] == "一等奖"


def _sheet(rows) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_a_list_of_entrants_goes_in_whole_or_not_at_all(world, client):  # issue 18 §1
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = competition(world.donghu, name="名单导入", entrant_kind=EntrantKind.TEAM, groups=["男子组", "女子组"])
    page = _client(client, "chaoyang")
    url = f"/competitions/{c.pk}/entrants/import/"
    bad = _sheet(
        [
            ["东湖街道职工篮球赛报名表"],
            ["序", "队名", "组别", "参赛单位", "参赛人数"],
            [1, "望京科技队", "男子组", "望京科技有限公司", 12],
            [2, "物业联队", "混合组", "东湖物业、湖光物业", 10],
            [3, "", "女子组", "", "十"],
        ]
    )
    body = page.post(url, {"file": SimpleUploadedFile("报名表.xlsx", bad)}).content.decode()
    assert "第4行 组别“混合组”：没有这个组别：男子组、女子组" in body
    assert (
        "第5行 姓名/队名：必填" in body
        and "第5行 所在单位：必填" in body
        and "第5行 人数“十”：应为正整数" in body
    )
    assert c.entrants.count() == 2  # nothing of the list went in
    good = _sheet(
        [
            ["队名", "组别", "参赛单位", "参赛人数"],
            ["望京科技队", "男子组", "望京科技有限公司", 12],
            ["物业联队", "女子组", "东湖物业、湖光物业", 10],
        ]
    )
    assert page.post(url, {"file": SimpleUploadedFile("报名表.xlsx", good)}).status_code == 302
    joint = c.entrants.get(name="物业联队")
    assert [u.name for u in joint.units.all()] == ["东湖物业", "湖光物业"] and joint.people == 10
    assert joint.channel == "list"
    again = page.post(url, {"file": SimpleUploadedFile("报名表.xlsx", good)}, follow=True).content.decode()
    assert "第2行：男子组已有名为“望京科技队”的队伍" in again and c.entrants.count() == 4


def test_a_showcase_is_an_activity_linked_to_its_competition(world, client):  # issue 18 §1, core.modules.ask
    from urllib.parse import parse_qs, urlparse

    from gonghui.activities.models import Activity, ActivityKind

    c = competition(world.donghu, name="五月的鲜花歌咏比赛")
    page = _client(client, "chaoyang")
    body = page.get(f"/competitions/{c.pk}/").content.decode()
    assert "尚未记录展演或颁奖活动" in body
    start = (
        body.split('data-testid="linked-new"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    assert parse_qs(urlparse(start).query)["link"] == [f"competitions.competition:{c.pk}"]
    response = page.post(
        "/activities/new/",
        {
            "link": f"competitions.competition:{c.pk}",
            "org": world.donghu.pk,
            "kind": ActivityKind.objects.get(code="culture_sport").pk,
            "title": "五月的鲜花歌咏比赛展演",
            "starts_on": "2026-06-25",
            "registration": "none",
            "max_party_size": 1,
        },
    )
    assert response.status_code == 302
    showcase = Activity.objects.get(link=f"competitions.competition:{c.pk}")
    assert "五月的鲜花歌咏比赛（竞赛）" in page.get(f"/activities/{showcase.pk}/").content.decode()
    body = page.get(f"/competitions/{c.pk}/").content.decode()
    assert 'data-testid="linked-activities"' in body and "五月的鲜花歌咏比赛展演" in body
    # 西城's cadre sees neither: the competition is 404 to them and its key names nothing they may see
    west = _client(client, "xicheng")
    assert west.get(f"/competitions/{c.pk}/").status_code == 404
