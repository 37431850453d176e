"""What the awards module reads from the activities, and tells them, through the module contract (core.modules.ask),
without either importing the other (rule A6, issue 17 §2-§4):

- a lecture is an activity whose speakers are model workers: "6位劳模先进代表" (SCENARIOS 002-2) is counted from the
  speakers recorded on the activity and the model-worker registry, on the awards summary and on the activity's page;
- the ceremony of a round is an activity linked to the round: started from the round's page, shown on both pages, and
  a link to a round the cadre cannot see is refused."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine

from gonghui.activities import services as activities
from gonghui.activities.models import Activity, ActivityKind
from gonghui.awards import round_services as rounds
from gonghui.awards.models import AwardType, Stream
from gonghui.awards.services import honour_record
from gonghui.core import modules
from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC)
LECTURE_DAY = dt.date(2026, 5, 27)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(client, name):
    assert client.login(username=name, password=PASSWORD)
    return client


def _lecture(org, day=LECTURE_DAY, title="劳模宣讲报告会"):
    return activities.activity_create(
        actor=SYSTEM,
        data=activities.ActivityData(
            org=org, kind=ActivityKind.objects.get(code="lecture"), title=title, starts_on=day
        ),
    )


def _model_worker(world, name, code="capital-model-worker", year=2020):
    m = enrol(world.base_donghu, name)
    honour_record(
        actor=SYSTEM,
        org=world.base_donghu,
        award_type=AwardType.objects.get(code=code),
        year=year,
        unit_name="望京科技有限公司",
        person=m.person,
    )
    return m


def test_asking_a_question_nobody_knows_is_a_mistake_not_an_empty_answer():
    with pytest.raises(KeyError):
        modules.ask("speakers_of_mars")


def test_model_worker_speakers_are_counted_from_the_records(world, client):  # rule A6, SCENARIOS 002-2
    lecture = _lecture(world.donghu)
    workers = [_model_worker(world, f"劳模{i}") for i in range(5)]
    advanced = _model_worker(world, "先进一号", code="national-advanced-worker")
    plain = enrol(world.base_donghu, "普通会员")
    for m in [*workers, advanced, plain]:
        activities.speaker_add(actor=world.user("donghu"), activity=lecture, name="", person=m.person)
    activities.speaker_add(actor=world.user("donghu"), activity=lecture, name="特邀嘉宾", note="市委党校教授")

    api = _client(client, "chaoyang")
    body = api.get("/api/awards/summary", {"org": world.chaoyang.pk, "year": 2026}).json()
    # eight speakers, six of them in the model-worker registry: one lecture, six 人次
    assert (body["lectures"], body["lecture_speakers"]) == (1, 6)
    page = api.get(f"/activities/{lecture.pk}/").content.decode()
    assert 'data-testid="speaker-count">8<' in page
    assert "其中劳模先进 6 位" in page
    assert "全国先进工作者" in page and page.count("北京市劳动模范") == 5
    index = api.get("/awards/", {"org": world.chaoyang.pk, "year": 2026}).content.decode()
    assert "劳模先进宣讲 <strong>1</strong> 场、<strong>6</strong> 人次" in index

    # counted in the subtree and year where the lecture was held, and not once it is voided
    assert api.get("/api/awards/summary", {"org": world.xicheng.pk, "year": 2026}).status_code == 404
    other_year = api.get("/api/awards/summary", {"org": world.chaoyang.pk, "year": 2025}).json()
    assert other_year["lectures"] == 0
    activities.activity_void(actor=world.user("donghu"), activity=lecture, reason="误录")
    body = api.get("/api/awards/summary", {"org": world.chaoyang.pk, "year": 2026}).json()
    assert (body["lectures"], body["lecture_speakers"]) == (0, 0)


def test_a_speaker_is_added_once_by_member_number_and_their_name_is_the_registers(world, client):
    lecture = _lecture(world.donghu)
    m = _model_worker(world, "高建平")
    page = _client(client, "donghu")
    response = page.post(
        f"/activities/{lecture.pk}/speakers/",
        {"speaker-number": m.number, "speaker-name": "别的名字", "speaker-topic": "匠心筑梦"},
    )
    assert response.status_code == 302
    assert [(s.name, s.person_id, s.topic) for s in lecture.speakers.all()] == [
        ("高建平", m.person_id, "匠心筑梦")
    ]
    again = page.post(f"/activities/{lecture.pk}/speakers/", {"speaker-number": m.number}).content.decode()
    assert "高建平已在本活动的主讲人中" in again
    empty = page.post(f"/activities/{lecture.pk}/speakers/", {"speaker-number": ""}).content.decode()
    assert "请填写会员证号或姓名" in empty
    # a member outside the cadre's subtree is not found by number (nothing says whether they exist)
    outsider = enrol(world.base_xicheng, "西城会员")
    refused = page.post(
        f"/activities/{lecture.pk}/speakers/", {"speaker-number": outsider.number}
    ).content.decode()
    assert f"未找到会员证号为 {outsider.number} 的会员" in refused
    speaker = lecture.speakers.get()
    assert page.post(f"/activities/{lecture.pk}/speakers/{speaker.pk}/remove/").status_code == 302
    assert not lecture.speakers.exists()
    actions = list(lecture_audit(lecture))
    assert actions == ["activity.speaker.add", "activity.speaker.remove"]


def lecture_audit(activity):
    from gonghui.core.models import AuditEvent

    return (
        AuditEvent.objects.filter(target_id=str(activity.pk), action__startswith="activity.speaker")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_ceremony_is_recorded_as_an_activity_linked_to_the_round(world, client):  # issue 17 §2
    medal = AwardType.objects.get(code="capital-labour-medal")
    round_ = rounds.round_open(
        actor=world.user("city_admin"),
        org=world.city,
        name="2026年首都劳动奖",
        year=2026,
        totals={(medal, Stream.REGULAR): 9},
    )
    city = _client(client, "city_admin")
    page = city.get(f"/awards/rounds/{round_.pk}/").content.decode()
    assert "尚未记录表彰大会" in page
    start = (
        page.split('data-testid="ceremony-new"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    query = parse_qs(urlparse(start).query)
    assert query["link"] == [f"awards.round:{round_.pk}"] and query["title"] == ["2026年首都劳动奖表彰大会"]
    form = city.get(start).content.decode()
    assert f'value="awards.round:{round_.pk}"' in form and 'value="2026年首都劳动奖表彰大会"' in form
    response = city.post(
        "/activities/new/",
        {
            "link": f"awards.round:{round_.pk}",
            "org": world.city.pk,
            "kind": ActivityKind.objects.get(code="meeting").pk,
            "title": "2026年首都劳动奖表彰大会",
            "starts_on": "2026-06-25",
            "registration": "none",
            "place_text": "北京市劳动人民文化宫",
            "max_party_size": 1,
        },
    )
    assert response.status_code == 302, [x for x in response.content.decode().splitlines() if "feedback" in x]
    ceremony = Activity.objects.get(link=f"awards.round:{round_.pk}")
    assert "2026年首都劳动奖（评选表彰）" in city.get(f"/activities/{ceremony.pk}/").content.decode()
    page = city.get(f"/awards/rounds/{round_.pk}/").content.decode()
    assert 'data-testid="ceremony"' in page and "2026年首都劳动奖表彰大会" in page and "2026-06-25" in page

    # a round of 西城 is not 东湖's to see, so 东湖 cannot link its activity to it
    theirs = rounds.round_open(
        actor=world.user("xicheng"),
        org=world.xicheng,
        name="2026年西城区劳动奖",
        year=2026,
        totals={(medal, Stream.REGULAR): 3},
    )
    with pytest.raises(DomainError) as refused:
        activities.activity_create(
            actor=world.user("donghu"),
            data=activities.ActivityData(
                org=world.donghu,
                kind=ActivityKind.objects.get(code="meeting"),
                title="借名的表彰会",
                starts_on=dt.date(2026, 6, 25),
                link=f"awards.round:{theirs.pk}",
            ),
        )
    assert refused.value.fields == {"link": "关联记录无效"}
    with pytest.raises(DomainError):
        activities.activity_create(
            actor=SYSTEM,
            data=activities.ActivityData(
                org=world.donghu,
                kind=ActivityKind.objects.get(code="meeting"),
                title="无主的链接",
                starts_on=dt.date(2026, 6, 25),
                link="awards.round:999999",
            ),
        )
