"""The worker's join flow (M2, M3, M4, W1) and the member's own pages, through the test client."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.members import cards
from gonghui.members.models import Channel, Membership, MembershipStatus, Person, Transfer, TransferStatus
from gonghui.members.tests.factories import enrol, resident_id
from gonghui.outreach import services
from gonghui.outreach.models import Consent, JoinCode, JoinRecord, JoinScan, SmsCode

from .helpers import join, last_sms_code, verify_phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def stall(world):
    event = services.event_create(
        actor=SYSTEM,
        union=world.dashilan,
        name="大栅栏商业街摆摊入会",
        place="大栅栏西街",
        staff_present="街道工会主席、社会工作者",
        gift="防晒冰袖一副",
    )
    return services.code_create(actor=SYSTEM, union=world.dashilan, label="摆摊点", event=event)


def test_a_worker_joins_through_an_event_code_and_waits_for_approval(client, world, stall):
    response = join(client, stall, name="刘骑手", id_number=resident_id(), mobile="13912345678")
    assert "入会申请已提交" in response.content.decode()
    m = Membership.objects.select_related("person").get(person__full_name="刘骑手")
    assert (m.org, m.status, m.channel) == (world.dashilan, MembershipStatus.PENDING, Channel.OUTREACH)
    assert m.employer_name == "美团" and m.person.is_new_form and m.person.priority_group == "rider"
    assert m.person.reveal_mobile() == "13912345678"
    consent = Consent.objects.get(person=m.person)
    assert consent.notice_version == services.NOTICE_VERSION and consent.id_number_agreed_at is not None
    record = JoinRecord.objects.get(membership=m)
    assert record.outcome == JoinRecord.Outcome.APPLIED and record.event == stall.event
    # one scan per browser session, however often the page is opened
    client.get(reverse("join", args=[stall.token]))
    assert JoinScan.objects.filter(code=stall).count() == 1
    # the union's approval queue has it
    assert Membership.objects.filter(org=world.dashilan, status=MembershipStatus.PENDING).count() == 1
    # the worker sees their card page, still waiting
    card = client.get(reverse("me_card")).content.decode()
    assert "刘骑手" in card and "待审批" in card and "审批后发放" in card


def test_automatic_approval_issues_a_card_that_staff_can_verify(client, login, world):
    code = services.code_create(actor=SYSTEM, union=world.dashilan, label="骑手驿站", auto_approve=True)
    response = join(
        client, code, name="王快递", id_number=resident_id(), mobile="13912345679", group="courier"
    )
    assert "入会成功" in response.content.decode()
    m = Membership.objects.get(person__full_name="王快递")
    assert m.status == MembershipStatus.ACTIVE and m.number and m.channel == Channel.SCAN
    card = client.get(reverse("me_card")).content.decode()
    assert m.number in card and "正常" in card
    card_code = cards.card_code(m)
    assert card_code in card

    staff = login("xicheng")
    page = staff.get(reverse("outreach:verify_scanned", args=[card_code])).content.decode()
    assert "有效会员" in page and "王**" in page and "王快递" not in page
    assert AuditEvent.objects.filter(action="member.card.verify").count() == 1
    # yesterday's code still works (a card opened before midnight), the day before's does not
    today = timezone.localdate()
    old = cards.card_code(m, today - dt.timedelta(days=2))
    assert not cards.card_verify(actor=SYSTEM, code_text=old).valid
    assert cards.card_verify(actor=SYSTEM, code_text=cards.card_code(m, today - dt.timedelta(days=1))).valid
    assert not cards.card_verify(actor=SYSTEM, code_text=card_code[:-1] + "0").valid or card_code.endswith(
        "0"
    )


def test_a_member_active_elsewhere_is_offered_a_transfer_not_a_second_membership(client, world, stall):
    number = resident_id()
    there = enrol(world.base_donghu, "赵师傅", id_number=number, mobile="13912345670")
    response = join(client, stall, name="赵师傅", id_number=number, mobile="13912345670")
    page = response.content.decode()
    assert "您已是“" in page and world.base_donghu.name in page and "申请转入" in page
    assert Membership.objects.filter(person=there.person).count() == 1
    response = client.post(reverse("join_transfer", args=[stall.token]), follow=True)
    assert "已申请转入" in response.content.decode()
    t = Transfer.objects.get(membership=there)
    assert (t.status, t.to_org) == (TransferStatus.REQUESTED, world.dashilan)
    assert Membership.objects.filter(person=there.person).count() == 1
    assert JoinRecord.objects.get(membership=there).outcome == JoinRecord.Outcome.TRANSFER


def test_bad_input_is_named_and_nothing_is_saved(client, world, stall):
    valid = resident_id()
    bad = valid[:-1] + ("1" if valid[-1] != "1" else "2")  # wrong check digit
    response = join(client, stall, name="钱某", id_number=bad, mobile="13912345671")
    page = response.content.decode()
    assert "身份证号码校验位不正确" in page
    assert not Person.objects.filter(full_name="钱某").exists()
    assert not JoinRecord.objects.exists() and not Consent.objects.exists()


def test_consent_is_required_before_anything_else(client, stall):
    response = client.post(reverse("join", args=[stall.token]), {"agree": "1"})
    assert "请阅读并勾选同意两项内容后继续" in response.content.decode()
    assert client.get(reverse("join_phone", args=[stall.token])).status_code == 302
    assert client.get(reverse("join_form", args=[stall.token])).status_code == 302


def test_sms_codes_are_rate_limited_and_wrong_codes_bring_a_human_check(client, stall, monkeypatch):
    from gonghui.outreach import limits

    monkeypatch.setattr(limits, "FAILURES_BEFORE_CHECK", 3)
    client.post(reverse("join", args=[stall.token]), {"agree": "1", "agree_id": "1"})
    url = reverse("join_phone", args=[stall.token])
    assert client.post(url, {"action": "send", "mobile": "13912345672"}).status_code == 302
    again = client.post(url, {"action": "resend"})
    assert "请 1 分钟后再重新获取" in again.content.decode()
    assert SmsCode.objects.count() == 1
    for _ in range(3):
        page = client.post(url, {"action": "check", "sms_code": "000000"}).content.decode()
    assert "为确认是本人操作，请回答" in page
    # until answered, even the right code does not go through
    right = last_sms_code()
    assert client.post(url, {"action": "check", "sms_code": right}).status_code == 200
    answer = client.session["challenge_answer"]
    response = client.post(url, {"action": "check", "sms_code": right, "answer": str(answer)})
    assert response.status_code == 302 and response["Location"].endswith("/form/")


def test_a_closed_code_says_so(client, world, stall):
    assert client.get(reverse("join", args=[stall.token])).status_code == 200  # read, and kept a while
    services.code_close(actor=SYSTEM, code=stall)
    response = client.get(reverse("join", args=[stall.token]))
    assert response.status_code == 410 and "已停用" in response.content.decode()
    assert client.get(reverse("join", args=["nosuchcode"])).status_code == 404


def test_a_code_closed_by_another_process_files_nothing_while_this_one_still_keeps_it(world, stall):
    """A server process keeps a code it read for a few seconds; one closed in another process (here: straight in
    the database, so this process's copy is stale) may still draw its page, but a submission re-reads it."""
    kept = services.code_open(stall.token)
    JoinCode.objects.filter(pk=stall.pk).update(closed_at=timezone.now())
    assert services.code_open(stall.token) is kept  # the stale copy, within CODE_CACHE_SECONDS
    now = timezone.now()
    data = services.JoinData(
        full_name="周骑手",
        id_number=resident_id(),
        mobile="13912345693",
        agreed_at=now,
        id_number_agreed_at=now,
    )
    with pytest.raises(DomainError) as refused:
        services.join_submit(code=kept, data=data)
    assert refused.value.code == "code_closed"
    assert not Membership.objects.filter(person__full_name="周骑手").exists()


def test_members_sign_in_with_an_sms_code(client, world):
    enrol(world.base_donghu, "孙会员", mobile="13912345673")
    url = reverse("me_login")
    verify_phone(client, url, "13912345673")
    response = client.get(url, follow=True)
    assert "孙会员" in response.content.decode() and world.base_donghu.name in response.content.decode()
    client.post(reverse("me_logout"))
    assert client.get(reverse("me_card")).status_code == 302
    verify_phone(client, url, "13912345674")
    assert "该手机号未登记会员" in client.get(url, follow=True).content.decode()


def test_event_figures_by_hour(client, login, world, stall):
    for i, name in enumerate(("甲骑手", "乙骑手")):
        client.logout()
        client.cookies.clear()
        join(client, stall, name=name, id_number=resident_id(), mobile=f"1391234560{i}")
    client.cookies.clear()
    client.get(reverse("join", args=[stall.token]))  # a third person only looks
    from gonghui.members.services import membership_approve

    first = Membership.objects.get(person__full_name="甲骑手")
    membership_approve(actor=SYSTEM, membership=first)
    services.gift_hand_out(actor=SYSTEM, record=JoinRecord.objects.get(membership=first))
    stats = services_stats(stall)
    assert (stats.scans, stats.joins, stats.approvals, stats.gifts) == (3, 2, 1, 1)
    page = login("xicheng").get(reverse("outreach:event", args=[stall.event.pk])).content.decode()
    assert "甲骑手" in page and "已发放" in page
    index = client.get(reverse("outreach:index")).content.decode()
    assert "大栅栏商业街摆摊入会" in index


def services_stats(code):
    from gonghui.outreach.selectors import event_stats

    return event_stats(code.event).totals


def test_one_sms_verification_serves_one_join(client, world, stall):
    """A verified mobile is used up by the join: it cannot enrol other people's documents after it."""
    join(client, stall, name="第一人", id_number=resident_id(), mobile="13912345681")
    again = client.post(
        reverse("join_form", args=[stall.token]),
        {
            "full_name": "第二人",
            "id_number": resident_id(),
            "employer": "美团",
            "group": "rider",
            "action": "join",
        },
    )
    assert again.status_code == 302 and again["Location"].endswith("/phone/")
    assert not Person.objects.filter(full_name="第二人").exists()


def test_refused_submissions_use_up_the_verification(client, world, stall):
    """A few corrections of one's own record are fine; then the number must be verified again."""
    mine = resident_id()
    enrol(world.base_donghu, "原主", id_number=mine, mobile="13912345682")
    join(client, stall, name="原王", id_number=mine, mobile="13912345682")
    url = reverse("join_form", args=[stall.token])
    for _ in range(3):
        page = client.post(url, {"full_name": "原王", "id_number": mine, "action": "join"})
        assert page.status_code == 200 and "姓名与登记信息不一致" in page.content.decode()
    last = client.post(url, {"full_name": "原王", "id_number": mine, "action": "join"})
    assert last.status_code == 302 and last["Location"].endswith("/phone/")


def test_a_member_here_scanning_again_lands_on_their_card(client, world, stall):
    number = resident_id()
    enrol(world.dashilan, "老会员", id_number=number, mobile="13912345683")
    response = join(client, stall, name="老会员", id_number=number, mobile="13912345683")
    page = response.content.decode()
    assert "您已是大栅栏街道总工会的会员，无需重复入会" in page and "电子会员证" in page
    assert Membership.objects.filter(person__full_name="老会员").count() == 1


BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_a_member_back_on_a_new_phone_ends_on_their_card_with_no_new_membership(world):
    """A worker who joined through the code comes back the next day on a new phone (a new browser session, the
    same mobile verified again) and scans the same code: the flow ends on their card, with their union and member
    number, and nothing new is filed."""
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, tzinfo=BEIJING), tick=False) as traveller:
        code = services.code_create(actor=SYSTEM, union=world.dashilan, label="骑手驿站", auto_approve=True)
        number = resident_id()
        first = join(Client(), code, name="陈骑手", id_number=number, mobile="13912345690")
        assert "入会成功" in first.content.decode()
        m = Membership.objects.get(person__full_name="陈骑手")
        assert m.status == MembershipStatus.ACTIVE and m.number
        before = (Person.objects.count(), Membership.objects.count(), JoinRecord.objects.count())
        consents = Consent.objects.count()

        traveller.shift(dt.timedelta(days=1))  # yesterday's per-mobile SMS limits have lapsed
        phone = Client()
        response = join(phone, code, name="陈骑手", id_number=number, mobile="13912345690")
        assert response.status_code == 200
        assert response.redirect_chain == [(reverse("me_card"), 302)]
        page = response.content.decode()
        assert "您已是大栅栏街道总工会的会员，无需重复入会" in page
        assert 'data-testid="e-card"' in page
        assert re.search(r'data-testid="card-union">大栅栏街道总工会<', page)
        assert re.search(rf'data-testid="card-number">{m.number}<', page)
        assert (Person.objects.count(), Membership.objects.count(), JoinRecord.objects.count()) == before
        assert Consent.objects.count() == consents
        assert Membership.objects.filter(person=m.person).count() == 1
        # the card stays theirs in this session, and the verification is spent
        assert phone.get(reverse("me_card")).status_code == 200
        again = phone.post(
            reverse("join_form", args=[code.token]),
            {"full_name": "陈骑手", "id_number": number, "action": "join"},
        )
        assert again.status_code == 302 and again["Location"].endswith("/phone/")

        # someone else on another phone typing this member's ID number learns nothing of them
        stranger = Client()
        refused = join(stranger, code, name="陈骑手", id_number=number, mobile="13912345691")
        assert refused.status_code == 409
        text = refused.content.decode()
        assert services.CANNOT_CONTINUE in text
        for secret in ("大栅栏街道总工会", m.number, "陈骑手", "会员证", "无需重复入会"):
            assert secret not in text
        assert stranger.get(reverse("me_card")).status_code == 302
        assert (Person.objects.count(), Membership.objects.count(), JoinRecord.objects.count()) == before
