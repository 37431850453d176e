"""Members' requests (DOMAIN §6 V4): routing to the right union, deadlines in working days, the steps in order,
escalation of late ones to the node above (idempotent, by a daily command), who sees them, and the figures
against a plain count."""

import datetime as dt

import pytest
from django.core.management import call_command

from gonghui.core.errors import Conflict, DomainError
from gonghui.core.models import AuditEvent
from gonghui.members.tests.factories import enrol
from gonghui.orgs.models import Employer
from gonghui.support import requests_selectors as selectors
from gonghui.support import requests_services as services
from gonghui.support import selectors as support_selectors
from gonghui.support.models.requests import ServiceRequest

from .requests_helpers import answer, at, call, step

pytestmark = pytest.mark.django_db
THU = dt.date(2026, 6, 18)  # the Thursday before the Dragon Boat holiday (Friday 6-19)


# ---- rule V4: routing ------------------------------------------------------------------------------------------


def test_a_member_is_routed_to_their_own_union_wherever_the_call_is_logged(world):
    member = enrol(world.base_donghu, "王芳")
    r = call(world.dashilan, THU, person=member.person)
    assert r.org == world.base_donghu  # rule V4: the member's own union, not the node that logged the call
    assert r.logged_by == world.dashilan and r.number == "诉2026-000001"


def test_a_member_on_the_phone_reaches_their_own_union(world):
    member = enrol(world.base_xicheng, "李娜")
    with at(THU):
        r = services.request_submit(person=member.person, category="injury", description="工伤认定迟迟未办")
    assert (r.org, r.channel, r.person) == (world.base_xicheng, "phone", member.person)
    assert AuditEvent.objects.get(action="support.request.receive", target_id=str(r.pk)).actor_username == (
        "会员 李*"
    )


def test_a_non_member_reaches_the_union_covering_their_employer(world):
    firm = Employer.objects.create(
        org=world.donghu, name="望京科技有限公司", union=world.base_donghu, coverage="own"
    )
    r = call(world.chaoyang, THU, employer=firm)
    assert r.org == world.base_donghu  # rule V4: the employer's union


def test_a_non_member_of_an_employer_without_union_reaches_the_street_federation(world):
    firm = Employer.objects.create(org=world.changying, name="常营快递站")
    r = call(world.chaoyang, THU, employer=firm)
    assert r.org == world.changying  # rule V4: the street federation where the employer is registered


def test_a_non_member_naming_no_employer_stays_with_the_node_logging_it(world):
    r = call(world.donghu, THU, caller="赵敏", mobile="13912345678")
    assert r.org == world.donghu
    assert r.caller_masked == "赵*" and r.caller_mobile_masked == "139****5678"
    assert "13912345678" not in r.caller_mobile_cipher


def test_the_description_is_encrypted_at_rest(world):
    r = call(world.donghu, THU)
    assert "欠薪" not in r.description_cipher
    assert selectors.description(r) == "公司三个月未发工资，共计欠薪两万元"


def test_staff_log_only_for_a_node_they_manage(world):
    with pytest.raises(DomainError):
        services.request_log(
            actor=world.users["chaoyang"],
            data=services.CallData("hotline", "wages", "x", logging_org=world.dashilan, caller_name="甲"),
        )


# ---- rule V4: deadlines in working days and the steps -----------------------------------------------------------


def test_deadlines_count_working_days_after_receipt_skipping_holidays(world):
    r = call(world.donghu, THU)
    # received Thursday 6-18; Friday 6-19 is the Dragon Boat holiday, then the weekend
    assert r.acknowledge_due == dt.date(2026, 6, 22)
    assert r.answer_due == dt.date(2026, 6, 26)
    assert not r.overdue_on(dt.date(2026, 6, 22))
    assert r.overdue_on(dt.date(2026, 6, 23))


def test_steps_go_in_order_each_dated_and_audited(world):
    r = call(world.donghu, THU)
    with pytest.raises(Conflict):
        step(r, "answered", THU, "答复")
    r = step(r, "acknowledged", THU, actor=world.users["donghu"])
    r = step(r, "in_hand", dt.date(2026, 6, 22))
    with pytest.raises(DomainError, match="请填写答复内容"):
        step(r, "answered", dt.date(2026, 6, 23))
    r = step(r, "answered", dt.date(2026, 6, 23), "已协调补发")
    r = step(r, "followed_up", dt.date(2026, 6, 29), "电话回访，工资已到账")
    r = step(r, "closed", dt.date(2026, 6, 30))
    assert (r.state, r.answered_on, r.on_time, r.answer) == (
        "closed",
        dt.date(2026, 6, 23),
        True,
        "已协调补发",
    )
    assert [(s.state, s.on) for s in r.steps.all()] == [
        ("received", THU),
        ("acknowledged", THU),
        ("in_hand", dt.date(2026, 6, 22)),
        ("answered", dt.date(2026, 6, 23)),
        ("followed_up", dt.date(2026, 6, 29)),
        ("closed", dt.date(2026, 6, 30)),
    ]
    assert r.steps.get(state="acknowledged").actor_label == "donghu"
    actions = list(
        AuditEvent.objects.filter(target_id=str(r.pk), action__startswith="support.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "support.request.receive",
        "support.request.acknowledge",
        "support.request.take",
        "support.request.answer",
        "support.request.follow_up",
        "support.request.close",
    ]


def test_a_cadre_outside_the_subtree_cannot_step_it(world):
    r = call(world.donghu, THU)
    with pytest.raises(DomainError):
        step(r, "acknowledged", THU, actor=world.users["xicheng"])


def test_the_member_rates_the_answer_and_closes_it(world):
    member = enrol(world.base_donghu, "王芳")
    other = enrol(world.base_donghu, "李娜")
    with at(THU):
        r = services.request_submit(person=member.person, category="wages", description="欠薪")
    with pytest.raises(Conflict):
        services.request_rate(person=member.person, request=r, rating=5)
    r = answer(r, THU)
    with pytest.raises(DomainError):
        services.request_rate(person=other.person, request=r, rating=5)
    with pytest.raises(DomainError):
        services.request_rate(person=member.person, request=r, rating=6)
    with at(dt.date(2026, 6, 22)):
        r = services.request_rate(person=member.person, request=r, rating=4, comment="处理及时")
    assert (r.state, r.rating, r.closed_on) == ("closed", 4, dt.date(2026, 6, 22))


# ---- rule V4: escalation -----------------------------------------------------------------------------------------


def test_late_requests_escalate_to_the_parent_once(world):
    late = call(world.base_donghu, THU)
    acknowledged = call(world.base_donghu, THU)
    step(acknowledged, "acknowledged", THU)
    top = call(world.city, THU)  # the city has no node above: nothing to escalate to
    assert services.requests_escalate_overdue(dt.date(2026, 6, 22)) == 0  # the last day to acknowledge
    with at(dt.date(2026, 6, 23)):
        assert services.requests_escalate_overdue(dt.date(2026, 6, 23)) == 1
        assert services.requests_escalate_overdue(dt.date(2026, 6, 23)) == 0  # idempotent
    late.refresh_from_db()
    assert late.escalated_to == world.donghu and late.org == world.base_donghu  # still handled where routed
    assert late.escalated_at is not None
    event = AuditEvent.objects.get(action="support.request.escalate")
    assert event.actor_id is None and event.actor_username == "系统"
    # acknowledged in time, but not answered by Friday 6-26: escalated on Monday 6-29 by the daily command
    with at(dt.date(2026, 6, 29)):
        call_command("escalate_requests")
    acknowledged.refresh_from_db()
    top.refresh_from_db()
    assert acknowledged.escalated_to == world.donghu and top.escalated_to is None


def test_the_parents_cadres_see_escalated_requests(world):
    late = call(world.base_donghu, THU)
    call(world.base_donghu, THU, category="injury")  # also late, but see below: answered
    with at(dt.date(2026, 6, 23)):
        call_command("escalate_requests", date="2026-06-23")
        donghu = world.users["donghu"]
        # a cadre of the node above sees the request through their subtree (the escalation target is an ancestor)
        assert list(selectors.requests_for(actor=donghu, escalated=True)) == list(
            ServiceRequest.objects.order_by("-received_on", "-id")
        )
        todo = dict((label, n) for label, n, _ in selectors.todo(donghu, world.donghu))
        assert todo == {"逾期未办的职工诉求": 2, "升级到本级督办的职工诉求": 2}
        # the chaoyang node's cadres see them too (subtree), but nothing was escalated to 朝阳 itself
        todo = dict((label, n) for label, n, _ in selectors.todo(world.users["chaoyang"], world.chaoyang))
        assert todo["升级到本级督办的职工诉求"] == 0
        # and the other district sees nothing
        assert not selectors.requests_for(actor=world.users["xicheng"]).exists()
        assert selectors.todo(world.users["xicheng"], world.donghu) == []
    assert late.pk in set(selectors.requests_for(actor=donghu).values_list("pk", flat=True))


# ---- figures against a plain count -------------------------------------------------------------------------------


def test_figures_match_a_plain_count(world):
    june = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    a = answer(call(world.base_donghu, THU), dt.date(2026, 6, 24))  # on time
    b = answer(call(world.base_donghu, THU), dt.date(2026, 7, 2))  # late; answered in July
    c = answer(call(world.donghu, dt.date(2026, 6, 1)), dt.date(2026, 6, 15))  # late, answered in June
    d = call(world.changying, dt.date(2026, 6, 29))  # open, nothing past due by 6-30
    e = call(world.dashilan, THU)  # another subtree
    f = call(world.base_donghu, dt.date(2026, 5, 20))  # received in May, open, late
    with at(dt.date(2026, 6, 10)):
        services.requests_escalate_overdue(dt.date(2026, 6, 10))  # escalates c and f in June
    rows = [ServiceRequest.objects.get(pk=x.pk) for x in (a, b, c, d, e, f)]
    chaoyang = [r for r in rows if r.org_path.startswith(world.chaoyang.path)]
    start, end = june
    reference = {
        "requests": sum(1 for r in chaoyang if start <= r.received_on <= end),
        "requests_answered": sum(1 for r in chaoyang if r.answered_on and start <= r.answered_on <= end),
        "requests_on_time": sum(
            1
            for r in chaoyang
            if r.answered_on and start <= r.answered_on <= end and r.answered_on <= r.answer_due
        ),
        "requests_overdue": sum(1 for r in chaoyang if r.overdue_on(end)),
        "requests_escalated": sum(1 for r in chaoyang if r.escalated_at and r.escalated_at.month == 6),
    }
    got = selectors.figures(world.chaoyang, start, end)
    assert got == reference
    assert got == {
        "requests": 4,
        "requests_answered": 2,
        "requests_on_time": 1,
        "requests_overdue": 2,
        "requests_escalated": 2,
    }
    assert selectors.sentence(got) == "受理职工诉求4件，按时答复1件，逾期未办2件，升级督办2件"
    assert selectors.requests_by_state(world.chaoyang, start, end) == [("已受理", 1), ("已答复", 3)]
    s = support_selectors.summary(world.chaoyang, start, end)
    assert s.on_time_percent == 50 and "受理职工诉求4件，按时答复1件" in s.sentence()


def test_a_quiet_period_says_nothing(world):
    call(world.donghu, THU)
    fig = selectors.figures(world.xicheng, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert set(fig) >= set(selectors.FIGURES) and not any(fig.values())
    assert selectors.sentence(fig) == ""
    assert selectors.sentence({**fig, "requests": 12_000}) == "受理职工诉求12,000件"
