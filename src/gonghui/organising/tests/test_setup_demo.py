"""The setup demo loads once (a second run adds nothing): 朝阳's streets approve new unions month by month over two
years, so 东湖's and 朝阳's 建会率 rise from month to month; one application waits, one was returned, two small
employers joined a joint union (issue 21 §5)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org, load_world
from gonghui.organising import demo_setup, selectors, setup_selectors
from gonghui.organising.models import JointCover, SetUp, SetUpStatus
from gonghui.orgs.models import Employer

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_setup_demo_loads_once_and_the_rate_moves_month_by_month():
    with time_machine.travel(NOW, tick=False):
        load_world()
        said = demo_setup.load()
        assert said.startswith("筹建审批：21家单位")
        setups, employers = SetUp.objects.count(), Employer.objects.count()
        assert demo_setup.load() == "筹建审批：已有 present"
        assert (SetUp.objects.count(), Employer.objects.count()) == (setups, employers)

        by_status = {s: SetUp.objects.filter(status=s).count() for s in SetUpStatus.values}
        assert by_status["submitted"] == 1 and by_status["returned"] == 1 and by_status["draft"] == 1
        assert by_status["founded"] >= 10 and by_status["approved"] == 2
        assert JointCover.objects.count() == 2

        chaoyang = demo_org("朝阳区总工会")
        approvals = sorted(SetUp.objects.filter(union__isnull=False).values_list("decided_on", flat=True))
        assert approvals[0] >= dt.date(2024, 7, 1) and approvals[-1] <= NOW.date()
        months = {(d.year, d.month) for d in approvals}
        assert len(months) == 16  # one approval a month, spread over the two years
        month_ends = [
            dt.date(2024, 12, 31),
            dt.date(2025, 6, 30),
            dt.date(2025, 12, 31),
            dt.date(2026, 7, 14),
        ]
        rates = [selectors.coverage(chaoyang, d)["employers_with_union"] for d in month_ends]
        assert rates == sorted(rates) and rates[0] < rates[-1]
        donghu = demo_org("东湖街道总工会")
        assert (
            selectors.coverage(donghu, dt.date(2025, 1, 1))["rate_permille"]
            < (selectors.coverage(donghu, NOW.date())["rate_permille"])
        )
        fig = setup_selectors.figures(chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert fig["setups_waiting"] == 1 and fig["setups_approved"] == 5 and fig["joint_covered"] == 1
        todo = dict((label, n) for label, n, _ in setup_selectors.todo(SYSTEM, chaoyang))
        assert todo == {"建会申请待批复": 1, "已批复待登记成立大会": 2}
