"""The registry part's API operations (added to api.router): a subtree's legal-person certificates with their
changes waiting for re-registration, and the reminders (R2), scoped as the pages are."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads
from gonghui.orgs.selectors import org_get

from . import registry_selectors as selectors

router = Router()


class RegistryCertificateOut(Schema):
    id: int
    union_id: int
    union: str
    name: str
    certificate_no: str
    uscc: str
    representative: str
    address: str
    issued_on: dt.date
    valid_until: dt.date | None
    issuer: str
    status: str
    changes_pending: bool
    changes_overdue: bool


class RegistryReminderOut(Schema):
    id: int
    certificate_id: int
    union: str
    certificate_no: str
    field: str
    old_value: str
    new_value: str
    changed_on: dt.date
    due_on: dt.date
    overdue: bool
    days_left: int
    days_overdue: int


@router.get("/registry", response=reads(list[RegistryCertificateOut]))
@access("org.view")
def certificates(request: HttpRequest, org: Id):
    """The 工会法人资格证书 of the subtree the caller sees (O4), with whether a change waits for re-registration
    and whether one is past its 30 days (R2)."""
    node = org_get(actor=request.user, pk=org)
    rows = selectors.legal_persons_for(actor=request.user, org=node).order_by("name", "id")
    return [
        {
            "id": lp.pk,
            "union_id": lp.org_id,
            "union": lp.org.name,
            "name": lp.name,
            "certificate_no": lp.certificate_no,
            "uscc": lp.uscc,
            "representative": lp.representative,
            "address": lp.address,
            "issued_on": lp.issued_on,
            "valid_until": lp.valid_until,
            "issuer": lp.issuer,
            "status": lp.get_status_display(),
            "changes_pending": lp.has_pending,
            "changes_overdue": lp.has_overdue,
        }
        for lp in rows
    ]


@router.get("/registry/reminders", response=reads(list[RegistryReminderOut]))
@access("org.view")
def reminders(request: HttpRequest, org: Id):
    """Every change of a certificate in the subtree not yet re-registered (R2): its last day (changed_on + 30),
    the days left (0 on the last day) or the days past it."""
    node = org_get(actor=request.user, pk=org)
    today = timezone.localdate()
    rows = selectors.reminders_for(actor=request.user, org=node).order_by("changed_on", "id")
    out = []
    for c in rows:
        s = c.standing(today)
        out.append(
            {
                "id": c.pk,
                "certificate_id": c.legal_person_id,
                "union": c.legal_person.name,
                "certificate_no": c.legal_person.certificate_no,
                "field": c.get_field_display(),
                "old_value": c.old_value,
                "new_value": c.new_value,
                "changed_on": c.changed_on,
                "due_on": s.due_on,
                "overdue": s.overdue,
                "days_left": 0 if s.overdue else s.days,
                "days_overdue": s.days if s.overdue else 0,
            }
        )
    return out
