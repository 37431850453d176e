"""An employer's page (rule R1): its dated history, a change as of a day, closing it; who may do what."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.orgs import services
from gonghui.orgs.models import Employer, EmployerPeriod, Level

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)


@pytest.fixture
def shop(world):
    with time_machine.travel(NOW, tick=False):
        yield services.employer_create(
            actor=SYSTEM, org=world.donghu, name="东湖便利店", headcount=40, on_date=dt.date(2026, 3, 1)
        )


def test_a_cadre_records_a_new_union_as_of_a_day_and_sees_the_history(world, shop, login):
    union = services.org_create(actor=SYSTEM, parent=world.donghu, name="东湖便利店工会", level=Level.BASE)
    client = login("donghu")
    with time_machine.travel(NOW, tick=False):
        page = client.post(
            f"/orgs/employers/{shop.pk}/",
            {
                "action": "change",
                "change-union": union.pk,
                "change-ownership": "private",
                "change-headcount": "42",
                "change-on_date": "2026-05-20",
                "change-channel": "stall",
            },
            follow=True,
        )
    text = page.content.decode()
    assert "自 2026-05-20 起生效" in text
    assert "是（摆摊设点）" in text and "2026-03-01" in text
    rows = list(
        EmployerPeriod.objects.filter(employer=shop).values_list("started_on", "coverage", "headcount")
    )
    assert rows == [(dt.date(2026, 3, 1), "none", 40), (dt.date(2026, 5, 20), "own", 42)]


def test_a_change_dated_before_the_last_is_refused_on_the_form(world, shop, login):
    client = login("donghu")
    with time_machine.travel(NOW, tick=False):
        page = client.post(
            f"/orgs/employers/{shop.pk}/",
            {
                "action": "change",
                "change-ownership": "private",
                "change-headcount": "50",
                "change-on_date": "2026-02-01",
            },
        )
    assert "生效日期不能早于该单位上次变更的日期（2026-03-01）" in page.content.decode()
    assert Employer.objects.get(pk=shop.pk).headcount == 40


def test_closing_needs_a_reason_and_then_the_forms_are_gone(world, shop, login):
    client = login("donghu")
    with time_machine.travel(NOW, tick=False):
        refused = client.post(
            f"/orgs/employers/{shop.pk}/",
            {"action": "close", "close-on_date": "2026-06-01", "close-reason": ""},
        )
        done = client.post(
            f"/orgs/employers/{shop.pk}/",
            {"action": "close", "close-on_date": "2026-06-01", "close-reason": "店铺关闭"},
            follow=True,
        )
    assert Employer.objects.get(pk=shop.pk).status == "closed"
    assert refused.status_code == 200 and "注销原因" in refused.content.decode()
    assert "已注销" in done.content.decode() and "记录变更" not in done.content.decode()


def test_a_viewer_sees_the_history_without_the_forms_and_another_district_gets_404(world, shop, login):
    assert "记录变更" not in login("viewer").get(f"/orgs/employers/{shop.pk}/").content.decode()
    assert login("xicheng").get(f"/orgs/employers/{shop.pk}/").status_code == 404
    assert login("xicheng").post(f"/orgs/employers/{shop.pk}/", {"action": "close"}).status_code == 404
