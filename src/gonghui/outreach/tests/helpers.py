"""Driving the worker's join flow through the test client, as a phone would."""

import re

from django.urls import reverse

from gonghui.outreach.models import DemoMessage


def last_sms_code() -> str:
    message = DemoMessage.objects.order_by("-id").first()
    assert message is not None, "no SMS was sent"
    return re.search(r"验证码是 (\d{6})", message.text)[1]


def verify_phone(client, url: str, mobile: str) -> None:
    response = client.post(url, {"action": "send", "mobile": mobile})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(url, {"action": "check", "sms_code": last_sms_code()})
    assert response.status_code == 302, response.content.decode()[:2000]


def join(
    client, code, *, name: str, id_number: str, mobile: str, employer: str = "美团", group: str = "rider"
):
    """Scan, consent, verify the phone, submit; returns the final response (followed)."""
    token = code.token
    assert client.get(reverse("join", args=[token])).status_code == 200
    response = client.post(reverse("join", args=[token]), {"agree": "1", "agree_id": "1"})
    assert response.status_code == 302
    verify_phone(client, reverse("join_phone", args=[token]), mobile)
    return client.post(
        reverse("join_form", args=[token]),
        {"full_name": name, "id_number": id_number, "employer": employer, "group": group, "action": "join"},
        follow=True,
    )
