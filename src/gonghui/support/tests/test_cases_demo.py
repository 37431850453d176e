"""The demo's legal-aid cases (issue 19 §6): a conflict found and cleared with a reason, a case closed with money
recovered, deadlines near and past; a second run creates nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world
from gonghui.support import cases_selectors as sel
from gonghui.support.demo_cases import load
from gonghui.support.models import LegalCase, Provider

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        made = load()
        again = load()
        counts = (LegalCase.objects.count(), Provider.objects.count())
        assert load() == again
        assert (LegalCase.objects.count(), Provider.objects.count()) == counts
        ensure_demo_staff()
        yield made, again
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_cases_show_a_cleared_conflict_and_money_recovered(demo, client):
    from gonghui.accounts.models import User

    made, again = demo
    assert made.startswith("法律援助案件3件") and again == "法律援助案件：已有 present"
    with time_machine.travel(PINNED, tick=False):
        second = LegalCase.objects.get(applicant_name="王建国")
        assert second.conflict_blocking == 1 and second.conflict_related == 1 and not second.conflict_open
        assert second.cleared_by_name.endswith("赵子鹏") and second.lawyer.name == "许若楠"
        assert sel.deadline_state(second)[0] == "soon"
        client.force_login(User.objects.get(username="chaoyang"))
        page = client.get(f"/services/cases/{second.pk}/").content.decode()
        assert "利益冲突已由东湖街道总工会 法律援助负责人 赵子鹏" in page and "王**" in page
        chaoyang = demo_org("朝阳区总工会")
        assert sel.figures(chaoyang, dt.date(2025, 1, 1), dt.date(2025, 12, 31))["recovered_yuan"] == 36800
        assert "挽回经济损失3.68万元" in sel.sentence(
            sel.figures(chaoyang, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        )
        overdue = LegalCase.objects.get(applicant_name="马晓燕")
        assert sel.deadline_state(overdue)[0] == "overdue"
