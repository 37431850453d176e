"""The full register (unmasked ID numbers and mobiles) leaves only through a POST of the reason form: a link, an
image or a prefetch that GETs the address gets the form, never the file."""

import io

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import PASSWORD

from .factories import enrol

pytestmark = pytest.mark.django_db

FULL = "/members/export.xlsx?full=1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows_of(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_a_get_of_the_full_export_shows_the_form_and_exports_nothing(world, login):
    m = enrol(world.base_donghu, "蒋青", mobile="13844445555")
    c = login("chaoyang")
    for query in ("", "&reason=上报市总工会"):  # a reason in the address does not count either
        page = c.get(FULL + query)
        text = page.content.decode()
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
        assert 'method="post"' in text and "csrfmiddlewaretoken" in text and "导出完整名册的事由" in text
        assert "13844445555" not in text and m.person.reveal_document() not in text
    assert not AuditEvent.objects.filter(action="member.export_full").exists()


def test_a_post_without_a_reason_is_refused_in_chinese(world, login):
    enrol(world.base_donghu, "韩梅", mobile="13855556666")
    r = login("chaoyang").post(FULL, {"reason": "   "})
    assert r["Content-Type"].startswith("text/html")
    assert "请填写导出完整名册的事由" in r.content.decode()
    assert not AuditEvent.objects.filter(action="member.export_full").exists()


def test_a_post_with_a_reason_exports_in_full_and_is_audited(world, login):
    m = enrol(world.base_donghu, "朱丽", mobile="13866667777")
    r = login("chaoyang").post(FULL, {"reason": "核对困难职工帮扶名单"})
    assert r["Content-Type"] == XLSX and "%E5%AE%8C%E6%95%B4" in r["Content-Disposition"]  # 完整
    rows = rows_of(r.content)
    row = next(row for row in rows[2:] if row[1] == "朱丽")
    assert row[rows[1].index("手机号码")] == "13866667777"
    assert row[rows[1].index("证件号码")] == m.person.reveal_document()
    event = AuditEvent.objects.get(action="member.export_full")
    assert event.reason == "核对困难职工帮扶名单" and event.actor_username == "chaoyang"


def test_the_full_export_form_needs_its_csrf_token(world):
    """A page on another site cannot post the form for a signed-in 管理员: without the token it is refused."""
    c = Client(enforce_csrf_checks=True)
    assert c.login(username="chaoyang", password=PASSWORD)
    refused = c.post(FULL, {"reason": "第三方页面代为提交"})
    assert refused.status_code == 403
    assert not AuditEvent.objects.filter(action="member.export_full").exists()
    form = c.get(FULL).content.decode()
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    done = c.post(FULL, {"reason": "上报市总工会年度统计", "csrfmiddlewaretoken": token})
    assert done["Content-Type"] == XLSX


def test_the_masked_export_stays_a_get_and_refuses_other_methods(world, login):
    enrol(world.base_donghu, "秦岭")
    c = login("donghu")
    assert c.get("/members/export.xlsx")["Content-Type"] == XLSX
    assert c.post("/members/export.xlsx").status_code == 405


def test_the_list_links_to_the_form_not_to_a_file(world, login):
    page = login("chaoyang").get("/members/").content.decode()
    link = page.split("导出完整名册")[0].rsplit('href="', 1)[1].split('"')[0]
    form = login("chaoyang").get(link.replace("&amp;", "&"))
    assert form["Content-Type"].startswith("text/html") and 'method="post"' in form.content.decode()
