"""The volunteers' demo (issue 19 §6): 东湖街道's team with registered members found by number and residents who
are not members, a community service with services by type, people served, hours and 3 named of 5 enterprises;
a second run creates nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.demo.loader import demo_org, load_world
from gonghui.members.tests.factories import enrol
from gonghui.support import demo_volunteers
from gonghui.support import volunteers_selectors as selectors
from gonghui.support.models.volunteers import EventVolunteer, ServiceEvent, TeamMember, VolunteerTeam

pytestmark = pytest.mark.django_db
PINNED = dt.datetime(2026, 7, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_team_serves_once():
    with time_machine.travel(PINNED, tick=False):
        load_world()
        street = demo_org(demo_volunteers.STREET)
        union = demo_org(demo_volunteers.RIDERS_UNION)
        for name in ("骑手甲", "骑手乙", "骑手丙", "骑手丁"):
            enrol(union, name)
        said = demo_volunteers.load()
        assert said.startswith("志愿服务：东湖街道职工志愿服务队5名志愿者"), said
        assert "服务360人次" in said and "5家企业参与" in said
        counts = (VolunteerTeam.objects.count(), TeamMember.objects.count(), ServiceEvent.objects.count())
        assert demo_volunteers.load() == "志愿服务：已有 present"
        assert (
            VolunteerTeam.objects.count(),
            TeamMember.objects.count(),
            ServiceEvent.objects.count(),
        ) == counts
    team = VolunteerTeam.objects.get(name=demo_volunteers.TEAM)
    assert team.org == street
    assert team.members.filter(person__isnull=False).count() == 3
    assert team.members.filter(person__isnull=True).count() == 2
    event = team.events.get()
    assert event.enterprises.count() == 3 and event.enterprises_total == 5
    assert event.people_served == 360 and EventVolunteer.objects.filter(event=event).count() == 5
    fig = selectors.figures(street, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    # 3 + 2.5 + 2 + 4 + 3.5 hours = 15
    assert (
        fig["volunteer_hours"] == 15 and fig["volunteer_served"] == 360 and fig["volunteer_services"] == 379
    )
