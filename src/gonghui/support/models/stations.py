"""Lawyers at the service stations (V1): a provider paired with a station (a place, O7) for a span of dates, the
rota of its shifts, the consultations a node logs (topic, the worker, outcome, referral, the materials handed out)
and dispute screening (矛盾纠纷排查): visits to employers, the risks found there and their follow-up."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet

from .base import Provider

CONSULTATION_PURPOSE = "support.consultation"


class Pairing(models.Model):
    """A provider paired with one service station from `starts_on` to `ends_on` (open when empty), rule V1. The
    place lies in the subtree of the provider's node; the pairing is seen and managed as its provider is."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="pairings")
    place = models.ForeignKey("orgs.Place", on_delete=models.PROTECT, related_name="+", verbose_name="服务站")
    starts_on = models.DateField("对接开始日期")
    ends_on = models.DateField("对接结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("provider")

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = "律师对接服务站"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="support_pairing_dates_in_order",
                violation_error_message="对接结束日期不能早于开始日期",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider.name} — {self.place.name}"


class Shift(models.Model):
    """One duty shift of a pairing (the rota): a date and hours at the pairing's station."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField("值班日期", db_index=True)
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("pairing")

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = "值班安排"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="support_shift_hours_in_order",
                violation_error_message="结束时间须晚于开始时间",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class Channel(models.TextChoices):
    STATION = "station", "服务站"
    PHONE = "phone", "电话"
    ONLINE = "online", "网络"


class Topic(models.TextChoices):
    """In the order reports list them."""

    CONTRACT = "contract", "劳动合同"
    WAGES = "wages", "工资报酬"
    INJURY = "injury", "工伤"
    INSURANCE = "insurance", "社会保险"
    DISMISSAL = "dismissal", "解除劳动关系"
    LEAVE = "leave", "休息休假"
    SAFETY = "safety", "职业安全卫生"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    ANSWERED = "answered", "当场解答"
    MEDIATED = "mediated", "调解"
    LEGAL_AID = "legal_aid", "转法律援助"
    ARBITRATION = "arbitration", "转劳动仲裁"
    DEPARTMENT = "department", "转其他部门"
    OTHER = "other", "其他"


class Consultation(OrgOwned):
    """A legal consultation logged by a node (V1). The worker is a member (`membership`), someone known only by
    the keyed hash and mask of an ID number, or an anonymous walk-in (neither). The question and summary are
    legal facts about a person: encrypted (`summary_cipher`), shown on the detail page only."""

    date = models.DateField("咨询日期", db_index=True)
    channel = models.CharField("咨询方式", max_length=8, choices=Channel.choices, default=Channel.STATION)
    place = models.ForeignKey(
        "orgs.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="服务站"
    )
    topic = models.CharField("咨询事项", max_length=16, choices=Topic.choices)
    provider = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name="接待律师",
    )
    membership = models.ForeignKey(
        "members.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="会员",
    )
    id_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_masked = models.CharField("证件号码", max_length=24, blank=True, editable=False)
    summary_cipher = models.TextField(blank=True, editable=False)
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices)
    referral = models.CharField("转介去向", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "法律咨询"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_topic_display()}"

    @property
    def anonymous(self) -> bool:
        return self.membership_id is None and not self.id_hash


class Material(models.Model):
    """Materials handed out at a consultation (宣传材料), counted in 份."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="materials")
    item = models.CharField("材料名称", max_length=100)
    quantity = models.PositiveIntegerField("数量（份）")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("consultation")

    class Meta:
        ordering = ["id"]
        verbose_name = "发放材料"

    def __str__(self) -> str:
        return f"{self.item} {self.quantity}份"


class ScreeningVisit(OrgOwned):
    """A dispute-screening visit (矛盾纠纷排查) by a node to an employer in its subtree."""

    employer = models.ForeignKey(
        "orgs.Employer", on_delete=models.PROTECT, related_name="+", verbose_name="用人单位"
    )
    date = models.DateField("走访日期", db_index=True)
    visitors = models.CharField("走访人员", max_length=200)
    notes = models.TextField("走访情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "矛盾纠纷排查走访"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.employer.name}"


class RiskKind(models.TextChoices):
    WAGES = "wages", "欠薪"
    CONTRACT = "contract", "劳动合同"
    INSURANCE = "insurance", "社会保险"
    SAFETY = "safety", "安全生产"
    LAYOFF = "layoff", "裁员减员"
    OTHER = "other", "其他"


class RiskLevel(models.TextChoices):
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "较大"
    MAJOR = "major", "重大"


SERIOUS_LEVELS = (RiskLevel.SERIOUS, RiskLevel.MAJOR)


class Risk(models.Model):
    """A risk (风险隐患) found on a screening visit and its follow-up; resolved once `resolved_on` is set."""

    visit = models.ForeignKey(ScreeningVisit, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField("风险类别", max_length=16, choices=RiskKind.choices)
    description = models.CharField("风险描述", max_length=500)
    level = models.CharField("风险等级", max_length=16, choices=RiskLevel.choices)
    follow_up = models.TextField("跟进情况", blank=True)
    resolved_on = models.DateField("化解日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("visit")

    class Meta:
        ordering = ["id"]
        verbose_name = "风险隐患"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_level_display()}）"
