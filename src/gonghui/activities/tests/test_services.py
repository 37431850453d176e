"""Registration with places and a first-come waiting list, families, invitations, check-in by e-card, attendance
per session, training completion, people reached with their label (S5), and scope."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.activities import selectors, services
from gonghui.activities.models import Approx, Registration, RegistrationMode, RegistrationStatus
from gonghui.activities.services import GroupData, ParticipantData, SessionData
from gonghui.core.audit import AuditEvent
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.concurrency import postgresql_only, race
from gonghui.core.testing.world import build_world
from gonghui.members.cards import card_code
from gonghui.members.tests.factories import enrol

from .conftest import TODAY, at
from .factories import activity, namesakes

pytestmark = pytest.mark.django_db

REGISTERED, WAITLISTED = RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED


def crafts(world, **fields):
    """002-6 in small: a family event with two craft groups of two places each."""
    return activity(
        world.donghu,
        registration=RegistrationMode.OPEN,
        family=True,
        max_party_size=4,
        groups=[GroupData("毛猴", 2), GroupData("缠花", 2)],
        **fields,
    )


def members(union, n, prefix="会员"):
    return [enrol(union, f"{prefix}{i}") for i in range(n)]


def test_a_full_group_waitlists_and_a_cancellation_promotes_the_first_waiting(world):
    a = crafts(world)
    maohou = a.groups.get(name="毛猴")
    people = members(world.base_donghu, 5)
    regs = [
        services.registration_self(person=m.person, activity=a, group=maohou, party_size=2) for m in people
    ]
    assert [r.status for r in regs] == [REGISTERED, REGISTERED, WAITLISTED, WAITLISTED, WAITLISTED]

    promoted = services.registration_cancel(actor=world.user("chaoyang"), registration=regs[1])

    assert promoted == [regs[2]]  # first come, first served
    statuses = dict(Registration.objects.filter(activity=a).values_list("pk", "status"))
    assert statuses[regs[1].pk] == RegistrationStatus.CANCELLED
    assert statuses[regs[2].pk] == REGISTERED and statuses[regs[3].pk] == WAITLISTED
    fill = {g.name: g for g in selectors.group_fill(a)}
    assert (fill["毛猴"].registered, fill["毛猴"].people, fill["毛猴"].waitlisted) == (2, 4, 2)
    assert fill["毛猴"].full and fill["毛猴"].percent == 100 and not fill["缠花"].full


def test_the_activity_wide_capacity_counts_across_groups(world):
    a = crafts(world, capacity=3)
    maohou, chanhua = a.groups.all()
    m = members(world.base_donghu, 4)
    statuses = [
        services.registration_self(person=p.person, activity=a, group=g).status
        for p, g in zip(m, (maohou, maohou, chanhua, chanhua), strict=True)
    ]
    assert statuses == [REGISTERED, REGISTERED, REGISTERED, WAITLISTED]


def test_raising_a_groups_places_moves_the_waiting_list_up(world):
    a = crafts(world)
    maohou = a.groups.get(name="毛猴")
    regs = [
        services.registration_self(person=m.person, activity=a, group=maohou)
        for m in members(world.base_donghu, 3)
    ]
    assert regs[2].status == WAITLISTED
    data = services.ActivityData(
        org=a.org,
        kind=a.kind,
        title=a.title,
        starts_on=a.starts_on,
        registration=a.registration,
        family=True,
        max_party_size=4,
        groups=[GroupData("毛猴", 3), GroupData("缠花", 2)],
    )
    services.activity_update(actor=world.user("chaoyang"), activity=a, data=data)
    regs[2].refresh_from_db()
    assert regs[2].status == REGISTERED


def test_family_party_size_is_checked_and_counted(world):
    a = crafts(world)
    maohou = a.groups.get(name="毛猴")
    m1, m2 = members(world.base_donghu, 2)
    with pytest.raises(DomainError) as exc:
        services.registration_self(person=m1.person, activity=a, group=maohou, party_size=5)
    assert "参加人数应为 1 至 4 人" in exc.value.message and "party_size" in exc.value.fields
    services.registration_self(
        person=m1.person, activity=a, group=maohou, party_size=3, family_note="孩子2名"
    )
    services.registration_self(person=m2.person, activity=a, group=maohou, party_size=2)
    row = selectors.activity_get(actor=world.user("chaoyang"), pk=a.pk)
    assert (row.n_registered, row.n_people) == (2, 5)


def test_an_individual_activity_refuses_a_party_and_a_group_is_required(world):
    single = activity(world.donghu, kind="lecture", registration=RegistrationMode.OPEN)
    m = enrol(world.base_donghu, "单人")
    with pytest.raises(DomainError, match="按个人报名"):
        services.registration_self(person=m.person, activity=single, party_size=2)
    a = crafts(world)
    with pytest.raises(DomainError, match="请选择小组"):
        services.registration_self(person=m.person, activity=a)


def test_one_registration_per_person_per_activity(world):
    a = crafts(world)
    m = enrol(world.base_donghu, "重复")
    group = a.groups.first()
    services.registration_self(person=m.person, activity=a, group=group)
    with pytest.raises(Conflict, match="已报名"):
        services.registration_self(person=m.person, activity=a, group=group)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        Registration.objects.create(
            activity=a, person=m.person, status=REGISTERED, queued_at=a.created_at, group=group
        )


def test_a_cancelled_member_may_register_again_at_the_end_of_the_queue(world):
    a = crafts(world)
    g = a.groups.get(name="毛猴")
    first, second, third = members(world.base_donghu, 3)
    r1 = services.registration_self(person=first.person, activity=a, group=g)
    services.registration_self(person=second.person, activity=a, group=g)
    services.registration_cancel(actor=SYSTEM, registration=r1, person=first.person)
    services.registration_self(person=third.person, activity=a, group=g)
    again = services.registration_self(person=first.person, activity=a, group=g)
    assert again.pk == r1.pk and again.status == WAITLISTED


def test_invitation_only_registers_the_invited(world):
    a = activity(world.donghu, kind="meeting", registration=RegistrationMode.INVITATION)
    invited, other = enrol(world.base_donghu, "受邀"), enrol(world.base_donghu, "未邀")
    r = services.registration_add(actor=world.user("donghu"), activity=a, person=invited.person, invite=True)
    assert r.status == RegistrationStatus.INVITED
    with pytest.raises(DomainError, match="邀请报名"):
        services.registration_self(person=other.person, activity=a)
    accepted = services.registration_self(person=invited.person, activity=a)
    assert accepted.pk == r.pk and accepted.status == REGISTERED


def test_members_register_only_for_activities_of_their_union_or_above(world):
    a = crafts(world)
    outsider = enrol(world.base_xicheng, "西城会员")
    with pytest.raises(NotFound):
        services.registration_self(person=outsider.person, activity=a, group=a.groups.first())
    mine = selectors.for_member(enrol(world.base_donghu, "东湖会员").person)
    assert [x.pk for x in mine.open] == [a.pk]
    assert selectors.for_member(outsider.person).open == []


def test_check_in_by_e_card_code(world):
    a = activity(world.donghu, kind="lecture", registration=RegistrationMode.OPEN)
    m = enrol(world.base_donghu, "扫码")
    services.registration_self(person=m.person, activity=a)
    staff = world.user("donghu")

    done = services.check_in_card(actor=staff, activity=a, code_text=card_code(m))
    again = services.check_in_card(actor=staff, activity=a, code_text=card_code(m))

    assert not done.already and done.message == "扫*签到成功"
    assert again.already and "无需重复签到" in again.message
    assert AuditEvent.objects.filter(action="activity.checkin").count() == 1
    assert selectors.reach_of(a).label == "1人次（签到）"


def test_an_invalid_card_code_is_refused_naming_the_field(world):
    a = activity(world.donghu, kind="lecture")
    with pytest.raises(DomainError) as exc:
        services.check_in_card(actor=world.user("donghu"), activity=a, code_text="1101050000000001-000000")
    assert "无效的会员码" in exc.value.message and "code" in exc.value.fields


def test_walk_ins_check_in_where_no_registration_is_needed_but_not_to_invitations(world):
    visit = activity(world.donghu, kind="condolence")  # 慰问 at a riders' centre: riders just come
    rider = enrol(world.donghu, "骑手")
    result = services.check_in_card(actor=world.user("donghu"), activity=visit, code_text=card_code(rider))
    assert result.registration.channel == "walk_in" and result.registration.checked_in_at
    closed = activity(world.donghu, kind="meeting", registration=RegistrationMode.INVITATION)
    with pytest.raises(DomainError, match="未受邀"):
        services.check_in_card(actor=world.user("donghu"), activity=closed, code_text=card_code(rider))


def test_a_waitlisted_member_cannot_check_in(world):
    a = crafts(world)
    g = a.groups.get(name="毛猴")
    regs = [
        services.registration_self(person=m.person, activity=a, group=g)
        for m in members(world.base_donghu, 3)
    ]
    waiting = Registration.objects.get(pk=regs[2].pk)
    m = waiting.person.memberships.get()
    with pytest.raises(DomainError, match="候补"):
        services.check_in_card(actor=world.user("donghu"), activity=a, code_text=card_code(m))


def training_class(world, trainees=5, **fields):
    """001-3 in small: four topics, trainees named by staff (cadres are not all in this register)."""
    a = activity(
        world.chaoyang,
        kind="training",
        title="基层工会干部培训班",
        sessions=[
            SessionData(t) for t in ("基层工会组建", "会员数据平台使用", "工会法人证书办理", "工会经费管理")
        ],
        **fields,
    )
    regs = [
        services.registration_add(actor=SYSTEM, activity=a, guest_name=f"学员{i}", guest_unit=f"国企{i}工会")
        for i in range(trainees)
    ]
    return a, list(a.sessions.all()), regs


def test_attendance_per_session_and_completion_by_all_sessions(world):
    a, sessions, regs = training_class(world)
    staff = world.user("chaoyang")
    for s in sessions:
        for r in regs[:3]:
            services.attendance_mark(actor=staff, session=s, registration=r, present=True)
    services.attendance_mark(actor=staff, session=sessions[0], registration=regs[3], present=True)
    assert not services.attendance_mark(actor=staff, session=sessions[0], registration=regs[3], present=True)

    table = selectors.training(a)
    assert table.rule == "参加全部 4 场"
    assert [r.attended for r in table.rows] == [4, 4, 4, 1, 0]
    assert table.completed_count == 3 and table.per_session == [4, 3, 3, 3]
    assert selectors.reach_of(a).label == "13人次（各场次签到累计）"


def test_completion_with_a_minimum_of_sessions(world):
    a, sessions, regs = training_class(world, trainees=2, completion_sessions=3)
    for s in sessions[:3]:
        services.attendance_mark(actor=SYSTEM, session=s, registration=regs[0], present=True)
    services.attendance_mark(actor=SYSTEM, session=sessions[0], registration=regs[1], present=True)
    table = selectors.training(a)
    assert table.rule == "参加至少 3 场（共 4 场）"
    assert [table.completed(r) for r in table.rows] == [True, False]


def test_a_minimum_above_the_number_of_sessions_is_refused(world):
    with pytest.raises(DomainError) as exc:
        training_class(world, completion_sessions=5)
    assert "completion_sessions" in exc.value.fields


def test_people_reached_entered_says_how_it_was_counted(world):
    a = activity(world.chaoyang, kind="culture_sport", title="歌咏比赛展示")
    staff = world.user("chaoyang")
    assert selectors.reach_of(a).label == "0人次（签到）"
    with pytest.raises(DomainError) as exc:
        services.reach_set(actor=staff, activity=a, count=1000)
    assert "reach_method" in exc.value.fields
    services.reach_set(actor=staff, activity=a, count=1000, method="现场统计")
    a.refresh_from_db()
    assert selectors.reach_of(a).label == "1000人次（现场统计）"
    assert selectors.recorded_reach(a).label == "0人次（签到）"
    services.reach_set(actor=staff, activity=a, count=None)
    a.refresh_from_db()
    assert selectors.reach_of(a).label == "0人次（签到）"


def test_participating_organisations_registered_or_named_are_counted(world):
    entries = selectors.participants_from_lines(
        ["望京科技有限公司工会 3", "北京师范大学工会", "", "北京航空航天大学工会 2"]
    )
    a = activity(world.chaoyang, kind="joint_study", participants=entries)
    rows = list(selectors.participants_of(a))
    assert [(p.name, p.org_id, p.attendees) for p in rows] == [
        ("望京科技有限公司工会", world.base_donghu.pk, 3),
        ("北京师范大学工会", None, None),
        ("北京航空航天大学工会", None, 2),
    ]
    assert selectors.activity_get(actor=world.user("chaoyang"), pk=a.pk).n_participants == 3
    again = [*entries, ParticipantData("北京师范大学工会")]  # the same name twice is one participant
    services.activity_update(
        actor=SYSTEM,
        activity=a,
        data=services.ActivityData(
            org=a.org, kind=a.kind, title=a.title, starts_on=a.starts_on, participants=again
        ),
    )
    assert a.participants.count() == 3


def test_staff_write_only_in_their_subtree_and_read_what_they_co_organise(world):
    xicheng = world.user("xicheng")
    with pytest.raises(NotFound):
        activity(world.donghu, actor=xicheng)
    a = activity(world.donghu, actor=world.user("donghu"))
    with pytest.raises(NotFound):
        services.reach_set(actor=xicheng, activity=a, count=1, method="现场统计")
    with pytest.raises(NotFound):
        selectors.activity_get(actor=xicheng, pk=a.pk)
    co = activity(world.donghu, title="联合举办", co_organisers=[world.dashilan])
    assert selectors.activity_get(actor=xicheng, pk=co.pk).title == "联合举办"
    with pytest.raises(NotFound):  # co-organisers read; the organiser writes
        services.reach_set(actor=xicheng, activity=co, count=1, method="现场统计")


def test_co_organisers_come_from_the_actors_tree_only(world):
    ours, theirs = namesakes(world)
    chaoyang = world.user("chaoyang")
    with pytest.raises(DomainError) as refused:
        activity(world.donghu, actor=chaoyang, co_organisers=[theirs])
    assert refused.value.message.startswith("协办单位：") and "co_organisers" in refused.value.fields
    assert not selectors.activities_for(actor=world.user("theirs")).exists()
    a = activity(world.donghu, actor=chaoyang, co_organisers=[ours])
    assert list(a.co_organisers.all()) == [ours]
    assert selectors.activity_get(actor=world.user("ours"), pk=a.pk).title == a.title
    with pytest.raises(NotFound):
        selectors.activity_get(actor=world.user("theirs"), pk=a.pk)
    # one the city named may stay when 朝阳 edits the activity, but 朝阳 cannot add it
    joint = activity(world.donghu, actor=world.user("city_admin"), title="两区联办", co_organisers=[theirs])
    data = services.ActivityData(
        org=world.donghu,
        kind=joint.kind,
        title="两区联办（改期）",
        starts_on=joint.starts_on,
        co_organisers=[theirs],
    )
    assert services.activity_update(actor=chaoyang, activity=joint, data=data).title == "两区联办（改期）"
    assert list(joint.co_organisers.all()) == [theirs]
    data.co_organisers = [ours, theirs]
    with pytest.raises(DomainError):
        services.activity_update(actor=chaoyang, activity=a, data=data)


def test_every_write_is_audited_without_full_names(world):
    a = crafts(world)
    m = enrol(world.base_donghu, "张三丰")
    services.registration_self(person=m.person, activity=a, group=a.groups.first())
    labels = list(
        AuditEvent.objects.filter(action__startswith="activity.").values_list("action", "target_label")
    )
    assert ("activity.create", a.title) in labels
    assert any(action == "activity.register.self" and "张**" in label for action, label in labels)
    assert not any("张三丰" in label for _, label in labels)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_16_members_race_for_2_places_and_exactly_2_get_them():
    postgresql_only()
    world = build_world()
    a = crafts(world)
    group = a.groups.get(name="毛猴")
    people = [m.person for m in members(world.base_donghu, 16, "并发")]
    results = race(
        [lambda p=p: services.registration_self(person=p, activity=a, group=group).status for p in people]
    )
    outcomes = [repr(r) if isinstance(r, Exception) else r for r in results]
    assert sorted(outcomes) == sorted([REGISTERED] * 2 + [WAITLISTED] * 14), outcomes
    assert Registration.objects.filter(group=group, status=REGISTERED).count() == 2


# ---- issue 16 §4: when it happened, voiding, times, deadline, check-in window, counted organisations, kinds ----


def test_an_activity_long_past_needs_a_reason_which_goes_on_the_audit_row(clock, world):
    """Recorded today for a day beyond GONGHUI_BACKDATE_DAYS (30) ago: refused without a 补录原因 beside the
    field; with one, recorded and the reason audited. Inside the window, or ahead (planned), no reason."""
    staff = world.user("chaoyang")
    with pytest.raises(DomainError) as refused:
        activity(world.donghu, kind="visit", title="五月走访", days=-31, actor=staff)
    assert refused.value.code == "backdate_reason"
    assert refused.value.fields["backdate_reason"] == "开始日期早于30天前（2026-05-16），请填写补录原因"
    a = activity(
        world.donghu,
        kind="visit",
        title="五月走访",
        days=-31,
        actor=staff,
        backdate_reason="据纸质签到表补录",
    )
    assert a.starts_on == dt.date(2026, 5, 15)
    event = AuditEvent.objects.get(action="activity.create", target_id=str(a.pk))
    assert event.reason == "据纸质签到表补录"
    inside = activity(world.donghu, kind="visit", title="上周走访", days=-30, actor=staff)
    planned = activity(world.donghu, kind="visit", title="下周走访", days=7, actor=staff)
    assert [
        AuditEvent.objects.get(action="activity.create", target_id=str(x.pk)).reason
        for x in (inside, planned)
    ] == [
        "",
        "",
    ]


def test_moving_a_start_far_back_needs_a_reason_too(clock, world):
    staff = world.user("chaoyang")
    a = activity(world.donghu, kind="visit", title="走访", days=-3, actor=staff)
    data = services.ActivityData(org=a.org, kind=a.kind, title=a.title, starts_on=dt.date(2026, 4, 1))
    with pytest.raises(DomainError) as refused:
        services.activity_update(actor=staff, activity=a, data=data)
    assert "backdate_reason" in refused.value.fields
    data.backdate_reason = "日期录错，按简报更正"
    services.activity_update(actor=staff, activity=a, data=data)
    assert AuditEvent.objects.get(action="activity.update").reason == "日期录错，按简报更正"


def test_an_activity_counts_on_the_day_it_happened_not_the_day_it_was_recorded(clock, world):
    """S5: recorded on 15 June for 20 May, it counts in May's figures and not in June's."""
    a = activity(world.donghu, kind="visit", title="五月走访", days=-26, actor=world.user("chaoyang"))
    services.reach_set(actor=SYSTEM, activity=a, count=30, method="现场统计")
    assert a.starts_on == dt.date(2026, 5, 20) and a.created_at.date() == TODAY
    may = selectors.work_figures(world.chaoyang, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    june = selectors.work_figures(world.chaoyang, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert may == {"activities": 1, "reach": 30}
    assert june == {"activities": 0, "reach": 0}


def test_a_voided_activity_keeps_its_reason_and_stops_counting(clock, world):
    staff = world.user("chaoyang")
    a = activity(world.donghu, kind="visit", title="重复录入的走访", days=-1)
    services.reach_set(actor=SYSTEM, activity=a, count=12, method="现场统计")
    june = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert selectors.work_figures(world.chaoyang, *june) == {"activities": 1, "reach": 12}
    with pytest.raises(DomainError) as no_reason:
        services.activity_void(actor=staff, activity=a, reason="  ")
    assert no_reason.value.fields == {"reason": "必填"}
    with pytest.raises(NotFound):
        services.activity_void(actor=world.user("xicheng"), activity=a, reason="不是我们的")
    with pytest.raises(NotFound):
        services.activity_void(actor=world.user("viewer"), activity=a, reason="只读")

    services.activity_void(actor=staff, activity=a, reason="与“东湖走访”重复")

    a.refresh_from_db()
    assert a.voided and a.void_reason == "与“东湖走访”重复" and a.voided_by == staff
    assert selectors.work_figures(world.chaoyang, *june) == {"activities": 0, "reach": 0}
    assert AuditEvent.objects.get(action="activity.void").reason == "与“东湖走访”重复"
    with pytest.raises(Conflict) as twice:
        services.activity_void(actor=staff, activity=a, reason="再作废一次")
    assert twice.value.message == "该活动已作废"
    assert list(selectors.activities_for(actor=staff)) == []
    assert [x.pk for x in selectors.activities_for(actor=staff, voided=selectors.VOIDED_ONLY)] == [a.pk]
    assert [x.pk for x in selectors.activities_for(actor=staff, voided=selectors.VOIDED_TOO)] == [a.pk]


def test_the_database_refuses_a_voided_activity_without_a_reason(clock, world):
    a = activity(world.donghu)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(a).objects.filter(pk=a.pk).update(voided_at=timezone.now())


def test_a_voided_activity_leaves_the_members_pages_and_takes_no_registration(clock, world):
    a = activity(world.donghu, title="误录的亲子活动", registration=RegistrationMode.OPEN)
    kept = activity(world.donghu, title="亲子活动", registration=RegistrationMode.OPEN)
    m = enrol(world.base_donghu, "会员甲")
    assert {x.pk for x in selectors.for_member(m.person).open} == {a.pk, kept.pk}
    services.activity_void(actor=world.user("chaoyang"), activity=a, reason="重复录入")
    assert [x.pk for x in selectors.for_member(m.person).open] == [kept.pk]
    with pytest.raises(NotFound):
        selectors.activity_for_member(m.person, a.pk)
    with pytest.raises(NotFound):
        services.registration_self(person=m.person, activity=a)
    with pytest.raises(Conflict) as staff:
        services.registration_add(actor=world.user("chaoyang"), activity=a, person=m.person)
    assert "已作废" in staff.value.message


def test_a_member_may_register_until_the_deadline_and_not_after(clock, world):
    deadline = at(dt.date(2026, 6, 20), 18)
    a = activity(world.donghu, registration=RegistrationMode.OPEN, signup_deadline=deadline)
    early, late = enrol(world.base_donghu, "准时"), enrol(world.base_donghu, "迟到")
    clock.move_to(deadline)  # the minute of the deadline still counts
    assert services.registration_self(person=early.person, activity=a).status == REGISTERED
    clock.move_to(deadline + dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as refused:
        services.registration_self(person=late.person, activity=a)
    assert refused.value.message == "报名已于 2026-06-20 18:00 截止，不能再报名"
    # staff may still add someone who asks late (the deadline binds members' own registration)
    services.registration_add(actor=world.user("chaoyang"), activity=a, person=late.person)


def test_check_in_is_taken_only_inside_the_window(clock, world):
    day = dt.date(2026, 6, 25)
    opens, closes = at(day, 8, 30), at(day, 10)
    a = activity(world.donghu, kind="condolence", checkin_opens_at=opens, checkin_closes_at=closes)
    staff = world.user("donghu")
    early, on_time, late = (enrol(world.donghu, n) for n in ("早到", "准时", "迟到"))
    window = "签到时间为 2026-06-25 08:30 至 2026-06-25 10:00"
    clock.move_to(opens - dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as before:
        services.check_in_card(actor=staff, activity=a, code_text=card_code(early))
    assert before.value.message == f"签到尚未开始：{window}"
    clock.move_to(opens)
    assert not services.check_in_card(actor=staff, activity=a, code_text=card_code(on_time)).already
    clock.move_to(closes)
    assert services.check_in_card(actor=staff, activity=a, code_text=card_code(early)).message.endswith(
        "签到成功"
    )
    clock.move_to(closes + dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as after:
        services.check_in_card(actor=staff, activity=a, code_text=card_code(late))
    assert after.value.message == f"签到已结束：{window}"
    listed = services.registration_add(actor=staff, activity=a, guest_name="名单来宾")
    with pytest.raises(DomainError) as ticked:
        services.check_in_tick(actor=staff, registration=listed)
    assert ticked.value.message == f"签到已结束：{window}"
    assert Registration.objects.filter(activity=a, checked_in_at__isnull=False).count() == 2


def test_times_and_the_window_must_be_in_order(clock, world):
    with pytest.raises(DomainError) as times:
        activity(world.donghu, starts_at_time=dt.time(14), ends_at_time=dt.time(9))
    assert times.value.fields == {"ends_at_time": "应晚于开始时间"}
    overnight = activity(
        world.donghu,
        days=7,
        ends_on=TODAY + dt.timedelta(days=8),
        starts_at_time=dt.time(14),
        ends_at_time=dt.time(9),
    )
    assert (overnight.starts_at_time, overnight.ends_at_time) == (dt.time(14), dt.time(9))
    with pytest.raises(DomainError) as window:
        activity(world.donghu, checkin_opens_at=at(TODAY, 10), checkin_closes_at=at(TODAY, 9))
    assert window.value.fields == {"checkin_closes_at": "应晚于签到开始时间"}


def test_participating_organisations_are_counted_where_not_all_are_named(clock, world):
    """ "20余家企业": 20, with the two named kept (and linked where registered)."""
    named = [ParticipantData("望京科技有限公司工会", org=world.base_donghu), ParticipantData("某物流公司")]
    a = activity(
        world.donghu, participants=named, participant_orgs_count=20, participant_orgs_approx=Approx.OVER
    )
    assert a.participant_orgs_label == "20余家" and a.participants.count() == 2
    for approx, label in ((Approx.ABOUT, "约20家"), (Approx.NEARLY, "近20家"), (Approx.EXACT, "20家")):
        a.participant_orgs_approx = approx
        assert a.participant_orgs_label == label
    with pytest.raises(DomainError) as short:
        activity(world.donghu, participants=named, participant_orgs_count=1)
    assert short.value.fields["participant_orgs_count"] == "参加单位数（1）少于已列出的参加单位（2 家）"
    with pytest.raises(DomainError) as no_count:
        activity(world.donghu, participant_orgs_approx=Approx.OVER)
    assert no_count.value.fields == {"participant_orgs_count": "请填写参加单位数"}


def test_the_citys_administrators_manage_kinds_and_a_kind_in_use_is_kept(clock, world):
    city, district = world.user("city_admin"), world.user("chaoyang")
    with pytest.raises(NotFound):
        services.kind_create(actor=district, name="劳动竞赛观摩")  # a district's administrator: not theirs
    kind = services.kind_create(actor=city, name=" 劳动竞赛观摩 ", sort=5)
    assert kind.name == "劳动竞赛观摩" and kind in selectors.kinds()
    with pytest.raises(Conflict):
        services.kind_create(actor=city, name="劳动竞赛观摩")
    kind = services.kind_update(actor=city, kind=kind, name="竞赛观摩", sort=6)
    used = activity(world.donghu, kind=kind.code, title="观摩")
    with pytest.raises(Conflict) as in_use:
        services.kind_delete(actor=city, kind=kind)
    assert in_use.value.message == "已有 1 项活动使用“竞赛观摩”，不能删除；可改为停用，停用后不再供新活动选用"
    services.kind_update(actor=city, kind=kind, name=kind.name, sort=6, is_active=False)
    assert kind not in selectors.kinds()
    assert type(used).objects.get(pk=used.pk).kind.name == "竞赛观摩"  # the activity keeps its kind
    spare = services.kind_create(actor=city, name="误加的类型")
    services.kind_delete(actor=city, kind=spare)
    actions = list(
        AuditEvent.objects.filter(action__startswith="activity.kind").values_list("action", flat=True)
    )
    assert actions.count("activity.kind.create") == 2 and actions.count("activity.kind.update") == 2
    assert "activity.kind.delete" in actions
    event = AuditEvent.objects.filter(action="activity.kind.update").latest("pk")
    assert (event.before, event.after, event.org_path) == (
        {"is_active": True},
        {"is_active": False},
        world.city.path,
    )
