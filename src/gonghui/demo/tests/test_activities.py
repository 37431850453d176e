"""The demo's activities: the reports' figures come back out of the activities selectors, and loading again adds
nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.activities import selectors
from gonghui.activities.demo import figures, load_activities
from gonghui.activities.models import Activity, Registration
from gonghui.awards.demo import load_speakers
from gonghui.awards.registry_selectors import lectures_of_year
from gonghui.demo.loader import demo_org, load_world

pytestmark = pytest.mark.django_db

# The demo dates its work relative to today: loaded and read on a pinned day, the tests do not depend on the date.
PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo world and its activities, loaded once for the module and rolled back at the end."""
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        made = load_activities()
        entered = load_speakers()  # the awards module's step: the lecture's speakers enter the registry
        yield {"made": made, "figures": figures(), "speakers": entered}
        transaction.set_rollback(True)


def test_every_reported_activity_is_recorded(demo):
    assert demo["made"] == 11
    kinds = dict(Activity.objects.values_list("title", "kind__name"))
    assert kinds["市总工会领导赴北京工商大学调研工会工作"] == "调研"
    assert kinds["走进美团骑手党群服务中心慰问外卖小哥"] == "慰问"
    care = Activity.objects.get(title="走进美团骑手党群服务中心慰问外卖小哥")
    assert care.place.name == "美团骑手党群服务中心" and care.org.name == "东湖街道总工会"


def test_001_2_eleven_universities_took_part(demo):
    assert demo["figures"]["001-2 participating unions"] == 11
    joint = Activity.objects.get(kind__code="joint_study")
    assert selectors.reach_of(joint).label == "37人次（参加单位报送）"
    linked = {p.name for p in selectors.participants_of(joint) if p.org_id}
    assert {"北京师范大学工会", "北京航空航天大学工会", "北京电子科技职业学院工会"} <= linked


def test_001_3_forty_odd_trainees_on_four_topics_with_attendance(demo):
    f = demo["figures"]
    assert f["001-3 trainees"] >= 40
    assert f["001-3 topics"] == ["基层工会组建", "会员数据平台使用", "工会法人证书办理", "工会经费管理"]
    training = Activity.objects.get(kind__code="training")
    table = selectors.training(training)
    assert 0 < len(table.rows) - table.completed_count < 15  # most attended every session, a few missed one
    assert selectors.reach_of(training).source == "各场次签到累计"


def test_002_6_about_two_hundred_families_by_craft_group(demo):
    by_group = demo["figures"]["002-6 families by group"]
    assert list(by_group) == ["毛猴", "缠花", "仿点翠", "掐丝彩砂画", "盘扣"]
    assert 190 <= sum(by_group.values()) <= 200 and min(by_group.values()) >= 35
    family = Activity.objects.get(kind__code="family")
    assert Registration.objects.filter(activity=family, party_size__gte=2).count() == sum(by_group.values())
    assert selectors.reach_of(family).label.endswith("人次（签到）")


def test_002_4_three_measures_agreed(demo):
    assert demo["figures"]["002-4 measures"] == ["阵地共建", "活动共办", "人才共育"]


def test_loading_again_adds_nothing(demo):
    before = (Activity.objects.count(), Registration.objects.count())
    assert load_activities() == 0
    assert (Activity.objects.count(), Registration.objects.count()) == before


def test_check_ins_and_attendance_are_dated_to_the_activitys_day(demo):
    from django.utils import timezone

    from gonghui.activities.models import Attendance

    checked = Registration.objects.filter(checked_in_at__isnull=False).select_related("activity")
    assert checked.count() > 100
    assert {timezone.localtime(r.checked_in_at).date() == r.activity.starts_on for r in checked} == {True}
    training = Attendance.objects.select_related("session__activity")
    assert training.exists()
    assert {
        timezone.localtime(a.at).date() == (a.session.on_date or a.session.activity.starts_on)
        for a in training
    } == {True}


def test_002_2_six_model_worker_speakers_come_out_of_the_records(demo):  # rule A6
    assert demo["figures"]["002-2 speakers"] == 6
    assert demo["speakers"] == "劳模宣讲 lecture speakers: 6位劳模先进 新建 new（北京市政法卫生文化工会）"
    lectures = lectures_of_year(demo_org("北京市政法卫生文化工会"), 2025)
    assert (lectures.lectures, lectures.speakers) == (1, 6)
    assert {marks[0] for _, marks in lectures.rows} == {"全国劳动模范", "北京市劳动模范", "北京市先进工作者"}
    # the industry union's own subtree: another industry union's lectures are not its
    assert lectures_of_year(demo_org("北京市交通运输工会"), 2025).lectures == 0
    assert load_speakers() == "已有 present"


def test_001_1_the_song_contests_showcase_reached_a_thousand_odd(demo):
    assert demo["figures"]["001-1 showcase reach"] == 1000
