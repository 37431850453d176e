"""The worker's phone pages keep what was typed when a submission is refused (issue 16 §3): the ID number and
the mobile included, on the worker's own page, with the message beside the field."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.forms import field_value, message_beside
from gonghui.members.models import Person
from gonghui.members.tests.factories import resident_id
from gonghui.outreach import services

from .helpers import verify_phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(world):
    return services.code_create(actor=SYSTEM, union=world.dashilan, label="骑手驿站")


def wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def test_a_refused_id_number_stays_in_the_field_with_the_reason_beside_it(client, world, code):
    client.post(reverse("join", args=[code.token]), {"agree": "1", "agree_id": "1"})
    verify_phone(client, reverse("join_phone", args=[code.token]), "13912345601")
    typo = wrong_check_digit(resident_id())
    typed = {"full_name": "阿依古丽·买买提", "id_number": typo, "employer": "美团", "group": "rider"}
    page = client.post(reverse("join_form", args=[code.token]), {**typed, "action": "join"})
    html = page.content.decode()
    assert page.status_code == 200
    assert {name: field_value(html, name) for name in typed} == typed
    assert "校验位不正确" in message_beside(html, "id_number")
    assert not Person.objects.exists()


def test_a_refused_mobile_stays_in_the_field(client, world, code):
    url = reverse("join_phone", args=[code.token])
    client.post(reverse("join", args=[code.token]), {"agree": "1", "agree_id": "1"})
    short = client.post(url, {"action": "send", "mobile": "1391234560"}).content.decode()
    assert field_value(short, "mobile") == "1391234560"
    assert message_beside(short, "mobile") == "手机号码无效"
    # a code was just sent to this number from another phone: refused for now, the number is still there
    other = Client()
    other.post(reverse("join", args=[code.token]), {"agree": "1", "agree_id": "1"})
    assert other.post(url, {"action": "send", "mobile": "13912345602"}).status_code == 302
    html = client.post(url, {"action": "send", "mobile": "13912345602"}).content.decode()
    assert field_value(html, "mobile") == "13912345602"
    assert "1 分钟后再重新获取" in html
