"""A worker's identity on the public pages cannot be borrowed: SMS codes cannot be guessed, a verified mobile
speaks only for the person registered with it, and no refusal tells a stranger whether or where someone is a
member."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.members.models import Membership, MembershipStatus, Person, Transfer
from gonghui.members.services import membership_leave, person_mobile_change, transfer_start
from gonghui.members.tests.factories import enrol, resident_id
from gonghui.outreach import limits, services
from gonghui.outreach.models import Consent, JoinRecord, SmsCode, SmsPurpose

from .helpers import join, last_sms_code

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


@pytest.fixture
def stall(world):
    return services.code_create(actor=SYSTEM, union=world.dashilan, label="摆摊点", auto_approve=True)


def _check(code: str, mobile: str = "13900000001", address: str = ADDRESS) -> None:
    services.sms_check(mobile=mobile, purpose=SmsPurpose.LOGIN, code=code, address=address)


def _wrong(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


# ---- SMS codes -----------------------------------------------------------------------------------------------


def test_six_wrong_codes_kill_the_code_even_the_right_one_is_refused_after():
    services.sms_send(mobile_raw="13900000001", purpose=SmsPurpose.LOGIN, address=ADDRESS)
    right = last_sms_code()
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as wrong:
            _check(_wrong(right))
        assert wrong.value.message == f"验证码不正确（还可尝试 {left} 次）"
    with pytest.raises(DomainError) as fifth:
        _check(_wrong(right))
    assert fifth.value.message == "验证码不正确，已失效，请重新获取"
    with pytest.raises(DomainError) as sixth:
        _check(right)
    assert sixth.value.code == "sms_locked"
    assert SmsCode.objects.get().attempts == services.SMS_MAX_ATTEMPTS
    assert SmsCode.objects.get().used_at is None


def test_wrong_tries_count_even_when_the_caller_rolls_back():
    """The count lives where no rollback reaches: five wrong tries in rolled-back transactions kill the code."""
    services.sms_send(mobile_raw="13900000001", purpose=SmsPurpose.LOGIN, address=ADDRESS)
    right = last_sms_code()
    for _ in range(services.SMS_MAX_ATTEMPTS):
        with pytest.raises(DomainError, match="验证码不正确"), transaction.atomic():
            _check(_wrong(right))
    with pytest.raises(DomainError) as refused:
        _check(right)
    assert refused.value.code == "sms_locked"


def test_a_script_answering_the_question_still_meets_the_dead_code(client, world):
    """200 wrong codes then the right one used to sign in; now the code dies after five, whatever is answered."""
    enrol(world.base_donghu, "孙会员", mobile="13900000002")
    url = reverse("me_login")
    assert client.post(url, {"action": "send", "mobile": "13900000002"}).status_code == 302
    right = last_sms_code()
    for _ in range(6):
        answer = client.session.get("challenge_answer", "")
        page = client.post(url, {"action": "check", "sms_code": _wrong(right), "answer": str(answer)})
        assert page.status_code == 200
    answer = client.session.get("challenge_answer", "")
    page = client.post(url, {"action": "check", "sms_code": right, "answer": str(answer)})
    assert page.status_code == 200 and "已失效，请重新获取" in page.content.decode()
    assert client.get(reverse("me_card")).status_code == 302  # not signed in


def test_wrong_guesses_are_limited_per_mobile_and_per_address_a_day(monkeypatch):
    monkeypatch.setattr(limits, "GUESSES_PER_MOBILE_DAY", 3)
    monkeypatch.setattr(limits, "GUESSES_PER_ADDRESS_DAY", 5)
    monkeypatch.setattr(limits, "SMS_PER_MOBILE", (10, 60))
    services.sms_send(mobile_raw="13900000001", purpose=SmsPurpose.LOGIN, address=ADDRESS)
    for _ in range(3):
        with pytest.raises(DomainError, match="验证码不正确"):
            _check(_wrong(last_sms_code()))
    # a fresh code does not reset the day's guesses for this mobile: even its right code is not looked at
    services.sms_send(mobile_raw="13900000001", purpose=SmsPurpose.LOGIN, address=ADDRESS)
    with pytest.raises(DomainError, match="该手机号今天验证码错误次数过多"):
        _check(last_sms_code())
    # another mobile from the same address has two guesses left before the address is stopped
    services.sms_send(mobile_raw="13900000009", purpose=SmsPurpose.LOGIN, address=ADDRESS)
    for _ in range(2):
        with pytest.raises(DomainError, match="验证码不正确"):
            _check(_wrong(last_sms_code()), mobile="13900000009")
    with pytest.raises(DomainError, match="验证码错误次数过多，请明天再试"):
        _check(last_sms_code(), mobile="13900000009")
    # the same mobile from somewhere else is fine
    _check(last_sms_code(), mobile="13900000009", address="198.51.100.1")


# ---- identity -------------------------------------------------------------------------------------------------


def _victim(world, situation: str) -> Membership:
    """Someone registered with their own mobile, in each situation a join can meet."""
    number = resident_id()
    match situation:
        case "active_elsewhere":
            return enrol(world.base_donghu, "王晓梅", id_number=number, mobile="13800000001")
        case "active_here":
            return enrol(world.dashilan, "王晓梅", id_number=number, mobile="13800000001")
        case "pending_elsewhere":
            return enrol(world.base_donghu, "王晓梅", id_number=number, mobile="13800000001", approve=False)
        case "in_transfer":
            m = enrol(world.base_donghu, "王晓梅", id_number=number, mobile="13800000001")
            transfer_start(actor=SYSTEM, membership=m, to_union=world.base_xicheng, reason="换工作")
            return Membership.objects.get(pk=m.pk)
        case "left":
            m = enrol(world.base_donghu, "王晓梅", id_number=number, mobile="13800000001")
            return membership_leave(actor=SYSTEM, membership=m, reason="离职", leave_reason="voluntary")
    raise AssertionError(situation)


SITUATIONS = ["active_elsewhere", "active_here", "pending_elsewhere", "in_transfer", "left"]


def _page(response) -> str:
    """The page as a stranger sees it, without the per-request token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("name", ["王晓梅", "王小梅"])
def test_a_strangers_name_and_id_number_with_my_mobile_never_signs_me_in_or_files_anything(
    client, world, stall, situation, name
):
    victim = _victim(world, situation)
    before = (JoinRecord.objects.count(), Transfer.objects.count(), Consent.objects.count())
    response = join(client, stall, name=name, id_number=victim.person.reveal_document(), mobile="13912340000")
    page = response.content.decode()
    assert response.status_code == 409
    assert services.CANNOT_CONTINUE in page
    for secret in (victim.org.name, victim.number or "—", "王晓梅", "已登记", "会员证"):
        assert secret not in page
    assert client.get(reverse("me_card")).status_code == 302  # nobody is signed in
    assert (JoinRecord.objects.count(), Transfer.objects.count(), Consent.objects.count()) == before
    assert Membership.objects.get(pk=victim.pk).status == victim.status
    # the verification was spent on someone else: trying another number needs a new SMS code
    again = client.post(
        reverse("join_form", args=[stall.token]),
        {"full_name": name, "id_number": resident_id(), "action": "join"},
    )
    assert again.status_code == 302 and again["Location"].endswith("/phone/")


def test_the_refusal_reads_the_same_whether_or_where_the_person_is_a_member(client, world, stall):
    pages = set()
    for i, situation in enumerate(SITUATIONS):
        victim = _victim(world, situation)
        client.cookies.clear()
        mobile = f"1391234{i:04d}"
        response = join(
            client, stall, name="王晓梅", id_number=victim.person.reveal_document(), mobile=mobile
        )
        pages.add(_page(response).replace(mobile[-4:], "####"))
        Person.objects.filter(pk=victim.person_id).update(id_hash=f"gone-{victim.pk}")  # the next one is new
    assert len(pages) == 1


def test_a_stored_transfer_offer_cannot_be_replayed_for_someone_else(client, world, stall):
    """The transfer button posts what the worker typed, sealed in the session; only their own record gets one."""
    mine = enrol(world.base_donghu, "赵师傅", mobile="13912340001")
    join(client, stall, name="赵师傅", id_number=mine.person.reveal_document(), mobile="13912340001")
    victim = _victim(world, "active_elsewhere")
    response = client.post(
        reverse("join_form", args=[stall.token]),
        {"full_name": "王晓梅", "id_number": victim.person.reveal_document(), "action": "join"},
    )
    assert response.status_code == 409
    assert client.post(reverse("join_transfer", args=[stall.token])).status_code == 302
    assert not Transfer.objects.exists()


def test_staff_confirm_a_new_mobile_and_the_member_signs_in_with_it(client, login, world):
    m = enrol(world.base_donghu, "孙会员", mobile="13900000002")
    staff = login("donghu")
    page = staff.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert "更换手机号码" in page
    url = reverse("members:action", args=[m.pk, "mobile"])
    refused = staff.post(url, {"mobile": "1390000", "reason": "本人持身份证到会核实"})
    assert "手机号码应为1开头的11位数字" in refused.content.decode()
    assert staff.post(url, {"mobile": "13900000003", "reason": "本人持身份证到会核实"}).status_code == 302
    staff.logout()
    client.post(reverse("me_login"), {"action": "send", "mobile": "13900000003"})
    client.post(reverse("me_login"), {"action": "check", "sms_code": last_sms_code()})
    assert "孙会员" in client.get(reverse("me_login"), follow=True).content.decode()


def test_only_staff_in_scope_change_a_mobile(world):
    m = enrol(world.base_donghu, "孙会员", mobile="13900000002")
    with pytest.raises(DomainError):
        person_mobile_change(actor=world.user("xicheng"), membership=m, mobile="13900000004", reason="核实")
    assert Person.objects.get(pk=m.person_id).mobile_hash == Person.mobile_lookup("13900000002")
    assert Membership.objects.get(pk=m.pk).status == MembershipStatus.ACTIVE


def test_sms_sends_are_limited_per_address_as_well_as_per_mobile(monkeypatch):
    monkeypatch.setattr(limits, "SMS_PER_ADDRESS", (3, 3600))
    for i in range(3):
        services.sms_send(mobile_raw=f"1390000010{i}", purpose=SmsPurpose.JOIN, address=ADDRESS)
    with pytest.raises(DomainError, match="发送验证码过于频繁"):
        services.sms_send(mobile_raw="13900000109", purpose=SmsPurpose.JOIN, address=ADDRESS)
    services.sms_send(mobile_raw="13900000109", purpose=SmsPurpose.JOIN, address="198.51.100.1")
    assert SmsCode.objects.count() == 4
