"""The legal-person registry (DOMAIN O4, rule R2): a base union's 工会法人资格证书 with its USCC, and the changes of
name, address or legal representative that must be re-registered within 30 days.

The certificate keeps its registered values until a change is re-registered; a change waiting for that shows the
new value beside the registered one. The day arithmetic of R2 is here, once (`due_on`, `standing`), and every
page, figure and reminder reads it."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet
from gonghui.orgs.models import validate_uscc

# Rule R2 / O4 (工会法人资格登记管理办法): a change of name, address or legal representative is re-registered
# within 30 days of the change.
REREGISTER_WITHIN_DAYS = 30


def due_on(changed_on: dt.date) -> dt.date:
    """The last day a change made on `changed_on` may be re-registered (R2): the 30th day after it."""
    return changed_on + dt.timedelta(days=REREGISTER_WITHIN_DAYS)


def overdue_if_changed_before(today: dt.date) -> dt.date:
    """A change not re-registered is overdue on `today` iff it was made before this day (today > due_on)."""
    return today - dt.timedelta(days=REREGISTER_WITHIN_DAYS)


@dataclass(frozen=True)
class Standing:
    """Where a change waiting for re-registration stands on a day: due (`days` left, 0 on the last day) or
    overdue (`days` past the last day)."""

    due_on: dt.date
    overdue: bool
    days: int

    @property
    def label(self) -> str:
        if self.overdue:
            return f"逾期{self.days}天"
        return "今天到期" if self.days == 0 else f"还剩{self.days}天"


def standing(changed_on: dt.date, today: dt.date) -> Standing:
    """R2 on a day: changed 25 days ago → 5 days left; on the 30th day → 0 left, still due; on the 31st → overdue
    by 1."""
    last = due_on(changed_on)
    if today <= last:
        return Standing(last, False, (last - today).days)
    return Standing(last, True, (today - last).days)


class LegalPersonStatus(models.TextChoices):
    VALID = "valid", "有效"
    CANCELLED = "cancelled", "已注销"


class ChangeField(models.TextChoices):
    """What R2 says must be re-registered, named as the certificate's own fields."""

    NAME = "name", "名称"
    ADDRESS = "address", "住所"
    REPRESENTATIVE = "representative", "法定代表人"


class LegalPerson(OrgOwned):
    """A base union registered as a legal person (O4): its 工会法人资格证书 (`org` is the union itself, one each).
    `name`, `address` and `representative` are as registered on the certificate; a pending change does not alter
    them until it is re-registered."""

    name = models.CharField("名称", max_length=200)
    certificate_no = models.CharField("工会法人资格证书编号", max_length=40)
    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc])
    representative = models.CharField("法定代表人", max_length=60)
    address = models.CharField("住所", max_length=255)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    issuer = models.CharField("发证机关", max_length=100)
    status = models.CharField(
        "状态", max_length=10, choices=LegalPersonStatus.choices, default=LegalPersonStatus.VALID
    )
    cancelled_on = models.DateField("注销日期", null=True, blank=True)
    cancel_reason = models.CharField("注销原因", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # the union's node and every node above see it; writing needs org.manage on the union, which its parent holds
    scope = Scope.of(view="org.view", manage="org.manage")

    class Meta:
        verbose_name = "工会法人资格证书"
        verbose_name_plural = "工会法人资格证书"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org"],
                name="organising_legal_person_one_per_union",
                violation_error_message="该工会已登记法人资格证书",
            ),
            models.UniqueConstraint(
                fields=["certificate_no"],
                name="organising_legal_person_certificate_unique",
                violation_error_message="该工会法人资格证书编号已登记",
            ),
            models.UniqueConstraint(
                fields=["uscc"],
                condition=Q(status="valid"),
                name="organising_legal_person_uscc_unique",
                violation_error_message="该统一社会信用代码已登记为其他工会法人",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="organising_legal_person_valid_after_issue",
                violation_error_message="有效期至不能早于发证日期",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancelled_on__isnull=True),
                name="organising_legal_person_cancel_date_only_if_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"

    @property
    def is_valid(self) -> bool:
        """Valid today: not cancelled and not past its 有效期."""
        if self.status != LegalPersonStatus.VALID:
            return False
        return self.valid_until is None or self.valid_until >= timezone.localdate()


def valid_q(today: dt.date, prefix: str = "") -> Q:
    """Certificates valid on `today` (not cancelled, not expired), optionally through a relation."""
    return Q(**{f"{prefix}status": LegalPersonStatus.VALID}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


class LegalPersonChange(models.Model):
    """A change of the certificate's name, address or legal representative (R2), from `old_value` (as registered)
    to `new_value`, made on `changed_on`; `reregistered_on` stays empty until it is re-registered (then the
    certificate takes the new value, and a new certificate number if one was issued)."""

    legal_person = models.ForeignKey(
        LegalPerson, on_delete=models.CASCADE, related_name="changes", verbose_name="工会法人"
    )
    field = models.CharField("变更事项", max_length=16, choices=ChangeField.choices)
    old_value = models.CharField("原登记内容", max_length=255)
    new_value = models.CharField("变更后内容", max_length=255)
    changed_on = models.DateField("变更日期")
    reregistered_on = models.DateField("重新登记日期", null=True, blank=True)
    certificate_no = models.CharField("重新登记后证书编号", max_length=40, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="记录人",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("legal_person")

    class Meta:
        verbose_name = "工会法人变更"
        verbose_name_plural = "工会法人变更"
        ordering = ["-changed_on", "-id"]
        indexes = [models.Index(fields=["reregistered_on", "changed_on"], name="organising_lp_change_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reregistered_on__isnull=True) | Q(reregistered_on__gte=models.F("changed_on")),
                name="organising_lp_change_reregistered_after_change",
                violation_error_message="重新登记日期不能早于变更日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}：{self.old_value} → {self.new_value}"

    @property
    def pending(self) -> bool:
        return self.reregistered_on is None

    @property
    def due_on(self) -> dt.date:
        return due_on(self.changed_on)

    def standing(self, today: dt.date | None = None) -> Standing:
        return standing(self.changed_on, today or timezone.localdate())

    @property
    def standing_now(self) -> Standing:
        """For templates: as of today."""
        return self.standing()
