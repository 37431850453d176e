"""Sending SMS codes through a pluggable sender (GONGHUI_SMS_SENDER, a dotted path to a class with `send`).

Production plugs in the SMS gateway its province uses; the demo and the tests use `DemoSender`, which sends
nothing: it logs the message with the number masked and keeps it for the demo page (/me/demo-sms/).
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.core import personal

log = logging.getLogger("gonghui.sms")


class SmsSender:
    """The interface: send `text` to the mainland mobile `mobile` (11 digits), or raise."""

    def send(self, mobile: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class DemoSender(SmsSender):
    def send(self, mobile: str, text: str) -> None:
        from .models import DemoMessage

        masked = personal.mask(mobile)
        DemoMessage.objects.create(mobile_masked=masked, text=text)
        log.info("短信（演示，未真正发送）→ %s：%s", masked, text)


def sender() -> SmsSender:
    return import_string(settings.GONGHUI_SMS_SENDER)()
