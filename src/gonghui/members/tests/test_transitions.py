"""What a cadre may do to a membership in each status (M5, M6, M7): the member page offers a button exactly
when the service would carry the action out, for every status and every action."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.core.errors import DomainError
from gonghui.members import services
from gonghui.members.models import LeaveReason, Membership, MembershipStatus

from .factories import enrol, mobile

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)
NOON = dt.datetime.combine(DAY, dt.time(12), tzinfo=ZoneInfo("Asia/Shanghai"))

# Every action a cadre can take on a member's page, called through its service with valid input: only the
# membership's status can make the service refuse.
CALLS = {
    "approve": lambda w, a, m: services.membership_approve(actor=a, membership=m),
    "reject": lambda w, a, m: services.membership_reject(actor=a, membership=m, reason="材料不全"),
    "transfer": lambda w, a, m: services.transfer_start(
        actor=a, membership=m, to_union=w.base_xicheng, reason="调换工作"
    ),
    "dues": lambda w, a, m: services.membership_record_dues(actor=a, membership=m, paid_until=DAY),
    "retain": lambda w, a, m: services.membership_retain(actor=a, membership=m, reason="退休"),
    "leave": lambda w, a, m: services.membership_leave(
        actor=a, membership=m, reason="本人申请", leave_reason=LeaveReason.VOLUNTARY
    ),
    "expel": lambda w, a, m: services.membership_expel(actor=a, membership=m, reason="判决书"),
    "reinstate": lambda w, a, m: services.membership_reinstate(actor=a, membership=m, reason="重新就业"),
    "mobile": lambda w, a, m: services.person_mobile_change(
        actor=a, membership=m, mobile=mobile(), reason="已核验本人身份证件"
    ),
}
# The refusals that name the membership's status; any other refusal is a mistake in this test.
STATUS_REFUSALS = {"bad_status", "not_pending", "not_active"}


def _in_status(world, state: str) -> Membership:
    staff = world.user("donghu")
    if state == "pending":
        return enrol(world.base_donghu, approve=False)
    m = enrol(world.base_donghu)
    match state:
        case "in_transfer":
            services.transfer_start(actor=staff, membership=m, to_union=world.base_xicheng, reason="调换工作")
        case "retained":
            services.membership_retain(actor=staff, membership=m, reason="退休")
        case "left":
            services.membership_leave(actor=staff, membership=m, reason="本人申请")
        case "expelled":
            services.membership_expel(actor=staff, membership=m, reason="判决书")
        case "rejected":
            m = enrol(world.base_donghu, "李娜", approve=False)
            services.membership_reject(actor=staff, membership=m, reason="材料不全")
        case "lapsed":  # M7: dues stopped more than six months ago; still stored as active
            services.membership_record_dues(actor=staff, membership=m, paid_until=dt.date(2025, 11, 30))
    return Membership.objects.get(pk=m.pk)


def _accepted(world, action: str, m: Membership) -> bool:
    sid = transaction.savepoint_create()
    try:
        CALLS[action](world, world.user("donghu"), Membership.objects.get(pk=m.pk))
    except DomainError as exc:
        if exc.code not in STATUS_REFUSALS:
            raise
        return False
    finally:
        transaction.savepoint_rollback(sid)
    return True


STATES = ["pending", "active", "in_transfer", "retained", "left", "expelled", "rejected", "lapsed"]


@pytest.mark.parametrize("state", STATES)
def test_the_page_offers_an_action_exactly_when_the_service_accepts_it(world, login, state):
    with time_machine.travel(NOON, tick=False):
        m = _in_status(world, state)
        expected = {"lapsed": MembershipStatus.ACTIVE}.get(state, state)
        assert m.status == expected
        client = login("donghu")
        page = client.get(f"/members/{m.pk}/").content.decode()
        offered = set(re.findall(rf'href="/members/{m.pk}/(\w+)/"', page))
        listed = set(client.get(f"/api/members/{m.pk}").json()["actions"])
        accepted = {action for action in CALLS if _accepted(world, action, m)}
    assert offered <= set(CALLS), "a button with no service behind it"
    assert offered == accepted, f"{state}: page offers {sorted(offered)}, services accept {sorted(accepted)}"
    # the API lists the same, less the mobile change (not an API action, and allowed in every status)
    assert listed == accepted - {"mobile"}
