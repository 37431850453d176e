"""The staff's page of a member shows the honours the person holds (the contract's `person_panels`, rule A1)."""

import datetime as dt

import pytest
import time_machine

from gonghui.awards.models import AwardType
from gonghui.awards.services import honour_record
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db


def test_a_members_page_lists_their_honours(world, client):
    with time_machine.travel(dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC), tick=False):
        m = enrol(world.base_donghu, "高建平")
        plain = enrol(world.base_donghu, "普通会员")
        honour_record(
            actor=SYSTEM,
            org=world.donghu,
            award_type=AwardType.objects.get(code="capital-labour-medal"),
            year=2025,
            unit_name="望京科技有限公司",
            person=m.person,
            position="高级技师",
        )
        assert client.login(username="chaoyang", password=PASSWORD)
        page = client.get(f"/members/{m.pk}/").content.decode()
        assert 'data-testid="person-honours"' in page and "2025年 首都劳动奖章" in page and "高级技师" in page
        assert 'data-testid="person-honours"' not in client.get(f"/members/{plain.pk}/").content.decode()
