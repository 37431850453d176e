"""The address an audit record stores is the client's, also behind a proxy (GONGHUI_CLIENT_IP_HEADER)."""

import pytest
from django.test import RequestFactory

from gonghui.core.audit import audit_record, client_ip
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.audit import SampleAudit


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)


def test_without_a_proxy_the_peer_address_is_the_client(settings):
    settings.GONGHUI_CLIENT_IP_HEADER = ""
    assert client_ip(request(HTTP_X_REAL_IP="203.0.113.9")) == "10.0.0.1"  # a header nobody vouches for
    assert client_ip(None) is None


def test_behind_a_proxy_the_configured_header_names_the_client(settings):
    settings.GONGHUI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request(HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"
    settings.GONGHUI_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request(HTTP_X_FORWARDED_FOR=" 198.51.100.7 , 10.0.0.1")) == "198.51.100.7"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="2001:DB8::1")) == "2001:db8::1"


def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings):
    settings.GONGHUI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request()) == "10.0.0.1"
    assert client_ip(request(HTTP_X_REAL_IP="unknown")) == "10.0.0.1"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="", HTTP_X_REAL_IP="")) is None


@pytest.mark.django_db
def test_the_audit_record_keeps_the_client_address(settings):
    settings.GONGHUI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    event = audit_record(
        actor=SYSTEM, action=SampleAudit.EVENT, request=request(HTTP_X_REAL_IP="203.0.113.9")
    )
    event.refresh_from_db()
    assert event.ip == "203.0.113.9"
