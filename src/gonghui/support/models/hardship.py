"""Hardship aid for 困难职工 (DOMAIN §6 V3, M10): the local line per region and year, a household's file with its
income against the line, the separate consent for sensitive data (PIPL art. 29), the review by the base union and
the node above, aid granted, and the annual re-review.

Income and reasons (illness, disability …) are sensitive personal data: stored encrypted
(`core.personal.encrypt(…, purpose=HARDSHIP_PURPOSE)`), shown only on the file's audited detail page, and only to
a holder of `hardship.handle`; lists and exports show the masked name and the band (低于标准 / 高于标准)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.paths import ancestor_paths, scope_q
from gonghui.core.scope import Scope, ScopedQuerySet

HARDSHIP_PURPOSE = "support.hardship"
HANDLE = "hardship.handle"


class IncomeLineQuerySet(ScopedQuerySet):
    def scoped(self, prefixes: list[str]):
        """A line set by a city is read by every handler of its subtree too (they test households against it);
        only the city's own handlers change it (the services check that)."""
        above = {a for p in prefixes for a in ancestor_paths(p)}
        return self.filter(scope_q("org_path", prefixes) | Q(org_path__in=above))


class IncomeLine(OrgOwned):
    """The local hardship line (困难职工认定标准) of a region for a year: monthly income per head, whole yuan (V3).
    `org` is the federation that set it (a city's 帮扶专员)."""

    region_code = models.CharField(_("地区代码"), max_length=6)
    year = models.PositiveSmallIntegerField(_("年度"))
    monthly_line = models.PositiveIntegerField(_("月人均收入标准（元）"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncomeLineQuerySet.as_manager()
    scope = Scope.of(view=HANDLE, manage=HANDLE)

    class Meta:
        verbose_name = _("困难职工认定标准")
        constraints = [
            models.UniqueConstraint(fields=["region_code", "year"], name="income_line_region_year_unique"),
            models.CheckConstraint(condition=Q(monthly_line__gt=0), name="income_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}年 {self.monthly_line}元/人·月"


class HardshipCategory(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")


class IncomeBand(models.TextChoices):
    BELOW = "below", _("低于标准")
    ABOVE = "above", _("高于标准")


class FileStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    BASE_APPROVED = "base_approved", _("基层审核通过")
    APPROVED = "approved", _("上级审核通过")
    RETURNED = "returned", _("退回")
    CLOSED = "closed", _("已销档")
    EXPIRED = "expired", _("逾期未复审，已失效")
    WITHDRAWN = "withdrawn", _("已撤回")


# a person has at most one of these at a union (a second application waits until the first ends)
LIVE_STATUSES = (
    FileStatus.DRAFT,
    FileStatus.SUBMITTED,
    FileStatus.BASE_APPROVED,
    FileStatus.RETURNED,
    FileStatus.APPROVED,
)
EDITABLE_STATUSES = (FileStatus.DRAFT, FileStatus.RETURNED)


class Channel(models.TextChoices):
    STAFF = "staff", _("工会建档")
    PHONE = "phone", _("本人手机申请")


class HardshipFile(OrgOwned):
    """A 困难职工 household's file at the member's union (`org`)."""

    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("职工")
    )
    name_masked = models.CharField(_("姓名"), max_length=50, editable=False)
    member_number = models.CharField(_("会员证号"), max_length=24, blank=True)
    channel = models.CharField(_("来源"), max_length=8, choices=Channel.choices, default=Channel.STAFF)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"))
    income_cipher = models.TextField(editable=False)
    band = models.CharField(_("收入状况"), max_length=8, choices=IncomeBand.choices)
    line_region = models.CharField(_("适用标准地区代码"), max_length=6)
    line_year = models.PositiveSmallIntegerField(_("适用标准年度"))
    line_yuan = models.PositiveIntegerField(_("适用标准（元/人·月）"))
    category = models.CharField(_("困难类别"), max_length=10, choices=HardshipCategory.choices)
    reasons_cipher = models.TextField(editable=False)
    evidence = models.TextField(_("证明材料"), blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_by_name = models.CharField(_("同意记录人"), max_length=60)
    consent_at = models.DateTimeField(_("同意时间"))
    consent_version = models.CharField(_("告知同意书版本"), max_length=20)
    status = models.CharField(_("状态"), max_length=16, choices=FileStatus.choices, default=FileStatus.DRAFT)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    base_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    base_reviewed_on = models.DateField(_("基层审核日期"), null=True, blank=True)
    upper_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("认定日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至（复审日期）"), null=True, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view=HANDLE, manage=HANDLE)

    class Meta:
        verbose_name = _("困难职工档案")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "org"],
                condition=Q(status__in=LIVE_STATUSES),
                name="hardship_one_live_file_per_union",
                violation_error_message=_("该职工在本工会已有在办或有效的困难职工档案"),
            ),
            models.CheckConstraint(condition=Q(household_size__gte=1), name="hardship_household_positive"),
        ]
        indexes = [models.Index(fields=["org_path", "-id"], name="hardship_scope_id_idx")]

    def __str__(self) -> str:
        return f"困难职工档案 {self.name_masked}"

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class GrantKind(models.TextChoices):
    MONEY = "money", _("资金")
    GOODS = "goods", _("物资")


class HardshipGrant(models.Model):
    """Aid given to a household (V3): money in whole yuan, or goods (with their value where known), often through
    a care campaign named as the union names it (2026年冬送温暖)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="grants")
    given_on = models.DateField(_("发放日期"))
    kind = models.CharField(_("帮扶方式"), max_length=8, choices=GrantKind.choices)
    amount_yuan = models.PositiveIntegerField(_("金额（元）"), default=0)
    goods = models.CharField(_("物资"), max_length=200, blank=True)
    campaign = models.CharField(_("帮扶活动"), max_length=100, blank=True)
    given_by = models.CharField(_("经办人"), max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("file", view=HANDLE, manage=HANDLE)

    class Meta:
        verbose_name = _("帮扶发放")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on:%Y-%m-%d}"
