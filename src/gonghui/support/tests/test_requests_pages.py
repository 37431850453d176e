"""The requests' pages (rule V4): staff log a call, find it in the list and step it on; the member submits on the
phone, follows it and rates the answer; nothing tells a member whether another member has a request; photos only
to the member and to staff who may see the request; the sheet and the API keep the person and the text back."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.core.testing import images
from gonghui.members.sessions import MEMBER_SESSION_KEY
from gonghui.members.tests.factories import enrol
from gonghui.orgs.models import Employer
from gonghui.support.models.requests import ServiceRequest

from .requests_helpers import call

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
THU = NOW.date()


@pytest.fixture(autouse=True)
def _pinned():
    cache.clear()  # the rate counters
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def sign_in_member(client, membership):
    client.logout()
    session = client.session
    session[MEMBER_SESSION_KEY] = membership.person.pk
    session.save()


def photo(name="a.png"):
    return SimpleUploadedFile(name, images.png(), content_type="image/png")


def test_staff_log_a_members_call_and_a_non_members(world, login):
    client = login("chaoyang")
    member = enrol(world.base_donghu, "王芳")
    assert member.number
    form = {"org": world.chaoyang.pk, "channel": "hotline", "category": "wages", "description": "欠薪三个月"}
    response = client.post("/services/requests/new/", {**form, "number": member.number})
    r = ServiceRequest.objects.get()
    assert response.status_code == 302 and r.org == world.base_donghu and r.person == member.person
    page = client.get(response["Location"]).content.decode()
    assert "望京科技有限公司工会" in page and "欠薪三个月" in page and "王*" in page
    Employer.objects.create(org=world.changying, name="常营快递站")
    response = client.post(
        "/services/requests/new/",
        {**form, "caller_name": "赵敏", "caller_mobile": "13912345678", "employer": "常营快递站"},
    )
    assert response.status_code == 302
    r = ServiceRequest.objects.get(caller_masked="赵*")
    assert r.org == world.changying
    unknown = {**form, "caller_name": "钱多", "employer": "不存在的公司"}
    assert "未找到用人单位“不存在的公司”" in client.post("/services/requests/new/", unknown).content.decode()
    refused = client.post("/services/requests/new/", form).content.decode()
    assert "请填写会员证号，或非会员的来电人姓名" in refused
    stranger = enrol(world.base_xicheng, "外区会员")
    refused = client.post("/services/requests/new/", {**form, "number": stranger.number}).content.decode()
    assert f"未找到会员证号为 {stranger.number} 的会员" in refused


def test_staff_list_filters_and_exports_masked(world, login):
    call(world.base_donghu, THU, caller="赵敏", mobile="13912345678")
    late = call(world.donghu, dt.date(2026, 6, 1), category="injury")
    call(world.dashilan, THU, caller="西城来电")
    from gonghui.support.requests_services import requests_escalate_overdue

    requests_escalate_overdue(THU)
    client = login("chaoyang")
    page = client.get("/services/requests/").content.decode()
    assert "共 <strong>2</strong> 条记录" in page and "西城" not in page and "赵*" in page
    escalated = client.get("/services/requests/?escalated=on").content.decode()
    assert late.number in escalated and "共 <strong>1</strong> 条符合条件的记录" in escalated
    assert "已升级至朝阳区总工会" in escalated
    assert late.number in client.get("/services/requests/?overdue=on&category=injury").content.decode()
    found = client.get(f"/services/requests/?q={late.number}").content.decode()
    assert "共 <strong>1</strong> 条符合条件的记录" in found
    sheet = client.get("/services/requests/?export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    text = repr(rows)
    assert "赵*" in text and "赵敏" not in text and "欠薪" not in text and late.number in text
    assert AuditEvent.objects.filter(action="support.request.list.export").exists()


def test_staff_step_a_request_from_its_page(world, login):
    r = call(world.base_donghu, THU)
    other = call(world.dashilan, THU)
    client = login("donghu")
    url = f"/services/requests/{r.pk}/"
    assert "确认受理" in client.get(url).content.decode()
    assert client.post(url, {"state": "acknowledged"}).status_code == 302
    assert client.post(url, {"state": "in_hand", "text": "已联系企业"}).status_code == 302
    refused = client.post(url, {"state": "answered", "text": ""}).content.decode()
    assert "请填写答复内容" in refused
    assert client.post(url, {"state": "answered", "text": "企业承诺月底前补发"}).status_code == 302
    page = client.get(url).content.decode()
    assert "企业承诺月底前补发" in page and "已答复" in page and 'data-testid="step-form"' in page
    # each full view of the text is recorded (legal facts)
    assert AuditEvent.objects.filter(action="support.request.read", actor__username="donghu").count() >= 2
    r.refresh_from_db()
    assert r.state == "answered"
    assert client.get(f"/services/requests/{other.pk}/").status_code == 404
    assert client.post(f"/services/requests/{other.pk}/", {"state": "acknowledged"}).status_code == 404
    # a viewer sees it, without the forms
    viewer = login("viewer")
    page = viewer.get(url).content.decode()
    assert "企业承诺月底前补发" in page and 'data-testid="step-form"' not in page


def test_a_member_submits_follows_and_rates_on_the_phone(world, client):
    member = enrol(world.base_donghu, "王芳")
    sign_in_member(client, member)
    assert "我的诉求" in client.get("/me/").content.decode()
    response = client.post(
        "/me/requests/new/",
        {"category": "wages", "description": "三个月未发工资", "photo1": photo(), "photo2": photo("b.png")},
    )
    r = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/me/requests/{r.pk}/"
    assert (r.org, r.channel, len(r.photos)) == (world.base_donghu, "phone", 2)
    page = client.get(f"/me/requests/{r.pk}/").content.decode()
    assert "已受理" in page and "望京科技有限公司工会" in page and "三个月未发工资" in page
    assert 'data-testid="rate-form"' not in page
    assert client.get(f"/me/requests/{r.pk}/photo/1/").status_code == 200
    assert client.get(f"/me/requests/{r.pk}/photo/2/").status_code == 404
    assert r.number in client.get("/me/requests/").content.decode()
    # the union answers
    from gonghui.core.scope import SYSTEM
    from gonghui.support.requests_services import request_step

    for state, text in (("acknowledged", ""), ("in_hand", ""), ("answered", "已约谈企业，月底前补发")):
        r = request_step(actor=SYSTEM, request=r, state=state, text=text)
    page = client.get(f"/me/requests/{r.pk}/").content.decode()
    assert "已约谈企业，月底前补发" in page and 'data-testid="rate-form"' in page
    response = client.post(f"/me/requests/{r.pk}/", {"rating": "5", "comment": "很满意"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.state, r.rating, r.rating_comment) == ("closed", 5, "很满意")
    page = client.get(f"/me/requests/{r.pk}/").content.decode()
    assert "您的评价：5星，很满意" in page and 'data-testid="rate-form"' not in page


def test_another_members_request_is_exactly_as_missing_as_none(world, client, login):
    owner = enrol(world.base_donghu, "王芳")
    nosy = enrol(world.base_donghu, "李娜")
    sign_in_member(client, owner)
    client.post("/me/requests/new/", {"category": "wages", "description": "欠薪", "photo1": photo()})
    r = ServiceRequest.objects.get()
    sign_in_member(client, nosy)
    missing = r.pk + 1000
    for path in ("/me/requests/{}/", "/me/requests/{}/photo/0/"):
        theirs, nothing = client.get(path.format(r.pk)), client.get(path.format(missing))
        assert theirs.status_code == nothing.status_code == 404
        assert theirs.content == nothing.content
        theirs = client.post(path.format(r.pk), {"rating": "1"})
        nothing = client.post(path.format(missing), {"rating": "1"})
        assert theirs.status_code == nothing.status_code == 404
    assert r.number not in client.get("/me/requests/").content.decode()
    # staff in scope see the photo; staff of another district do not
    assert login("donghu").get(f"/services/requests/{r.pk}/photo/0/").status_code == 200
    assert login("xicheng").get(f"/services/requests/{r.pk}/photo/0/").status_code == 404


def test_a_member_cannot_flood_the_union(world, client):
    member = enrol(world.base_donghu, "王芳")
    sign_in_member(client, member)
    for n in range(5):
        assert (
            client.post("/me/requests/new/", {"category": "other", "description": f"第{n}件"}).status_code
            == 302
        )
    refused = client.post("/me/requests/new/", {"category": "other", "description": "第6件"})
    assert refused.status_code == 200 and "提交过于频繁，请稍后再试" in refused.content.decode()
    assert ServiceRequest.objects.count() == 5


def test_a_photo_that_is_not_a_photo_is_refused(world, client):
    member = enrol(world.base_donghu, "王芳")
    sign_in_member(client, member)
    fake = SimpleUploadedFile("a.png", b"<html>not a photo</html>", content_type="image/png")
    page = client.post("/me/requests/new/", {"category": "other", "description": "x", "photo1": fake})
    assert "不是 JPG、PNG 或 WebP 格式的照片" in page.content.decode()
    assert not ServiceRequest.objects.exists()


def test_the_api_gives_state_and_dates_but_not_the_text(world, login):
    r = call(world.base_donghu, THU)
    other = call(world.dashilan, THU)
    client = login("chaoyang")
    body = client.get(f"/api/services/requests/{r.pk}").json()
    assert body["state_label"] == "已受理" and body["org_name"] == "望京科技有限公司工会"
    assert body["answer_due"] == "2026-06-26" and body["category"] == "工资拖欠" and not body["overdue"]
    assert "欠薪" not in repr(body) and "来*" not in repr(body)
    assert client.get(f"/api/services/requests/{other.pk}").status_code == 404
    summary = client.get(f"/api/services/summary?org={world.chaoyang.pk}&year=2026").json()
    assert summary["figures"]["requests"] == 1 and summary["requests_by_state"] == [
        {"label": "已受理", "count": 1}
    ]
