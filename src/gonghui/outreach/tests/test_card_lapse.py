"""The worker's e-card reads their membership as the register does (M7): a lapsed member has no card to show."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.core.scope import SYSTEM
from gonghui.members import services
from gonghui.members.tests.factories import enrol
from gonghui.members.tests.test_live import LAPSES_ON, PAID_UNTIL, at_noon

from .helpers import last_sms_code

pytestmark = pytest.mark.django_db


def test_a_lapsed_member_has_no_card(client, world):
    with at_noon(dt.date(2025, 8, 1)):
        m = enrol(world.base_donghu, "周会员", mobile="13900000021")
        services.membership_record_dues(actor=SYSTEM, membership=m, paid_until=PAID_UNTIL)
    for day, has_card in ((LAPSES_ON - dt.timedelta(days=1), True), (LAPSES_ON, False)):
        with at_noon(day):
            client.post(reverse("me_login"), {"action": "send", "mobile": "13900000021"})
            client.post(reverse("me_login"), {"action": "check", "sms_code": last_sms_code()})
            card = client.get(reverse("me_login"), follow=True).content.decode()  # signs in, shows the card
            assert ('data-testid="card-code"' in card) is has_card
            assert ("您目前没有有效会籍" in card) is not has_card
