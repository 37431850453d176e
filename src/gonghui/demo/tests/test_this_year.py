"""On a fresh demo, this year's dashboard for 朝阳 shows work done: the demo's activities and hand-outs are dated
relative to today (issue: figures a cadre can print), so the current year's work figures are above zero, workers
have an activity open to register for and a campaign is running for the hand-out form."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Q
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.activities.demo import load_activities
from gonghui.activities.models import Activity, RegistrationMode
from gonghui.care.demo import load_care
from gonghui.care.models import Campaign
from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world
from gonghui.demo.members import load_members
from gonghui.stats.services import stats_recompute

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [dt.date(2027, 2, 10)])
def test_this_years_dashboard_for_chaoyang_shows_work(client, day):
    with time_machine.travel(
        dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        load_world()
        ensure_demo_staff()
        load_members(1_500)  # the riders the street federation's activities check in
        load_activities()
        load_care()
        stats_recompute()
        chaoyang = demo_org("朝阳区总工会")
        client.force_login(User.objects.get(username="city_admin"))
        response = client.get(reverse("dashboards:org", args=[chaoyang.pk]))
        assert response.status_code == 200
        assert response.context["period"].start == dt.date(day.year, 1, 1)
        work = {f["key"]: f["value"] for f in response.context["work"]}
        assert work["activities"] > 0 and work["reach"] > 0
        assert work["workers"] > 0 and work["handouts"] > 0  # care hand-outs this year
        running = Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day)
        assert running.filter(org=chaoyang).exists()
        open_ = Activity.objects.filter(registration=RegistrationMode.OPEN).filter(
            Q(ends_on__gte=day) | Q(ends_on__isnull=True, starts_on__gte=day)
        )
        assert open_.filter(org_path__startswith=chaoyang.path).exists()
        assert load_activities() == 0 and load_care() == 0  # a second run creates nothing
