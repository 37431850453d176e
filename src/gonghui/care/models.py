"""Care campaigns (DOMAIN W2): a node runs a campaign for its subtree, hands budgets, targets and supplies down to
the child nodes taking part, and each node records what it handed out, to whom and where.

Stock is counted per campaign unit and item in one row that never goes below zero: every movement is a conditional
UPDATE (`quantity >= n`) and the check constraint is the last guard, so parallel hand-outs cannot overdraw it.
Every movement also leaves a ledger row (StockMove), from which spend and the Excel ledger are read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class CampaignKind(models.Model):
    """夏送清凉, 冬送温暖, 金秋助学, 困难帮扶 …: data, so a federation adds its own without a release."""

    name = models.CharField(_("活动类型"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("关爱活动类型")

    def __str__(self) -> str:
        return self.name


class SupplyItem(models.Model):
    """An item of the catalogue shared by every campaign (防晒霜, 冰袖 …) with the unit it is counted in."""

    name = models.CharField(_("物资名称"), max_length=60, unique=True)
    unit = models.CharField(_("计量单位"), max_length=8, help_text=_("如：件、盒、斤、份"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("物资")

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Campaign(OrgOwned):
    """A campaign run by `org` for its subtree; its budget and targets are those of its root unit."""

    kind = models.ForeignKey(CampaignKind, on_delete=models.PROTECT, verbose_name=_("活动类型"))
    name = models.CharField(_("活动名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    target_groups = models.JSONField(_("慰问对象"), default=list, blank=True)
    allow_repeat = models.BooleanField(
        _("允许重复领取"), default=False, help_text=_("不勾选时，同一职工每种物资只能领取一次 (W2)")
    )
    description = models.TextField(_("活动说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        verbose_name = _("关爱活动")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(OrgOwned):
    """A node taking part in a campaign, with the targets and budget its parent unit gave it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    target_employers = models.PositiveIntegerField(_("目标企业数"), default=0)
    target_workers = models.PositiveIntegerField(_("目标职工数"), default=0)
    budget = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        verbose_name = _("参与单位")
        ordering = ["org_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "org"],
                name="campaign_unit_once",
                violation_error_message=_("该组织已参加本次活动"),
            ),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(parent__isnull=True), name="campaign_one_root_unit"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="campaign_unit_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.org}"


class Package(models.Model):
    """A named bundle of items handed out as one (the 001-6 package: 防晒脖套, 冰袖, 防滑手套 …)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="packages")
    name = models.CharField(_("礼包名称"), max_length=60)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="package_name_once",
                violation_error_message=_("本次活动已有同名礼包"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PackageLine(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("数量"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["package", "item"], name="package_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="package_line_positive"),
        ]


class Stock(models.Model):
    """What a unit holds of an item right now. Never negative (W2), whatever runs in parallel."""

    unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="stock")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="+")
    quantity = models.IntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("unit")  # a unit's stock, seen where the unit is

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "item"], name="stock_unit_item_once"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="stock_never_negative",
                violation_error_message=_("库存不足"),
            ),
        ]


class MoveKind(models.TextChoices):
    PURCHASE = "purchase", _("采购入库")
    ALLOCATE_OUT = "allocate_out", _("下拨")
    ALLOCATE_IN = "allocate_in", _("上级下拨")
    HAND_OUT = "hand_out", _("发放")
    HAND_OUT_VOID = "hand_out_void", _("撤销发放")


class RecipientKind(models.TextChoices):
    EMPLOYER = "employer", _("用人单位")
    SITE = "site", _("站点/阵地")
    TEAM = "team", _("班组/车队")
    PERSON = "person", _("职工个人")


class DistributionQuerySet(ScopedQuerySet):
    def standing(self):
        """Hand-outs that count: not voided."""
        return self.filter(voided_at__isnull=True)


class Distribution(OrgOwned):
    """One hand-out, recorded where it happened: by which unit, to whom, by whom, when, how many people.

    A hand-out recorded in error is voided, not deleted: its stock comes back through a reversing ledger row,
    and the row stays with who voided it and why."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="distributions")
    unit = models.ForeignKey(CampaignUnit, on_delete=models.PROTECT, related_name="distributions")
    recipient_kind = models.CharField(_("发放对象"), max_length=16, choices=RecipientKind.choices)
    employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey("orgs.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_name = models.CharField(_("对象名称"), max_length=200)
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    package = models.ForeignKey(Package, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    packages = models.PositiveIntegerField(_("礼包份数"), default=0)
    people_covered = models.PositiveIntegerField(_("覆盖职工人数"))
    handed_out_by = models.CharField(_("发放人"), max_length=100)
    handed_at = models.DateTimeField(_("发放时间"), default=timezone.now)
    photo = models.CharField(max_length=255, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    objects = DistributionQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        verbose_name = _("发放记录")
        ordering = ["-handed_at", "-id"]
        indexes = [models.Index(fields=["campaign", "org_path"], name="distribution_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recipient_kind="person") | Q(person__isnull=False, people_covered=1),
                name="distribution_person_is_one",
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind="employer") | Q(employer__isnull=False),
                name="distribution_employer_named",
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="distribution_void_has_reason",
                violation_error_message=_("请填写撤销原因"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.handed_at:%Y-%m-%d}"


class DistributionLine(models.Model):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("distribution")  # as its hand-out

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "item"], name="distribution_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="distribution_line_positive"),
        ]


class PersonReceipt(models.Model):
    """A person's receipt of an item in a campaign. `seq` stays 1 unless the campaign allows more, so the unique
    constraint is what keeps "at most once per campaign item" (W2) under parallel scans."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveSmallIntegerField(default=1)
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="receipts")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "item", "person", "seq"],
                name="receipt_once_per_item",
                violation_error_message=_("该职工已领取过本次活动的这种物资"),
            ),
        ]


class StockMove(OrgOwned):
    """The ledger: every change of a unit's stock, with the purchase price where money was spent."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="moves")
    unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="moves")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=MoveKind.choices)
    quantity = models.IntegerField(_("数量"), help_text=_("入库为正，出库为负"))
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    counterpart = models.ForeignKey(
        CampaignUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    distribution = models.ForeignKey(
        Distribution, null=True, blank=True, on_delete=models.CASCADE, related_name="moves"
    )
    supplier = models.CharField(_("供应商"), max_length=200, blank=True)
    at = models.DateTimeField(_("发生时间"), default=timezone.now, help_text=_("入库、下拨或发放的实际时间"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["campaign", "org_path"], name="stock_move_scope_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stock_move_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind="purchase") | Q(unit_price__isnull=False, quantity__gt=0),
                name="stock_move_purchase_priced",
            ),
        ]
