"""Issue 14, hardening (medium): what a federation, its workers and an attacker would notice.

Exports write typed values as text, never formulas; production refuses the demo SMS sender and keys derived from
the published secret; behind a proxy HTTPS is recognised only when configured; oversized uploads are refused
before they are read; photos lose their EXIF (GPS) on the way in.
"""

import io
import json
import os
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from python_calamine import CalamineWorkbook

from gonghui.activities.tests.factories import activity
from gonghui.core import personal
from gonghui.core.errors import DomainError
from gonghui.core.limits_middleware import RequestSizeLimitMiddleware
from gonghui.core.sms_gateway import HttpGatewaySender
from gonghui.core.testing import images
from gonghui.core.uploads import photo_store
from gonghui.imports.models import RosterImport
from gonghui.imports.tests.rosters import xlsx
from gonghui.members.tests.factories import enrol, resident_id

TYPED = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"]
EMBEDDED_SECRET = "gonghui-insecure-embedded-key-change-me-in-production-0123456789"


# ---- 1. typed values never become formulas ------------------------------------------------------------------


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def cells(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def assert_typed_values_are_text(content: bytes) -> list[list]:
    rows = cells(content)
    found = {v for row in rows for v in row if isinstance(v, str)}
    assert set(TYPED) <= found, "each typed value is in the file exactly as typed"
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml, "no cell of the sheet is a formula"
    return rows


@pytest.mark.django_db
def test_the_member_register_writes_typed_values_as_text(world, login):
    for i, value in enumerate(TYPED):
        enrol(world.base_donghu, f"公式{i}", residence=value)
    r = login("donghu").get("/members/export.xlsx")
    rows = assert_typed_values_are_text(r.content)
    header = rows[1]
    by_name = {row[header.index("姓名")]: row for row in rows[2:]}
    assert [by_name[f"公式{i}"][header.index("户籍/居住地")] for i in range(4)] == TYPED
    assert sorted(row[0] for row in rows[2:]) == [1, 2, 3, 4]  # 序号 is still a number, not text
    assert all(isinstance(row[0], int | float) for row in rows[2:])


@pytest.mark.django_db
def test_the_activity_list_writes_typed_values_as_text(world, login):
    activity(
        world.donghu,
        title=TYPED[0],
        place_text=TYPED[1],
        target_groups=[TYPED[2]],
        outcomes=[TYPED[3]],
        capacity=30,
    )
    r = login("donghu").get(reverse("activities:export"))
    rows = assert_typed_values_are_text(r.content)
    header = rows[1]
    row = rows[2]
    assert row[header.index("活动名称")] == TYPED[0] and row[header.index("地点")] == TYPED[1]
    assert row[0] == 1 and isinstance(row[0], int | float)  # 序号: numbers written as numbers stay numbers


# ---- 2. production refuses the demo SMS sender and keys from the published secret ------------------------------


class Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append(
            {"body": json.loads(body), "auth": self.headers.get("Authorization"), "path": self.path}
        )
        self.send_response(Gateway.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received, Gateway.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms/send"
    server.shutdown()
    server.server_close()


def test_the_gateway_sender_posts_json_with_its_bearer_token(gateway):
    with override_settings(GONGHUI_SMS_GATEWAY_URL=gateway, GONGHUI_SMS_GATEWAY_TOKEN="t0ken"):
        HttpGatewaySender().send("13800001111", "验证码 123456，5分钟内有效")
    assert Gateway.received == [
        {
            "body": {"mobile": "13800001111", "text": "验证码 123456，5分钟内有效"},
            "auth": "Bearer t0ken",
            "path": "/sms/send",
        }
    ]


def test_a_refusing_or_absent_gateway_is_a_chinese_error(gateway):
    Gateway.status = 500
    with (
        override_settings(GONGHUI_SMS_GATEWAY_URL=gateway, GONGHUI_SMS_GATEWAY_TOKEN="t0ken"),
        pytest.raises(DomainError) as refused,
    ):
        HttpGatewaySender().send("13800001111", "验证码 123456")
    assert refused.value.code == "sms_failed" and "短信发送失败" in refused.value.message
    assert "500" in refused.value.message
    with (
        override_settings(GONGHUI_SMS_GATEWAY_URL="http://127.0.0.1:9/", GONGHUI_SMS_GATEWAY_TIMEOUT=2),
        pytest.raises(DomainError) as absent,
    ):
        HttpGatewaySender().send("13800001111", "验证码 123456")
    assert "无法连接" in absent.value.message
    with override_settings(GONGHUI_SMS_GATEWAY_URL=""), pytest.raises(ImproperlyConfigured):
        HttpGatewaySender()


def deploy_errors() -> set[str]:
    return {m.id for m in checks.run_checks(include_deployment_checks=True) if m.is_serious()}


@pytest.mark.django_db
def test_the_deploy_check_refuses_the_demo_sender():
    with override_settings(GONGHUI_SMS_SENDER="gonghui.outreach.sms.DemoSender"):
        assert "gonghui.E002" in deploy_errors()
    gateway = "gonghui.core.sms_gateway.HttpGatewaySender"
    with override_settings(GONGHUI_SMS_SENDER=gateway, GONGHUI_SMS_GATEWAY_URL=""):
        assert "gonghui.E003" in deploy_errors()
    with override_settings(
        GONGHUI_SMS_SENDER=gateway, GONGHUI_SMS_GATEWAY_URL="https://sms.example.org/send"
    ):
        assert not {"gonghui.E002", "gonghui.E003"} & deploy_errors()


def production(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` (or `gonghui …` when code starts with "gonghui ") under the production settings, as .ci/run does."""
    key = "k1:" + personal.generate_key()
    # the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would make the deploy check report async.E001
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGHUI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    base |= dict(
        DJANGO_SETTINGS_MODULE="gonghui.settings.production",
        GONGHUI_SECRET_KEY="production-test-secret-" + "x" * 40,
        GONGHUI_ALLOWED_HOSTS="gonghui.example.org",
        GONGHUI_DATA_KEYS=key,
        GONGHUI_LOOKUP_KEY=personal.generate_key(),
        GONGHUI_AUDIT_KEYS="a1:" + personal.generate_key(),
        GONGHUI_SMS_SENDER="gonghui.core.sms_gateway.HttpGatewaySender",
        GONGHUI_SMS_GATEWAY_URL="https://sms.example.org/send",
        GONGHUI_SMS_GATEWAY_TOKEN="t0ken",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/gonghui_unused",
    )
    base |= env
    args = code.split()[1:] if code.startswith("gonghui ") else ["shell", "-c", code]
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "gonghui", *args],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_gonghui_check_deploy_fails_with_the_demo_sender_in_production():
    demo = production("gonghui check --deploy", GONGHUI_SMS_SENDER="gonghui.outreach.sms.DemoSender")
    assert demo.returncode != 0 and "gonghui.E002" in demo.stderr, demo.stderr
    real = production("gonghui check --deploy")
    assert "gonghui.E002" not in real.stderr and "gonghui.E003" not in real.stderr
    assert real.returncode == 0, real.stderr


@pytest.fixture
def fresh_keys():
    personal.forget_keys()
    yield
    personal.forget_keys()


@pytest.mark.django_db
def test_the_published_secret_never_makes_the_personal_data_keys(world, fresh_keys):
    published = override_settings(
        SECRET_KEY=EMBEDDED_SECRET, GONGHUI_DATA_KEYS="", GONGHUI_LOOKUP_KEY="", GONGHUI_DEMO=False
    )
    with published:
        with pytest.raises(ImproperlyConfigured, match="GONGHUI_DATA_KEYS"):
            enrol(world.base_donghu, "无钥", id_number=resident_id())
        assert "gonghui.W001" in {m.id for m in checks.run_checks()}
    personal.forget_keys()
    with published, override_settings(GONGHUI_DEMO=True):  # `gonghui demo`: the demo's keys
        assert personal.decrypt(personal.encrypt("13800001111", purpose="t"), purpose="t") == "13800001111"
        assert "gonghui.W001" not in {m.id for m in checks.run_checks()}


def test_only_the_demo_command_runs_in_demo_mode():
    """`gonghui demo` marks itself before the settings load (its task worker inherits the mark); nothing else does."""
    script = (
        "import sys; from gonghui.__main__ import main; sys.argv = sys.argv[1:]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from django.conf import settings; print('DEMO', settings.GONGHUI_DEMO)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("GONGHUI_DEMO", "DJANGO_SETTINGS_MODULE")}

    def mode(*args: str) -> str:
        run = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", script, "gonghui", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return run.stdout.strip().splitlines()[-1]

    assert mode("demo", "--help") == "DEMO True"
    assert mode("check", "--help") == "DEMO False"


# ---- 3. behind a proxy -----------------------------------------------------------------------------------------

SHOW = (
    "from django.conf import settings as s; print(repr((s.SECURE_PROXY_SSL_HEADER, s.USE_X_FORWARDED_HOST)))"
)


def test_production_believes_x_forwarded_proto_only_behind_a_proxy(client):
    alone = production(SHOW)
    behind = production(SHOW, GONGHUI_BEHIND_PROXY="1", GONGHUI_USE_X_FORWARDED_HOST="1")
    assert alone.stdout.strip().splitlines()[-1] == "(None, False)", alone.stderr
    header = ("HTTP_X_FORWARDED_PROTO", "https")
    assert behind.stdout.strip().splitlines()[-1] == repr((header, True)), behind.stderr
    from django.test import RequestFactory

    forwarded = RequestFactory().get("/healthz", headers={"x-forwarded-proto": "https"})
    with override_settings(SECURE_PROXY_SSL_HEADER=header):
        assert forwarded.is_secure()
    with override_settings(SECURE_PROXY_SSL_HEADER=None):
        assert not forwarded.is_secure()  # a client's own header means nothing without the proxy setting
    # what a browser notices: behind the proxy, HTTPS requests are served, not redirected to HTTPS for ever
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=header):
        assert client.get("/healthz", headers={"x-forwarded-proto": "https"}).status_code == 200
        assert client.get("/healthz").status_code == 301


# ---- 4. uploads ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_it_is_read(world, login, settings):
    settings.GONGHUI_UPLOAD_MAX_BYTES = 2000
    c = login("chaoyang")
    page = c.post("/members/", {"q": "x" * 5000})
    assert page.status_code == 413 and "超过" in page.content.decode() and "上限" in page.content.decode()
    api = c.post("/api/members/", data="{" + " " * 5000 + "}", content_type="application/json")
    assert api.status_code == 413 and api.json()["code"] == "too_large" and "超过" in api.json()["message"]
    assert c.post("/members/", {"q": "x"}).status_code == 302  # a small one passes

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    from django.test import RequestFactory

    request = RequestFactory().post("/members/", data=b"", content_type="application/octet-stream")
    request.META.update({"CONTENT_LENGTH": "999999", "wsgi.input": Unreadable()})
    request._stream = Unreadable()
    reached = []
    response = RequestSizeLimitMiddleware(lambda r: reached.append(r) or HttpResponse())(request)
    assert response.status_code == 413 and not reached


@pytest.mark.django_db
def test_a_roster_over_the_limit_is_refused_naming_the_file(world, login, settings):
    settings.GONGHUI_ROSTER_MAX_BYTES = 4096
    roster = xlsx([[f"名册{i}", resident_id()] for i in range(300)], headings=["姓名", "身份证号码"])
    assert len(roster) > 4096
    page = login("chaoyang").post(
        "/imports/",
        {"union": world.base_donghu.pk, "file": SimpleUploadedFile("朝阳全区名册.xlsx", roster)},
    )
    text = page.content.decode()
    assert page.status_code == 200 and "朝阳全区名册.xlsx" in text and "超过 4 KB 的上限" in text
    assert not RosterImport.objects.exists()


def tiny_png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.django_db
def test_an_uploaded_photo_loses_its_gps_and_keeps_its_orientation(world, login):
    original = images.jpeg_with_gps((40, 20), orientation=6)  # taken with the phone turned: shown 20 × 40
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(images.GPS_IFD)
    a = activity(world.donghu, title="职工健步走")
    c = login("donghu")
    c.post(
        reverse("activities:photo_add", args=[a.pk]),
        {"photo": SimpleUploadedFile("健步走.jpg", original, content_type="image/jpeg"), "caption": "出发"},
    )
    photo = a.photos.get()
    served = b"".join(c.get(reverse("activities:photo", args=[a.pk, photo.pk])).streaming_content)
    stored = Image.open(io.BytesIO(served))
    assert stored.format == "JPEG" and stored.size == (20, 40)
    assert not stored.getexif() and "exif" not in stored.info and "comment" not in stored.info
    assert b"Exif" not in served and b"PhoneMaker" not in served and b"taken at home" not in served


def test_what_pillow_cannot_open_or_would_blow_up_is_refused_in_chinese():
    with pytest.raises(DomainError) as bad:
        photo_store(SimpleUploadedFile("伪装.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), folder="t")
    assert "“伪装.png”不是 JPG、PNG 或 WebP 格式的照片" in bad.value.message
    with pytest.raises(DomainError) as bomb:
        photo_store(SimpleUploadedFile("巨图.png", tiny_png_claiming(30000, 30000)), folder="t")
    assert bomb.value.code == "photo_too_big" and "像素过多" in bomb.value.message
    name = photo_store(SimpleUploadedFile("小图.png", images.png()), folder="t")
    assert Image.open(default_storage.open(name)).size == (8, 8)
