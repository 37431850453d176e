"""The production SMS sender: hands each message to the province's SMS gateway over HTTP(S).

Configured by GONGHUI_SMS_SENDER=gonghui.core.sms_gateway.HttpGatewaySender, with GONGHUI_SMS_GATEWAY_URL (where to
POST) and GONGHUI_SMS_GATEWAY_TOKEN (sent as a bearer token). The body is JSON `{"mobile": …, "text": …}`; any 2xx
answer counts as accepted. Only the standard library: an intranet server has no package index to reach.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import personal
from .errors import DomainError

log = logging.getLogger("gonghui.sms")

FAILED = "短信发送失败，请稍后再试"


class HttpGatewaySender:
    """`send(mobile, text)` POSTs to the gateway or raises DomainError (code `sms_failed`) in Chinese."""

    def __init__(self) -> None:
        self.url = getattr(settings, "GONGHUI_SMS_GATEWAY_URL", "")
        self.token = getattr(settings, "GONGHUI_SMS_GATEWAY_TOKEN", "")
        self.timeout = float(getattr(settings, "GONGHUI_SMS_GATEWAY_TIMEOUT", 10))
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("GONGHUI_SMS_GATEWAY_URL 未设置或不是 http(s) 地址（短信网关地址）")

    def send(self, mobile: str, text: str) -> None:
        body = json.dumps({"mobile": mobile, "text": text}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        masked = personal.mask(mobile)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - scheme checked
                status = response.status
        except urllib.error.HTTPError as exc:
            log.warning("短信网关拒绝 → %s：HTTP %s", masked, exc.code)
            raise DomainError("sms_failed", f"{FAILED}（短信网关答复 {exc.code}）", status=503) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            log.warning("短信网关不可达 → %s：%s", masked, getattr(exc, "reason", exc))
            raise DomainError("sms_failed", f"{FAILED}（短信网关无法连接）", status=503) from exc
        if not 200 <= status < 300:
            log.warning("短信网关未接受 → %s：HTTP %s", masked, status)
            raise DomainError("sms_failed", f"{FAILED}（短信网关答复 {status}）", status=503)
        log.info("短信已交给网关 → %s", masked)
