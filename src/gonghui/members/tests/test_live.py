"""A person's live membership as it reads on a day (M4, M7), turning at the lapse date."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.members import services
from gonghui.members.models import lapse_date
from gonghui.members.selectors import live_membership, person_status

from .factories import enrol

pytestmark = pytest.mark.django_db

PAID_UNTIL = dt.date(2025, 8, 31)
LAPSES_ON = dt.date(2026, 3, 1)  # six calendar months after the last day paid for (M7)


def at_noon(day: dt.date):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def member(world):
    with at_noon(dt.date(2025, 8, 1)):
        m = enrol(world.base_donghu, "周会员", mobile="13900000021")
        services.membership_record_dues(actor=SYSTEM, membership=m, paid_until=PAID_UNTIL)
    return m


def test_the_live_membership_turns_at_the_lapse_date(member):
    assert lapse_date(PAID_UNTIL) == LAPSES_ON
    person = member.person
    assert live_membership(person, LAPSES_ON - dt.timedelta(days=1)) == member
    assert live_membership(person, LAPSES_ON) is None
    with at_noon(LAPSES_ON):
        assert person_status(doc_type=person.doc_type, number=person.reveal_document()) == (person, None)
