"""The honours register (DOMAIN §6 A1): recorded in scope, counted in the subtree that holds the recipient, the
report's sentence, the summary API, and the demo's 通州 2024 exactly as report 000-2 counts it."""

import datetime as dt

import pytest
import time_machine

from gonghui.awards import selectors, services
from gonghui.awards.models import AwardType, Honour, Level, RecipientKind
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
YEAR = 2024
NOW = dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def _type(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def _record(org, code, **recipient):
    return services.honour_record(actor=SYSTEM, org=org, award_type=_type(code), year=YEAR, **recipient)


def test_the_seeded_types_know_their_level_kind_and_the_honour_below():  # rule A1, A5
    medal = _type("national-labour-medal")
    assert (medal.level, medal.recipient_kind, medal.below.name) == (Level.NATIONAL, "person", "首都劳动奖章")
    assert _type("national-model-worker").model_worker and _type("national-model-worker").cycle_years == 5
    assert _type("capital-family").recipient_kind == RecipientKind.FAMILY


def test_an_honour_is_counted_in_the_subtree_that_holds_it_and_read_as_a_report_reads_it(world):
    _record(world.donghu, "national-labour-certificate", unit_name="望京科技有限公司")
    _record(world.donghu, "capital-pioneer", unit_name="望京科技有限公司", team_name="研发一组")
    _record(world.donghu, "capital-labour-medal", unit_name="望京科技有限公司", person_name="张伟")
    _record(world.donghu, "capital-labour-medal", unit_name="望京科技有限公司", person_name="李娜")
    _record(world.dashilan, "capital-labour-medal", unit_name="大栅栏商贸", person_name="王芳")
    lines = selectors.summary(world.chaoyang, YEAR)
    assert selectors.sentence(lines) == (
        "1家单位荣获全国五一劳动奖状；1个车间班组荣获北京市工人先锋号，2人荣获首都劳动奖章"
    )
    assert selectors.summary(world.chaoyang, YEAR - 1) == []
    assert [(line.award_type.name, line.count) for line in selectors.summary(world.xicheng, YEAR)] == [
        ("首都劳动奖章", 1)
    ]
    assert selectors.work_figures(world.chaoyang, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)) == {
        "honours": 4,
        "honoured_people": 2,
    }
    seen = selectors.honours_for(actor=world.user("chaoyang"))
    assert sorted(h.recipient_label for h in seen) == [
        "张伟",
        "望京科技有限公司",
        "望京科技有限公司研发一组",
        "李娜",
    ]


def test_recording_is_checked_named_and_audited(world):
    chaoyang = world.user("chaoyang")
    medal = _type("capital-labour-medal")
    with pytest.raises(NotFound):
        services.honour_record(
            actor=chaoyang, org=world.dashilan, award_type=medal, year=YEAR, person_name="越权"
        )
    with pytest.raises(DomainError) as refused:
        services.honour_record(
            actor=chaoyang, org=world.donghu, award_type=medal, year=YEAR, unit_name="某单位"
        )
    assert refused.value.fields == {"person_name": "必填"}
    with pytest.raises(DomainError) as refused:
        services.honour_record(
            actor=chaoyang,
            org=world.donghu,
            award_type=_type("capital-pioneer"),
            year=YEAR,
            unit_name="某单位",
        )
    assert refused.value.fields == {"team_name": "必填"}
    with pytest.raises(DomainError) as refused:
        services.honour_record(
            actor=chaoyang, org=world.donghu, award_type=medal, year=2027, person_name="甲"
        )
    assert "year" in refused.value.fields
    honour = services.honour_record(
        actor=chaoyang, org=world.donghu, award_type=medal, year=YEAR, person_name="甲"
    )
    with pytest.raises(Conflict):
        services.honour_record(
            actor=chaoyang, org=world.donghu, award_type=medal, year=YEAR, person_name="甲"
        )
    event = AuditEvent.objects.get(action="award.honour.record")
    assert (
        event.after == {"award": "首都劳动奖章", "year": YEAR, "recipient": "甲"}
        and event.org_id == world.donghu.pk
    )
    services.honour_withdraw(actor=chaoyang, honour=honour, reason="重复登记")
    assert selectors.summary(world.chaoyang, YEAR) == []
    assert Honour.objects.get(pk=honour.pk).withdraw_reason == "重复登记"
    with pytest.raises(Conflict):
        services.honour_withdraw(actor=chaoyang, honour=honour, reason="再次")


def test_a_nodes_own_type_is_offered_in_its_subtree_only(world):
    own = services.award_type_create(
        actor=world.user("chaoyang"),
        org=world.chaoyang,
        name="朝阳区优秀工会工作者",
        level=Level.DISTRICT,
        recipient_kind=RecipientKind.PERSON,
        conferred_by="",
    )
    assert own in selectors.types_for(org=world.donghu)
    assert own not in selectors.types_for(org=world.dashilan)
    with pytest.raises(DomainError):
        services.honour_record(actor=SYSTEM, org=world.dashilan, award_type=own, year=YEAR, person_name="甲")
    with pytest.raises(DomainError):
        services.award_type_create(
            actor=world.user("chaoyang"),
            org=world.chaoyang,
            name="x",
            level=Level.CAPITAL,
            recipient_kind=RecipientKind.PERSON,
            conferred_by="",
        )


def test_the_summary_api_counts_the_subtree_and_hides_the_rest(world, client):
    _record(world.donghu, "capital-labour-medal", unit_name="望京科技有限公司", person_name="张伟")
    assert client.login(username="chaoyang", password=PASSWORD)
    body = client.get("/api/awards/summary", {"org": world.chaoyang.pk, "year": YEAR}).json()
    assert body["total"] == 1 and body["sentence"] == "朝阳区1人荣获首都劳动奖章"
    assert body["counts"][0] == {
        "award_type": "capital-labour-medal",
        "name": "首都劳动奖章",
        "level": "capital",
        "recipient_kind": "person",
        "count": 1,
        "phrase": "1人荣获首都劳动奖章",
    }
    assert client.get("/api/awards/summary", {"org": world.xicheng.pk, "year": YEAR}).status_code == 404
