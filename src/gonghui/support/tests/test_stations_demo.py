"""The stations part's demo: lawyers paired with stations in 朝阳 and 西城, a rota around the demo's today, about
thirty consultations with materials, two screening visits (one risk resolved, one waiting); a second run creates
nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world
from gonghui.support import stations_selectors as selectors
from gonghui.support.demo_stations import CONSULTATIONS, load
from gonghui.support.models import Consultation, Pairing, Shift

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = load()
        again = load()
        yield made, again
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_pairs_lawyers_with_stations_in_two_districts(demo, client):  # rule V1
    made, again = demo
    assert (
        made.startswith("律师进服务站") and again == "律师进服务站：已有 present"
    )  # a second run creates nothing
    assert Consultation.objects.count() == CONSULTATIONS
    districts = {demo_org("朝阳区总工会").path, demo_org("西城区总工会").path}
    assert {
        next(d for d in districts if p.provider.org_path == d) for p in Pairing.objects.all()
    } == districts
    with time_machine.travel(PINNED, tick=False):
        city = demo_org("北京市总工会")
        fig = selectors.figures(city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert fig["stations_paired"] >= 4 and fig["consultations"] == CONSULTATIONS
        assert fig["screening_visits"] == 2 and fig["risks_found"] == 4 and fig["materials"] > 0
        assert len(selectors.consultations_by_topic(city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))) == 8
        station = Pairing.objects.filter(place__name="美团骑手党群服务中心").first().place
        assert Shift.objects.filter(pairing__place=station, date__gt=PINNED.date()).exists()
        from gonghui.accounts.models import User

        client.force_login(User.objects.get(username="chaoyang"))
        body = client.get(f"/api/services/stations/{station.pk}/duty").json()
        assert any(d["shifts"] for d in body["days"])
        chaoyang = User.objects.get(username="chaoyang")
        assert selectors.todo(chaoyang, demo_org("朝阳区总工会")) == []  # 东湖's risk was resolved
        xicheng = User.objects.get(username="xicheng")
        assert selectors.todo(xicheng, demo_org("西城区总工会"))[0][1] == 1
