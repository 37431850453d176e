"""The demo's evaluation (G4): 朝阳区总工会 ranks three streets on every scoring method, published; 东湖 earns its
bonus; loading again adds nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.demo.loader import ensure_demo_staff, load_world
from gonghui.governance import evaluations_selectors as selectors
from gonghui.governance.demo_evaluations import ROUND, load
from gonghui.governance.models import EvaluationRound, Method, RoundStatus

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = (load(), load())
        yield made
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_round_is_published_with_every_method_and_a_bonus(demo, client):
    first, second = demo
    assert "考核3个街道工会" in first and "已有" in second
    rnd = EvaluationRound.objects.get(name=ROUND)
    assert rnd.status == RoundStatus.PUBLISHED and rnd.units.count() == 3
    assert {i.method for i in rnd.scheme.indicators.all()} == set(Method.values)
    assert rnd.scheme.categories.count() == 3
    rows = selectors.results(rnd)
    assert [r.result.rank for r in rows] == [1, 2, 3]
    donghu = next(r for r in rows if r.unit.org.name == "东湖街道总工会")
    bonus = next(i for i in rnd.scheme.indicators.all() if i.method == Method.BONUS)
    assert donghu.result.per_indicator[bonus.pk] == 3
    from gonghui.accounts.models import User

    client.force_login(User.objects.get(username="donghu"))  # the street's cadre sees the published ranking
    body = client.get(f"/api/governance/evaluations/{rnd.pk}").json()
    assert [u["rank"] for u in body["units"]] == [1, 2, 3]
