"""Member pages: what a cadre sees and does, masked by default."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, MembershipStatus, Transfer, TransferStatus

from .factories import enrol, resident_id

pytestmark = pytest.mark.django_db


def sheet_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_list_shows_masked_identity(world, login):
    m = enrol(world.base_donghu, "吴敏", mobile="13912340000")
    page = login("donghu").get("/members/").content.decode()
    assert "吴敏" in page and m.person.id_masked in page and "139****0000" in page


def test_searching_a_mobile_keeps_it_out_of_the_url(world, login):
    m = enrol(world.base_donghu, "郑爽", mobile="13566667777")
    enrol(world.base_donghu, "别人")
    c = login("donghu")
    r = c.post("/members/", {"q": "13566667777"})
    assert r.status_code == 302 and "13566667777" not in r["Location"] and "qt=" in r["Location"]
    page = c.get(r["Location"]).content.decode()
    assert "郑爽" in page and "别人" not in page
    assert 'value="135****7777"' in page  # the box shows the term masked
    assert m.person.mobile_masked in page


def test_list_query_count_does_not_grow_with_rows(world, login):
    c = login("chaoyang")
    enrolled = [enrol(world.base_donghu, "一")]

    def shows_everyone(response) -> None:
        """The list answered with every member on it, each by name and masked ID number (not an error page)."""
        assert response.status_code == 200
        assert len(response.context["listing"].rows) == len(enrolled)
        page = response.content.decode()
        for m in enrolled:
            assert f">{m.person.full_name}</a>" in page and m.person.id_masked in page

    with CaptureQueriesContext(connection) as few:
        response = c.get("/members/")
    shows_everyone(response)
    enrolled += [enrol(world.base_donghu, f"多{i}") for i in range(12)]
    with CaptureQueriesContext(connection) as many:
        response = c.get("/members/")
    shows_everyone(response)
    assert len(many) == len(few)


def test_default_export_is_masked_and_audited(world, login):
    m = enrol(world.base_donghu, "钱进", mobile="13822223333")
    r = login("donghu").get("/members/export.xlsx")
    rows = sheet_rows(b"".join(r.streaming_content) if r.streaming else r.content)
    header = rows[1]
    row = rows[2]
    assert row[header.index("姓名")] == "钱进"
    assert row[header.index("证件号码")] == m.person.id_masked
    assert row[header.index("手机号码")] == "138****3333"
    assert row[header.index("会员证号")] == m.number
    assert AuditEvent.objects.filter(action="member.export").count() == 1


def test_full_export_needs_the_permission_and_a_reason(world, login):
    m = enrol(world.base_donghu, "冯雪", mobile="13833334444")
    assert login("donghu").get("/members/export.xlsx?full=1").status_code == 404  # 经办人 lacks member.reveal
    c = login("chaoyang")
    ask = c.get("/members/export.xlsx?full=1")
    assert "事由" in ask.content.decode() and ask["Content-Type"].startswith("text/html")
    r = c.post("/members/export.xlsx?full=1", {"reason": "上报市总工会年度统计"})
    rows = sheet_rows(r.content)
    assert rows[2][rows[1].index("手机号码")] == "13833334444"
    assert rows[2][rows[1].index("证件号码")] == m.person.reveal_document()
    event = AuditEvent.objects.get(action="member.export_full")
    assert event.reason == "上报市总工会年度统计" and event.actor_username == "chaoyang"


def test_enrolment_in_two_steps(world, login):
    c = login("donghu")
    number = resident_id(female=True)
    step = {"union": world.base_donghu.pk, "doc_type": "ric", "id_number": number}
    r = c.post("/members/new/", step)
    page = r.content.decode()
    assert "入会工会" in page and number not in page and 'name="id_token"' in page
    token = page.split('name="id_token" value="')[1].split('"')[0]
    r = c.post(
        "/members/new/",
        {
            "union": world.base_donghu.pk,
            "doc_type": "ric",
            "id_token": token,
            "full_name": "褚红",
            "mobile": "13600000001",
            "ethnicity": "汉族",
            "employment_status": "employed",
            "channel": "staff",
            "approve": "on",
        },
    )
    m = Membership.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/members/{m.pk}/"
    assert m.person.gender == "f" and m.status == MembershipStatus.ACTIVE


def test_a_person_active_elsewhere_is_offered_only_a_transfer_request(world, login):
    number = resident_id()
    held = enrol(world.base_xicheng, "卫东", id_number=number)
    c = login("donghu")
    page = c.post("/members/new/", {"union": world.base_donghu.pk, "doc_type": "ric", "id_number": number})
    text = page.content.decode()
    assert "大栅栏商贸有限公司工会" in text and "申请转入本会" in text and 'name="full_name"' not in text
    token = text.split('name="id_token" value="')[1].split('"')[0]
    r = c.post(
        "/members/new/",
        {
            "union": world.base_donghu.pk,
            "doc_type": "ric",
            "id_token": token,
            "request_transfer": "1",
            "reason": "已到望京科技工作",
        },
    )
    assert r.status_code == 302
    t = Transfer.objects.get()
    assert (t.membership_id, t.to_org_id, t.status) == (
        held.pk,
        world.base_donghu.pk,
        TransferStatus.REQUESTED,
    )
    assert Membership.objects.count() == 1


def test_bulk_approval_from_the_queue(world, login):
    a = enrol(world.base_donghu, "申请甲", approve=False)
    b = enrol(world.base_donghu, "申请乙", approve=False)
    c = login("donghu")
    assert "申请甲" in c.get("/members/applications/").content.decode()
    c.post("/members/applications/", {"ids": [a.pk, b.pk], "decision": "approve"})
    assert set(Membership.objects.values_list("status", flat=True)) == {MembershipStatus.ACTIVE}


def test_reveal_page_shows_full_values_only_after_a_reason(world, login):
    m = enrol(world.base_donghu, mobile="13544445555")
    c = login("chaoyang")
    detail = c.get(f"/members/{m.pk}/").content.decode()
    assert "135****5555" in detail and "reveal-form" in detail
    refused = c.post(f"/members/{m.pk}/reveal/", {"reason": ""}, headers={"HX-Request": "true"})
    assert "13544445555" not in refused.content.decode()
    shown = c.post(f"/members/{m.pk}/reveal/", {"reason": "核对慰问名单"}, headers={"HX-Request": "true"})
    assert "13544445555" in shown.content.decode()
    assert AuditEvent.objects.filter(action="member.reveal", actor_username="chaoyang").count() == 1


def test_operators_see_no_reveal_form(world, login):
    m = enrol(world.base_donghu)
    assert "reveal-form" not in login("donghu").get(f"/members/{m.pk}/").content.decode()


def test_action_forms_show_refusals_on_the_form(world, login):
    m = enrol(world.base_donghu)
    c = login("donghu")
    r = c.post(f"/members/{m.pk}/reinstate/", {"reason": "误操作"})
    assert r.status_code == 200 and "不能办理" in r.content.decode()
    r = c.post(f"/members/{m.pk}/leave/", {"leave_reason": "voluntary", "reason": "本人申请"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == MembershipStatus.LEFT


def test_a_large_export_runs_as_a_job_with_a_masked_download(world, login, settings):
    settings.GONGHUI_SYNC_EXPORT_MAX_ROWS = 1
    enrol(world.base_donghu, "大一", mobile="13800000011")
    enrol(world.base_donghu, "大二", mobile="13800000022")
    c = login("donghu")
    r = c.get("/members/export.xlsx")
    assert r.status_code == 302 and "/jobs/" in r["Location"]
    job_page = c.get(r["Location"]).content.decode()
    assert "会员名册" in job_page
    download = c.get(r["Location"] + "download/")
    rows = sheet_rows(b"".join(download.streaming_content))
    assert {row[1] for row in rows[2:]} == {"大一", "大二"}
    assert {row[8] for row in rows[2:]} == {"138****0011", "138****0022"}


def test_members_are_found_by_their_employer_in_the_filter_and_in_the_search(world, login):
    from gonghui.core.scope import SYSTEM
    from gonghui.members import services
    from gonghui.orgs.services import employer_create

    from .factories import person_data

    registered = employer_create(
        actor=SYSTEM, org=world.donghu, name="望京美团配送站", union=world.base_donghu
    )
    services.membership_enrol(
        actor=SYSTEM, union=world.base_donghu, person_data=person_data("骑手甲"), employer=registered
    )
    services.membership_enrol(
        actor=SYSTEM, union=world.base_donghu, person_data=person_data("店员乙"), employer_name="望京华联超市"
    )
    enrol(world.base_donghu, "别人")
    c = login("donghu")

    def names(**params) -> set[str]:
        response = c.get("/members/", params)
        assert response.status_code == 200
        return {m.person.full_name for m in response.context["listing"].rows}

    assert names(employer="美团") == {"骑手甲"}  # the registered employer's name, any part of it
    assert names(employer="华联") == {"店员乙"}  # the name typed at joining
    assert names(q="望京") == {"骑手甲", "店员乙"}  # the search box finds both by the start of the name
    assert names(q="骑手") == {"骑手甲"}
    api = c.get("/api/members/", {"employer": "华联"}).json()
    assert [m["person"]["full_name"] for m in api["items"]] == ["店员乙"]


def test_applications_filter_by_union_channel_and_day_and_mark_the_overdue(world, login, settings):
    import datetime as dt

    import time_machine

    from gonghui.core.scope import SYSTEM
    from gonghui.members import services
    from gonghui.members.models import Channel

    from .factories import person_data

    settings.GONGHUI_APPLICATION_OVERDUE_DAYS = 30
    with time_machine.travel(dt.datetime(2026, 5, 1, 12), tick=False):
        old = enrol(world.base_donghu, "早申请", approve=False)
    with time_machine.travel(dt.datetime(2026, 6, 10, 12), tick=False):
        services.membership_enrol(
            actor=SYSTEM,
            union=world.base_donghu,
            person_data=person_data("扫码新"),
            channel=Channel.SCAN,
            approve=False,
        )
        enrol(world.changying, "常营新", approve=False)
    with time_machine.travel(dt.datetime(2026, 6, 12, 12), tick=False):
        c = login("chaoyang")

        def shown(**params) -> list[str]:
            response = c.get("/members/applications/", params)
            assert response.status_code == 200
            return [m.person.full_name for m in response.context["listing"].rows]

        assert shown() == ["早申请", "扫码新", "常营新"]
        assert shown(union=world.base_donghu.pk) == ["早申请", "扫码新"]
        assert shown(channel=Channel.SCAN) == ["扫码新"]
        assert shown(applied_from="2026-06-01", applied_to="2026-06-30") == ["扫码新", "常营新"]
        assert shown(overdue="on") == ["早申请"]
        page = c.get("/members/applications/").content.decode()
        assert page.count('data-testid="overdue"') == 1 and "逾期 1" in page
        # counted on the dashboard as waiting work, with the way to the overdue list
        board = c.get(f"/stats/{world.chaoyang.pk}/").content.decode()
        assert "超过30天未审批的入会申请：1 份" in board and "overdue=on" in board
        # the approve page shows who applied, masked, and offers the refusal with its reason
        approve = c.get(f"/members/{old.pk}/approve/").content.decode()
        assert old.person.id_masked in approve and 'data-testid="applicant"' in approve
        assert f"/members/{old.pk}/reject/" in approve
