"""The organising pipeline (R1, W1; issue 21 §1): visits move a target to 已走访 and set its next step, a stall
contacts several employers at once (a shop found there is registered and opened as a target), workers' opinions
are kept with their answers; what a cadre may not do is refused in words naming the field, and what lies outside
their subtree is not found."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.organising import pipeline_selectors as selectors
from gonghui.organising import pipeline_services as pipeline
from gonghui.organising import services
from gonghui.organising.models import EventContact, Opinion, Stage, Target, Visit
from gonghui.organising.models.pipeline import EventKind, OpinionCategory, Outcome, VisitKind
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Coverage, FormedChannel, Level

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


def target(org, name: str, **fields) -> Target:
    return services.target_register(
        actor=SYSTEM, org=org, employer_fields={"name": name, "headcount": 30}, on_date=day(1, 5), **fields
    )


def visit(t: Target, on: dt.date, actor=SYSTEM, **fields) -> Visit:
    fields.setdefault("outcome", Outcome.INTERESTED)
    return pipeline.visit_record(actor=actor, target=t, on=on, visitors="街道总工会 赵子鹏", **fields)


def fresh(t: Target) -> Target:
    return Target.objects.get(pk=t.pk)


# ---- visits -------------------------------------------------------------------------------------------------------


def test_a_visit_moves_the_target_to_visited_and_sets_its_next_step(world):  # rule R1
    shop = target(world.donghu, "东湖便利店")
    v = visit(
        shop,
        day(3, 10),
        actor=world.user("donghu"),
        kind=VisitKind.MEETING,
        met="店长 王某",
        said="介绍建会流程",
        next_step="再次上门宣讲",
        next_step_on=day(4, 1),
    )
    shop = fresh(shop)
    assert (shop.stage, shop.first_contact_on) == (Stage.VISITED, day(3, 10))
    assert (shop.next_step, shop.next_step_on) == ("再次上门宣讲", day(4, 1))
    assert v.recorded_by == world.user("donghu") and v.org == world.donghu
    event = AuditEvent.objects.get(action="organising.pipeline.visit")
    assert event.after["employer"] == "东湖便利店" and event.after["stage"] == "已走访"


def test_the_next_step_follows_the_latest_contact_and_the_first_contact_is_kept(world):
    shop = target(world.donghu, "东湖便利店")
    visit(shop, day(3, 10), next_step="再次上门", next_step_on=day(4, 1))
    visit(shop, day(2, 1), next_step="早先的安排", next_step_on=day(2, 10))  # recorded late, dated earlier
    shop = fresh(shop)
    assert (shop.next_step, shop.first_contact_on) == ("再次上门", day(2, 1))
    visit(shop, day(5, 20), outcome=Outcome.AGREED, next_step="成立筹建工作组", next_step_on=day(6, 30))
    assert fresh(shop).next_step_on == day(6, 30)


def test_a_visit_never_moves_a_target_back(world):  # R1: stages only move forward
    shop = target(world.donghu, "东湖便利店")
    services.advance(shop, Stage.PREPARING, on=day(3, 1))
    visit(fresh(shop), day(4, 1))
    assert fresh(shop).stage == Stage.PREPARING
    services.advance(fresh(shop), Stage.FORMED, on=day(5, 1))
    with pytest.raises(Conflict, match="已建会"):
        visit(fresh(shop), day(5, 10))


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"on": dt.date(2026, 6, 16)}, "on", "走访日期不能晚于今天"),
        ({"on": None}, "on", "请填写走访日期"),
        ({"visitors": "  "}, "visitors", "请填写走访人员"),
        ({"outcome": "maybe"}, "outcome", "请选择走访结果"),
        ({"kind": "letter"}, "kind", "请选择走访方式"),
        (
            {"next_step": "再去", "next_step_on": dt.date(2026, 3, 1)},
            "next_step_on",
            "下一步日期不能早于走访日期",
        ),
        ({"next_step_on": dt.date(2026, 7, 1)}, "next_step", "请写明下一步工作"),
    ],
)
def test_a_visit_is_refused_in_words_naming_the_field(world, fields, field, words):
    shop = target(world.donghu, "东湖便利店")
    args = {"on": day(3, 10), "visitors": "赵子鹏", "outcome": Outcome.INTERESTED, **fields}
    with pytest.raises(DomainError) as refused:
        pipeline.visit_record(actor=world.user("donghu"), target=shop, **args)
    assert words in refused.value.message and field in refused.value.fields
    assert not Visit.objects.exists() and fresh(shop).stage == Stage.NONE


def test_outside_the_subtree_a_target_is_not_found(world, login):
    theirs = target(world.dashilan, "大栅栏茶庄")
    ours = target(world.donghu, "东湖便利店")
    with pytest.raises(NotFound):
        visit(theirs, day(3, 10), actor=world.user("donghu"))
    with pytest.raises(NotFound):
        visit(ours, day(3, 10), actor=world.user("viewer"))  # may look, not record
    with pytest.raises(NotFound):
        selectors.target_get(actor=world.user("xicheng"), pk=ours.pk)
    client = login("xicheng")
    assert client.get(f"/organising/targets/{ours.pk}/").status_code == 404
    assert "东湖便利店" not in client.get("/organising/targets/").content.decode()
    assert client.get(f"/api/organising/targets/{ours.pk}").status_code == 404
    assert login("donghu").get(f"/organising/targets/{theirs.pk}/").status_code == 404


# ---- a stall and the employers contacted there ----------------------------------------------------------------------


@pytest.fixture
def stall(world):
    return pipeline.event_create(
        actor=world.user("xicheng"),
        org=world.dashilan,
        kind=EventKind.STALL,
        title="大栅栏西街“摆摊设点”职工沟通会",
        on=day(6, 6),
        place="大栅栏西街",
    )


def test_a_shop_found_at_the_stall_is_registered_and_opened_as_a_target(world, stall):  # 000-4
    xicheng = world.user("xicheng")
    contact = pipeline.event_contact_add(
        actor=xicheng,
        event=stall,
        new_employer={"name": "张一元茶庄", "headcount": 28, "address": "大栅栏街22号"},
        met="经理 张某",
        outcome=Outcome.INTERESTED,
        next_step="再次上门宣讲",
        next_step_on=day(6, 20),
    )
    t = fresh(contact.target)
    assert t.employer.org == world.dashilan and t.employer.coverage == Coverage.NONE
    assert t.employer.periods.get().started_on == day(6, 6)  # on the register from the stall's day (R1)
    assert (t.stage, t.channel, t.first_contact_on) == (Stage.VISITED, FormedChannel.STALL, day(6, 6))
    assert (t.next_step, t.next_step_on) == ("再次上门宣讲", day(6, 20))
    with pytest.raises(Conflict, match="已登记在本次活动中"):
        pipeline.event_contact_add(actor=xicheng, event=stall, target=t, outcome=Outcome.AGREED)
    with pytest.raises(Conflict, match="已登记"):
        pipeline.event_contact_add(
            actor=xicheng, event=stall, new_employer={"name": "张一元茶庄"}, outcome=Outcome.AGREED
        )


def test_an_employer_on_the_register_is_opened_when_contacted(world, stall):
    shop = org_services.employer_create(
        actor=SYSTEM, org=world.dashilan, name="内联升鞋店", on_date=day(1, 1)
    )
    contact = pipeline.event_contact_add(
        actor=world.user("xicheng"), event=stall, employer=shop, outcome=Outcome.FOLLOW_UP
    )
    assert contact.target.employer == shop and fresh(contact.target).stage == Stage.VISITED
    assert AuditEvent.objects.filter(action="organising.target.open").count() == 1


def test_a_contact_is_refused_outside_the_event_or_without_an_employer(world, stall):
    xicheng = world.user("xicheng")
    far = org_services.employer_create(actor=SYSTEM, org=world.donghu, name="东湖便利店")
    with pytest.raises(NotFound):
        pipeline.event_contact_add(actor=xicheng, event=stall, employer=far, outcome=Outcome.AGREED)
    with pytest.raises(DomainError) as refused:
        pipeline.event_contact_add(actor=xicheng, event=stall, outcome=Outcome.AGREED)
    assert "employer" in refused.value.fields
    with pytest.raises(DomainError) as refused:
        pipeline.event_contact_add(
            actor=xicheng, event=stall, new_employer={"name": " "}, outcome=Outcome.AGREED
        )
    assert refused.value.fields == {"name": "必填"}
    covered = org_services.employer_create(
        actor=SYSTEM, org=world.dashilan, union=world.base_xicheng, name="大栅栏商贸有限公司"
    )
    with pytest.raises(Conflict):
        pipeline.event_contact_add(actor=xicheng, event=stall, employer=covered, outcome=Outcome.AGREED)
    with pytest.raises(NotFound):
        pipeline.event_contact_add(
            actor=world.user("donghu"), event=stall, new_employer={"name": "某店"}, outcome=Outcome.AGREED
        )
    assert not EventContact.objects.exists()


def test_an_event_is_refused_in_the_future_or_without_a_title(world):
    with pytest.raises(DomainError) as refused:
        pipeline.event_create(actor=world.user("xicheng"), org=world.dashilan, title="摆摊", on=day(7, 1))
    assert refused.value.fields == {"on": "不能晚于今天"}
    with pytest.raises(DomainError) as refused:
        pipeline.event_create(actor=world.user("xicheng"), org=world.dashilan, title=" ", on=day(6, 1))
    assert refused.value.fields == {"title": "必填"}
    with pytest.raises(NotFound):
        pipeline.event_create(actor=world.user("xicheng"), org=world.donghu, title="摆摊", on=day(6, 1))


# ---- opinions -----------------------------------------------------------------------------------------------------


def test_an_opinion_is_collected_and_answered_with_who_and_when(world, stall):
    xicheng = world.user("xicheng")
    o = pipeline.opinion_add(
        actor=xicheng, event=stall, on=day(6, 6), category=OpinionCategory.REST, text="希望保证轮休"
    )
    assert o.org == world.dashilan and o.answered_on is None
    with pytest.raises(DomainError) as refused:
        pipeline.opinion_answer(actor=xicheng, opinion=o, answer="已反映", answered_on=day(6, 1))
    assert refused.value.fields == {"answered_on": "不能早于收集日期"}
    with pytest.raises(DomainError) as refused:
        pipeline.opinion_answer(actor=xicheng, opinion=o, answer="  ")
    assert refused.value.fields == {"answer": "必填"}
    pipeline.opinion_answer(actor=xicheng, opinion=o, answer="已向商会反映", answered_on=day(6, 12))
    o = Opinion.objects.get(pk=o.pk)
    assert (o.answer, o.answered_on, o.answered_by) == ("已向商会反映", day(6, 12), xicheng)
    assert AuditEvent.objects.get(action="organising.pipeline.answer").after["answer"] == "已向商会反映"
    with pytest.raises(NotFound):
        pipeline.opinion_answer(actor=world.user("donghu"), opinion=o, answer="越权")


def test_an_opinion_without_text_or_before_its_event_is_refused(world, stall):
    xicheng = world.user("xicheng")
    with pytest.raises(DomainError) as refused:
        pipeline.opinion_add(actor=xicheng, event=stall, on=day(6, 6), category="wages", text=" ")
    assert refused.value.fields == {"text": "必填"}
    with pytest.raises(DomainError) as refused:
        pipeline.opinion_add(actor=xicheng, event=stall, on=day(6, 1), category="wages", text="工资")
    assert "on" in refused.value.fields
    with pytest.raises(DomainError) as refused:
        pipeline.opinion_add(actor=xicheng, on=day(6, 1), category="wages", text="工资")
    assert refused.value.fields == {"org": "必填"}


def test_opinions_given_on_a_visit_are_kept_with_it(world):
    shop = target(world.donghu, "东湖便利店")
    v = visit(shop, day(3, 10), opinions=[(OpinionCategory.WAGES, "希望按时发工资"), ("other", " ")])
    assert [o.text for o in v.opinions.all()] == ["希望按时发工资"]
    assert [o.text for o in selectors.target_opinions(shop)] == ["希望按时发工资"]


# ---- what waits ---------------------------------------------------------------------------------------------------


def test_todo_counts_overdue_next_steps_and_unanswered_opinions_in_the_subtree(world, stall):
    shop = target(world.donghu, "东湖便利店")
    visit(shop, day(5, 1), next_step="再次上门", next_step_on=day(6, 1))  # overdue on 15 June
    later = target(world.donghu, "东湖花店")
    visit(later, day(5, 1), next_step="再次上门", next_step_on=day(6, 30))
    pipeline.opinion_add(actor=SYSTEM, event=stall, on=day(6, 6), category="wages", text="工资")
    chaoyang = world.user("chaoyang")
    rows = selectors.todo(chaoyang, world.chaoyang)
    assert [(label, n) for label, n, _ in rows] == [("建会目标下一步已逾期", 1)]
    assert "overdue=on" in rows[0][2]
    assert [(label, n) for label, n, _ in selectors.todo(world.user("xicheng"), world.xicheng)] == [
        ("职工意见建议待答复", 1)
    ]
    assert selectors.todo(world.user("xicheng"), world.chaoyang) == []


def test_the_board_counts_each_streets_targets_by_stage(world):
    a, b = target(world.donghu, "东湖便利店"), target(world.donghu, "东湖花店")
    visit(a, day(3, 1))
    target(world.changying, "常营超市")
    org_services.employer_create(actor=SYSTEM, org=world.changying, name="常营面馆")  # not yet a target
    rows = {
        r.org.name: (r.counts, r.untargeted) for r in selectors.board(world.user("chaoyang"), world.chaoyang)
    }
    assert rows == {"东湖街道总工会": ({"visited": 1, "none": 1}, 0), "常营地区总工会": ({"none": 1}, 1)}
    assert b.stage == Stage.NONE
    assert [r.org.name for r in selectors.board(world.user("donghu"), world.donghu)] == ["东湖街道总工会"]


def test_a_new_base_union_is_no_street_on_the_board(world):
    org_services.org_create(actor=SYSTEM, parent=world.changying, name="常营超市工会", level=Level.BASE)
    names = [r.org.name for r in selectors.board(world.user("chaoyang"), world.chaoyang)]
    assert names == ["东湖街道总工会", "常营地区总工会"]
