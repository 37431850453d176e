"""Joins recorded after the fact from a stall's paper sign-up sheet (issue 16 §4, S4): the member joins on the day
of the stall's event, so the statistics count the join on that day, not on the day it was typed in; further back
than the back-dating window needs a reason, which the audit row keeps."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD
from gonghui.members.models import Channel, EventKind, Membership, MembershipStatus
from gonghui.members.tests.factories import resident_id
from gonghui.outreach import services
from gonghui.outreach.models import JoinRecord
from gonghui.stats import services as stats
from gonghui.stats.selectors import Period, figures

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.GONGHUI_BACKDATE_DAYS = 30
    with time_machine.travel(dt.datetime(2026, 7, 15, 16, tzinfo=BEIJING), tick=False):
        yield


def stall_on(world, day: dt.date):
    event = services.event_create(actor=SYSTEM, union=world.dashilan, name="大栅栏摆摊入会", on_date=day)
    return services.code_create(actor=SYSTEM, union=world.dashilan, label="大栅栏摆摊点", event=event)


def signed_in(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_a_join_recorded_now_from_last_months_stall_counts_on_the_stalls_day(world):
    code = stall_on(world, dt.date(2026, 6, 28))
    record = services.join_backfill(
        actor=world.user("xicheng"), code=code, full_name="刘骑手", id_number=resident_id(), group="rider"
    )
    m = Membership.objects.get(pk=record.membership_id)
    assert (m.status, m.channel, m.join_date) == (
        MembershipStatus.ACTIVE,
        Channel.OUTREACH,
        dt.date(2026, 6, 28),
    )
    assert m.events.get(kind=EventKind.ENROLLED).on_date == dt.date(2026, 6, 28)
    assert record.event == code.event and record.outcome == JoinRecord.Outcome.JOINED
    stats.stats_fold()
    june = figures(
        world.dashilan, on=TODAY, period=Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30), "month")
    )
    july = figures(world.dashilan, on=TODAY, period=Period(dt.date(2026, 7, 1), TODAY, "month"))
    assert (june["new"], june["new:channel:outreach"]) == (1, 1)  # S4: counted on the stall's day …
    assert july["new"] == 0  # … not on the day it was typed in
    assert AuditEvent.objects.get(action="outreach.join.backfill").reason == ""  # inside the window


def test_a_typed_join_date_wins_but_not_before_the_event(world):
    code = stall_on(world, dt.date(2026, 7, 1))
    record = services.join_backfill(
        actor=world.user("xicheng"),
        code=code,
        full_name="王快递",
        id_number=resident_id(),
        join_date=dt.date(2026, 7, 2),
    )
    assert record.membership.join_date == dt.date(2026, 7, 2)
    with pytest.raises(DomainError) as err:
        services.join_backfill(
            actor=world.user("xicheng"),
            code=code,
            full_name="赵外卖",
            id_number=resident_id(),
            join_date=dt.date(2026, 6, 30),
        )
    assert err.value.fields == {"join_date": "早于活动日期"}


def test_a_stall_beyond_the_window_needs_a_reason_which_is_audited(world):
    code = stall_on(world, dt.date(2026, 5, 1))
    with pytest.raises(DomainError) as err:
        services.join_backfill(
            actor=world.user("xicheng"), code=code, full_name="孙师傅", id_number=resident_id()
        )
    assert err.value.fields["backdate_reason"] == "入会日期早于30天前（2026-06-15），请填写补录原因"
    assert not Membership.objects.exists()
    record = services.join_backfill(
        actor=world.user("xicheng"),
        code=code,
        full_name="孙师傅",
        id_number=resident_id(),
        backdate_reason="五一摆摊纸质登记表，今日整理录入",
    )
    assert record.membership.join_date == dt.date(2026, 5, 1)
    audit = AuditEvent.objects.get(action="outreach.join.backfill")
    assert audit.reason == "五一摆摊纸质登记表，今日整理录入" and audit.after["join_date"] == "2026-05-01"


def test_staff_record_a_paper_join_from_the_event_page(world):
    code = stall_on(world, dt.date(2026, 5, 1))
    c = signed_in("xicheng")
    event_page = c.get(reverse("outreach:event", args=[code.event_id])).content.decode()
    url = reverse("outreach:backfill", args=[code.pk])
    assert url in event_page
    form = c.get(url).content.decode()
    assert 'value="2026-05-01"' in form  # the join date defaults to the stall's day
    post = {"full_name": "周师傅", "id_number": resident_id(), "join_date": "2026-05-01"}
    page = c.post(url, post).content.decode()
    assert "入会日期早于30天前（2026-06-15），请填写补录原因" in page and not Membership.objects.exists()
    response = c.post(url, {**post, "backdate_reason": "纸质登记表补录"}, follow=True)
    assert "已补录入会：周**，入会日期 2026-05-01" in response.content.decode()
    assert Membership.objects.get().join_date == dt.date(2026, 5, 1)
    joins = response.content.decode().split('data-testid="joins"')[1]
    assert (
        "周师傅" in joins and "05-01" in joins and "07-15补录" in joins
    )  # the stall's day, and when typed in
    assert signed_in("donghu").get(url).status_code == 404  # another district's stall
