"""Organisations (DOMAIN §1), the employers they cover (O5), the places they run (O7), and role grants."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from gonghui.core.models import OrgOwned
from gonghui.core.paths import PathField, depth_of, scope_q
from gonghui.core.scope import Scope, ScopedQuerySet


class Level(models.TextChoices):
    CITY = "city", _("市总工会")
    DISTRICT = "district", _("区总工会")
    ZONE = "zone", _("功能区总工会")
    INDUSTRY = "industry", _("产业工会")
    STREET = "street", _("街道/乡镇/地区总工会")
    JOINT = "joint", _("联合工会")
    BASE = "base", _("基层工会")
    BRANCH = "branch", _("分工会/工会小组")


# Which levels may sit directly under which (DOMAIN §1 table; O2: industry is a classification as well).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    Level.CITY: {Level.DISTRICT, Level.ZONE, Level.INDUSTRY, Level.JOINT, Level.BASE},
    Level.DISTRICT: {Level.STREET, Level.INDUSTRY, Level.JOINT, Level.BASE},
    Level.ZONE: {Level.STREET, Level.INDUSTRY, Level.JOINT, Level.BASE},
    Level.INDUSTRY: {Level.INDUSTRY, Level.JOINT, Level.BASE},
    Level.STREET: {Level.JOINT, Level.BASE},
    Level.JOINT: {Level.BASE},
    Level.BASE: {Level.BRANCH},
    Level.BRANCH: {Level.BRANCH},
}
TERRITORIAL_LEVELS = {Level.CITY, Level.DISTRICT, Level.STREET}
# M2, M3: the levels that hold memberships: base unions, and for workers whose employer has no union, the joint
# union or the street (township) federation where the employer is. Read through Org.holds_members and
# Org.objects.holding_members(); whether a dissolved one may still take members is each action's own rule.
MEMBER_HOLDING_LEVELS = (Level.BASE, Level.JOINT, Level.STREET)


class Industry(models.TextChoices):
    """Sections of GB/T 4754-2017 (国民经济行业分类), the classification of O2."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class Status(models.TextChoices):
    PREPARING = "preparing", _("筹建中")
    ACTIVE = "active", _("正常")
    DISSOLVED = "dissolved", _("已撤销")


def validate_uscc(value: str) -> None:
    """Rule I2 / O4: an 18-character 统一社会信用代码 with a valid check character (GB 32100)."""
    if not value:
        return
    try:
        stdnum_uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("统一社会信用代码 %(value)s 无效"), params={"value": value}, code="uscc"
        ) from exc


def validate_district_code(value: str) -> None:
    if value and not (len(value) == 6 and value.isdigit()):
        raise ValidationError(_("行政区划代码应为 6 位数字 (GB/T 2260)"), code="district_code")


class OrgQuerySet(ScopedQuerySet):
    def subtree(self, org: "Org") -> "OrgQuerySet":
        return self.filter(scope_q("path", [org.path]))

    def holding_members(self) -> "OrgQuerySet":
        """The organisations whose level may hold memberships (M2, M3), as `Org.holds_members` says."""
        return self.filter(level__in=MEMBER_HOLDING_LEVELS)


class Org(models.Model):
    """A union organisation (工会组织). Never deleted: dissolving keeps it and its history (O1)."""

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级工会"),
    )
    path = PathField(unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=1)
    district_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, db_index=True, validators=[validate_district_code]
    )
    industry = models.CharField(_("产业"), max_length=1, blank=True, choices=Industry.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    legal_person_certificate = models.CharField(_("工会法人资格证书编号"), max_length=40, blank=True)
    committee_chair = models.CharField(_("工会主席"), max_length=60, blank=True)
    term_start = models.DateField(_("本届任期开始"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("任期(年)"), null=True, blank=True, choices=[(3, "3"), (5, "5")]
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgQuerySet.as_manager()
    scope = Scope.of("path", view="org.view", manage="org.manage")

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="org_uscc_unique",
                violation_error_message=_("该统一社会信用代码已被其他工会组织使用"),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=~Q(status="dissolved"),
                name="org_sibling_name_unique",
                violation_error_message=_("同一上级工会下已有同名的组织"),
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True) | Q(term_years__in=[3, 5]),
                name="org_term_3_or_5",
                violation_error_message=_("任期应为 3 年或 5 年 (工会法第十六条)"),
            ),
            models.CheckConstraint(
                condition=Q(status="dissolved") | Q(dissolved_on__isnull=True),
                name="org_dissolved_date_only_if_dissolved",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_dissolved(self) -> bool:
        return self.status == Status.DISSOLVED

    @property
    def holds_members(self) -> bool:
        """Whether its level may hold memberships (M2, M3)."""
        return self.level in MEMBER_HOLDING_LEVELS

    def can_hold(self, level: str) -> bool:
        return level in ALLOWED_CHILDREN.get(self.level, set())

    def calc_depth(self) -> int:
        return depth_of(self.path)

    def snapshot(self) -> dict:
        """The fields a history entry records before and after a change."""
        return {
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "parent": self.parent.name if self.parent_id else None,
            "district_code": self.district_code,
            "industry": self.industry,
            "uscc": self.uscc,
            "legal_person_certificate": self.legal_person_certificate,
            "committee_chair": self.committee_chair,
            "term_start": self.term_start.isoformat() if self.term_start else None,
            "term_years": self.term_years,
            "established_on": self.established_on.isoformat() if self.established_on else None,
            "status": self.status,
        }


class Ownership(models.TextChoices):
    STATE = "state", _("国有")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")
    HKMOTW = "hkmotw", _("港澳台")
    INSTITUTION = "institution", _("事业单位")
    AGENCY = "agency", _("机关")
    SOCIAL = "social", _("社会组织")


class Coverage(models.TextChoices):
    OWN = "own", _("独立建会")
    JOINT = "joint", _("联合工会覆盖")
    NONE = "none", _("未建会")


class EmployerStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    CLOSED = "closed", _("已注销")


class FormedChannel(models.TextChoices):
    """How an employer came to be covered by a union (R1; the organising figures count new unions by it)."""

    VISIT = "visit", _("走访")
    STALL = "stall", _("摆摊设点")
    PLATFORM = "platform", _("平台集中建会")
    OTHER = "other", _("其他")


class Employer(OrgOwned):
    """An employer (用人单位, O5), recorded under the federation of its location.

    `union` is its own base union, or the joint union that covers it; empty means an organising target (未建会).
    What it is now; `periods` keeps what it was on every day since it was recorded (R1).
    """

    name = models.CharField(_("单位名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    industry = models.CharField(_("行业"), max_length=1, blank=True, choices=Industry.choices)
    ownership = models.CharField(
        _("单位性质"), max_length=16, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    headcount = models.PositiveIntegerField(_("职工人数"), default=0)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    district_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, db_index=True, validators=[validate_district_code]
    )
    union = models.ForeignKey(
        Org,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("所属工会"),
    )
    coverage = models.CharField(
        _("建会情况"), max_length=8, choices=Coverage.choices, default=Coverage.NONE, db_index=True
    )
    status = models.CharField(
        _("经营状态"), max_length=8, choices=EmployerStatus.choices, default=EmployerStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="employer_uscc_unique",
                violation_error_message=_("该统一社会信用代码已登记为其他用人单位"),
            ),
            # DOMAIN §1 and O5: a base union is the union of one employer; a joint union covers many.
            models.UniqueConstraint(
                fields=["union"],
                condition=Q(coverage="own"),
                name="employer_one_per_base_union",
                violation_error_message=_("该基层工会已是其他用人单位的工会，一个基层工会只对应一家单位"),
            ),
            models.CheckConstraint(
                condition=(Q(coverage="none") & Q(union__isnull=True))
                | (~Q(coverage="none") & Q(union__isnull=False)),
                name="employer_coverage_matches_union",
                violation_error_message=_("建会情况与所属工会不一致"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# What a period records: the employer's attributes that the figures count by (S3), dated (R1).
DATED_EMPLOYER_FIELDS = ("union_id", "coverage", "ownership", "headcount")


class EmployerPeriod(OrgOwned):
    """One stretch of days in which an employer, recorded under `org`, kept the same coverage, union, type and
    headcount (R1: coverage changes are dated, so 建会率 can be counted for any past date). The employer's
    periods follow each other without gaps from the day it was recorded; the last one is open (`ended_on` empty)
    until it changes again or the employer closes. `formed`: the period began with the employer becoming
    covered, from 未建会 (a new union, or joining a joint union), by `channel`."""

    # Indexed with the days below: a subtree's periods between two days are one index range.
    org_path = PathField(editable=False)
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="periods")
    union = models.ForeignKey(Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    coverage = models.CharField(_("建会情况"), max_length=8, choices=Coverage.choices)
    ownership = models.CharField(_("单位性质"), max_length=16, choices=Ownership.choices)
    headcount = models.PositiveIntegerField(_("职工人数"))
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("截止日期"), null=True, blank=True)  # the first day no longer so
    formed = models.BooleanField(_("新建会"), default=False)
    channel = models.CharField(_("建会途径"), max_length=12, choices=FormedChannel.choices, blank=True)

    class Meta:
        verbose_name = _("用人单位建会情况变化")
        ordering = ["employer_id", "started_on", "id"]
        indexes = [
            models.Index(fields=["org_path", "started_on"], name="emp_period_scope_start_idx"),
            models.Index(fields=["org_path", "ended_on"], name="emp_period_scope_end_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"], condition=Q(ended_on__isnull=True), name="emp_period_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="emp_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.started_on}–{self.ended_on or ''} {self.coverage}"


class PlaceKind(models.TextChoices):
    SERVICE_STATION = "service_station", _("工会服务站")
    WORKERS_HOME = "workers_home", _("职工之家")
    REST_STATION = "rest_station", _("劳动者港湾/驿站")
    INNOVATION_STUDIO = "innovation_studio", _("创新工作室")
    CRAFTSMAN_ACADEMY = "craftsman_academy", _("工匠学院")


class Place(OrgOwned):
    """A place where a union serves workers (O7)."""

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("类型"), max_length=24, choices=PlaceKind.choices)
    address = models.CharField(_("地址"), max_length=255)
    district_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, db_index=True, validators=[validate_district_code]
    )
    opening_hours = models.CharField(_("开放时间"), max_length=120, blank=True)
    facilities = models.JSONField(_("设施"), default=list, blank=True)
    is_open = models.BooleanField(_("开放中"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A role is data: a name and the permission codes it grants (see permissions.PERMISSIONS)."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("角色"), max_length=40)
    permissions = models.JSONField(default=list)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("角色")

    def __str__(self) -> str:
        return self.name


class RoleGrant(OrgOwned):
    """A role held on a node; it covers the node's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="staff.manage", manage="staff.manage")

    class Meta:
        verbose_name = _("角色授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org", "role"],
                name="grant_unique",
                violation_error_message=_("该人员在此组织已有此角色"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} @ {self.org}"
