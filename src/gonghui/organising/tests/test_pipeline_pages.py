"""The pipeline's pages and API as a cadre uses them: the targets of a street filtered and exported, a target's
page with its timeline and forms, the worklist, a stall's page, opinions answered, and the API (issue 21 §1)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.organising import pipeline_services as pipeline
from gonghui.organising import services
from gonghui.organising.models import Opinion, Priority, Stage, Target, Visit
from gonghui.organising.models.pipeline import Outcome

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


def target(org, name: str, headcount: int = 30, **fields) -> Target:
    return services.target_register(
        actor=SYSTEM,
        org=org,
        employer_fields={"name": name, "headcount": headcount},
        on_date=day(1, 5),
        **fields,
    )


def visit(t: Target, on: dt.date, step_on: dt.date | None = None, **fields) -> Visit:
    return pipeline.visit_record(
        actor=SYSTEM,
        target=t,
        on=on,
        visitors="街道总工会",
        outcome=fields.pop("outcome", Outcome.INTERESTED),
        next_step="再次上门" if step_on else "",
        next_step_on=step_on,
        **fields,
    )


@pytest.fixture
def pipeline_world(world):
    """东湖: a late shop (next step overdue), a big employer due soon, one not yet visited; 常营: a platform."""
    donghu = world.user("donghu")
    late = target(world.donghu, "东湖便利店", 12, owner=donghu)
    visit(late, day(5, 1), day(6, 1))
    soon = target(world.donghu, "望京物流有限公司", 160, owner=donghu, priority=Priority.HIGH)
    visit(soon, day(6, 1), day(6, 18))
    target(world.donghu, "东湖花店", 5)
    platform = target(world.changying, "常营网络科技有限公司", 600, is_platform=True)
    visit(platform, day(4, 1), day(9, 1))
    far = target(world.dashilan, "大栅栏茶庄")
    return world, {"late": late, "soon": soon, "platform": platform, "far": far}


def names(html: str) -> list[str]:
    order = ["东湖便利店", "望京物流有限公司", "东湖花店", "常营网络科技有限公司", "大栅栏茶庄"]
    return sorted((n for n in order if n in html), key=html.index)


def test_the_targets_list_filters_by_street_stage_size_overdue_and_name(pipeline_world, login):
    world, _t = pipeline_world
    client = login("chaoyang")
    page = client.get("/organising/targets/").content.decode()
    # dated next steps first, the overdue at the top; the other district's never
    assert names(page) == ["东湖便利店", "望京物流有限公司", "常营网络科技有限公司", "东湖花店"]
    assert "已逾期" in page and "近期到期" in page
    assert names(client.get(f"/organising/targets/?org={world.changying.pk}").content.decode()) == [
        "常营网络科技有限公司"
    ]
    assert names(client.get("/organising/targets/?stage=none").content.decode()) == ["东湖花店"]
    assert names(client.get("/organising/targets/?size=huge").content.decode()) == ["常营网络科技有限公司"]
    assert names(client.get("/organising/targets/?size=small").content.decode()) == ["东湖便利店", "东湖花店"]
    assert names(client.get("/organising/targets/?overdue=on").content.decode()) == ["东湖便利店"]
    assert names(client.get("/organising/targets/?priority=high").content.decode()) == ["望京物流有限公司"]
    owner = world.user("donghu").pk
    assert names(client.get(f"/organising/targets/?owner={owner}").content.decode()) == [
        "东湖便利店",
        "望京物流有限公司",
    ]
    found = client.get("/organising/targets/?q=物流").content.decode()
    assert names(found) == ["望京物流有限公司"] and "共 <strong>1</strong> 条符合条件的记录" in found


def test_the_targets_export_is_what_is_filtered(pipeline_world, login):
    world, _t = pipeline_world
    sheet = login("chaoyang").get(f"/organising/targets/?org={world.donghu.pk}&stage=visited&export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    assert rows[1][:5] == ["用人单位", "统一社会信用代码", "所在组织", "职工人数", "阶段"]
    assert [(r[0], r[4]) for r in rows[2:]] == [("东湖便利店", "已走访"), ("望京物流有限公司", "已走访")]
    assert AuditEvent.objects.filter(action="organising.pipeline.targets_export").exists()


def test_the_worklist_puts_my_overdue_and_due_steps_first(pipeline_world, login):
    _world, t = pipeline_world
    services.advance(Target.objects.get(pk=t["soon"].pk), Stage.FORMED, on=day(6, 10))
    page = login("donghu").get("/organising/worklist/").content.decode()
    assert "我负责的建会目标" in page
    assert names(page) == ["东湖便利店"]  # a target with its union is off the list
    # a cadre following none sees the overdue ones of the subtrees they see
    page = login("chaoyang").get("/organising/worklist/").content.decode()
    assert "暂无由您负责的建会目标" in page and names(page) == ["东湖便利店"]
    assert names(login("xicheng").get("/organising/worklist/").content.decode()) == []


def test_a_cadre_records_a_visit_and_sets_the_owner_on_the_targets_page(pipeline_world, login):
    world, _t = pipeline_world
    client = login("donghu")
    flower = Target.objects.get(employer__name="东湖花店")
    url = f"/organising/targets/{flower.pk}/"
    page = client.get(url).content.decode()
    assert "登记走访" in page and "尚未走访" in page
    refused = client.post(
        f"{url}visits/",
        {"v-kind": "visit", "v-on": "2026-06-20", "v-visitors": "赵子鹏", "v-outcome": "agreed"},
    )
    assert refused.status_code == 200 and "走访日期不能晚于今天" in refused.content.decode()
    done = client.post(
        f"{url}visits/",
        {
            "v-kind": "visit",
            "v-on": "2026-06-12",
            "v-visitors": "赵子鹏",
            "v-met": "店长 王某",
            "v-outcome": "agreed",
            "v-next_step": "成立筹建工作组",
            "v-next_step_on": "2026-06-25",
            "v-opinion_category": "rest",
            "v-opinion_text": "希望保证轮休",
        },
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "店长 王某" in page and "成立筹建工作组" in page and "希望保证轮休" in page and "已走访" in page
    owner = world.user("donghu").pk
    saved = client.post(
        f"{url}edit/", {"t-owner": owner, "t-priority": "high", "t-next_step": "成立筹建工作组"}
    )
    assert saved.status_code == 302
    flower.refresh_from_db()
    assert (flower.owner_id, flower.priority, flower.next_step_on) == (owner, "high", None)
    assert login("viewer").get(url).status_code == 200
    assert "登记走访" not in login("viewer").get(url).content.decode()


def test_a_new_target_from_the_register_or_a_new_employer(world, login):
    from gonghui.orgs import services as org_services

    shop = org_services.employer_create(actor=SYSTEM, org=world.donghu, name="东湖书店", on_date=day(1, 1))
    client = login("donghu")
    assert "东湖书店" in client.get("/organising/targets/new/").content.decode()
    opened = client.post("/organising/targets/new/", {"mode": "open", "employer": shop.pk})
    assert opened.status_code == 302 and Target.objects.filter(employer=shop).exists()
    assert "没有尚未列为目标的未建会单位" in client.get("/organising/targets/new/").content.decode()
    made = client.post(
        "/organising/targets/new/",
        {
            "mode": "new",
            "n-org": world.donghu.pk,
            "n-name": "东湖面馆",
            "n-ownership": "private",
            "n-headcount": 8,
            "n-priority": "normal",
        },
    )
    assert made.status_code == 302
    assert Target.objects.get(employer__name="东湖面馆").org == world.donghu
    far = org_services.employer_create(actor=SYSTEM, org=world.dashilan, name="大栅栏书店")
    assert client.post("/organising/targets/new/", {"mode": "open", "employer": far.pk}).status_code == 404


def test_a_stall_page_registers_a_shop_and_an_opinion_answered_from_the_list(world, login):
    client = login("xicheng")
    made = client.post(
        "/organising/events/new/",
        {
            "org": world.dashilan.pk,
            "kind": "stall",
            "title": "大栅栏西街摆摊",
            "on": "2026-06-06",
            "place": "大栅栏西街",
        },
    )
    assert made.status_code == 302
    url = made["Location"]
    added = client.post(
        f"{url}contacts/",
        {
            "c-name": "瑞蚨祥绸布店",
            "c-headcount": 36,
            "c-met": "店长 刘某",
            "c-outcome": "agreed",
            "c-next_step": "报送建会申请",
            "c-next_step_on": "2026-06-20",
        },
    )
    assert added.status_code == 302
    said = client.post(
        f"{url}opinions/", {"o-on": "2026-06-06", "o-category": "rest", "o-text": "希望保证轮休"}
    )
    assert said.status_code == 302
    page = client.get(url).content.decode()
    assert "瑞蚨祥绸布店" in page and "报送建会申请" in page and "希望保证轮休" in page and "待答复" in page
    events = client.get("/organising/events/").content.decode()
    assert "大栅栏西街摆摊" in events and "1家" in events and "1条" in events
    o = Opinion.objects.get()
    assert "希望保证轮休" in client.get("/organising/opinions/?state=open").content.decode()
    answered = client.post(
        f"/organising/opinions/{o.pk}/answer/",
        {f"a{o.pk}-answer": "已向商会反映", f"a{o.pk}-answered_on": "2026-06-10"},
    )
    assert answered.status_code == 302
    assert "希望保证轮休" not in client.get("/organising/opinions/?state=open").content.decode()
    assert "已向商会反映" in client.get("/organising/opinions/?state=answered").content.decode()
    sheet = client.get("/organising/opinions/?export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    assert rows[2][2] == "希望保证轮休" and rows[2][5] == "已向商会反映"


def test_the_board_links_each_streets_stage_to_the_list(pipeline_world, login):
    world, _t = pipeline_world
    page = login("chaoyang").get("/organising/board/").content.decode()
    assert f"?org={world.donghu.pk}&amp;stage=visited" in page and "gh-pipeline-board" in page
    assert "大栅栏" not in page


def test_the_api_lists_a_streets_targets_shows_one_and_records_a_visit(pipeline_world, client):
    world, t = pipeline_world
    client.force_login(world.user("donghu"))
    listed = client.get(f"/api/organising/targets?org={world.donghu.pk}&stage=visited").json()
    assert [r["employer"] for r in listed["items"]] == ["东湖便利店", "望京物流有限公司"]
    assert listed["items"][0]["overdue"] is True and listed["count"] == 2
    assert client.get("/api/organising/targets?stage=unknown").status_code == 400
    assert client.get(f"/api/organising/targets?org={world.dashilan.pk}").status_code == 404
    url = f"/api/organising/targets/{t['late'].pk}"
    body = {
        "on": "2026-06-14",
        "visitors": "赵子鹏",
        "outcome": "agreed",
        "next_step": "筹建",
        "next_step_on": "2026-06-30",
    }
    made = client.post(f"{url}/visits", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["outcome_name"] == "同意筹建"
    one = client.get(url).json()
    assert one["next_step_on"] == "2026-06-30" and one["overdue"] is False
    assert [v["on"] for v in one["visits"]] == ["2026-06-14", "2026-05-01"]
    late = client.post(f"{url}/visits", {**body, "on": "2026-07-01"}, content_type="application/json")
    assert late.status_code == 400 and late.json()["fields"] == {"on": "不能晚于今天"}
    far = client.post(f"/api/organising/targets/{t['far'].pk}/visits", body, content_type="application/json")
    assert far.status_code == 404


@pytest.mark.parametrize("url", ["/organising/targets/", "/organising/worklist/", "/organising/opinions/"])
def test_the_lists_take_as_many_queries_for_many_rows_as_for_few(world, login, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int, start: int) -> None:
        stall = pipeline.event_create(actor=SYSTEM, org=world.donghu, title=f"摆摊{start}", on=day(6, 1))
        for i in range(start, start + n):
            t = target(world.donghu, f"东湖商店{i}", owner=world.user("donghu"))
            visit(t, day(5, 1), day(6, 1))
            pipeline.opinion_add(actor=SYSTEM, event=stall, on=day(6, 1), category="wages", text=f"意见{i}")

    client = login("donghu")

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    add(2, 0)
    few = queries()
    add(8, 2)
    assert queries() == few
