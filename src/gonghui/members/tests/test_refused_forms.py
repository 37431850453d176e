"""Staff forms keep what was typed when a service refuses them (issue 16 §3): the document number and mobile the
cadre just typed come back in their fields, in the answer to that very POST, with the reason beside the field."""

import pytest

from gonghui.core.testing.forms import field_value, message_beside
from gonghui.members.models import Membership

from .factories import enrol, resident_id

pytestmark = pytest.mark.django_db


def test_enrolment_keeps_a_document_number_with_a_wrong_check_digit(world, login):
    number = resident_id()
    typo = number[:-1] + ("1" if number[-1] != "1" else "2")
    typed = {"union": str(world.base_donghu.pk), "doc_type": "ric", "id_number": typo}
    html = login("donghu").post("/members/new/", typed).content.decode()
    assert {name: field_value(html, name) for name in typed} == typed
    assert message_beside(html, "id_number") == "校验位不正确"


def test_enrolment_step_two_keeps_every_value_after_a_refused_mobile(world, login):
    c = login("donghu")
    page = c.post(
        "/members/new/", {"union": world.base_donghu.pk, "doc_type": "ric", "id_number": resident_id()}
    ).content.decode()
    token = page.split('name="id_token" value="')[1].split('"')[0]
    typed = {
        "full_name": "褚红",
        "mobile": "1360000000",  # ten digits
        "ethnicity": "回族",
        "employment_status": "employed",
        "channel": "staff",
        "employer_name": "望京科技有限公司",
    }
    step = {"union": world.base_donghu.pk, "doc_type": "ric", "id_token": token}
    html = c.post("/members/new/", {**step, **typed}).content.decode()
    assert {name: field_value(html, name) for name in typed} == typed
    assert message_beside(html, "mobile") == "手机号码无效"
    assert not Membership.objects.exists()


def test_a_refused_mobile_change_keeps_the_number_and_the_note(world, login):
    m = enrol(world.base_donghu, "吴敏", mobile="13912340000")
    typed = {"mobile": "139123400", "reason": "本人持身份证件到会，已核实"}
    html = login("donghu").post(f"/members/{m.pk}/mobile/", typed).content.decode()
    assert {name: field_value(html, name) for name in typed} == typed
    assert message_beside(html, "mobile") == "手机号码无效"
    assert m.person.reveal_mobile() == "13912340000"


def test_a_form_filled_from_the_register_never_shows_the_number(world, login):
    """The fields give back only what this request carried: a page opened by GET holds no number (I3)."""
    m = enrol(world.base_donghu, "吴敏", mobile="13912340000")
    html = login("donghu").get(f"/members/{m.pk}/mobile/").content.decode()
    assert field_value(html, "mobile") == ""


def test_a_refused_transfer_request_keeps_its_reason(world, login):
    number = resident_id()
    enrol(world.base_xicheng, "卫东", id_number=number)
    c = login("donghu")
    page = c.post("/members/new/", {"union": world.base_donghu.pk, "doc_type": "ric", "id_number": number})
    token = page.content.decode().split('name="id_token" value="')[1].split('"')[0]
    ask = {
        "union": world.base_donghu.pk,
        "doc_type": "ric",
        "id_token": token,
        "request_transfer": "1",
        "reason": "已到望京科技工作",
    }
    assert c.post("/members/new/", ask).status_code == 302
    again = c.post("/members/new/", {**ask, "reason": "再次申请：已签劳动合同"})
    html = again.content.decode()
    refusal = html.split('<div class="alert alert-danger" role="alert">')[1].split("</div>")[0]
    assert again.status_code == 200 and "转会" in refusal, refusal
    assert field_value(html, "reason") == "再次申请：已签劳动合同"
