"""A member enters a competition on their phone (issue 18 §1): only person competitions with phone sign-up by their
union or a union above it, once, from their own union, within the unit's cap. What they may not enter is not found,
exactly like what does not exist."""

import datetime as dt

import pytest
import time_machine

from gonghui.competitions.models import Channel, EntrantKind
from gonghui.competitions.tests.access_rows import competition
from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import PASSWORD
from gonghui.members.sessions import MEMBER_SESSION_KEY
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def sign_in_member(client, membership):
    session = client.session
    session[MEMBER_SESSION_KEY] = membership.person.pk
    session.save()


def test_a_member_enters_once_from_their_own_union(world, client):
    ours = competition(
        world.donghu, name="东湖包粽子比赛", member_signup=True, unit_cap=2, starts_on=dt.date(2026, 7, 1)
    )
    staff_only = competition(world.donghu, name="只由工会报名", starts_on=dt.date(2026, 7, 1))
    theirs = competition(world.dashilan, name="大栅栏比赛", member_signup=True, starts_on=dt.date(2026, 7, 1))
    teams = competition(
        world.donghu,
        name="团体赛",
        member_signup=True,
        entrant_kind=EntrantKind.TEAM,
        starts_on=dt.date(2026, 7, 1),
    )
    member = enrol(world.base_donghu, "王芳")
    sign_in_member(client, member)
    listing = client.get("/competitions/me/").content.decode()
    assert "东湖包粽子比赛" in listing
    assert all(name not in listing for name in ("只由工会报名", "大栅栏比赛", "团体赛"))
    assert "竞赛报名" in client.get("/me/").content.decode()
    for hidden in (staff_only, theirs, teams, "999999"):
        pk = getattr(hidden, "pk", hidden)
        assert client.get(f"/competitions/me/{pk}/").status_code == 404
        assert client.post(f"/competitions/me/{pk}/", {"group": 1}).status_code == 404
    group = ours.groups.get(name="甲组")
    response = client.post(f"/competitions/me/{ours.pk}/", {"group": group.pk})
    assert response.status_code == 302
    entrant = ours.entrants.get(person=member.person)
    assert entrant.channel == Channel.PHONE and [u.union_id for u in entrant.units.all()] == [
        world.base_donghu.pk
    ]
    page = client.get(f"/competitions/me/{ours.pk}/").content.decode()
    assert 'data-testid="my-entry"' in page and "甲组" in page and 'data-testid="enter-form"' not in page
    audit = AuditEvent.objects.get(action="competition.entrant.self")
    assert audit.actor_username == "会员 王*"
    # the union's cap of 2 counts the member's own union: a third member of it is refused with the reason
    second, third = enrol(world.base_donghu, "李娜"), enrol(world.base_donghu, "赵敏")
    sign_in_member(client, second)
    assert client.post(f"/competitions/me/{ours.pk}/", {"group": group.pk}).status_code == 302
    sign_in_member(client, third)
    refused = client.post(f"/competitions/me/{ours.pk}/", {"group": group.pk}).content.decode()
    assert "望京科技有限公司工会已报满2个名额" in refused


def test_staff_see_who_entered_by_phone(world, client):
    ours = competition(world.donghu, name="手机报名", member_signup=True, starts_on=dt.date(2026, 7, 1))
    member = enrol(world.base_donghu, "陈静")
    sign_in_member(client, member)
    client.post(f"/competitions/me/{ours.pk}/", {"group": ours.groups.first().pk})
    client.logout()
    assert client.login(username="chaoyang", password=PASSWORD)
    page = client.get(f"/competitions/{ours.pk}/").content.decode()
    assert "陈静" in page and "望京科技有限公司工会" in page


def test_the_e_card_leads_to_photo_contests_open_to_the_member(world, client):  # rule C7
    from gonghui.competitions.models import Format
    from gonghui.competitions.services import StageData

    member = enrol(world.base_donghu, "周杰")
    sign_in_member(client, member)
    assert 'data-testid="contests-link"' not in client.get("/me/").content.decode()
    competition(
        world.donghu,
        name="最美劳动者摄影",
        groups=["摄影"],
        stages=[StageData("作品征集", Format.PHOTO)],
        starts_on=dt.date(2026, 7, 1),
    )
    card = client.get("/me/").content.decode()
    assert 'data-testid="contests-link"' in card and "作品征集与投票" in card
    # a member of another district is not told about it
    sign_in_member(client, enrol(world.base_xicheng, "西城会员"))
    assert 'data-testid="contests-link"' not in client.get("/me/").content.decode()
