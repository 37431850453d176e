"""The member's side of competitions (issue 18 §1): a signed-in member sees the person competitions open to phone
sign-up that their union or a union above it organises, and enters one in a group; their unit is their union.

Like every worker page, what a member cannot join is simply not found: nothing tells them whether a competition
of another subtree exists, or whether another person has entered."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, NotFound
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import SYSTEM
from gonghui.members.models import MEMBER_STATUSES, Membership, Person
from gonghui.members.selectors import live_membership

from . import services
from .audit import CompetitionAudit
from .models import Channel, Competition, Entrant, EntrantKind, Group


def membership_of(person: Person) -> Membership | None:
    """The person's membership today if they are a member (S1: active, retained or in transfer; an application
    not yet approved is not, M7's lapse is applied): its union is their unit on every competition's phone page
    (sign-up and the photo contests)."""
    live = live_membership(person, timezone.localdate())
    return live if live is not None and live.status in MEMBER_STATUSES else None


def unions_above(person: Person) -> list[str] | None:
    """The paths of the member's union and every union above it: whose competitions the member may see; None
    for someone who is not a member today."""
    membership = membership_of(person)
    return None if membership is None else ancestor_paths(membership.org_path)


def open_to(person: Person) -> QuerySet[Competition]:
    """Person competitions with phone sign-up by the member's union or a union above it, not yet started."""
    above = unions_above(person)
    if above is None:
        return Competition.objects.none()
    return (
        Competition.objects.standing()
        .filter(
            org_path__in=above,
            member_signup=True,
            entrant_kind=EntrantKind.PERSON,
        )
        .exclude(stages__started_at__isnull=False)
        .select_related("org")
        .distinct()
        .order_by("starts_on", "pk")
    )


@dataclass(frozen=True)
class Mine:
    competition: Competition
    entrant: Entrant


def entered_by(person: Person) -> list[Mine]:
    rows = Entrant.objects.filter(person=person).select_related("competition", "competition__org", "group")
    return [Mine(e.competition, e) for e in rows.order_by("-competition__starts_on")[:50]]


def competition_for(person: Person, pk) -> tuple[Competition, Entrant | None]:
    """A competition the member may enter, or one they entered, with their entry."""
    if not str(pk).isdigit():
        raise NotFound("未找到该竞赛")
    entrant = Entrant.objects.filter(person=person, competition_id=pk).select_related("group").first()
    if entrant is not None:
        return entrant.competition, entrant
    found = open_to(person).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该竞赛")
    return found, None


@transaction.atomic
def enter_self(*, person: Person, competition: Competition, group: Group) -> Entrant:
    """The member enters a group: as themself, from their own union, by phone; the unit cap applies (C1)."""
    competition = Competition.objects.select_for_update(of=("self",)).get(pk=competition.pk)
    if not open_to(person).filter(pk=competition.pk).exists():
        raise NotFound("未找到该竞赛")
    if group.competition_id != competition.pk:
        raise NotFound("未找到该组别")
    membership = membership_of(person)
    assert membership is not None  # open_to found it
    if competition.entrants.filter(person=person).exists():
        raise Conflict("entered", "您已报名本竞赛")
    entrant = services.add_entrant(
        SYSTEM,
        competition,
        services.EntrantData(
            group=group,
            person=person,
            units=[services.UnitData(union=membership.org)],
            channel=Channel.PHONE,
        ),
    )
    audit_record(
        actor=None,
        action=CompetitionAudit.ENTRANT_SELF,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"group": group.name, "units": [membership.org.name]},
        actor_username=f"会员 {personal.mask_name(person.full_name)}",
    )
    return entrant
