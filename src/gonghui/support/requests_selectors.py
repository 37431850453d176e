"""Members' requests (rule V4) as pages, the API and the figures read them.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]` lists what
waits for the cadres of a subtree (scoped with the actor).

Who sees a request: staff whose subtree holds the union it is routed to (`org`), which includes the node it is
escalated to (the routed union's parent, an ancestor); the member who made it, on their phone, and nobody else
there: another member's request is "not found" exactly like a missing one."""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.scope import has_perm
from gonghui.members.models import Person
from gonghui.orgs.models import Org

from .models.requests import OPEN_STATES, PURPOSE, RequestState, ServiceRequest, overdue_q

FIGURES = (
    "requests",
    "requests_answered",
    "requests_on_time",
    "requests_overdue",
    "requests_escalated",
)


# ---- figures (issue 19 §5) ---------------------------------------------------------------------------------------


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """The subtree's requests in the period: received, answered, answered within the answer deadline, open and
    past a deadline at the period's end (or today, for a period not over yet: a deadline still to come is not
    missed), escalated in the period."""
    rows = ServiceRequest.objects.in_subtree(org)
    as_of = min(end, timezone.localdate())
    answered = rows.filter(answered_on__range=(start, end))
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return {
        "requests": rows.filter(received_on__range=(start, end)).count(),
        "requests_answered": answered.count(),
        "requests_on_time": answered.filter(answered_on__lte=F("answer_due")).count(),
        "requests_overdue": rows.filter(overdue_q(as_of)).count(),
        "requests_escalated": rows.filter(escalated_at__gte=since, escalated_at__lt=until).count(),
    }


def sentence(fig: dict[str, int]) -> str:
    """As reports write it: "受理职工诉求20件，按时答复18件" (only the parts above zero)."""
    parts = []
    if fig["requests"]:
        parts.append(f"受理职工诉求{thousands(fig['requests'])}件")
    if fig["requests_on_time"]:
        parts.append(f"按时答复{thousands(fig['requests_on_time'])}件")
    if fig["requests_overdue"]:
        parts.append(f"逾期未办{thousands(fig['requests_overdue'])}件")
    if fig["requests_escalated"]:
        parts.append(f"升级督办{thousands(fig['requests_escalated'])}件")
    return "，".join(parts)


def requests_by_state(org: Org, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """The requests received in the period by their state now: (label, count), in the order of the steps, only
    those above zero."""
    counts = dict(
        ServiceRequest.objects.in_subtree(org)
        .filter(received_on__range=(start, end))
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return [(str(state.label), counts[state.value]) for state in RequestState if counts.get(state.value)]


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """What waits in the subtree: requests past a deadline, and those escalated to this node still unanswered."""
    if not has_perm(actor, "org.view", org):
        return []
    today = timezone.localdate()
    rows = ServiceRequest.objects.restrict(actor, "view").in_subtree(org)
    url = reverse("support:requests")
    return [
        ("逾期未办的职工诉求", rows.filter(overdue_q(today)).count(), f"{url}?org={org.pk}&overdue=on"),
        (
            "升级到本级督办的职工诉求",
            rows.filter(escalated_to=org, state__in=OPEN_STATES).count(),
            f"{url}?org={org.pk}&escalated=on",
        ),
    ]


# ---- staff -------------------------------------------------------------------------------------------------------


def requests_for(
    *,
    actor,
    state: str = "",
    category: str = "",
    channel: str = "",
    overdue: bool = False,
    escalated: bool = False,
    org: Org | None = None,
    year: int | None = None,
    search: str = "",
) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.restrict(actor, "view").select_related("org", "person", "escalated_to")
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    if channel:
        qs = qs.filter(channel=channel)
    if overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    if escalated:
        qs = qs.filter(escalated_to__isnull=False)
    if org is not None:
        qs = qs.in_subtree(org)
    if year:
        qs = qs.filter(received_on__year=year)
    if search:
        qs = qs.filter(number__icontains=search.strip())
    return qs


def request_get(*, actor, pk, perm: str = "view") -> ServiceRequest:
    """One request the actor may see; out of their subtree it is not found, like a missing one."""
    if not str(pk).isdigit():
        raise NotFound("未找到该诉求")
    found = (
        ServiceRequest.objects.restrict(actor, perm)
        .select_related("org", "person", "employer", "escalated_to", "logged_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("未找到该诉求")
    return found


def description(request: ServiceRequest) -> str:
    return personal.decrypt(request.description_cipher, purpose=PURPOSE)


def steps(request: ServiceRequest):
    return request.steps.select_related("actor").order_by("at", "id")


# ---- the member's own --------------------------------------------------------------------------------------------


def own_requests(person: Person) -> QuerySet[ServiceRequest]:
    """The member's own requests (found by their person, not by scope), newest first."""
    return ServiceRequest.objects.filter(person=person).select_related("org").order_by("-received_on", "-id")


def own_request(person: Person, pk) -> ServiceRequest:
    """One of the member's own requests; anyone else's is "not found", exactly like a missing one."""
    if not str(pk).isdigit():
        raise NotFound("未找到该诉求")
    found = own_requests(person).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该诉求")
    return found


def member_panel(request, person):
    """The e-card's link to the member's own requests (contract `member_panels`): (template, context)."""
    open_count = own_requests(person).filter(~Q(state=RequestState.CLOSED)).count()
    return ("support/requests/phone/panel.html", {"open": open_count})


def today() -> dt.date:
    return timezone.localdate()
