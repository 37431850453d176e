"""Work plans (rule G3): the roll-up of progress on integers, who sees which items, the services' refusals, the
pages, the API and the figures."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.core.sheets import read_rows
from gonghui.governance import plans_selectors, selectors
from gonghui.governance import plans_services as services
from gonghui.governance.models import PlanItem, PlanStatus, ProgressReport

from .plans_helpers import changying_cadre, item, make_plan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 7, 15, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def report(actor, plan, label, unit, percent, day=dt.date(2026, 7, 1), text="按计划推进"):
    return services.progress_report(
        actor=actor,
        item=item(plan, label),
        unit=unit,
        data=services.ReportData(reported_on=day, text=text, percent=percent, evidence="照片3张"),
    )


def test_a_plans_progress_rolls_up_from_two_child_units_each_seeing_only_its_own_items(world, client):
    """Done when (issue 20): items reported by two child units roll up to the plan; each unit sees only its own."""
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying])
    donghu, changying = world.user("donghu"), changying_cadre(world)
    report(donghu, plan, "1", world.donghu, 80)
    report(donghu, plan, "1", world.donghu, 100, day=dt.date(2026, 7, 10))  # the latest counts
    report(changying, plan, "2", world.changying, 50)
    report(changying, plan, "二", world.changying, 41)
    # rule G3: 1 = 100; 2 = 50; 一 = (1*100 + 3*50) // 4 = 62; 二 = (0 + 41) // 2 = 20; plan = (62 + 20) // 2 = 41
    view = plans_selectors.plan_view(actor=world.user("chaoyang"), pk=plan.pk)
    got = {r.item.label: r.progress for r in view.rows}
    assert got == {"一": 62, "1": 100, "2": 50, "二": 20} and view.progress == 41

    client.force_login(world.user("chaoyang"))
    page = client.get(f"/governance/plans/{plan.pk}/").content.decode()
    assert "整体进度 <strong>41%</strong>" in page and "母婴关爱室建设" in page and "职工书屋提升" in page

    client.force_login(donghu)
    page = client.get(f"/governance/plans/{plan.pk}/").content.decode()
    assert "2026年工作要点" in page and "职工书屋提升" in page and "职工技能竞赛" in page
    assert "母婴关爱室建设" not in page and "整体进度" not in page and "常营地区总工会" not in page
    assert "以东湖街道总工会名义报告进展" in page
    api = client.get(f"/api/governance/plans/{plan.pk}").json()
    assert [i["label"] for i in api["items"]] == ["1", "二"] and api["progress"] is None
    assert api["items"][1]["owners"] == ["东湖街道总工会"] and api["items"][1]["progress"] == 20

    client.force_login(changying)
    page = client.get(f"/governance/plans/{plan.pk}/").content.decode()
    assert "母婴关爱室建设" in page and "职工书屋提升" not in page and "东湖街道总工会" not in page
    api = client.get(f"/api/governance/plans/{plan.pk}").json()
    assert {i["label"]: i["progress"] for i in api["items"]} == {"2": 50, "二": 20}

    client.force_login(world.user("xicheng"))
    assert client.get(f"/governance/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/api/governance/plans/{plan.pk}").status_code == 404
    listed = client.get("/governance/plans/").content.decode()
    assert "2026年工作要点" not in listed
    client.force_login(donghu)
    assert "2026年工作要点" in client.get("/governance/plans/").content.decode()


def test_a_unit_reports_only_on_its_own_items_through_the_page(world, client):
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying])
    client.force_login(world.user("donghu"))
    mine, theirs = item(plan, "1"), item(plan, "2")
    ok = client.post(
        f"/governance/plans/{plan.pk}/report/",
        {
            "item": mine.pk,
            "unit": world.donghu.pk,
            "reported_on": "2026-07-14",
            "percent": 60,
            "text": "书屋完成选址",
        },
    )
    assert ok.status_code == 302
    assert ProgressReport.objects.get(item=mine).percent == 60
    refused = client.post(
        f"/governance/plans/{plan.pk}/report/",
        {"item": theirs.pk, "unit": world.donghu.pk, "reported_on": "2026-07-14", "percent": 60, "text": "x"},
    )
    assert refused.status_code == 404 and not ProgressReport.objects.filter(item=theirs).exists()
    over = client.post(
        f"/governance/plans/{plan.pk}/report/",
        {"item": mine.pk, "unit": world.donghu.pk, "reported_on": "2026-07-14", "percent": 101, "text": "x"},
    )
    assert over.status_code == 200 and "完成进度" in over.content.decode()


def test_the_services_refuse_what_g3_does_not_allow(world):
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying], publish=False)
    with pytest.raises(DomainError, match="计划未发布"):
        report(world.user("donghu"), plan, "1", world.donghu, 10)
    with pytest.raises(DomainError, match="不在朝阳区总工会的下级范围内"):
        services.owners_assign(actor=SYSTEM, item=item(plan, "1"), owners=[world.dashilan])
    with pytest.raises(DomainError, match="序号“1”已有事项"):
        services.item_add(
            actor=SYSTEM, plan=plan, data=services.ItemData(label="1", title="重复", parent=item(plan, "一"))
        )
    with pytest.raises(DomainError, match="无权编辑"):
        services.item_add(
            actor=world.user("xicheng"), plan=plan, data=services.ItemData(label="三", title="外区事项")
        )
    services.item_remove(actor=world.user("chaoyang"), item=item(plan, "二"))
    services.plan_publish(actor=world.user("chaoyang"), plan=plan)
    with pytest.raises(DomainError, match="事项不能删除"):
        services.item_remove(actor=world.user("chaoyang"), item=item(plan, "1"))
    with pytest.raises(DomainError, match="未分配给“东湖街道总工会”"):
        report(world.user("donghu"), plan, "2", world.donghu, 10)
    with pytest.raises(DomainError, match="无权以“常营地区总工会”的名义"):
        report(world.user("donghu"), plan, "2", world.changying, 10)
    report(world.user("donghu"), plan, "1", world.donghu, 10)
    with pytest.raises(DomainError, match="已报告进展的责任单位不能取消"):
        services.owners_assign(actor=SYSTEM, item=item(plan, "1"), owners=[world.changying])
    services.plan_complete(actor=world.user("chaoyang"), plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    with pytest.raises(DomainError, match="计划未发布或已完成"):
        report(world.user("donghu"), plan, "1", world.donghu, 20)


def test_a_draft_plan_is_hidden_from_owner_units_and_an_empty_plan_is_not_published(world, client):
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying], publish=False)
    client.force_login(world.user("donghu"))
    assert client.get(f"/governance/plans/{plan.pk}/").status_code == 404
    empty = make_plan(world.chaoyang, owners=[world.donghu, world.changying], title="空计划", publish=False)
    empty.items.all().delete()
    with pytest.raises(DomainError, match="还没有事项"):
        services.plan_publish(actor=SYSTEM, plan=empty)


def test_overdue_items_are_flagged_and_counted_in_the_figures_and_the_todo(world, client):
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying])
    report(world.user("donghu"), plan, "1", world.donghu, 100)
    # as of 2026-07-15: 1 (due 06-30) is done; 2 (due 09-30) and 二 (11-30) are not yet due
    fig = plans_selectors.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig == {
        "plans": 1,
        "plan_items": 3,
        "plan_items_done": 1,
        "plan_items_overdue": 0,
        "plan_progress_percent": 12,  # 一 = (100 + 0) // 4 = 25, 二 = 0: (25 + 0) // 2
    }
    assert plans_selectors.sentence(fig) == "部署工作计划1项、事项3项，已完成1项，整体进度12%"
    with time_machine.travel(dt.datetime(2026, 10, 8, 2, tzinfo=dt.UTC), tick=False):
        fig = plans_selectors.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert fig["plan_items_overdue"] == 1
        assert (
            "逾期1项"
            in selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).sentence()
        )
        client.force_login(world.user("chaoyang"))
        page = client.get(f"/governance/plans/{plan.pk}/").content.decode()
        assert "逾期1项" in page and ">逾期</span>" in page
        todo = dict(
            (label, n) for label, n, _ in plans_selectors.todo(world.user("chaoyang"), world.chaoyang)
        )
        assert todo["计划事项逾期未完成"] == 1
        listed = client.get("/governance/plans/?overdue=1").content.decode()
        assert "2026年工作要点" in listed
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC), tick=False):
        todo = dict(
            (label, n) for label, n, _ in plans_selectors.todo(world.user("chaoyang"), world.chaoyang)
        )
        assert todo == {
            "计划事项逾期未完成": 1,
            "计划事项14天内到期未报告进展": 2,
        }  # 2 late; 二 for each owner
    assert plans_selectors.todo(world.user("xicheng"), world.chaoyang) == []
    # a period the plan does not overlap, or a subtree without it, counts nothing
    assert plans_selectors.figures(world.chaoyang, dt.date(2025, 1, 1), dt.date(2025, 12, 31))["plans"] == 0
    assert plans_selectors.figures(world.xicheng, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["plans"] == 0
    assert plans_selectors.sentence(dict.fromkeys(plans_selectors.FIGURES, 0)) == ""


def test_the_list_filters_and_both_sheets_export(world, client):
    make_plan(world.chaoyang, owners=[world.donghu, world.changying])
    other = make_plan(world.xicheng, owners=[world.dashilan, world.base_xicheng], title="西城行动方案")
    client.force_login(world.user("city_admin"))
    page = client.get(f"/governance/plans/?org={world.chaoyang.pk}").content.decode()
    assert "2026年工作要点" in page and "西城行动方案" not in page
    assert "西城行动方案" in client.get("/governance/plans/?q=西城").content.decode()
    assert "西城行动方案" not in client.get("/governance/plans/?year=2025").content.decode()
    sheet = client.get("/governance/plans/?export=xlsx")
    assert sheet.status_code == 200
    rows = list(read_rows(sheet.content, "x.xlsx"))
    assert any("西城行动方案" in [str(c) for c in row] for row in rows)
    items = client.get(f"/governance/plans/{other.pk}/export/")
    rows = list(read_rows(items.content, "x.xlsx"))
    assert any("母婴关爱室建设" in [str(c) for c in row] for row in rows)


def test_a_plan_is_created_and_given_items_through_the_pages(world, login):
    client = login("chaoyang")
    made = client.post(
        "/governance/plans/new/",
        {
            "org": world.chaoyang.pk,
            "kind": "action",
            "title": "建功立业行动方案",
            "year": 2026,
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
        },
    )
    assert made.status_code == 302
    plan_url = made["Location"]
    pk = int(plan_url.rstrip("/").split("/")[-1])
    added = client.post(
        f"/governance/plans/{pk}/items/",
        {"label": "1", "title": "劳动竞赛", "due_on": "2026-10-31", "owners": [world.donghu.pk], "weight": 2},
    )
    assert added.status_code == 302
    bad = client.post(
        f"/governance/plans/{pk}/items/", {"label": "2", "title": "外区", "owners": [world.dashilan.pk]}
    )
    assert bad.status_code == 200 and not PlanItem.objects.filter(plan_id=pk, title="外区").exists()
    assert client.post(f"/governance/plans/{pk}/publish/").status_code == 302
    page = client.get(plan_url).content.decode()
    assert "劳动竞赛" in page and "已发布" in page and "东湖街道总工会" in page
    assert login("xicheng").get(plan_url).status_code == 404
    bad_dates = login("chaoyang").post(
        "/governance/plans/new/",
        {
            "org": world.chaoyang.pk,
            "kind": "year",
            "title": "x",
            "year": 2026,
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        },
    )
    assert bad_dates.status_code == 200 and "结束日期不能早于开始日期" in bad_dates.content.decode()


def test_a_node_neither_above_nor_an_owner_gets_404_and_a_unit_above_an_owner_sees_its_items(world, client):
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.base_donghu])
    client.force_login(changying_cadre(world))
    assert client.get(f"/governance/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/api/governance/plans/{plan.pk}").status_code == 404
    client.force_login(world.user("donghu"))  # 东湖 is above 望京科技, the owner of item 2
    page = client.get(f"/governance/plans/{plan.pk}/").content.decode()
    assert "母婴关爱室建设" in page and "职工书屋提升" in page and "整体进度" not in page


def test_a_plan_and_its_items_are_updated_and_owners_reassigned_with_audit_rows(world):
    from gonghui.core.models import AuditEvent

    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying], publish=False)
    chaoyang = world.user("chaoyang")
    services.plan_update(
        actor=chaoyang,
        plan=plan,
        data=services.PlanData(
            org=world.chaoyang,
            kind="action",
            title="朝阳区建功立业行动方案",
            year=2026,
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 12, 31),
        ),
    )
    two = item(plan, "2")
    services.item_update(
        actor=chaoyang,
        item=two,
        data=services.ItemData(label="2", title="母婴关爱室建设", weight=1, parent=item(plan, "一")),
    )
    services.owners_assign(actor=chaoyang, item=two, owners=[world.donghu, world.changying])
    services.plan_publish(actor=chaoyang, plan=plan)
    report(world.user("donghu"), plan, "2", world.donghu, 90)
    view = plans_selectors.plan_view(actor=chaoyang, pk=plan.pk)
    got = {r.item.label: r.progress for r in view.rows}
    assert got["2"] == 45 and got["一"] == 22 and view.plan.title == "朝阳区建功立业行动方案"  # (0 + 45) // 2
    actions = set(
        AuditEvent.objects.filter(org_path__startswith=world.chaoyang.path).values_list("action", flat=True)
    )
    assert {
        "governance.plan.update",
        "governance.plan.item.update",
        "governance.plan.item.owners",
        "governance.plan.report",
    } <= actions


def _csv(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("事项表.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_items_are_imported_from_a_sheet_all_or_none_with_errors_by_row(world, login):
    plan = make_plan(world.chaoyang, owners=[world.donghu, world.changying], publish=False)
    client = login("chaoyang")
    bad = (
        "序号,上级序号,事项,责任单位,完成时限,权重\n"
        "三,,职工服务,东湖街道总工会,2026-10-31,2\n"
        "1,三,法律援助,大栅栏街道总工会,2026-13-01,0\n"
        "2,四,困难帮扶,常营地区总工会,,\n"
    )
    page = client.post(f"/governance/plans/{plan.pk}/items/import/", {"file": _csv(bad)})
    text = page.content.decode()
    assert page.status_code == 200 and "第3行" in text and "第4行" in text and "第2行" not in text
    assert (
        "不在本计划制定单位的下级范围内" in text and "日期格式应为2026-06-30" in text and "应为正整数" in text
    )
    assert not plan.items.filter(label="三").exists()
    good = "序号,上级序号,事项,责任单位,完成时限,权重\n三,,职工服务,,,\n1,三,法律援助,东湖街道总工会、常营地区总工会,2026/10/31,2\n"
    assert client.post(f"/governance/plans/{plan.pk}/items/import/", {"file": _csv(good)}).status_code == 302
    legal = plan.items.get(title="法律援助")
    assert legal.parent.label == "三" and legal.weight == 2 and legal.due_on == dt.date(2026, 10, 31)
    assert {o.name for o in legal.owners.all()} == {"东湖街道总工会", "常营地区总工会"}
    assert (
        login("xicheng").post(f"/governance/plans/{plan.pk}/items/import/", {"file": _csv(good)}).status_code
        == 404
    )
