"""The requests' demo (issue 19 §6): requests of members of 东湖's riders union in every state, one overdue and
escalated to 东湖街道总工会; a second run adds nothing."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level
from gonghui.support import demo_requests
from gonghui.support.models.requests import RequestState, ServiceRequest

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_state_and_one_escalated_and_runs_once(monkeypatch, world):
    riders = org_services.org_create(
        actor=SYSTEM, parent=world.donghu, name=demo_requests.RIDERS_UNION, level=Level.BASE
    )
    orgs = {demo_requests.DONGHU: world.donghu, demo_requests.RIDERS_UNION: riders}
    monkeypatch.setattr(demo_requests, "demo_org", lambda name: orgs[name])
    with time_machine.travel(dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC), tick=False):
        for i in range(len(demo_requests.REQUESTS)):
            enrol(riders, f"骑手{i}")
        said = demo_requests.load()
        assert said == "职工诉求9件（各办理状态，逾期升级1件）"
        assert demo_requests.load() == "职工诉求：已有 present"
    assert ServiceRequest.objects.count() == 9
    assert {r.state for r in ServiceRequest.objects.all()} == set(RequestState.values)
    late = ServiceRequest.objects.get(escalated_to__isnull=False)
    assert late.escalated_to == world.donghu and late.state == RequestState.RECEIVED
    assert all(r.on_time is not False for r in ServiceRequest.objects.all())
    assert ServiceRequest.objects.filter(rating=5).count() == 1
