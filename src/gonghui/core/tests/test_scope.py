"""core.scope: one `restrict(actor, action)` for every scoped model, child rows through their parent, and actors
that are a user or SYSTEM, never None."""

import datetime as dt

import pytest

from gonghui.activities import services as activities
from gonghui.activities.models import ActivityKind, Session
from gonghui.core.scope import SYSTEM, in_scope, scope_prefixes
from gonghui.members.models import Transfer
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 18)


def activity(org, title, co=()):
    return activities.activity_create(
        actor=SYSTEM,
        data=activities.ActivityData(
            org=org,
            kind=ActivityKind.objects.get(code="family"),
            title=title,
            starts_on=DAY,
            co_organisers=list(co),
            sessions=[activities.SessionData("讲解")],
        ),
    )


def test_none_is_not_an_actor_and_system_sees_everything(world):
    with pytest.raises(TypeError):
        scope_prefixes(None, "org.view")
    with pytest.raises(TypeError):
        Org.objects.restrict(None, "view")
    assert Org.objects.restrict(SYSTEM, "view").count() == Org.objects.count()
    assert in_scope(SYSTEM, "manage", world.dashilan)


def test_child_rows_follow_their_parent_including_its_own_rule(world):
    own = activity(world.donghu, "东湖自办")
    shared = activity(world.dashilan, "大栅栏主办、东湖协办", co=[world.donghu])
    elsewhere = activity(world.dashilan, "大栅栏自办")
    seen = set(
        Session.objects.restrict(world.user("donghu"), "view").values_list("activity__title", flat=True)
    )
    assert seen == {own.title, shared.title}  # a co-organiser sees the sessions of the activity it helps run
    assert set(
        Session.objects.restrict(world.user("xicheng"), "view").values_list("activity_id", flat=True)
    ) == {
        shared.pk,
        elsewhere.pk,
    }
    session = elsewhere.sessions.get()
    assert in_scope(world.user("xicheng"), "view", session) and not in_scope(
        world.user("donghu"), "view", session
    )
    assert (
        Session.objects.in_subtree(world.chaoyang).get().activity == own
    )  # figures count the organiser's only


def test_a_row_on_two_paths_is_seen_from_both_sides(world):
    from gonghui.members import services as members
    from gonghui.members.tests.factories import enrol

    transfer = members.transfer_start(
        actor=SYSTEM, membership=enrol(world.base_donghu, "转出"), to_union=world.base_xicheng
    )
    for user in ("donghu", "xicheng"):
        assert list(Transfer.objects.restrict(world.user(user), "view")) == [transfer]
        assert in_scope(world.user(user), "manage", transfer)
    assert not in_scope(world.user("viewer"), "manage", transfer)
