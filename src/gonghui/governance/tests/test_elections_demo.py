"""The demo's district election: 通州区总工会's committee elected by 差额 and approved above, shown on the node's
page (R21); loading again creates nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.demo.loader import ensure_demo_staff, load_world
from gonghui.governance import demo_elections
from gonghui.governance.models import Committee, Election, ElectionStatus

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = demo_elections.load()
        again = demo_elections.load()
        yield made, again
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_district_election_is_approved_and_installs_the_committee(demo, client):
    from gonghui.accounts.models import User

    made, again = demo
    assert "已获北京市总工会批准" in made and again == "换届选举：已有"
    e = Election.objects.get(title=demo_elections.TITLE)
    assert e.status == ElectionStatus.APPROVED and Election.objects.filter(title=e.title).count() == 1
    committee = Committee.objects.get(org=e.org, ended_on__isnull=True)
    assert committee.members.count() == 7 and committee.election_key == e.key
    client.force_login(User.objects.get(username="city_admin"))
    body = client.get(f"/api/governance/elections/{e.pk}").json()
    assert body["valid"] and len(body["elected"]) == 7 and "曹文彬" not in body["elected"]
    assert "王建国" in client.get(f"/orgs/{e.org_id}/").content.decode()
