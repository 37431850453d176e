"""Reads of the member register, always restricted to the actor's subtrees (and masked: nothing decrypts)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import DomainError, NotFound
from gonghui.core.paths import scope_q
from gonghui.core.scope import has_perm, scope_prefixes
from gonghui.orgs.models import Org, Status

from .identity import DocType, parse_document, parse_mobile
from .models import (
    CATEGORY_Q,
    LIVE_STATUSES,
    MEMBER_STATUSES,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    Transfer,
    TransferStatus,
    lapsed_q,
)

# Age bands shown by the filter: (label, lowest age, highest age).
AGE_BANDS = {
    "u25": ("25岁以下", 0, 24),
    "25-34": ("25-34岁", 25, 34),
    "35-44": ("35-44岁", 35, 44),
    "45-54": ("45-54岁", 45, 54),
    "55+": ("55岁及以上", 55, 200),
}
PAGE_SIZE = 50


@dataclass
class MemberFilters:
    union: Org | None = None  # the union's whole subtree
    status: str = ""
    category: str = ""
    channel: str = ""
    joined_from: dt.date | None = None
    joined_to: dt.date | None = None
    skill_level: str = ""
    gender: str = ""
    age_band: str = ""
    search: str = ""
    employer: str = ""  # part of the employer's name: the registered employer's, or the name typed at joining


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


MOBILE_TERM = re.compile(r"(\+?86)?1[3-9]\d{9}")
RIC_TERM = re.compile(r"\d{17}[\dXx]")
OTHER_DOC_TERM = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{5,20}")


def is_personal_term(term: str) -> bool:
    """Whether a search term is a mobile or document number (searched through the hash, never shown)."""
    term = re.sub(r"\s", "", term)
    return bool(MOBILE_TERM.fullmatch(term) or RIC_TERM.fullmatch(term) or OTHER_DOC_TERM.fullmatch(term))


def search_q(term: str) -> Q:
    """Search by name (prefix), employer name (prefix), member number, mobile or document number; the last two
    exactly, through their keyed hash, so a search never decrypts or scans personal data.

    Each branch is written so the database answers it from an index at any register size: a mobile or document
    number is first resolved to the people holding it (one probe of the hash index), so the membership query is
    `person_id IN (…) OR number = …`, two index probes the planner combines; a name is read from three prefix
    indexes (`_by_name`) rather than as an OR across joined tables, which no index can serve."""
    term = re.sub(r"\s", "", term)
    if not term:
        return Q()
    if MOBILE_TERM.fullmatch(term):
        return Q(person_id__in=_people(mobile_hash=Person.mobile_lookup(parse_mobile(term))))
    if RIC_TERM.fullmatch(term):
        return Q(person_id__in=_people(id_hash=Person.id_lookup(DocType.RIC, term.upper()))) | Q(number=term)
    if term.isdigit():
        return Q(number=term)
    if OTHER_DOC_TERM.fullmatch(term):
        hashes = [Person.id_lookup(t, term.upper()) for t in DocType.values if t != DocType.RIC]
        return Q(person_id__in=_people(id_hash__in=hashes)) | Q(number=term)
    return _by_name(term)


NAME_MATCHES_LISTED = 20_000  # up to this many memberships, a name search lists them by id


def _by_name(term: str) -> Q:
    """A name or employer prefix. The matches are read from the three prefix indexes (people by name, the
    employer's name as typed, registered employers) and, when there are at most NAME_MATCHES_LISTED of them,
    the list is those ids: fetched by primary key, however far apart they lie in the register. A prefix that
    matches more (a surname alone) is common enough that walking the newest memberships finds a page of them
    at once, so it stays a plain condition."""
    by_name = Membership.objects.filter(person__full_name__startswith=term).values_list("pk", flat=True)
    by_typed = Membership.objects.filter(employer_name__startswith=term).values_list("pk", flat=True)
    by_registered = Membership.objects.filter(employer__name__startswith=term).values_list("pk", flat=True)
    ids = list(by_name.union(by_typed, by_registered, all=True)[: NAME_MATCHES_LISTED + 1])
    if len(ids) <= NAME_MATCHES_LISTED:
        return Q(pk__in=ids)
    return Q(person__full_name__startswith=term) | employer_q(term, prefix=True)


def _people(**lookup) -> list[int]:
    """The ids of the people a hash names (a list of literals, so the planner sees how few they are)."""
    return list(Person.objects.filter(**lookup).values_list("pk", flat=True))


def employer_q(term: str, *, prefix: bool = False) -> Q:
    """Members working for an employer by (part of) its name: the registered employer, or the name as typed."""
    lookup = "startswith" if prefix else "contains"
    return Q(**{f"employer__name__{lookup}": term}) | Q(**{f"employer_name__{lookup}": term})


def members_for(
    *,
    actor,
    filters: MemberFilters | None = None,
    today: dt.date | None = None,
    perm: str = "member.view",
) -> QuerySet[Membership]:
    """The memberships the actor holds `perm` on, filtered; newest first (the order keyset pages walk)."""
    f = filters or MemberFilters()
    today = today or timezone.localdate()
    qs = Membership.objects.restrict(actor, perm).select_related("person", "org")
    if f.union is not None:
        qs = qs.in_subtree(f.union)
    if f.status:
        qs = qs.with_status(f.status, today)
    if f.category:
        if f.category not in CATEGORY_Q:
            raise DomainError("bad_filter", "会员类别无效", fields={"category": "无效"})
        qs = qs.filter(CATEGORY_Q[f.category])
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.joined_from:
        qs = qs.filter(join_date__gte=f.joined_from)
    if f.joined_to:
        qs = qs.filter(join_date__lte=f.joined_to)
    if f.skill_level:
        qs = qs.filter(person__skill_level=f.skill_level)
    if f.gender:
        qs = qs.filter(person__gender=f.gender)
    if f.age_band:
        if f.age_band not in AGE_BANDS:
            raise DomainError("bad_filter", "年龄段无效", fields={"age_band": "无效"})
        _, low, high = AGE_BANDS[f.age_band]
        # aged `low` or more: born on or before today minus low years; at most `high`: born after …-(high+1)
        qs = qs.filter(
            person__birth_date__lte=_years_before(today, low),
            person__birth_date__gt=_years_before(today, high + 1),
        )
    if f.employer.strip():
        qs = qs.filter(employer_q(f.employer.strip()))
    if f.search:
        qs = qs.filter(search_q(f.search))
    return qs.order_by("-id")


def keyset_page(
    qs: QuerySet[Membership], *, after: int | None, before: int | None = None, size: int = PAGE_SIZE
):
    """One page of a newest-first list without OFFSET: the rows with ids below `after` (the next page), or the
    `size` rows just above `before` (the page before), or the first page. Each is one index range read, at any
    depth. Returns (rows, next_after, prev_before): the cursors of the pages after and before, None at an end."""
    if before:
        rows = list(qs.filter(pk__gt=before).order_by("id")[: size + 1])
        earlier = len(rows) > size
        rows = rows[:size][::-1]
        return rows, (rows[-1].pk if rows else None), (rows[0].pk if earlier and rows else None)
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more and rows else None), (rows[0].pk if after and rows else None)


def membership_get(*, actor, pk, perm: str = "member.view") -> Membership:
    """A membership in the actor's scope, or one that a transfer links to it (each side sees its half)."""
    qs = Membership.objects.select_related("person", "org", "employer")
    try:
        return qs.restrict(actor, perm).get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        pass
    try:
        if Transfer.objects.restrict(actor, perm).filter(membership_id=pk).exists():
            return qs.get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        pass
    raise NotFound("未找到该会员")


def holds(actor, membership: Membership, perm: str = "member.view") -> bool:
    """Whether the membership's union is inside the actor's scope (not only linked by a transfer)."""
    return has_perm(actor, perm, membership.org)


def timeline(*, actor, membership: Membership) -> QuerySet[MembershipEvent]:
    """The membership's history; a union the member has left sees only what happened on its side."""
    qs = membership.events.select_related("org", "other_org")
    if holds(actor, membership):
        return qs
    return qs.restrict(actor, "view")


def transfers_of(*, actor, membership: Membership) -> QuerySet[Transfer]:
    qs = membership.transfers.select_related("from_org", "to_org", "to_employer")
    return qs if holds(actor, membership) else qs.filter(pk__in=Transfer.objects.restrict(actor, "view"))


def transfers_for(*, actor, direction: str = "in", open_only: bool = True) -> QuerySet[Transfer]:
    """Transfers waiting on the actor: incoming ones to accept (and requests others sent us to release),
    or outgoing ones we started."""
    prefixes = scope_prefixes(actor, "member.manage")
    qs = Transfer.objects.select_related("membership__person", "from_org", "to_org")
    if open_only:
        qs = qs.filter(status__in=(TransferStatus.PENDING, TransferStatus.REQUESTED))
    if direction == "in":
        on_us = (Q(status=TransferStatus.PENDING) & _in("to_path", prefixes)) | (
            Q(status=TransferStatus.REQUESTED) & _in("from_path", prefixes)
        )
    else:
        on_us = (Q(status=TransferStatus.PENDING) & _in("from_path", prefixes)) | (
            Q(status=TransferStatus.REQUESTED) & _in("to_path", prefixes)
        )
    if not open_only:
        on_us = _in("to_path" if direction == "in" else "from_path", prefixes)
    return qs.filter(on_us).order_by("-created_at", "-id")


def _in(field: str, prefixes: list[str] | None) -> Q:
    return Q() if prefixes is None else scope_q(field, prefixes)


def transfer_get(*, actor, pk, perm: str = "member.view") -> Transfer:
    try:
        return (
            Transfer.objects.restrict(actor, perm)
            .select_related("membership__person", "from_org", "to_org")
            .get(pk=pk)
        )
    except (Transfer.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("未找到该转会记录") from exc


def overdue_before(today: dt.date | None = None) -> dt.date:
    """Applications made before this day are overdue (GONGHUI_APPLICATION_OVERDUE_DAYS)."""
    return (today or timezone.localdate()) - dt.timedelta(days=settings.GONGHUI_APPLICATION_OVERDUE_DAYS)


def applications_for(
    *,
    actor,
    union: Org | None = None,
    channel: str = "",
    applied_from: dt.date | None = None,
    applied_to: dt.date | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Membership]:
    """Applications waiting for approval in unions where the actor may decide them, oldest first."""
    qs = Membership.objects.restrict(actor, "member.manage").filter(status=MembershipStatus.PENDING)
    if union is not None:
        qs = qs.in_subtree(union)
    if channel:
        qs = qs.filter(channel=channel)
    if applied_from:
        qs = qs.filter(applied_on__gte=applied_from)
    if applied_to:
        qs = qs.filter(applied_on__lte=applied_to)
    if overdue:
        qs = qs.filter(applied_on__lt=overdue_before(today))
    return qs.select_related("person", "org").order_by("applied_on", "id")


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """What waits for the register's cadres in a subtree (core.modules `todo`): overdue applications to join."""
    if not has_perm(actor, "member.manage", org):
        return []
    n = applications_for(actor=actor, union=org, overdue=True).count()
    days = settings.GONGHUI_APPLICATION_OVERDUE_DAYS
    return [
        (f"超过{days}天未审批的入会申请", n, f"{reverse('members:applications')}?union={org.pk}&overdue=on")
    ]


def member_unions(*, actor, search: str = "", perm: str = "member.manage") -> QuerySet[Org]:
    """Unions in the actor's scope that can hold members (for enrolment forms)."""
    qs = Org.objects.restrict(actor, perm).holding_members().filter(status=Status.ACTIVE)
    if search:
        qs = qs.filter(name__icontains=search.strip())
    return qs.order_by("path")


def transfer_targets(*, search: str | None) -> QuerySet[Org]:
    """Any union in the city that can receive a member: a transfer crosses districts (M5), and a union's name
    is public, so the search covers the whole tree but shows nothing but names. `None` means all of them
    (to validate a choice); a search needs at least two characters."""
    qs = Org.objects.holding_members().filter(status=Status.ACTIVE).select_related("parent")
    if search is None:
        return qs
    term = search.strip()
    if len(term) < 2:
        return Org.objects.none()
    return qs.filter(name__icontains=term).order_by("name")


def person_find(*, doc_type: str, id_number: str) -> Person | None:
    """Whether this document is already registered: one indexed lookup of its keyed hash (I3)."""
    doc = parse_document(doc_type, id_number)
    return Person.objects.filter(id_hash=Person.id_lookup(doc.doc_type, doc.number)).first()


def people_by_document(*, doc_type: str, id_numbers) -> dict[str, Person]:
    """The registered people among many documents (an uploaded list), in one indexed query: normalised number →
    person. Numbers that do not parse are left out: the caller reports them row by row (`parse_document`)."""
    hashes: dict[str, str] = {}
    for raw in id_numbers:
        try:
            doc = parse_document(doc_type, raw)
        except DomainError:
            continue
        hashes[Person.id_lookup(doc.doc_type, doc.number)] = doc.number
    return {hashes[p.id_hash]: p for p in Person.objects.filter(id_hash__in=list(hashes))}


def person_status(*, doc_type: str, number: str):
    """For an enrolment form: the registered person with this document (if any) and their live membership."""
    person = person_find(doc_type=doc_type, id_number=number)
    if person is None:
        return None, None
    # a lapsed membership (M7) is not live: enrolling will record the lapse and go ahead
    return person, live_membership(person, timezone.localdate())


def own_transfers(*, person: Person) -> QuerySet[Transfer]:
    """A worker's own transfers, newest first, for their phone pages (found by their person, not by scope)."""
    return Transfer.objects.filter(membership__person=person).select_related("from_org", "to_org")


def live_membership(person: Person, on: dt.date) -> Membership | None:
    """The person's one live membership (M4) as it reads on `on`, with its union; None when there is none, or when
    it is an active one whose dues stopped more than six months before `on` (M7: it reads as left)."""
    live = Membership.objects.filter(person=person, status__in=LIVE_STATUSES).select_related("org").first()
    return live if live is not None and live.status_on(on) in LIVE_STATUSES else None


def member_count(*, org: Org, today: dt.date | None = None) -> int:
    """Members in the node's subtree as of today (S1): active (lapses excluded), in transfer (counted
    once, at the old union, M5) and retained."""
    today = today or timezone.localdate()
    return (
        Membership.objects.in_subtree(org).filter(status__in=MEMBER_STATUSES).exclude(lapsed_q(today)).count()
    )


def org_figures(actor, org: Org) -> list[tuple[str, int, str]]:
    """What the register shows on an organisation's page (core.modules): its members, for those who may see them."""
    if not has_perm(actor, "member.view", org):
        return []
    return [("会员", member_count(org=org), f"{reverse('members:list')}?union={org.pk}")]


def membership_by_number(*, actor, number: str) -> Membership:
    """A member the actor may see (member.view), by their member number, as a staff form finds them (an activity's
    registrant or speaker, a competition's entrant). Someone outside the actor's subtree is "not found" exactly
    like a number nobody holds; the message names the number typed, beside the form's `number` field."""
    typed = number.strip()
    found = (
        Membership.objects.restrict(actor, "member.view")
        .filter(number=typed)
        .select_related("person", "org")
        .first()
    )
    if found is None:
        raise DomainError("number", f"未找到会员证号为 {typed} 的会员", fields={"number": "未找到"})
    return found
