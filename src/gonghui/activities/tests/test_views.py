"""The staff pages (list, filters, export, form, detail, check-in, attendance, photos) and the member's phone
pages, as their users see them."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from python_calamine import CalamineWorkbook

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration, RegistrationMode
from gonghui.activities.services import GroupData, SessionData
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images
from gonghui.members.cards import card_code
from gonghui.members.sessions import MEMBER_SESSION_KEY
from gonghui.members.tests.factories import enrol

from .conftest import at
from .factories import NAMESAKE, activity, namesakes

pytestmark = pytest.mark.django_db
PNG = images.png()


def rows_of(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_the_list_filters_by_kind_subtree_dates_and_words(login, world):
    activity(world.donghu, kind="condolence", title="骑手慰问", days=-3)
    activity(world.chaoyang, kind="training", title="干部培训班", days=-40)
    activity(world.dashilan, kind="outreach", title="西城摆摊")
    c = login("chaoyang")

    def titles(query=""):
        response = c.get(reverse("activities:index") + query)
        assert response.status_code == 200
        return [a.title for a, _ in response.context["rows"]]

    assert titles() == ["骑手慰问", "干部培训班"]  # 西城's activity is outside 朝阳
    assert titles("?kind=training") == ["干部培训班"]
    assert titles(f"?org={world.donghu.pk}") == ["骑手慰问"]
    since = timezone.localdate() - dt.timedelta(days=10)
    assert titles(f"?date_from={since:%Y-%m-%d}") == ["骑手慰问"]
    assert titles("?q=培训") == ["干部培训班"]
    page = c.get(reverse("activities:index")).content.decode()
    assert "0人次（签到）" in page and 'data-chart="kinds"' in page


def test_the_list_takes_the_same_queries_for_more_rows(login, world):
    c = login("chaoyang")
    activity(world.donghu, title="一")
    with CaptureQueriesContext(connection) as few:
        assert c.get(reverse("activities:index")).status_code == 200
    for i in range(8):
        a = activity(world.donghu, title=f"更多{i}", registration=RegistrationMode.OPEN)
        services.registration_add(actor=SYSTEM, activity=a, guest_name="来宾")
        services.reach_set(actor=SYSTEM, activity=a, count=i + 1, method="现场统计")
    with CaptureQueriesContext(connection) as more:
        response = c.get(reverse("activities:index"))
    assert len(response.context["rows"]) == 9
    assert len(more) == len(few)


def test_the_export_reads_back_with_the_reach_and_how_it_was_counted(login, world):
    a = activity(world.donghu, kind="condolence", title="美团骑手慰问", place_text="骑手服务中心")
    services.reach_set(actor=SYSTEM, activity=a, count=86, method="现场统计")
    activity(world.dashilan, title="西城活动")
    response = login("chaoyang").get(reverse("activities:export") + "?kind=condolence")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    rows = rows_of(response.content)
    assert rows[1][:5] == ["序号", "开始日期", "结束日期", "类型", "活动名称"]
    assert len(rows) == 3
    data = dict(zip(rows[1], rows[2], strict=True))
    assert (data["活动名称"], data["类型"], data["主办单位"], data["地点"]) == (
        "美团骑手慰问",
        "慰问",
        "东湖街道总工会",
        "骑手服务中心",
    )
    assert (data["人次"], data["人次统计方式"]) == (86, "现场统计")


def test_a_co_organiser_is_chosen_in_the_cadres_own_tree_and_only_its_staff_see_the_activity(login, world):
    ours, theirs = namesakes(world)
    c = login("chaoyang")
    form = c.get(reverse("activities:new")).content.decode()
    assert f"{NAMESAKE}（上级：东湖街道总工会）" in form  # named with its parent: namesakes told apart
    assert f"{NAMESAKE}（上级：大栅栏街道总工会）" not in form  # 西城's union is outside 朝阳's tree
    fields = {
        "org": world.chaoyang.pk,
        "kind": Activity._meta.get_field("kind").related_model.objects.get(code="condolence").pk,
        "title": "社区骑手慰问",
        "starts_on": "2026-06-12",
        "backdate_reason": "据纸质记录补录",
        "registration": "none",
        "max_party_size": 1,
    }
    response = c.post(reverse("activities:new"), {**fields, "co_organisers": [ours.pk]})
    a = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("activities:detail", args=[a.pk])
    assert list(a.co_organisers.all()) == [ours]
    assert f"协办单位</th><td>{NAMESAKE}</td>" in c.get(response["Location"]).content.decode()
    assert login("ours").get(reverse("activities:detail", args=[a.pk])).status_code == 200
    assert login("theirs").get(reverse("activities:detail", args=[a.pk])).status_code == 404

    # an id from outside the tree (typed into the request) is refused on the field, in Chinese
    response = login("chaoyang").post(
        reverse("activities:new"), {**fields, "title": "另一场", "co_organisers": [theirs.pk]}
    )
    assert response.status_code == 200 and Activity.objects.count() == 1
    assert response.context["form"].errors["co_organisers"] == [
        f"协办单位：未找到编号为 {theirs.pk} 的工会组织（只能选择您管辖范围内的工会组织）"
    ]


def test_staff_record_an_activity_through_the_form(login, world):
    c = login("chaoyang")
    assert c.get(reverse("activities:new")).status_code == 200
    response = c.post(
        reverse("activities:new"),
        {
            "org": world.chaoyang.pk,
            "kind": Activity._meta.get_field("kind").related_model.objects.get(code="training").pk,
            "title": "2024年基层工会干部培训班",
            "starts_on": "2024-06-12",
            "backdate_reason": "据纸质记录补录",
            "ends_on": "2024-06-13",
            "place_text": "区职工服务中心",
            "target_groups": "基层工会干部、国企工会干部",
            "participants": "望京科技有限公司工会 2\n外区国企工会",
            "sessions": "2024-06-12 基层工会组建\n会员数据平台使用",
            "registration": "none",
            "max_party_size": 1,
            "groups": "",
            "outcomes": "建立联络群",
        },
    )
    a = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("activities:detail", args=[a.pk])
    assert a.target_groups == ["基层工会干部", "国企工会干部"] and a.outcomes == ["建立联络群"]
    assert [(s.topic, s.on_date) for s in a.sessions.all()] == [
        ("基层工会组建", dt.date(2024, 6, 12)),
        ("会员数据平台使用", None),
    ]
    page = c.get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert '参加单位 <span data-testid="participant-count">2</span> 个' in page
    assert "望京科技有限公司工会 · 2人" in page


def test_the_form_shows_a_refusal_on_the_field(login, world):
    c = login("chaoyang")
    kind = Activity._meta.get_field("kind").related_model.objects.get(code="training")
    response = c.post(
        reverse("activities:new"),
        {
            "org": world.chaoyang.pk,
            "kind": kind.pk,
            "title": "培训",
            "starts_on": "2024-06-12",
            "registration": "none",
            "max_party_size": 1,
            "sessions": "一\n二",
            "completion_sessions": 3,
        },
    )
    assert response.status_code == 200
    assert "结业要求的出勤场次（3）超过了场次数（2）" in response.content.decode()
    assert not Activity.objects.exists()


def family_event(world):
    return activity(
        world.donghu,
        title="亲子非遗体验",
        registration=RegistrationMode.OPEN,
        family=True,
        max_party_size=4,
        groups=[GroupData("毛猴", 1), GroupData("盘扣", 5)],
    )


def test_the_detail_shows_groups_people_and_no_personal_numbers(login, world):
    a = family_event(world)
    maohou = a.groups.get(name="毛猴")
    for name in ("王小明", "李小红"):
        m = enrol(world.base_donghu, name)
        services.registration_self(person=m.person, activity=a, group=maohou, party_size=3)
    page = login("chaoyang").get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert "王小明" in page and "李小红" in page and "候补" in page
    assert 'value="1" max="1"' in page  # the fill bar of 毛猴
    assert "报名 1 户，3 人；候补 1" in page
    assert "gh-activity-charts" in page
    viewer_page = login("viewer").get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert "王小明" in viewer_page and "登记报名" not in viewer_page  # read-only: names, no writing


def test_names_need_member_view(client, world):
    from gonghui.core.testing.world import PASSWORD, make_user
    from gonghui.orgs.models import Role
    from gonghui.orgs.services import role_grant

    role = Role.objects.create(code="org_only", name="只看组织", permissions=["org.view"])
    role_grant(actor=SYSTEM, user=make_user("org_only", world.chaoyang), org=world.chaoyang, role=role)
    a = family_event(world)
    services.registration_self(
        person=enrol(world.base_donghu, "赵大海").person, activity=a, group=a.groups.first()
    )
    client.login(username="org_only", password=PASSWORD)
    page = client.get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert "赵大海" not in page and "需要“查看会员名册”权限" in page
    assert client.get(reverse("activities:attendance", args=[a.pk])).status_code == 404


def test_staff_register_by_member_number_and_tick_the_list(login, world):
    a = activity(world.donghu, title="宣讲", kind="lecture", registration=RegistrationMode.OPEN)
    m = enrol(world.base_donghu, "孙立")
    c = login("donghu")
    response = c.post(reverse("activities:register", args=[a.pk]), {"number": m.number}, follow=True)
    assert "孙立：已报名" in response.content.decode()
    r = Registration.objects.get()
    tick = reverse("activities:registration_action", args=[a.pk, r.pk, "checkin"])
    response = c.post(tick, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "撤销签到" in response.content.decode()
    r.refresh_from_db()
    assert r.checked_in_at is not None and r.checked_in_via == "list"
    response = c.post(reverse("activities:register", args=[a.pk]), {"number": "0000"}, follow=True)
    assert "未找到会员证号为 0000 的会员" in response.content.decode()


def test_a_refused_staff_registration_keeps_what_was_typed(login, world):  # issue 16 §3
    a = activity(world.donghu, title="宣讲", kind="lecture", registration=RegistrationMode.OPEN)
    c = login("donghu")
    response = c.post(
        reverse("activities:register", args=[a.pk]), {"number": "0000", "guest_unit": "望京科技有限公司"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "未找到会员证号为 0000 的会员" in page
    assert 'name="number" value="0000"' in page and 'value="望京科技有限公司"' in page
    assert not Registration.objects.exists()


def test_check_in_page_by_typed_code_with_htmx(login, world):
    a = activity(world.donghu, kind="condolence", title="慰问")
    m = enrol(world.donghu, "周骑手")
    c = login("donghu")
    assert c.get(reverse("activities:checkin", args=[a.pk])).status_code == 200
    url = reverse("activities:checkin", args=[a.pk])
    ok = c.post(url, {"code": card_code(m)}, headers={"HX-Request": "true"}).content.decode()
    assert "周**签到成功" in ok and "1人次（签到）" in ok and "<html" not in ok
    bad = c.post(url, {"code": "123-456"}, headers={"HX-Request": "true"}).content.decode()
    assert "无效的会员码" in bad


def test_attendance_grid_and_completion_export(login, world):
    a = activity(
        world.chaoyang,
        kind="training",
        title="干部培训班",
        sessions=[SessionData("基层工会组建"), SessionData("工会经费管理")],
    )
    regs = [
        services.registration_add(actor=SYSTEM, activity=a, guest_name=f"干部{i}", guest_unit="某国企工会")
        for i in range(3)
    ]
    s1, s2 = a.sessions.all()
    c = login("chaoyang")
    for s in (s1, s2):
        response = c.post(
            reverse("activities:attendance_mark", args=[a.pk, s.pk, regs[0].pk]),
            {"present": "1"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200 and "✓" in response.content.decode()
    # the answer to the last tick is the whole sheet: the trainee's total and completion changed with it
    sheet = response.content.decode()
    assert 'id="attendance-sheet"' in sheet[:200] and "<html" not in sheet
    assert 'data-testid="completed">1<' in sheet
    c.post(reverse("activities:attendance_mark", args=[a.pk, s1.pk, regs[1].pk]), {"present": "1"})
    page = c.get(reverse("activities:attendance", args=[a.pk])).content.decode()
    assert "结业要求：参加全部 2 场" in page and 'data-testid="completed">1<' in page
    rows = rows_of(c.get(reverse("activities:completion", args=[a.pk])).content)
    assert rows[0][0] == "干部培训班 结业名单（结业要求：参加全部 2 场）"
    assert rows[1] == [
        "序号",
        "姓名",
        "所在工会/单位",
        "基层工会组建",
        "工会经费管理",
        "出勤场次",
        "是否结业",
    ]
    assert rows[2][1:] == ["干部0", "某国企工会", "✓", "✓", 2.0, "结业"]
    assert rows[3][1:] == ["干部1", "某国企工会", "✓", "", 1.0, "未结业"]


def test_reach_form_and_photos(login, world, django_capture_on_commit_callbacks):
    a = activity(world.donghu, title="趣味运动会", kind="culture_sport")
    c = login("donghu")
    c.post(reverse("activities:reach", args=[a.pk]), {"reach_counted": "120", "reach_method": "现场统计"})
    page = c.get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert "120人次（现场统计）" in page and "签到记录：0人次（签到）" in page
    response = c.post(
        reverse("activities:photo_add", args=[a.pk]),
        {"photo": SimpleUploadedFile("合影.png", PNG), "caption": "颁奖"},
        follow=True,
    )
    assert "照片已上传" in response.content.decode()
    photo = a.photos.get()
    served = c.get(reverse("activities:photo", args=[a.pk, photo.pk]))
    assert served["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (8, 8)  # re-encoded, same photo
    refused = c.post(
        reverse("activities:photo_add", args=[a.pk]),
        {"photo": SimpleUploadedFile("x.png", b"<html>")},
        follow=True,
    )
    assert "不是 JPG、PNG 或 WebP 格式的照片" in refused.content.decode()
    assert login("xicheng").get(reverse("activities:photo", args=[a.pk, photo.pk])).status_code == 404
    remove = reverse("activities:photo_remove", args=[a.pk, photo.pk])
    assert login("xicheng").post(remove).status_code == 404
    c = login("donghu")
    with django_capture_on_commit_callbacks(execute=True):
        page = c.post(remove, follow=True).content.decode()
    assert "照片已删除" in page and "还没有照片" in page
    assert not default_storage.exists(photo.file)
    assert AuditEvent.objects.filter(action="activity.photo.remove").count() == 1


def sign_in_member(client, membership):
    session = client.session
    session[MEMBER_SESSION_KEY] = membership.person.pk
    session.save()


def test_a_member_registers_their_family_on_the_phone_and_sees_the_waiting_list(client, world):
    a = family_event(world)
    first, second = enrol(world.base_donghu, "先报"), enrol(world.base_donghu, "后报")
    services.registration_self(person=first.person, activity=a, group=a.groups.get(name="毛猴"))
    sign_in_member(client, second)
    listing = client.get(reverse("activities:me")).content.decode()
    assert "亲子非遗体验" in listing
    url = reverse("activities:me_detail", args=[a.pk])
    page = client.get(url).content.decode()
    assert "毛猴：已报 1 / 1（已满，可候补）" in page
    response = client.post(
        url,
        {
            "action": "register",
            "group": a.groups.get(name="毛猴").pk,
            "party_size": 3,
            "family_note": "孩子2名",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "您已进入候补名单" in page and "候补 · 毛猴" in page and "一行 3 人" in page
    assert "候补" in client.get(reverse("activities:me")).content.decode()
    response = client.post(
        url, {"action": "register", "group": a.groups.get(name="盘扣").pk, "party_size": 2}
    )
    assert "您已报名（候补）" in response.content.decode()  # one registration per person per activity


def test_a_member_cannot_open_an_activity_outside_their_unions(client, world):
    a = family_event(world)
    sign_in_member(client, enrol(world.base_xicheng, "西城人"))
    assert client.get(reverse("activities:me_detail", args=[a.pk])).status_code == 404
    assert "亲子非遗体验" not in client.get(reverse("activities:me")).content.decode()


def test_phone_pages_ask_a_member_to_sign_in(client, world):
    response = client.get(reverse("activities:me"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("me_login"))


def test_a_member_signing_in_from_the_activities_page_comes_back_to_it(client, world):
    from gonghui.members.services import membership_enrol
    from gonghui.members.tests.factories import person_data
    from gonghui.outreach.tests.helpers import verify_phone

    membership_enrol(
        actor=SYSTEM,
        union=world.base_donghu,
        person_data=person_data("回来人", mobile="13912340001"),
        approve=True,
    )
    asked = client.get(reverse("activities:me"))["Location"]
    verify_phone(client, asked, "13912340001")
    response = client.get(asked)
    assert response.status_code == 302 and response["Location"] == reverse("activities:me")
    assert "工会活动报名" in client.get(reverse("me_card")).content.decode()


# ---- issue 16 §4: when it happened, voiding, times, deadline, check-in window, counted organisations, kinds ----


def test_the_form_asks_for_a_reason_beside_the_date_for_an_activity_long_past(clock, login, world):
    c = login("chaoyang")
    form = c.get(reverse("activities:new")).content.decode()
    assert "补录原因" in form and "开始日期早于 30 天前的活动（事后补录）须填写" in form
    fields = {
        "org": world.chaoyang.pk,
        "kind": Activity._meta.get_field("kind").related_model.objects.get(code="visit").pk,
        "title": "四月走访",
        "starts_on": "2026-04-20",
        "starts_at_time": "09:30",
        "ends_at_time": "11:00",
        "registration": "none",
        "max_party_size": 1,
    }
    response = c.post(reverse("activities:new"), fields)
    assert response.status_code == 200 and not Activity.objects.exists()
    assert response.context["form"].errors["backdate_reason"] == [
        "开始日期早于30天前（2026-05-16），请填写补录原因"
    ]
    response = c.post(
        reverse("activities:new"), {**fields, "backdate_reason": "据纸质签到表补录"}, follow=True
    )
    page = response.content.decode()
    assert "2026年4月20日 09:30 至 11:00" in page and "录入时间" in page and "2026-06-15" in page
    assert AuditEvent.objects.get(action="activity.create").reason == "据纸质签到表补录"


def test_staff_void_an_activity_on_its_page_and_the_list_hides_it(clock, login, world):
    a = activity(world.donghu, kind="visit", title="重复录入的走访", days=-2)
    c = login("chaoyang")
    url = reverse("activities:detail", args=[a.pk])
    page = c.get(url).content.decode()
    assert 'id="void"' in page and "作废原因" in page and "扫码签到" in page
    assert 'id="void"' not in login("viewer").get(url).content.decode()  # only those who may change it

    c = login("chaoyang")  # one test client: signed in as the viewer just now
    refused = c.post(reverse("activities:void", args=[a.pk]), {"reason": ""})
    assert refused.status_code == 200 and refused.context["void_form"].errors["reason"] == [
        "这个字段是必填项。"
    ]
    page = c.post(reverse("activities:void", args=[a.pk]), {"reason": "与另一条重复"}, follow=True)
    page = page.content.decode()
    assert 'data-testid="voided-badge">已作废' in page and "作废原因：与另一条重复" in page
    assert 'id="void"' not in page and "扫码签到" not in page  # no more changes, registrations or check-ins

    listing = c.get(reverse("activities:index")).content.decode()
    assert "重复录入的走访" not in listing
    shown = c.get(reverse("activities:index"), {"voided": "all"}).content.decode()
    assert "重复录入的走访" in shown and 'data-testid="voided-badge">已作废' in shown
    assert c.post(reverse("activities:void", args=[a.pk]), {"reason": "再次"}).status_code == 200
    assert AuditEvent.objects.filter(action="activity.void").count() == 1
    assert login("xicheng").post(reverse("activities:void", args=[a.pk]), {"reason": "x"}).status_code == 404


def test_the_member_sees_the_deadline_and_is_refused_after_it(clock, client, world):
    deadline = at(dt.date(2026, 6, 20), 18)
    a = activity(world.donghu, title="亲子手工", registration=RegistrationMode.OPEN, signup_deadline=deadline)
    member = enrol(world.base_donghu, "迟报")
    sign_in_member(client, member)
    url = reverse("activities:me_detail", args=[a.pk])
    assert "报名截止 6月20日 18:00" in client.get(reverse("activities:me")).content.decode()
    page = client.get(url).content.decode()
    assert "2026年6月20日 18:00" in page and 'data-testid="register-form"' in page
    clock.move_to(deadline + dt.timedelta(minutes=1))
    client.cookies.clear()  # hours later the session has lapsed: signed in again
    sign_in_member(client, member)
    page = client.get(url).content.decode()
    assert "2026年6月20日 18:00（已截止）" in page and 'data-testid="register-form"' not in page
    response = client.post(url, {"action": "register"})
    assert "报名已于 2026-06-20 18:00 截止，不能再报名" in response.content.decode()
    assert not Registration.objects.filter(activity=a).exists()


def test_the_check_in_page_names_the_window_and_refuses_outside_it(clock, login, world):
    day = dt.date(2026, 6, 25)
    a = activity(
        world.donghu, kind="condolence", checkin_opens_at=at(day, 8, 30), checkin_closes_at=at(day, 10)
    )
    m = enrol(world.donghu, "周骑手")
    c = login("donghu")
    url = reverse("activities:checkin", args=[a.pk])
    assert "签到时间：2026-06-25 08:30 至 2026-06-25 10:00" in c.get(url).content.decode()
    refused = c.post(url, {"code": card_code(m)}, headers={"HX-Request": "true"}).content.decode()
    assert "签到尚未开始：签到时间为 2026-06-25 08:30 至 2026-06-25 10:00" in refused
    clock.move_to(at(day, 9))
    c = login("donghu")  # days later: signed in again
    assert (
        "周**签到成功" in c.post(url, {"code": card_code(m)}, headers={"HX-Request": "true"}).content.decode()
    )


def test_the_page_says_20_odd_organisations_and_links_the_named_ones(clock, login, world):
    a = activity(
        world.donghu,
        participants=[services.ParticipantData("望京科技有限公司工会", org=world.base_donghu)],
        participant_orgs_count=20,
        participant_orgs_approx="over",
    )
    c = login("chaoyang")
    page = c.get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert '<span data-testid="participant-orgs">20余家</span>' in page and "其中列出 1 家" in page
    assert f'href="{reverse("orgs:detail", args=[world.base_donghu.pk])}"' in page
    assert "20余家" in c.get(reverse("activities:index")).content.decode()
    form = c.get(reverse("activities:edit", args=[a.pk])).content.decode()
    assert 'name="participant_orgs_count" value="20"' in form


def test_only_the_citys_administrators_manage_kinds_on_their_page(login, world):
    assert login("chaoyang").get(reverse("activities:kinds")).status_code == 404  # a district's administrator
    assert (
        'data-testid="kinds-link"' not in login("chaoyang").get(reverse("activities:index")).content.decode()
    )
    c = login("city_admin")
    assert 'data-testid="kinds-link"' in c.get(reverse("activities:index")).content.decode()
    page = c.post(
        reverse("activities:kinds"), {"name": "劳模宣讲进企业", "sort": 3}, follow=True
    ).content.decode()
    assert "已新增活动类型“劳模宣讲进企业”" in page
    kind = Activity._meta.get_field("kind").related_model.objects.get(name="劳模宣讲进企业")
    activity(world.donghu, kind=kind.code)
    page = c.post(reverse("activities:kind_action", args=[kind.pk, "delete"]), follow=True).content.decode()
    assert "已有 1 项活动使用“劳模宣讲进企业”，不能删除；可改为停用" in page
    page = c.post(
        reverse("activities:kind_action", args=[kind.pk, "deactivate"]), follow=True
    ).content.decode()
    assert "已停用活动类型“劳模宣讲进企业”" in page and "已停用</span>" in page
    assert "劳模宣讲进企业" not in login("chaoyang").get(reverse("activities:new")).content.decode()
    c = login("city_admin")
    response = c.post(
        reverse("activities:kind_edit", args=[kind.pk]), {"name": "劳模宣讲", "sort": 1}, follow=True
    )
    assert "已保存活动类型“劳模宣讲”" in response.content.decode()
    assert (
        login("chaoyang").post(reverse("activities:kind_action", args=[kind.pk, "activate"])).status_code
        == 404
    )
