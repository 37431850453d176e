"""The demo's honours are report 000-2's: `GET /api/awards/summary?org=<通州>&year=2024` returns its counts and its
sentence exactly, and a street under 通州 counts only its own subtree."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.awards.demo import load
from gonghui.awards.models import ModelWorker, Quota, Round, Team
from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SENTENCE = (
    "通州区1家单位荣获全国五一劳动奖状，1人荣获全国五一劳动奖章；"
    "3家单位荣获首都劳动奖状，5个车间班组荣获北京市工人先锋号，13人荣获首都劳动奖章"
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = load()
        yield made
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_tongzhou_2024_reads_as_report_000_2(demo, client):
    assert demo.startswith("评选表彰 honours: 23")
    assert load() == "已有 present"
    client.force_login(_user("city_admin"))
    tongzhou = demo_org("通州区总工会")
    body = client.get("/api/awards/summary", {"org": tongzhou.pk, "year": 2024}).json()
    assert body["sentence"] == SENTENCE
    assert [(c["name"], c["count"]) for c in body["counts"]] == [
        ("全国五一劳动奖状", 1),
        ("全国五一劳动奖章", 1),
        ("首都劳动奖状", 3),
        ("北京市工人先锋号", 5),
        ("首都劳动奖章", 13),
    ]
    street = demo_org("梨园镇总工会")
    body = client.get("/api/awards/summary", {"org": street.pk, "year": 2024}).json()
    assert body["total"] == 7 and body["sentence"] == (
        "梨园镇1家单位荣获全国五一劳动奖状；1家单位荣获首都劳动奖状，2个车间班组荣获北京市工人先锋号，3人荣获首都劳动奖章"
    )
    assert client.get("/api/awards/summary", {"org": street.pk, "year": 2023}).json()["total"] == 0


def _user(username):
    from gonghui.accounts.models import User

    return User.objects.get(username=username)


@pytest.mark.django_db
def test_the_drainage_groups_lecture_team_lists_its_model_workers_by_level_with_care_visits(
    demo, client
):  # 002-3
    assert "劳模宣讲团 lecture team: 4位劳模、2次慰问" in demo
    client.force_login(_user("city_admin"))
    team = Team.objects.get(name="北京排水集团“劳模榜样宣讲团”")
    assert team.org == demo_org("北京排水集团工会")
    page = client.get(f"/awards/teams/{team.pk}/").content.decode()
    assert (
        "全国（1人）" in page and "首都（北京市）（3人）" in page and "王建军" in page and "（团长）" in page
    )
    registry = client.get("/awards/model-workers/", {"org": team.org_id}).content.decode()
    assert "共 <strong>4</strong> 条" in registry and "2026-01-20" in registry
    worker = ModelWorker.objects.get(name="王建军")
    assert "节日慰问品一份" in client.get(f"/awards/model-workers/{worker.pk}/").content.decode()


@pytest.mark.django_db
def test_this_years_round_is_split_over_the_districts_and_chaoyang_breaks_a_floor(
    demo, client
):  # rule A2, A3
    assert "评选 round: 2026年首都劳动奖和北京市工人先锋号，名额分配到" in demo
    client.force_login(_user("chaoyang"))
    round_ = Round.objects.get(name="2026年首都劳动奖和北京市工人先锋号")
    quotas = Quota.objects.filter(round=round_).exclude(org=round_.org)
    medal = quotas.filter(award_type__code="capital-labour-medal", stream="regular")
    assert sum(q.count for q in medal) == 120 and medal.count() > 10
    page = client.get(f"/awards/rounds/{round_.pk}/list/{demo_org('朝阳区总工会').pk}/")
    assert "✗ 产业工人 25%，下限35%，还需1名产业工人" in page.content.decode()
