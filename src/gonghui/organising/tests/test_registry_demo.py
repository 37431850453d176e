"""The registry demo loads once (a second run adds nothing): certificates of the demo world's base unions with their
own USCCs, a representative change due in 5 days and an address change overdue under 东湖, one re-registered
under 大栅栏, and the unions with a chair and no certificate listed (O4, R2)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org, load_world
from gonghui.organising import demo_registry, registry_selectors
from gonghui.organising.models import LegalPerson, LegalPersonChange

pytestmark = pytest.mark.django_db


def test_the_registry_demo_loads_once_with_one_change_due_one_overdue_and_one_re_registered():
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        load_world()
        said = demo_registry.load()
        made = LegalPerson.objects.count()
        assert said == f"工会法人登记：证书{made}本，变更3项" and made >= 8
        assert demo_registry.load() == "工会法人登记：已有"
        assert LegalPerson.objects.count() == made and LegalPersonChange.objects.count() == 3
        for lp in LegalPerson.objects.select_related("org"):
            assert lp.uscc == lp.org.uscc and lp.certificate_no == lp.org.legal_person_certificate

        donghu = demo_org("东湖街道总工会")
        waiting = sorted(
            (c.get_field_display(), c.standing().overdue, c.standing().days)
            for c in registry_selectors.reminders_for(actor=SYSTEM, org=donghu)
        )
        assert waiting == [("住所", True, 10), ("法定代表人", False, 5)]
        done = LegalPersonChange.objects.get(reregistered_on__isnull=False)
        assert done.legal_person.org.parent.name == "大栅栏街道总工会"
        assert done.legal_person.representative == done.new_value == "孙国强"

        fig = registry_selectors.figures(demo_org("北京市总工会"), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert fig["certificates_valid"] == made and fig["changes_overdue"] == 1
        assert 0 < fig["certificates_issued"] < made  # issued month by month over two years
        assert fig["qualified_without_certificate"] > 0
