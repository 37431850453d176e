"""The demo's care campaigns give back the figures the reports quote (SCENARIOS 000-3, 001-5, 001-6), read off the
progress pages a cadre opens."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.care import selectors
from gonghui.care.demo import CHAOYANG, ZONE_CAMPAIGN, load_care
from gonghui.care.models import Campaign
from gonghui.demo.loader import ensure_demo_staff, load_world

pytestmark = pytest.mark.django_db

# The demo dates its work relative to today: loaded and read on a pinned day, the tests do not depend on the date.
PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = load_care()
        yield made
        transaction.set_rollback(True)


def figure(page: str, testid: str) -> tuple[int, int]:
    """(done, target) of one progress card, as the page shows them (thousands separated: 1,000 / 目标 20,000)."""
    found = re.search(rf'data-testid="{testid}">([\d,.]+)<span[^>]*> / 目标 ([\d,]+)', page)
    assert found, testid
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def test_the_zone_campaign_progress_page_gives_the_001_6_figures(demo, client):
    client.force_login(User.objects.get(username="city_admin"))
    campaign = Campaign.objects.get(name=ZONE_CAMPAIGN)
    response = client.get(reverse("care:campaign", args=[campaign.pk]), follow=True)
    page = response.content.decode()
    workers, target_workers = figure(page, "workers")
    employers, target_employers = figure(page, "employers")
    assert workers >= 1_000 and target_workers >= 20_000  # 千余名一线职工; 2万余名户外一线劳动者
    assert target_employers >= 100 and employers == 3  # 百余家企业; the first stops
    for item in ("防晒脖套", "冰袖", "防滑手套", "防晒霜", "防暑降温茶", "急救包"):
        assert item in page
    assert campaign.ends_on - campaign.starts_on == dt.timedelta(days=30)  # 持续一个月


def test_the_chaoyang_campaign_names_its_groups_and_sites_and_donghu_reached_the_riders(demo):
    campaign = Campaign.objects.get(name=CHAOYANG)
    assert len(campaign.target_groups) == 6 and "环卫工人" in campaign.target_groups
    root = campaign.units.get(parent=None)
    donghu = root.children.get(org__name="东湖街道总工会")
    district, street = selectors.progress_many([root, donghu])
    sites = {d.recipient_name for d in selectors.distributions_of(campaign, root)}
    assert {"美团骑手党群服务中心", "北京市朝阳区环境卫生服务中心"} <= sites
    assert street.workers == 118 and district.workers == 60 + 150 + 118
    assert district.spent > 0 and district.spent <= district.budget


def test_loading_again_adds_nothing(demo):
    assert demo == 2
    assert load_care() == 0
    assert Campaign.objects.count() == 2
