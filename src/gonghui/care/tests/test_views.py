"""The care pages as cadres use them: create, allocate, hand out, see progress, export the ledger."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.care import services
from gonghui.care.models import Campaign, CampaignKind, CampaignUnit, Distribution, RecipientKind
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images
from gonghui.core.testing.world import PASSWORD
from gonghui.members.cards import card_code
from gonghui.members.tests.factories import enrol
from gonghui.orgs.models import Place, PlaceKind

from .helpers import SIX, items, summer_campaign, to_team

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    """A client of its own per cadre: the district and the street look at the same campaign side by side."""
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


PNG = images.png()


def test_chaoyang_creates_a_campaign_from_the_form(world, login):
    c = login("chaoyang")
    today = timezone.localdate()
    response = c.post(
        reverse("care:new"),
        {
            "org": world.chaoyang.pk,
            "kind": CampaignKind.objects.get(name="夏送清凉").pk,
            "name": "2026年夏送清凉",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "budget": "300000",
            "target_employers": "100",
            "target_workers": "20000",
            "target_groups": ["环卫工人", "快递员、外卖配送员"],
            "other_groups": "医护人员，公安干警",
        },
    )
    campaign = Campaign.objects.get()
    root = campaign.units.get()
    assert response.status_code == 302 and response["Location"] == reverse("care:unit", args=[root.pk])
    assert campaign.target_groups == ["环卫工人", "快递员、外卖配送员", "医护人员", "公安干警"]
    page = c.get(response["Location"]).content.decode()
    assert '0<span class="fs-6 fw-normal text-secondary"> / 目标 20,000' in page
    assert "医护人员" in page


def test_a_campaign_outside_the_scope_cannot_be_created(world, login):
    c = login("donghu")
    today = timezone.localdate().isoformat()
    response = c.post(
        reverse("care:new"),
        {
            "org": world.chaoyang.pk,
            "kind": CampaignKind.objects.first().pk,
            "name": "越级",
            "starts_on": today,
            "ends_on": today,
            "budget": "0",
            "target_employers": "0",
            "target_workers": "0",
        },
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Campaign.objects.exists()


def test_package_allocation_and_hand_out_through_the_pages(world):
    campaign, root, _ = summer_campaign(world, stock=200)
    c = signed_in("chaoyang")
    six = items(*SIX)
    response = c.post(
        reverse("care:package_new", args=[root.pk]),
        {"name": "六件套", **{f"item_{i.pk}": 1 for i in six}},
    )
    assert response.status_code == 302
    package = campaign.packages.get(name="六件套")
    response = c.post(
        reverse("care:allocate", args=[root.pk]),
        {
            "org": world.donghu.pk,
            "target_employers": 5,
            "target_workers": 300,
            "budget": 0,
            "package": package.pk,
            "packages": 50,
        },
    )
    assert response.status_code == 302, response.content.decode()
    donghu = CampaignUnit.objects.get(org=world.donghu)
    centre = Place.objects.create(
        org=world.donghu, name="美团骑手党群服务中心", kind=PlaceKind.SERVICE_STATION, address="湖光中街6号"
    )
    d = signed_in("donghu")
    form = d.get(reverse("care:distribute", args=[donghu.pk])).content.decode()
    assert "美团骑手党群服务中心" in form and "六件套" in form
    response = d.post(
        reverse("care:distribute", args=[donghu.pk]),
        {
            "recipient_kind": RecipientKind.SITE,
            "place": centre.pk,
            "package": package.pk,
            "packages": 30,
            "people_covered": 30,
            "handed_out_by": "赵子鹏",
            "handed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "photo": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    street = d.get(reverse("care:unit", args=[donghu.pk])).content.decode()
    assert '30<span class="fs-6 fw-normal text-secondary"> / 目标 300' in street
    assert "美团骑手党群服务中心" in street
    district = c.get(reverse("care:unit", args=[root.pk])).content.decode()
    assert (
        "东湖街道总工会" in district
        and '30<span class="fs-6 fw-normal text-secondary"> / 目标 20,000' in district
    )
    # the photo is served to those who see the hand-out, and to nobody else
    photo = Distribution.objects.get()
    assert d.get(reverse("care:photo", args=[photo.pk]))["Content-Type"] == "image/png"
    assert signed_in("xicheng").get(reverse("care:photo", args=[photo.pk])).status_code == 404


def test_a_hand_out_beyond_the_stock_shows_the_shortfall_and_changes_nothing(world, login):
    _, root, package = summer_campaign(world, stock=5)
    c = login("chaoyang")
    response = c.post(
        reverse("care:distribute", args=[root.pk]),
        {
            "recipient_kind": RecipientKind.TEAM,
            "recipient_name": "朝阳环卫中心一队",
            "package": package.pk,
            "packages": 6,
            "people_covered": 6,
            "handed_out_by": "张克斌",
            "handed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "库存不足：朝阳区总工会的防晒脖套剩余 5 件，需要 6 件" in page
    assert not Distribution.objects.exists()


def test_a_worker_receives_by_scanning_the_e_card_once(world, login):
    _, root, package = summer_campaign(world)
    membership = enrol(world.base_donghu, "李小快")
    c = login("chaoyang")
    post = {
        "recipient_kind": RecipientKind.PERSON,
        "card": card_code(membership),
        "package": package.pk,
        "packages": 1,
        "handed_out_by": "张克斌",
        "handed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    assert c.post(reverse("care:distribute", args=[root.pk]), post).status_code == 302
    again = c.post(reverse("care:distribute", args=[root.pk]), post).content.decode()
    assert "该职工已领取过本次活动的防晒脖套" in again
    bad = c.post(reverse("care:distribute", args=[root.pk]), {**post, "card": "123-456"}).content.decode()
    assert "无效的会员码" in bad
    assert Distribution.objects.get().recipient_name == "李**"


def test_the_ledger_exports_and_reads_back(world, login):
    _, root, package = summer_campaign(world)
    to_team(root, package, 12)
    response = login("chaoyang").get(reverse("care:ledger", args=[root.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name("发放台账").to_python()
    )
    assert rows[1][:7] == ["发生时间", "登记时间", "组织", "类型", "物资", "单位", "数量"]
    purchases = [r for r in rows[2:] if r[3] == "采购入库"]
    handouts = [r for r in rows[2:] if r[3] == "发放"]
    assert len(purchases) == 6 and len(handouts) == 6
    assert {r[9] for r in handouts} == {"环卫一队"} and {r[6] for r in handouts} == {-12}
    assert AuditEvent.objects.filter(action="care.ledger.export").count() == 1


def test_a_long_ledger_runs_as_a_job_with_progress_and_a_download(world, login, settings):
    settings.GONGHUI_SYNC_EXPORT_MAX_ROWS = 3
    _, root, _ = summer_campaign(world)
    c = login("chaoyang")
    response = c.get(reverse("care:ledger", args=[root.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert "已完成" in c.get(response["Location"]).content.decode()
    download = c.get(response["Location"] + "download/")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(download.streaming_content)))
    assert len(rows.get_sheet_by_name("发放台账").to_python()) - 2 == 6
    assert login("xicheng").get(response["Location"]).status_code == 404


def test_the_progress_page_costs_the_same_queries_with_more_units_and_hand_outs(world, login):
    _, root, package = summer_campaign(world, stock=500)
    c = login("chaoyang")

    def hand_out(unit, n):
        for i in range(n):
            to_team(unit, package, 1, team=f"队{i}", people=3)

    donghu = services.unit_allocate(actor=SYSTEM, parent=root, org=world.donghu, package=package, packages=50)
    hand_out(donghu, 2)
    with CaptureQueriesContext(connection) as few:
        assert c.get(reverse("care:unit", args=[root.pk])).status_code == 200
    changying = services.unit_allocate(
        actor=SYSTEM, parent=root, org=world.changying, package=package, packages=50
    )
    hand_out(changying, 10)
    hand_out(donghu, 10)
    with CaptureQueriesContext(connection) as many:
        assert c.get(reverse("care:unit", args=[root.pk])).status_code == 200
    assert len(many) == len(few)


def test_the_list_costs_the_same_queries_with_more_campaigns(world, login):
    summer_campaign(world)
    c = login("chaoyang")
    with CaptureQueriesContext(connection) as one:
        assert c.get(reverse("care:index")).status_code == 200
    for _ in range(3):
        summer_campaign(world)
    with CaptureQueriesContext(connection) as four:
        page = c.get(reverse("care:index")).content.decode()
    assert page.count("年夏送清凉</a>") == 4
    assert len(four) == len(one)


def test_the_list_filters_by_search_year_and_kind(world, login):
    summer_campaign(world)
    winter = CampaignKind.objects.get(name="冬送温暖")
    c = login("chaoyang")
    year = timezone.localdate().year
    assert "夏送清凉" in c.get(reverse("care:index"), {"q": "夏送", "year": year}).content.decode()
    page = c.get(reverse("care:index"), {"kind": winter.pk}).content.decode()
    assert "没有符合条件的关爱活动" in page
    assert "没有符合条件的关爱活动" in login("xicheng").get(reverse("care:index")).content.decode()


def test_one_purchase_form_brings_several_items_and_a_new_one_into_stock(world, login):
    _, root, _ = summer_campaign(world, stock=0, budget=10_000)
    c = login("chaoyang")
    tea, gloves = items("防暑降温茶", "防滑手套")
    missing_price = c.post(
        reverse("care:receive", args=[root.pk]), {f"item_{tea.pk}": 100, f"item_{gloves.pk}": 50}
    ).content.decode()
    assert "请填写防暑降温茶的单价" in missing_price
    over = c.post(
        reverse("care:receive", args=[root.pk]), {f"item_{tea.pk}": 1000, f"price_{tea.pk}": "18"}
    ).content.decode()
    assert "超出朝阳区总工会的预算：预算 10,000.00 元" in over
    response = c.post(
        reverse("care:receive", args=[root.pk]),
        {
            "supplier": "北京朝阳劳保用品有限公司",
            f"item_{tea.pk}": 100,
            f"price_{tea.pk}": "18",
            f"item_{gloves.pk}": 50,
            f"price_{gloves.pk}": "6.5",
            "new_item": "清凉油",
            "new_unit": "盒",
            "new_quantity": 200,
            "new_price": "3",
        },
    )
    assert response.status_code == 302
    page = c.get(reverse("care:unit", args=[root.pk])).content.decode()
    assert "清凉油" in page and "200 盒" in page
    assert '2,725.00<span class="fs-6 fw-normal text-secondary"> / 预算 10,000.00' in page


def test_the_worker_sees_on_the_phone_what_was_handed_to_them(world, client):
    from gonghui.members.models import Membership
    from gonghui.members.tests.factories import resident_id
    from gonghui.outreach.services import code_create
    from gonghui.outreach.tests.helpers import join

    _, root, package = summer_campaign(world)
    code = code_create(actor=SYSTEM, union=world.base_donghu, label="骑手驿站", auto_approve=True)
    join(client, code, name="孙骑手", id_number=resident_id(), mobile="13912345688")
    assert "我领取的慰问物资" not in client.get(reverse("me_card")).content.decode()
    membership = Membership.objects.get(person__full_name="孙骑手")
    services.distribution_record(
        actor=SYSTEM,
        unit=root,
        recipient=services.Recipient.of(kind=RecipientKind.PERSON, card=card_code(membership)),
        people_covered=1,
        handed_out_by="赵子鹏",
        package=package,
        packages=1,
    )
    card = client.get(reverse("me_card")).content.decode()
    assert "我领取的慰问物资" in card and f"{timezone.localdate().year}年夏送清凉：冰袖 1副" in card


def test_a_scanned_e_card_leads_straight_to_the_hand_out_form(world, login):
    _, root, _ = summer_campaign(world)
    membership = enrol(world.base_donghu, "周外卖")
    code = card_code(membership)
    c = login("chaoyang")
    page = c.get(reverse("outreach:verify_scanned", args=[code])).content.decode()
    link = reverse("care:distribute", args=[root.pk]) + f"?card={code}"
    assert "为该职工发放关爱物资" in page and link in page
    form = c.get(link).content.decode()
    assert f'value="{code}"' in form and '<option value="person" selected>' in form
    # a card that is not valid offers nothing to hand out
    assert (
        "为该职工发放关爱物资" not in c.get(reverse("outreach:verify_scanned", args=["1-1"])).content.decode()
    )
    # nor does a campaign without stock left
    _, empty, _ = summer_campaign(world, stock=0)
    again = c.get(reverse("outreach:verify_scanned", args=[code])).content.decode()
    assert link in again and reverse("care:distribute", args=[empty.pk]) not in again


def test_the_organiser_edits_the_campaign_within_what_is_already_spent_and_handed_out(world, login):
    campaign, root, package = summer_campaign(world, budget=100_000)
    to_team(root, package, 3)
    c = login("chaoyang")
    url = reverse("care:edit", args=[campaign.pk])
    form = c.get(url).content.decode()
    assert 'value="20000"' in form and "快递员、外卖配送员" in form
    today = timezone.localdate()
    data = {
        "kind": campaign.kind_id,
        "name": "2026年夏送清凉（延长）",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=40)).isoformat(),
        "budget": "1000",
        "target_employers": "120",
        "target_workers": "25000",
        "target_groups": ["环卫工人"],
        "other_groups": "快递员、外卖配送员",
    }
    page = c.post(url, data).content.decode()
    assert "超出朝阳区总工会的预算" in page  # 100 packages were bought for 9,900
    page = c.post(url, {**data, "budget": "150000", "starts_on": (today + dt.timedelta(days=1)).isoformat()})
    assert "活动期间须包含这些日期" in page.content.decode()
    assert c.post(url, {**data, "budget": "150000"}).status_code == 302
    campaign.refresh_from_db()
    root.refresh_from_db()
    assert campaign.name == "2026年夏送清凉（延长）" and (root.budget, root.target_workers) == (
        150_000,
        25_000,
    )
    assert campaign.target_groups == ["环卫工人", "快递员、外卖配送员"]
    assert login("donghu").get(url).status_code == 404


def test_the_street_voids_a_wrong_hand_out_from_its_page(world, login):
    _, root, package = summer_campaign(world)
    donghu = services.unit_allocate(actor=SYSTEM, parent=root, org=world.donghu, package=package, packages=20)
    wrong = to_team(donghu, package, 5, team="顺丰望京车队")
    c = login("donghu")
    page = c.get(reverse("care:unit", args=[donghu.pk])).content.decode()
    assert reverse("care:void", args=[wrong.pk]) in page
    assert login("xicheng").post(reverse("care:void", args=[wrong.pk]), {"reason": "x"}).status_code == 404
    c = login("donghu")
    response = c.post(reverse("care:void", args=[wrong.pk]), {"reason": "重复登记"}, follow=True)
    page = response.content.decode()
    assert "已撤销发放：顺丰望京车队，物资已退回库存" in page and "已撤销：重复登记" in page
    assert (
        '0<span class="fs-6 fw-normal text-secondary"> / 目标 0' in page or 'data-testid="workers">0<' in page
    )
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(c.get(reverse("care:ledger", args=[donghu.pk])).content))
        .get_sheet_by_name("发放台账")
        .to_python()
    )
    assert [r[6] for r in rows[2:] if r[3] == "撤销发放"] == [5] * 6
