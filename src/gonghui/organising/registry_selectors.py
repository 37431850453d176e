"""Reading the legal-person registry (O4, R2): the certificates an actor may see, the changes waiting for
re-registration (due soon or overdue, with the days left or past), the base unions that qualify for a certificate
but have none, and the part's figures.

Who sees what: a certificate and its changes hang on the union itself (`org`), so the union's own node and every
node above it see them (`restrict(actor, "view")`): the reminder reaches the node and its parent alike.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]` lists what
waits (scoped with the actor)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Level, Org, Status

from .models import LegalPerson, LegalPersonChange, LegalPersonStatus
from .models.registry import overdue_if_changed_before, valid_q

FIGURES = (
    "certificates_issued",
    "certificates_valid",
    "changes_pending",
    "changes_overdue",
    "legal_persons_overdue",
    "qualified_without_certificate",
)

PENDING_CHOICES = (("", "全部"), ("pending", "有待重新登记的变更"), ("overdue", "有逾期未重新登记的变更"))
REMINDER_CHOICES = (("", "全部"), ("due", "期限内待办"), ("overdue", "已逾期"))


def _today() -> dt.date:
    return timezone.localdate()


# ---- the rules as conditions ---------------------------------------------------------------------------------


def pending_q(prefix: str = "") -> Q:
    """Changes waiting for re-registration (R2) on a certificate still registered."""
    return Q(**{f"{prefix}reregistered_on__isnull": True}) & Q(
        **{f"{prefix}legal_person__status": LegalPersonStatus.VALID}
    )


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Waiting past their last day: today > changed_on + 30 days (models.registry.standing says the same)."""
    return pending_q(prefix) & Q(**{f"{prefix}changed_on__lt": overdue_if_changed_before(today)})


def _qualified(orgs: QuerySet[Org], today: dt.date) -> QuerySet[Org]:
    """Base unions in force that formed a committee (a chair is recorded) and hold no valid certificate (O4)."""
    holding = LegalPerson.objects.filter(org=OuterRef("pk")).filter(valid_q(today))
    return (
        orgs.filter(level=Level.BASE, status=Status.ACTIVE)
        .exclude(committee_chair="")
        .exclude(Exists(holding))
    )


# ---- lists ---------------------------------------------------------------------------------------------------


def legal_persons_for(
    *,
    actor,
    org: Org | None = None,
    status: str = "",
    pending: str = "",
    search: str = "",
) -> QuerySet[LegalPerson]:
    """The certificates the actor may see, narrowed by subtree, status, pending changes and a search by name
    (registered or in the tree), certificate number or USCC."""
    waiting = LegalPersonChange.objects.filter(pending_q(), legal_person=OuterRef("pk"))
    late = LegalPersonChange.objects.filter(overdue_q(_today()), legal_person=OuterRef("pk"))
    qs = (
        LegalPerson.objects.restrict(actor, "view")
        .select_related("org")
        .annotate(has_pending=Exists(waiting), has_overdue=Exists(late))
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if status:
        qs = qs.filter(status=status)
    if pending == "pending":
        qs = qs.filter(has_pending=True)
    elif pending == "overdue":
        qs = qs.filter(has_overdue=True)
    if term := search.strip():
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(org__name__icontains=term)
            | Q(certificate_no__icontains=term)
            | Q(uscc__icontains=term.upper())
        )
    return qs


def legal_person_get(*, actor, pk, perm: str = "view") -> LegalPerson:
    try:
        return LegalPerson.objects.restrict(actor, perm).select_related("org", "org__parent").get(pk=pk)
    except (LegalPerson.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("未找到该工会法人资格证书") from exc


def change_get(*, actor, legal_person: LegalPerson, pk) -> LegalPersonChange:
    try:
        return LegalPersonChange.objects.restrict(actor, "view").get(pk=pk, legal_person=legal_person)
    except (LegalPersonChange.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("未找到该变更记录") from exc


def changes_of(*, actor, legal_person: LegalPerson) -> list[LegalPersonChange]:
    """The certificate's changes, newest first (its timeline)."""
    return list(
        LegalPersonChange.objects.restrict(actor, "view")
        .filter(legal_person=legal_person)
        .select_related("recorded_by")
        .order_by("-changed_on", "-id")
    )


def reminders_for(
    *, actor, org: Org | None = None, state: str = "", search: str = ""
) -> QuerySet[LegalPersonChange]:
    """Every change the actor may see that waits for re-registration (R2): due soon while today <= its last day,
    overdue after it."""
    qs = (
        LegalPersonChange.objects.restrict(actor, "view")
        .filter(pending_q())
        .select_related("legal_person", "legal_person__org")
    )
    if org is not None:
        qs = qs.filter(legal_person__in=LegalPerson.objects.in_subtree(org).values("pk"))
    cutoff = overdue_if_changed_before(_today())
    if state == "overdue":
        qs = qs.filter(changed_on__lt=cutoff)
    elif state == "due":
        qs = qs.filter(changed_on__gte=cutoff)
    if term := search.strip():
        qs = qs.filter(
            Q(legal_person__name__icontains=term)
            | Q(legal_person__org__name__icontains=term)
            | Q(legal_person__certificate_no__icontains=term)
        )
    return qs


def qualified_without_certificate_for(*, actor, org: Org | None = None, search: str = "") -> QuerySet[Org]:
    """Base unions the actor may see that qualify for a certificate and have none (O4)."""
    qs = Org.objects.restrict(actor, "view")
    if org is not None:
        qs = qs.subtree(org)
    qs = _qualified(qs, _today()).select_related("parent")
    if term := search.strip():
        qs = qs.filter(
            Q(name__icontains=term) | Q(short_name__icontains=term) | Q(uscc__icontains=term.upper())
        )
    return qs


def registrable_unions(*, actor) -> QuerySet[Org]:
    """Base unions in force, without a certificate, where the actor may register one (org.manage)."""
    return (
        Org.objects.restrict(actor, "org.manage")
        .filter(level=Level.BASE, status=Status.ACTIVE)
        .exclude(Exists(LegalPerson.objects.filter(org=OuterRef("pk"))))
        .order_by("path")
    )


# ---- figures -------------------------------------------------------------------------------------------------


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """Certificates issued in the period in the subtree; the rest as of today: valid certificates, changes waiting
    and those overdue (and on how many unions), and unions that qualify without a certificate."""
    today = _today()
    lps = LegalPerson.objects.in_subtree(org)
    changes = LegalPersonChange.objects.filter(legal_person__in=lps.values("pk"))
    overdue = changes.filter(overdue_q(today))
    return {
        "certificates_issued": lps.filter(issued_on__gte=start, issued_on__lte=end).count(),
        "certificates_valid": lps.filter(valid_q(today)).count(),
        "changes_pending": changes.filter(pending_q()).count(),
        "changes_overdue": overdue.count(),
        "legal_persons_overdue": overdue.values("legal_person_id").distinct().count(),
        "qualified_without_certificate": _qualified(Org.objects.subtree(org), today).count(),
    }


def sentence(fig: dict[str, int]) -> str:
    """ "新办工会法人资格证书12本，3家工会法人变更逾期未重新登记" (only what is not zero)."""
    parts = []
    if fig.get("certificates_issued"):
        parts.append(f"新办工会法人资格证书{thousands(fig['certificates_issued'])}本")
    if fig.get("legal_persons_overdue"):
        parts.append(f"{thousands(fig['legal_persons_overdue'])}家工会法人变更逾期未重新登记")
    return "，".join(parts)


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """Changes of the subtree's certificates waiting for re-registration within their 30 days, and those past
    them (R2): the same for the union's own node and every node above it."""
    if not in_scope(actor, "org.view", org):
        return []
    waiting = reminders_for(actor=actor, org=org)
    cutoff = overdue_if_changed_before(_today())
    url = f"{reverse('organising:registry_reminders')}?org={org.pk}"
    return [
        ("法人变更待重新登记", waiting.filter(changed_on__gte=cutoff).count(), f"{url}&state=due"),
        ("法人变更逾期未重新登记", waiting.filter(changed_on__lt=cutoff).count(), f"{url}&state=overdue"),
    ]
