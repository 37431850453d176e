"""M4 under concurrent requests: the database, not the form, keeps one live membership per person."""

import dataclasses

import pytest

from gonghui.core.errors import Conflict
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.concurrency import postgresql_only, race
from gonghui.core.testing.world import build_world
from gonghui.members import services
from gonghui.members.models import LIVE_STATUSES, Membership, Person
from gonghui.orgs.models import Level
from gonghui.orgs.services import org_create

from .factories import person_data

THREADS = 32


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_32_threads_enrol_one_person_into_different_unions():
    postgresql_only()
    world = build_world()
    unions = [
        org_create(
            actor=SYSTEM,
            parent=world.donghu if i % 2 else world.dashilan,
            name=f"并发测试{i:02d}工会",
            level=Level.BASE,
        )
        for i in range(THREADS)
    ]
    data = person_data("并发")

    def enrol(union):
        try:
            services.membership_enrol(actor=SYSTEM, union=union, person_data=dataclasses.replace(data))
        except Conflict as exc:
            return ("refused", union.name, exc.message)
        return ("enrolled", union.name, "")

    results = [
        ("error", "", repr(r)) if isinstance(r, Exception) else r
        for r in race([lambda u=u: enrol(u) for u in unions])
    ]

    enrolled = [r for r in results if r[0] == "enrolled"]
    refused = [r for r in results if r[0] == "refused"]
    assert len(enrolled) == 1, results
    assert len(refused) == THREADS - 1, [r for r in results if r[0] == "error"]
    winner = enrolled[0][1]
    assert all(f"“{winner}”" in message and "会员" in message for _, _, message in refused)
    assert Person.objects.count() == 1
    assert Membership.objects.filter(status__in=LIVE_STATUSES).count() == 1
    assert Membership.objects.get().org.name == winner
