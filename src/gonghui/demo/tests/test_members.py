"""The demo's synthetic members: valid IDs that agree with the register, one live membership each, members where
the reports put them, every status with its timeline, and a second load that adds nothing."""

import datetime as dt
import itertools
import re
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from gonghui.demo.loader import load_world
from gonghui.demo.members import load_members, member_counts
from gonghui.members.models import (
    LIVE_STATUSES,
    MEMBER_STATUSES,
    EventKind,
    Gender,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    PriorityGroup,
    Transfer,
    TransferStatus,
    lapsed_q,
)
from gonghui.orgs.models import Level, Org

pytestmark = pytest.mark.django_db

COUNT = 600


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo world and its members, loaded once for the module inside a transaction rolled back at the end.

    Each test runs in its own savepoint inside it (pytest-django's `db`), so tests stay independent.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_world()
        seen = []
        added = load_members(COUNT, progress=lambda done, total: seen.append((done, total)))
        yield {"added": added, "progress": seen}
        transaction.set_rollback(True)


def memberships():
    return Membership.objects.select_related("person", "org")


def test_the_requested_number_of_people_is_added_with_progress(demo):
    assert demo["added"] == COUNT == Person.objects.count() == Membership.objects.count()
    assert demo["progress"][-1] == (COUNT, COUNT)


def test_every_document_is_a_valid_resident_id_that_agrees_with_the_register(demo):
    people = list(Person.objects.all())
    numbers = [p.reveal_document() for p in people]
    assert len(set(numbers)) == len(numbers)
    for person, number in zip(people, numbers, strict=True):
        assert ric.is_valid(number), number[:6]
        assert person.birth_date == ric.get_birth_date(number)
        assert person.gender == (Gender.MALE if int(number[16]) % 2 else Gender.FEMALE)
        assert person.id_masked == f"{number[:3]}{'*' * 11}{number[-4:]}"
    assert Counter(n[:2] for n in numbers)["11"] > COUNT / 3  # most are Beijing's, migrants' are not
    migrants = [n for p, n in zip(people, numbers, strict=True) if p.is_migrant]
    assert migrants and all(not n.startswith("11") for n in migrants)


def test_mobiles_are_valid_and_unique(demo):
    mobiles = [p.reveal_mobile() for p in Person.objects.all()]
    assert all(re.fullmatch(r"1[3-9]\d{9}", m) for m in mobiles)
    assert len(set(mobiles)) == len(mobiles)


def test_people_look_like_a_workforce(demo):
    today = timezone.localdate()
    people = list(Person.objects.all())
    women = sum(p.gender == Gender.FEMALE for p in people) / len(people)
    assert 0.3 < women < 0.5
    ages = [p.age_on(today) for p in people]
    assert min(ages) >= 20 and max(ages) <= 70
    assert Counter(p.ethnicity for p in people).most_common(1)[0][0] == "汉族"
    assert any(p.skill_level for p in people) and any(p.is_hardship for p in people)
    for p in people:
        assert p.priority_group == "" or p.is_new_form


def test_no_person_has_two_live_memberships(demo):
    live = Counter(Membership.objects.filter(status__in=LIVE_STATUSES).values_list("person_id", flat=True))
    assert live and max(live.values()) == 1


def test_members_have_a_number_and_join_date_and_applications_have_neither(demo):
    for m in memberships():
        if m.status in (*MEMBER_STATUSES, MembershipStatus.LEFT):
            assert m.join_date and m.join_date <= timezone.localdate()
            assert m.applied_on <= m.join_date
            # services._activate: district code of the issuing union, then the key
            assert re.fullmatch(r"11\d{4}", m.number[:6]) and m.number[6:] == f"{m.pk:010d}"
        else:
            assert m.status == MembershipStatus.PENDING
            assert m.number is None and m.join_date is None
    numbers = list(Membership.objects.exclude(number=None).values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)


def test_members_are_in_active_member_holding_unions_with_their_paths(demo):
    for m in memberships():
        assert m.org.level in (Level.BASE, Level.JOINT, Level.STREET) and m.org.status == "active"
        assert m.org_path == m.org.path
    for e in MembershipEvent.objects.select_related("org"):
        assert e.org_path == e.org.path


def test_riders_join_street_federations_or_joint_unions(demo):
    riders = memberships().filter(person__priority_group=PriorityGroup.RIDER)
    assert riders.count() > 10
    assert {m.org.level for m in riders} <= {Level.STREET, Level.JOINT}
    assert all(m.person.is_new_form for m in riders)
    assert riders.filter(org__name="东湖街道新就业形态劳动者联合工会").exists()
    staff = memberships().filter(org__level=Level.BASE)
    assert staff.exists() and not staff.filter(person__is_new_form=True).exists()


def test_every_status_appears_and_some_members_read_as_lapsed(demo):
    statuses = Counter(Membership.objects.values_list("status", flat=True))
    for status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.RETAINED,
        MembershipStatus.LEFT,
        MembershipStatus.PENDING,
        MembershipStatus.IN_TRANSFER,
    ):
        assert statuses[status] > 0, status
    assert statuses[MembershipStatus.ACTIVE] > 0.8 * COUNT
    assert Membership.objects.filter(lapsed_q(timezone.localdate())).exists()  # M7
    for m in memberships().filter(status=MembershipStatus.RETAINED):
        assert m.person.employment_status == "retired" and m.person.age_on(timezone.localdate()) >= 55
    for m in memberships().filter(status=MembershipStatus.LEFT):
        assert m.leave_reason in ("voluntary", "other") and m.join_date < m.ended_on


def test_members_in_transfer_have_one_open_transfer_from_their_union(demo):
    moving = list(memberships().filter(status=MembershipStatus.IN_TRANSFER))
    assert moving
    for m in moving:
        (t,) = Transfer.objects.filter(membership=m)
        assert t.status == TransferStatus.PENDING and t.from_org_id == m.org_id != t.to_org_id
        assert (t.from_path, t.to_path) == (t.from_org.path, t.to_org.path)
        started = m.events.get(kind=EventKind.TRANSFER_STARTED)
        assert (started.org_id, started.other_org_id) == (m.org_id, t.to_org_id)


def test_completed_transfers_moved_the_membership_and_kept_its_number(demo):
    done = list(Transfer.objects.filter(status=TransferStatus.ACCEPTED).select_related("membership"))
    assert done
    for t in done:
        m = t.membership
        assert m.status == MembershipStatus.ACTIVE and m.org_id == t.to_org_id
        started = m.events.get(kind=EventKind.TRANSFER_STARTED)
        accepted = m.events.get(kind=EventKind.TRANSFER_ACCEPTED)
        assert (started.org_id, started.other_org_id) == (t.from_org_id, t.to_org_id)
        assert (accepted.org_id, accepted.other_org_id) == (t.to_org_id, t.from_org_id)
        assert started.on_date <= accepted.on_date == timezone.localtime(t.decided_at).date()
        assert timezone.localtime(t.created_at).date() == started.on_date
        first = m.events.order_by("id").first()
        assert first.org_id == t.from_org_id  # joined at the old union, which issued the number (M5)
        assert m.number.startswith(Org.objects.get(pk=t.from_org_id).district_code)


def test_every_timeline_runs_from_joining_to_the_current_status(demo):
    events: dict[int, list[MembershipEvent]] = {}
    for e in MembershipEvent.objects.order_by("created_at", "id"):
        events.setdefault(e.membership_id, []).append(e)
    for m in Membership.objects.all():
        timeline = events[m.pk]
        assert timeline[0].kind in (EventKind.ENROLLED, EventKind.APPLIED) and timeline[0].from_status == ""
        assert timeline[-1].to_status == m.status
        for before, after in itertools.pairwise(timeline):
            assert after.from_status == before.to_status and before.on_date <= after.on_date


def test_joins_are_spread_over_the_last_five_years(demo):
    dates = list(Membership.objects.exclude(join_date=None).values_list("join_date", flat=True))
    assert max(dates) - min(dates) >= dt.timedelta(days=4 * 365)
    assert min(dates) >= timezone.localdate() - dt.timedelta(days=5 * 366)


def test_loading_again_adds_nothing_and_a_larger_count_only_the_difference(demo):
    before = member_counts()
    assert load_members(COUNT) == 0
    assert member_counts() == before
    assert load_members(COUNT + 25) == 25
    assert Person.objects.count() == COUNT + 25
    live = Counter(Membership.objects.filter(status__in=LIVE_STATUSES).values_list("person_id", flat=True))
    assert max(live.values()) == 1
