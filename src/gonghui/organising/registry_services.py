"""The registry part's writes (rule O4 / R2): registering a base union's 工会法人资格证书, recording a change of its
name, address or legal representative, re-registering that change, and cancelling (注销) the registration.

Who may write: `org.manage` on the union (the scope's `manage`). A base union's legal-person registration is
handled with the node above (O3: the parent approves the union, and its federation issues the certificate), and
`org.manage` on the union is what that node holds; a street's operators (`employer.manage`) see the certificates
and their reminders but do not change them. Each service checks scope, validates, writes and records its audit row
in one transaction; the certificate's number and USCC are copied to the union in the tree through
`orgs.services.org_update`, so the tree and the registry say the same."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.scope import in_scope
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level, Org, Status, validate_uscc

from .models import ChangeField, LegalPerson, LegalPersonChange, LegalPersonStatus
from .models.registry import due_on
from .registry_audit import RegistryAudit


@dataclass(frozen=True)
class CertificateData:
    """What a 工会法人资格证书 says (O4)."""

    certificate_no: str
    uscc: str
    representative: str
    address: str
    issued_on: dt.date
    issuer: str
    valid_until: dt.date | None = None


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor):
    return actor if isinstance(actor, get_user_model()) else None


def _not_future(day: dt.date, field: str, label: str) -> None:
    if day > _today():
        raise DomainError("future_date", f"{label}不能晚于今天", fields={field: "不能晚于今天"})


def clean_uscc(value: str) -> str:
    """GB 32100 (rule I2): upper case, no spaces, with a valid check character; the message names the field."""
    code = (value or "").strip().upper().replace(" ", "")
    if not code:
        raise DomainError("uscc_required", "请填写统一社会信用代码", fields={"uscc": "必填"})
    try:
        validate_uscc(code)
    except ValidationError as exc:
        raise DomainError(
            "bad_uscc", f"统一社会信用代码“{code}”无效（应为18位，校验位正确）", fields={"uscc": "校验不通过"}
        ) from exc
    return code


def _locked(legal_person: LegalPerson, actor) -> LegalPerson:
    lp = LegalPerson.objects.select_for_update(of=("self",)).select_related("org").get(pk=legal_person.pk)
    if not in_scope(actor, "manage", lp):
        raise NotFound("未找到该工会法人资格证书")
    return lp


@transaction.atomic
def legal_person_register(*, actor, union: Org, data: CertificateData) -> LegalPerson:
    """Register a base union's certificate (O4) and copy its number and USCC to the union in the tree."""
    union = Org.objects.select_for_update().get(pk=union.pk)
    if not in_scope(actor, "org.manage", union):
        raise NotFound("未找到该工会组织")
    if union.level != Level.BASE:
        raise DomainError(
            "not_base_union", "只有基层工会可以登记工会法人资格证书", fields={"union": "不是基层工会"}
        )
    if union.status != Status.ACTIVE:
        raise Conflict(
            "union_not_active",
            f"“{union.name}”尚未成立或已撤销，不能登记法人",
            fields={"union": "状态不是正常"},
        )
    if LegalPerson.objects.filter(org=union).exists():
        raise Conflict(
            "already_registered", f"“{union.name}”已登记工会法人资格证书", fields={"union": "已登记"}
        )
    _not_future(data.issued_on, "issued_on", "发证日期")
    lp = LegalPerson(
        org=union,
        name=union.name,
        certificate_no=data.certificate_no.strip(),
        uscc=clean_uscc(data.uscc),
        representative=data.representative.strip(),
        address=data.address.strip(),
        issued_on=data.issued_on,
        valid_until=data.valid_until,
        issuer=data.issuer.strip(),
    )
    validated(lp)
    lp.save()
    org_services.org_update(actor=actor, org=union, uscc=lp.uscc, legal_person_certificate=lp.certificate_no)
    audit_record(
        actor=actor,
        action=RegistryAudit.REGISTER,
        org=union,
        target=lp,
        after={
            "union": union.name,
            "certificate_no": lp.certificate_no,
            "uscc": lp.uscc,
            "representative": lp.representative,
            "address": lp.address,
            "issued_on": lp.issued_on.isoformat(),
            "issuer": lp.issuer,
        },
    )
    return lp


def _pending(lp: LegalPerson, field: str) -> LegalPersonChange | None:
    return (
        LegalPersonChange.objects.filter(legal_person=lp, field=field, reregistered_on__isnull=True)
        .order_by("changed_on", "id")
        .first()
    )


def _change_audit(
    actor, lp: LegalPerson, change: LegalPersonChange, *, source: str = "", before=None
) -> None:
    after = {
        "field": change.get_field_display(),
        "old_value": change.old_value,
        "new_value": change.new_value,
        "changed_on": change.changed_on.isoformat(),
        "due_on": due_on(change.changed_on).isoformat(),
    }
    if source:
        after["source"] = source
    audit_record(actor=actor, action=RegistryAudit.CHANGE, org=lp.org, target=lp, before=before, after=after)


@transaction.atomic
def legal_person_change(
    *, actor, legal_person: LegalPerson, field: str, new_value: str, changed_on: dt.date, note: str = ""
) -> LegalPersonChange:
    """Record a change of the name, address or legal representative (R2). The certificate keeps its registered
    value until the change is re-registered, which is due within 30 days of `changed_on`."""
    lp = _locked(legal_person, actor)
    if lp.status != LegalPersonStatus.VALID:
        raise Conflict("cancelled", "该工会法人资格已注销，不能再记录变更")
    if field not in ChangeField.values:
        raise DomainError("bad_field", "变更事项应为名称、住所或法定代表人", fields={"field": "无效"})
    label = ChangeField(field).label
    value = (new_value or "").strip()
    if not value:
        raise DomainError("new_value_required", f"请填写变更后的{label}", fields={"new_value": "必填"})
    if value == getattr(lp, field):
        raise DomainError(
            "same_value", f"变更后的{label}与登记的相同", fields={"new_value": "与登记内容相同"}
        )
    _not_future(changed_on, "changed_on", "变更日期")
    if changed_on < lp.issued_on:
        raise DomainError("before_issue", "变更日期不能早于发证日期", fields={"changed_on": "早于发证日期"})
    waiting = _pending(lp, field)
    if waiting is not None:
        raise Conflict(
            "change_pending",
            f"{label}已有一项{waiting.changed_on:%Y-%m-%d}的变更尚未重新登记，请先办理重新登记",
            fields={"field": "已有待重新登记的变更"},
        )
    change = LegalPersonChange(
        legal_person=lp,
        field=field,
        old_value=getattr(lp, field),
        new_value=value,
        changed_on=changed_on,
        note=note.strip(),
        recorded_by=_user(actor),
    )
    validated(change, exclude=["legal_person", "recorded_by"])
    change.save()
    _change_audit(actor, lp, change)
    return change


@transaction.atomic
def legal_person_reregister(
    *,
    actor,
    change: LegalPersonChange,
    reregistered_on: dt.date,
    certificate_no: str = "",
    note: str = "",
) -> LegalPersonChange:
    """The change is re-registered (R2): the certificate takes its new value, and a new certificate number when
    one was issued (copied to the union in the tree)."""
    lp = _locked(change.legal_person, actor)
    change = LegalPersonChange.objects.select_for_update().get(pk=change.pk, legal_person=lp)
    if not change.pending:
        raise Conflict("already_reregistered", f"该变更已于{change.reregistered_on:%Y-%m-%d}重新登记")
    if lp.status != LegalPersonStatus.VALID:
        raise Conflict("cancelled", "该工会法人资格已注销")
    _not_future(reregistered_on, "reregistered_on", "重新登记日期")
    if reregistered_on < change.changed_on:
        raise DomainError(
            "before_change", "重新登记日期不能早于变更日期", fields={"reregistered_on": "早于变更日期"}
        )
    number = (certificate_no or "").strip()
    before = {change.field: getattr(lp, change.field), "certificate_no": lp.certificate_no}
    setattr(lp, change.field, change.new_value)
    if number:
        lp.certificate_no = number
    validated(lp)
    lp.save()
    change.reregistered_on = reregistered_on
    change.certificate_no = number
    if note.strip():
        change.note = "；".join(x for x in (change.note, note.strip()) if x)
    change.save()
    if number:
        org_services.org_update(actor=actor, org=lp.org, legal_person_certificate=number)
    after = {change.field: getattr(lp, change.field), "certificate_no": lp.certificate_no}
    audit_record(
        actor=actor,
        action=RegistryAudit.REREGISTER,
        org=lp.org,
        target=lp,
        before={k: v for k, v in before.items() if after[k] != v},
        after={
            **{k: v for k, v in after.items() if before[k] != v},
            "reregistered_on": reregistered_on.isoformat(),
        },
    )
    return change


@transaction.atomic
def legal_person_cancel(
    *, actor, legal_person: LegalPerson, cancelled_on: dt.date, reason: str
) -> LegalPerson:
    """注销: the registration ends (the union dissolved or merged). Its changes no longer wait for re-registration,
    and the union in the tree no longer shows the certificate number."""
    lp = _locked(legal_person, actor)
    if lp.status == LegalPersonStatus.CANCELLED:
        raise Conflict("already_cancelled", "该工会法人资格已注销")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", "请填写注销原因", fields={"reason": "必填"})
    _not_future(cancelled_on, "cancelled_on", "注销日期")
    if cancelled_on < lp.issued_on:
        raise DomainError("before_issue", "注销日期不能早于发证日期", fields={"cancelled_on": "早于发证日期"})
    lp.status = LegalPersonStatus.CANCELLED
    lp.cancelled_on = cancelled_on
    lp.cancel_reason = reason
    validated(lp)
    lp.save()
    if lp.org.legal_person_certificate == lp.certificate_no:
        org_services.org_update(actor=actor, org=lp.org, legal_person_certificate="")
    audit_record(
        actor=actor,
        action=RegistryAudit.CANCEL,
        org=lp.org,
        target=lp,
        before={"status": LegalPersonStatus.VALID.label},
        after={"status": lp.get_status_display(), "cancelled_on": cancelled_on.isoformat()},
        reason=reason,
    )
    return lp


def on_org_renamed(*, org, old: str, new: str, on, actor) -> None:
    """orgs' `org_renamed` hook, inside the rename's transaction: a legal-person union's new name is a change to
    re-register within 30 days (R2), recorded dated `on` so the reminder appears without anyone typing it twice.
    Nothing for a union without a valid certificate, or renamed back to its registered name. A name change still
    waiting takes the newest name and keeps its day (the 30 days run from the first unregistered change)."""
    lp = (
        LegalPerson.objects.select_for_update(of=("self",))
        .select_related("org")
        .filter(org=org, status=LegalPersonStatus.VALID)
        .first()
    )
    if lp is None or new == lp.name:
        return
    waiting = _pending(lp, ChangeField.NAME)
    if waiting is not None:
        before = {"new_value": waiting.new_value}
        waiting.new_value = new
        waiting.save(update_fields=["new_value"])
        _change_audit(actor, lp, waiting, source="组织更名", before=before)
        return
    change = LegalPersonChange.objects.create(
        legal_person=lp,
        field=ChangeField.NAME,
        old_value=lp.name,
        new_value=new,
        changed_on=on,
        note=f"组织更名时自动记录（原名“{old}”）",
        recorded_by=_user(actor),
    )
    _change_audit(actor, lp, change, source="组织更名")
