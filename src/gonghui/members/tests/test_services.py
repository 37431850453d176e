"""The member register's rules (DOMAIN §2, §3), through the services."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from stdnum.cn import ric

from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.members import services
from gonghui.members.models import (
    EventKind,
    LeaveReason,
    Membership,
    MembershipStatus,
    Person,
    Transfer,
    TransferStatus,
)
from gonghui.members.selectors import MemberFilters, members_for

from .factories import enrol, mobile, person_data, resident_id

pytestmark = pytest.mark.django_db


def test_enrolment_stores_personal_data_encrypted_and_masked(world):
    body = "11010519880229002"  # born on a leap day, even order code (a woman), check digit X
    number, phone = body + ric.calc_check_digit(body + "0"), "13812345678"
    m = services.membership_enrol(
        actor=world.user("donghu"),
        union=world.base_donghu,
        person_data=person_data("李娜", id_number=number.lower(), mobile=phone),
    )
    p = Person.objects.get(pk=m.person_id)
    # I1: lowercase x accepted, stored upper case; birth date and gender read from the number
    assert p.birth_date == dt.date(1988, 2, 29) and p.gender == "f"
    assert p.reveal_document() == number.upper() and p.reveal_mobile() == phone
    # I3: nothing in the row is the number in clear
    row = Person.objects.filter(pk=p.pk).values().get()
    assert not any(number.upper() in str(v) or phone in str(v) for v in row.values())
    assert p.id_masked == number[:3] + "*" * 11 + number[-4:].upper()
    assert p.mobile_masked == "138****5678"
    assert m.status == MembershipStatus.ACTIVE and m.number.startswith("110105") and m.join_date
    assert m.events.get().kind == EventKind.ENROLLED


def test_a_bad_id_number_is_refused_with_the_field_named(world):
    with pytest.raises(DomainError) as exc:
        enrol(world.base_donghu, id_number="110105199005170010")
    assert "校验位" in exc.value.message and "id_number" in exc.value.fields
    assert not Person.objects.exists() and not Membership.objects.exists()


def test_other_documents_are_accepted_by_type_without_checksum(world):
    m = enrol(world.base_donghu, "John Smith", doc_type="passport", id_number="E12345678", gender="m")
    assert m.person.doc_type == "passport" and m.person.birth_date is None
    with pytest.raises(DomainError, match="性别"):
        enrol(world.base_donghu, "Jane Roe", doc_type="passport", id_number="E87654321")


def test_one_live_membership_per_person(world):
    """M4: a second union is refused, naming the union that holds the membership."""
    data = person_data("王强")
    services.membership_enrol(actor=SYSTEM, union=world.base_donghu, person_data=data)
    with pytest.raises(Conflict) as exc:
        services.membership_enrol(actor=SYSTEM, union=world.base_xicheng, person_data=data)
    assert "望京科技有限公司工会" in exc.value.message and "转会" in exc.value.message
    assert Membership.objects.filter(person__full_name="王强").count() == 1


def test_the_database_itself_refuses_a_second_live_membership(world):
    m = enrol(world.base_donghu)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=m.person, org=world.base_xicheng, status=MembershipStatus.PENDING)


def test_same_document_with_another_name_is_refused(world):
    data = person_data("赵敏")
    services.membership_enrol(actor=SYSTEM, union=world.base_donghu, person_data=data, approve=False)
    services.membership_reject(actor=SYSTEM, membership=Membership.objects.get(), reason="材料不全")
    data.full_name = "赵明"
    with pytest.raises(Conflict, match="姓名与登记信息不一致"):
        services.membership_enrol(actor=SYSTEM, union=world.base_donghu, person_data=data)


def test_application_then_approval_issues_the_number(world):
    m = enrol(world.base_donghu, approve=False)
    assert m.status == MembershipStatus.PENDING and m.number is None
    m = services.membership_approve(actor=world.user("donghu"), membership=m)
    assert m.status == MembershipStatus.ACTIVE and m.number and m.join_date == dt.date.today()
    assert [e.kind for e in m.events.all()] == [EventKind.APPLIED, EventKind.APPROVED]


def test_rejection_needs_a_reason(world):
    m = enrol(world.base_donghu, approve=False)
    with pytest.raises(DomainError, match="原因"):
        services.membership_reject(actor=SYSTEM, membership=m, reason=" ")
    services.membership_reject(actor=SYSTEM, membership=m, reason="不在本单位工作")
    m.refresh_from_db()
    assert m.status == MembershipStatus.REJECTED


def test_bulk_decisions_are_all_or_nothing(world):
    a = enrol(world.base_donghu, "甲", approve=False)
    b = enrol(world.base_donghu, "乙", approve=False)
    services.membership_approve(actor=SYSTEM, membership=b)
    with pytest.raises(Conflict, match="乙"):
        services.memberships_decide(actor=SYSTEM, memberships=[a, b], approve=True)
    a.refresh_from_db()
    assert a.status == MembershipStatus.PENDING  # nothing half-written
    assert services.memberships_decide(actor=SYSTEM, memberships=[a], approve=True) == 1


def test_out_of_scope_actor_cannot_touch_a_membership(world):
    m = enrol(world.base_donghu)
    with pytest.raises(NotFound):
        services.membership_leave(actor=world.user("xicheng"), membership=m, reason="test")
    with pytest.raises(NotFound):
        enrol_as(world.user("donghu"), world.base_xicheng)
    with pytest.raises(NotFound):  # viewers may look, not change
        services.membership_retain(actor=world.user("viewer"), membership=m, reason="退休")


def enrol_as(actor, union):
    return services.membership_enrol(actor=actor, union=union, person_data=person_data())


def test_only_unions_hold_members(world):
    with pytest.raises(DomainError, match="基层工会"):
        enrol(world.chaoyang)


def test_cross_district_transfer(world):
    """M5: the old union starts it, the new accepts; date and number kept; counted once throughout."""
    m = enrol(world.base_donghu, join_date=None)
    number, joined = m.number, m.join_date
    donghu, xicheng = world.user("donghu"), world.user("xicheng")

    def counts():
        return (
            members_for(actor=world.user("chaoyang"), filters=MemberFilters()).count(),
            members_for(actor=xicheng, filters=MemberFilters()).count(),
        )

    assert counts() == (1, 0)
    t = services.transfer_start(actor=donghu, membership=m, to_union=world.base_xicheng, reason="调换工作")
    m.refresh_from_db()
    assert m.status == MembershipStatus.IN_TRANSFER and counts() == (1, 0)
    # each side sees its half
    assert Transfer.objects.restrict(donghu, "view").filter(pk=t.pk).exists()
    assert Transfer.objects.restrict(xicheng, "view").filter(pk=t.pk).exists()
    with pytest.raises(NotFound):  # the old side cannot accept for the new side
        services.transfer_accept(actor=donghu, transfer=t)
    services.transfer_accept(actor=xicheng, transfer=t)
    m.refresh_from_db()
    assert (m.org_id, m.status, m.number, m.join_date) == (
        world.base_xicheng.pk,
        MembershipStatus.ACTIVE,
        number,
        joined,
    )
    assert m.org_path == world.base_xicheng.path
    assert counts() == (0, 1)
    kinds = [(e.kind, e.org_id) for e in m.events.all()]
    assert kinds[-2:] == [
        (EventKind.TRANSFER_STARTED, world.base_donghu.pk),
        (EventKind.TRANSFER_ACCEPTED, world.base_xicheng.pk),
    ]


def test_rejected_transfer_returns_the_member(world):
    m = enrol(world.base_donghu)
    t = services.transfer_start(actor=SYSTEM, membership=m, to_union=world.base_xicheng)
    with pytest.raises(Conflict, match="转会中"):
        services.transfer_start(
            actor=SYSTEM, membership=Membership.objects.get(pk=m.pk), to_union=world.base_xicheng
        )
    services.transfer_reject(actor=world.user("xicheng"), transfer=t, reason="未在本单位就业")
    m.refresh_from_db()
    t.refresh_from_db()
    assert m.status == MembershipStatus.ACTIVE and m.org_id == world.base_donghu.pk
    assert t.status == TransferStatus.REJECTED


def test_a_member_active_elsewhere_can_only_be_asked_for(world):
    """The path offered when M4 refuses: the new union requests, the old one releases."""
    m = enrol(world.base_donghu)
    t = services.transfer_request(actor=world.user("xicheng"), membership=m, to_union=world.base_xicheng)
    assert t.status == TransferStatus.REQUESTED
    with pytest.raises(NotFound):
        services.transfer_release(actor=world.user("xicheng"), transfer=t)
    services.transfer_release(actor=world.user("donghu"), transfer=t)
    m.refresh_from_db()
    assert m.org_id == world.base_xicheng.pk and m.status == MembershipStatus.ACTIVE


def test_retain_leave_reinstate(world):
    m = enrol(world.base_donghu)
    m = services.membership_retain(actor=SYSTEM, membership=m, reason="退休")
    assert m.status == MembershipStatus.RETAINED
    m = services.membership_leave(
        actor=SYSTEM, membership=m, reason="本人申请", leave_reason=LeaveReason.VOLUNTARY
    )
    assert m.status == MembershipStatus.LEFT and m.ended_on == dt.date.today()
    assert Membership.objects.filter(pk=m.pk).exists()  # M7: never deleted
    other = enrol(
        world.base_xicheng, person=None, id_number=m.person.reveal_document(), full_name=m.person.full_name
    )
    with pytest.raises(Conflict, match="大栅栏商贸有限公司工会"):
        services.membership_reinstate(actor=SYSTEM, membership=m, reason="重新就业")
    services.membership_leave(actor=SYSTEM, membership=other, reason="离职")
    m = services.membership_reinstate(actor=SYSTEM, membership=m, reason="重新就业")
    assert m.status == MembershipStatus.ACTIVE


def test_lapse_is_computed_on_read_and_recorded_on_change(world):
    """M7: six months without dues reads as left at once, and the next change records it."""
    m = enrol(world.base_donghu)
    services.membership_record_dues(
        actor=SYSTEM, membership=m, paid_until=dt.date.today() - dt.timedelta(days=200)
    )
    m.refresh_from_db()
    assert m.status == MembershipStatus.ACTIVE  # nothing swept it…
    assert m.status_on(dt.date.today()) == MembershipStatus.LEFT  # …but it reads as left
    actor = world.user("chaoyang")
    assert not members_for(actor=actor, filters=MemberFilters(status="active")).exists()
    assert members_for(actor=actor, filters=MemberFilters(status="left")).count() == 1
    # the person may join elsewhere: the lapse is recorded in the same transaction
    again = services.membership_enrol(
        actor=SYSTEM,
        union=world.base_xicheng,
        person_data=person_data(m.person.full_name, id_number=m.person.reveal_document()),
    )
    m.refresh_from_db()
    assert m.status == MembershipStatus.LEFT and m.leave_reason == LeaveReason.LAPSED
    assert m.events.last().kind == EventKind.LAPSED
    assert again.status == MembershipStatus.ACTIVE


def test_reveal_needs_permission_and_reason_and_is_audited(world):
    m = enrol(world.base_donghu, id_number=resident_id(), mobile="13900001111")
    with pytest.raises(NotFound):  # 经办人 may manage members but not see them in full
        services.person_reveal(actor=world.user("donghu"), membership=m, reason="核对信息")
    with pytest.raises(DomainError, match="事由"):
        services.person_reveal(actor=world.user("chaoyang"), membership=m, reason="")
    shown = services.person_reveal(actor=world.user("chaoyang"), membership=m, reason="核对帮扶申请")
    assert shown["mobile"] == "13900001111" and shown["id_number"] == m.person.reveal_document()
    event = AuditEvent.objects.get(action="member.reveal")
    assert (event.actor_username, event.reason, event.target_id) == (
        "chaoyang",
        "核对帮扶申请",
        str(m.person_id),
    )


def test_subtree_move_carries_memberships_and_transfers(world):
    from gonghui.orgs.services import org_move

    m = enrol(world.base_donghu)
    t = services.transfer_start(actor=SYSTEM, membership=m, to_union=world.base_xicheng)
    org_move(actor=SYSTEM, org=world.donghu, new_parent=world.xicheng)
    m.refresh_from_db()
    t.refresh_from_db()
    world.base_donghu.refresh_from_db()
    assert m.org_path == world.base_donghu.path == t.from_path
    assert members_for(actor=world.user("xicheng"), filters=MemberFilters()).filter(pk=m.pk).exists()


def test_mobile_search_finds_through_the_hash(world):
    m = enrol(world.base_donghu, mobile="13712345678")
    enrol(world.base_donghu, "别人", mobile=mobile())
    actor = world.user("donghu")
    found = members_for(actor=actor, filters=MemberFilters(search="137 1234 5678"))
    assert list(found) == [m]
    assert list(members_for(actor=actor, filters=MemberFilters(search=m.person.reveal_document()))) == [m]
    assert list(members_for(actor=actor, filters=MemberFilters(search=m.number))) == [m]
    assert list(members_for(actor=actor, filters=MemberFilters(search="张"))) == [m]
