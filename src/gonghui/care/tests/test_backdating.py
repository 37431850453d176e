"""Hand-outs and stock entered after the fact (issue 16 §4): each keeps the day it happened apart from the day it was
recorded, is counted on the day it happened, and further back than the window needs a reason that the audit row
keeps. Supplies are told per item in their own unit, never added across units."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.services import token_create
from gonghui.care import selectors, services
from gonghui.care.models import CampaignKind, Distribution, MoveKind, RecipientKind, StockMove
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 7, 15)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.GONGHUI_BACKDATE_DAYS = 30
    with time_machine.travel(at(TODAY, 16), tick=False):
        yield


def signed_in(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


@pytest.fixture
def summer(world):
    """朝阳's campaign from 1 June, with watermelons (斤), cups (个) and umbrellas (把) received on 1 June."""
    campaign = services.campaign_create(
        actor=SYSTEM,
        org=world.chaoyang,
        kind=CampaignKind.objects.get(name="夏送清凉"),
        name="2026年夏送清凉",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 8, 31),
        budget=100_000,
    )
    root = campaign.units.get()
    melon, cup, umbrella = (
        services.supply_item_add(actor=SYSTEM, name=name, unit=unit)
        for name, unit in (("西瓜", "斤"), ("杯子", "个"), ("雨伞", "把"))
    )
    services.stock_receive(
        actor=SYSTEM,
        unit=root,
        lines={melon: (20_000, 2), cup: (100, 3), umbrella: (100, 20)},
        at=at(dt.date(2026, 6, 1)),
        backdate_reason="六月初采购，单据后补",
    )
    return root, melon, cup, umbrella


def hand_out(root, lines, *, day: dt.date, reason: str = "", people: int = 10) -> Distribution:
    return services.distribution_record(
        actor=SYSTEM,
        unit=root,
        recipient=services.Recipient(kind=RecipientKind.TEAM, name="环卫一队"),
        people_covered=people,
        handed_out_by="张克斌",
        lines=lines,
        handed_at=at(day),
        backdate_reason=reason,
    )


def test_a_hand_out_recorded_today_for_a_day_last_month_counts_in_last_month(world, summer):
    root, melon, cup, _ = summer
    d = hand_out(root, {melon: 500, cup: 5}, day=dt.date(2026, 6, 20), people=25)
    assert d.created_at.astimezone(BEIJING).date() == TODAY  # recorded today …
    june = selectors.work_figures(world.chaoyang, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    july = selectors.work_figures(world.chaoyang, dt.date(2026, 7, 1), TODAY)
    assert june == {"workers": 25, "employers": 0, "handouts": 1}  # … counted on the day it happened
    assert july == {"workers": 0, "employers": 0, "handouts": 0}
    assert (
        selectors.work_details(world.chaoyang, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
        == "发放西瓜500斤、杯子5个"
    )
    assert selectors.work_details(world.chaoyang, dt.date(2026, 7, 1), TODAY) == ""


def test_a_hand_out_beyond_the_window_needs_a_reason_which_is_audited(world, summer):
    root, melon, _, _ = summer
    with pytest.raises(DomainError) as err:
        hand_out(root, {melon: 100}, day=dt.date(2026, 6, 10))  # 35 days ago
    assert "补录原因" in err.value.fields["backdate_reason"]
    assert not Distribution.objects.exists()
    hand_out(root, {melon: 100}, day=dt.date(2026, 6, 10), reason="纸质发放登记表补录")
    row = AuditEvent.objects.get(action="care.distribution.record")
    assert row.reason == "纸质发放登记表补录" and row.after["handed_at"] == "2026-06-10 10:00"
    hand_out(root, {melon: 100}, day=dt.date(2026, 6, 20))  # inside the window: no reason needed
    assert AuditEvent.objects.filter(action="care.distribution.record").latest("id").reason == ""
    with pytest.raises(DomainError, match="发放时间不能晚于今天"):
        hand_out(root, {melon: 100}, day=dt.date(2026, 7, 16), reason="预先登记")


def test_the_hand_out_form_asks_for_the_reason_beside_its_field(world, summer):
    root, melon, _, _ = summer
    c = signed_in("chaoyang")
    post = {
        "recipient_kind": RecipientKind.TEAM,
        "recipient_name": "环卫一队",
        "people_covered": 30,
        "handed_out_by": "张克斌",
        "handed_at": "2026-06-05T09:30",
        f"item_{melon.pk}": 300,
    }
    page = c.post(reverse("care:distribute", args=[root.pk]), post).content.decode()
    assert "补录原因" in page and "发放时间早于30天前（2026-06-15），请填写补录原因" in page
    assert not Distribution.objects.exists()
    response = c.post(reverse("care:distribute", args=[root.pk]), {**post, "backdate_reason": "端午慰问补录"})
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="care.distribution.record").reason == "端午慰问补录"
    page = c.get(reverse("care:unit", args=[root.pk])).content.decode()
    assert "2026-06-05 09:30" in page and "2026-07-15 补录" in page  # when it happened, and when recorded


def test_stock_received_on_a_past_day_keeps_both_dates(world, summer):
    root, melon, cup, _ = summer
    received = StockMove.objects.filter(kind=MoveKind.PURCHASE, item=melon).get()
    assert received.at.astimezone(BEIJING).date() == dt.date(2026, 6, 1)
    assert received.recorded_at.astimezone(BEIJING).date() == TODAY
    audit = AuditEvent.objects.get(action="care.stock.receive")
    assert audit.reason == "六月初采购，单据后补" and audit.after["received_at"] == "2026-06-01 10:00"
    with pytest.raises(DomainError) as err:
        services.stock_receive(actor=SYSTEM, unit=root, lines={cup: (5, 3)}, at=at(dt.date(2026, 6, 2)))
    assert "backdate_reason" in err.value.fields
    with pytest.raises(DomainError) as err:
        services.stock_receive(actor=SYSTEM, unit=root, lines={cup: (5, 3)}, at=at(dt.date(2026, 7, 20)))
    assert err.value.fields == {"received_at": "入库时间不能晚于今天"}
    services.stock_receive(actor=SYSTEM, unit=root, lines={cup: (5, 3)})  # default: received now
    assert StockMove.objects.filter(item=cup).latest("id").at == at(TODAY, 16)


def test_the_receive_form_sets_the_day_received_and_the_page_shows_both_dates(world, summer):
    root, _, cup, _ = summer
    c = signed_in("chaoyang")
    post = {f"item_{cup.pk}": 1200, f"price_{cup.pk}": "3", "received_at": "2026-06-03T08:00"}
    page = c.post(reverse("care:receive", args=[root.pk]), post).content.decode()
    assert "入库时间早于30天前（2026-06-15），请填写补录原因" in page
    response = c.post(reverse("care:receive", args=[root.pk]), {**post, "backdate_reason": "仓库签收单补录"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="care.stock.receive").latest("id").reason == "仓库签收单补录"
    page = c.get(reverse("care:unit", args=[root.pk])).content.decode()
    receipts = page[page.index('data-testid="receipts"') :]
    assert "2026-06-03 08:00" in receipts and "2026-07-15 16:00" in receipts  # received, and recorded
    assert "1,200 个" in receipts and "20,000 斤" in receipts  # thousands separated, each in its own unit


def test_the_ledger_totals_each_item_in_its_own_unit(world, summer):
    root, melon, cup, umbrella = summer
    hand_out(root, {melon: 6_000, cup: 10}, day=dt.date(2026, 7, 1))
    voided = hand_out(root, {melon: 4_000, cup: 5, umbrella: 15}, day=dt.date(2026, 7, 2))
    hand_out(root, {melon: 4_000, cup: 5, umbrella: 15}, day=dt.date(2026, 7, 3))
    services.distribution_void(actor=SYSTEM, distribution=voided, reason="重复登记")
    c = signed_in("chaoyang")
    book = CalamineWorkbook.from_filelike(io.BytesIO(c.get(reverse("care:ledger", args=[root.pk])).content))
    ledger = book.get_sheet_by_name("发放台账").to_python()
    assert ledger[1][:2] == ["发生时间", "登记时间"]
    first = ledger[2]
    assert first[0] == "2026-06-01 10:00" and first[1] == "2026-07-15 16:00"
    totals = book.get_sheet_by_name("物资合计").to_python()
    assert totals[1][:6] == ["物资", "单位", "采购入库", "上级下拨", "下拨下级", "发放（扣除撤销）"]
    by_item = {row[0]: (row[1], row[2], row[5]) for row in totals[2:]}
    assert by_item == {"西瓜": ("斤", 20_000, 10_000), "杯子": ("个", 100, 15), "雨伞": ("把", 100, 15)}


def test_supplies_are_told_per_item_in_their_own_unit(world, summer):
    root, melon, cup, umbrella = summer
    hand_out(root, {melon: 6_000, cup: 10}, day=dt.date(2026, 7, 1))
    hand_out(root, {melon: 4_000, cup: 5, umbrella: 15}, day=dt.date(2026, 7, 2))
    care = selectors.care_in(world.chaoyang, dt.date(2026, 7, 1), TODAY)
    assert (care.hand_outs, care.workers) == (2, 20)
    assert care.supplies == [("西瓜", "斤", 10_000), ("杯子", "个", 15), ("雨伞", "把", 15)]
    assert selectors.supplies_text(care.supplies) == "西瓜10,000斤、杯子15个、雨伞15把"
    xicheng = selectors.care_in(world.xicheng, dt.date(2026, 7, 1), TODAY)
    assert xicheng.supplies == [] and xicheng.hand_outs == 0


def test_the_api_takes_the_reason_for_a_hand_out_beyond_the_window(world, summer, client):
    root, melon, _, _ = summer
    headers = {
        "Authorization": "Bearer " + token_create(actor=SYSTEM, user=world.user("chaoyang"), name="t")[1]
    }
    body = {
        "recipient_kind": "team",
        "recipient_name": "环卫一队",
        "lines": [{"item_id": melon.pk, "quantity": 200}],
        "people_covered": 20,
        "handed_out_by": "张克斌",
        "handed_at": "2026-06-05T10:00:00+08:00",
    }
    url = f"/api/care/units/{root.pk}/distributions"
    refused = client.post(url, body, content_type="application/json", headers=headers)
    assert refused.status_code == 400 and "backdate_reason" in refused.json()["fields"]
    body["backdate_reason"] = "系统对接补传"
    assert client.post(url, body, content_type="application/json", headers=headers).status_code == 201
    assert AuditEvent.objects.get(action="care.distribution.record").reason == "系统对接补传"
