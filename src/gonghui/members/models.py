"""The member register: real-name people, their memberships, the dated history of each, and transfers.

DOMAIN §2 and §3. A Person is one human being, found by the keyed hash of their document number; a
Membership places them in one union (M4: at most one live membership at a time, enforced by a partial
unique index); every change of a membership is a MembershipEvent, and a change of union is a Transfer.
"""

import datetime as dt
import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import personal
from gonghui.core.models import OrgOwned
from gonghui.core.paths import BytewiseCharField, PathField
from gonghui.core.scope import Scope, ScopedQuerySet

from .identity import DocType

ID_PURPOSE = "person.id_number"
MOBILE_PURPOSE = "person.mobile"


class Gender(models.TextChoices):
    MALE = "m", _("男")
    FEMALE = "f", _("女")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    GRADUATE = "graduate", _("研究生")


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("在岗")
    FLEXIBLE = "flexible", _("灵活就业")
    UNEMPLOYED = "unemployed", _("失业")
    RETIRED = "retired", _("退休")


class SkillLevel(models.TextChoices):
    """S2: the 新八级工 ladder, lowest to highest (the order of this list is the order of the ladder)."""

    APPRENTICE = "apprentice", _("学徒工")
    JUNIOR = "junior", _("初级工")
    INTERMEDIATE = "intermediate", _("中级工")
    SENIOR = "senior", _("高级工")
    TECHNICIAN = "technician", _("技师")
    SENIOR_TECHNICIAN = "senior_technician", _("高级技师")
    SPECIAL = "special", _("特级技师")
    CHIEF = "chief", _("首席技师")


class PriorityGroup(models.TextChoices):
    """M10: the eight priority groups (八大群体) of new-employment-form workers, plus the rest of them."""

    TRUCK_DRIVER = "truck_driver", _("货车司机")
    COURIER = "courier", _("快递员")
    CARER = "carer", _("护工")
    DOMESTIC = "domestic", _("家政服务员")
    MALL_STAFF = "mall_staff", _("商场信息员")
    RIDER = "rider", _("网约配送员")
    ESTATE_AGENT = "estate_agent", _("房产中介")
    SECURITY = "security", _("保安员")
    OTHER = "other", _("其他新就业形态")


class Category(models.TextChoices):
    """M10: the worker categories statistics count separately; used by filters."""

    WOMAN = "woman", _("女职工")
    MIGRANT = "migrant", _("农民工")
    NEW_FORM = "new_form", _("新就业形态劳动者")
    HARDSHIP = "hardship", _("困难职工")
    MODEL = "model", _("劳模")


CATEGORY_Q: dict[str, Q] = {
    Category.WOMAN: Q(person__gender=Gender.FEMALE),
    Category.MIGRANT: Q(person__is_migrant=True),
    Category.NEW_FORM: Q(person__is_new_form=True),
    Category.HARDSHIP: Q(person__is_hardship=True),
    Category.MODEL: Q(person__is_model_worker=True),
}


class Person(models.Model):
    """One real person (M9's register fields). Document number and mobile are stored encrypted, found by
    their keyed hash and shown masked (I3); the masked forms are kept so lists never decrypt anything."""

    full_name = models.CharField(_("姓名"), max_length=50)
    doc_type = models.CharField(_("证件类型"), max_length=16, choices=DocType.choices, default=DocType.RIC)
    id_cipher = models.TextField(editable=False)
    id_hash = BytewiseCharField(max_length=64, editable=False)
    id_masked = models.CharField(_("证件号码"), max_length=24, editable=False)
    mobile_cipher = models.TextField(blank=True, editable=False)
    mobile_hash = BytewiseCharField(max_length=64, blank=True, editable=False)
    mobile_masked = models.CharField(_("手机号码"), max_length=16, blank=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, blank=True)
    residence = models.CharField(_("户籍/居住地"), max_length=200, blank=True)
    employment_status = models.CharField(
        _("就业状态"), max_length=16, choices=EmploymentStatus.choices, default=EmploymentStatus.EMPLOYED
    )
    skill_level = models.CharField(_("技能等级"), max_length=20, choices=SkillLevel.choices, blank=True)
    is_migrant = models.BooleanField(_("农民工"), default=False)
    is_new_form = models.BooleanField(_("新就业形态劳动者"), default=False)
    priority_group = models.CharField(
        _("新就业形态群体"), max_length=16, choices=PriorityGroup.choices, blank=True
    )
    is_hardship = models.BooleanField(_("困难职工"), default=False)
    is_model_worker = models.BooleanField(_("劳模"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("人员")
        # Declared here rather than with db_index/unique on the fields, so PostgreSQL gets exactly these: the
        # field options would add a second, pattern-ops index to each (hashes are only ever compared whole, and
        # one pattern-ops index serves both the name's equality and its prefix search). Every index is paid
        # for on each of the millions of rows a roster import adds.
        indexes = [
            models.Index(fields=["full_name"], name="person_name_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["mobile_hash"], name="person_mobile_hash_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["id_hash"], name="person_id_hash_unique"),
            models.CheckConstraint(
                condition=Q(is_new_form=True) | Q(priority_group=""),
                name="person_priority_group_only_for_new_form",
                violation_error_message=_("只有新就业形态劳动者才有所属群体"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @staticmethod
    def id_lookup(doc_type: str, number: str) -> str:
        return personal.lookup_hash(f"{doc_type}:{number}", purpose=ID_PURPOSE)

    @staticmethod
    def mobile_lookup(number: str) -> str:
        return personal.lookup_hash(number, purpose=MOBILE_PURPOSE)

    def set_document(self, doc_type: str, number: str) -> None:
        """Store a normalised document number: cipher, lookup hash and mask."""
        self.doc_type = doc_type
        self.id_cipher = personal.encrypt(number, purpose=ID_PURPOSE)
        self.id_hash = self.id_lookup(doc_type, number)
        self.id_masked = personal.mask(number)

    def set_mobile(self, number: str) -> None:
        self.mobile_cipher = personal.encrypt(number, purpose=MOBILE_PURPOSE)
        self.mobile_hash = self.mobile_lookup(number) if number else ""
        self.mobile_masked = personal.mask(number)

    def reveal_document(self) -> str:
        """The full number. Only `person_reveal` calls this: it checks the permission and audits."""
        return personal.decrypt(self.id_cipher, purpose=ID_PURPOSE)

    def reveal_mobile(self) -> str:
        return personal.decrypt(self.mobile_cipher, purpose=MOBILE_PURPOSE)

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def categories(self) -> list[str]:
        labels = []
        if self.gender == Gender.FEMALE:
            labels.append(str(Category.WOMAN.label))
        if self.is_migrant:
            labels.append(str(Category.MIGRANT.label))
        if self.is_new_form:
            group = f"（{self.get_priority_group_display()}）" if self.priority_group else ""
            labels.append(f"{Category.NEW_FORM.label}{group}")
        if self.is_hardship:
            labels.append(str(Category.HARDSHIP.label))
        if self.is_model_worker:
            labels.append(str(Category.MODEL.label))
        return labels


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    ACTIVE = "active", _("正常")
    IN_TRANSFER = "in_transfer", _("转会中")
    RETAINED = "retained", _("保留会籍")
    LEFT = "left", _("已退会")
    EXPELLED = "expelled", _("已除名")
    REJECTED = "rejected", _("未批准")


# M4: a person holds at most one membership in these states. "Pending" is included so that two unions
# cannot approve two applications of the same person; "in transfer" counts once, at the old union (M5).
LIVE_STATUSES = (
    MembershipStatus.PENDING,
    MembershipStatus.ACTIVE,
    MembershipStatus.IN_TRANSFER,
    MembershipStatus.RETAINED,
)
# Counted as members (S1): everything live except an application not yet approved.
MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.IN_TRANSFER, MembershipStatus.RETAINED)


class Channel(models.TextChoices):
    """S4: how a member joined."""

    STAFF = "staff", _("工作人员录入")
    ROSTER = "roster", _("名册导入")
    SCAN = "scan", _("扫码自助入会")
    OUTREACH = "outreach", _("集中入会活动")


class LeaveReason(models.TextChoices):
    """M7: why a membership ended."""

    VOLUNTARY = "voluntary", _("本人申请退会")
    LAPSED = "lapsed", _("连续六个月未缴会费")
    DECEASED = "deceased", _("去世")
    OTHER = "other", _("其他")


# M7: this long without dues counts as leaving. Computed when read or changed, never by a periodic sweep.
LAPSE_MONTHS = 6


def lapse_cutoff(today: dt.date) -> dt.date:
    """Dues paid up to a date before this one have lapsed as of `today` (six calendar months earlier)."""
    month = today.month - LAPSE_MONTHS
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@functools.lru_cache(maxsize=4096)
def lapse_date(paid_until: dt.date) -> dt.date:
    """The first day on which dues paid up to `paid_until` count as six months unpaid. Remembered: dues are paid
    up to a month's end, so a register of any size asks about a few hundred days, each costing a walk of ~180."""
    day = paid_until + dt.timedelta(days=1)
    while lapse_cutoff(day) <= paid_until:
        day += dt.timedelta(days=1)
    return day


def lapsed_q(today: dt.date) -> Q:
    """Active memberships whose dues stopped six months ago: they read as left (M7). A membership with no
    dues record at all is not lapsed: the register does not know its dues, so it does not guess."""
    return Q(status=MembershipStatus.ACTIVE, dues_paid_until__lt=lapse_cutoff(today))


class MembershipQuerySet(ScopedQuerySet):
    def with_status(self, status: str, today: dt.date):
        """Filter by the status as it reads today, lapses included (M7)."""
        if status == MembershipStatus.ACTIVE:
            return self.filter(status=status).exclude(lapsed_q(today))
        if status == MembershipStatus.LEFT:
            return self.filter(Q(status=status) | lapsed_q(today))
        return self.filter(status=status)


class Membership(OrgOwned):
    """A person's membership of one union (M2, M3). `org` is the union holding it: a base union, or a
    joint union or street federation for workers whose employer has no union."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("人员")
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("工作单位"),
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=200, blank=True)
    # NULL until a number is issued: pending applications have none, and NULLs never collide under the unique
    # constraint below.
    number = BytewiseCharField(_("会员证号"), max_length=24, null=True, blank=True)
    # The scope index below (org_path, -id) serves every subtree query; no separate index on the path.
    org_path = PathField(editable=False)
    status = models.CharField(
        _("会籍状态"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    channel = models.CharField(_("入会渠道"), max_length=16, choices=Channel.choices, default=Channel.STAFF)
    applied_on = models.DateField(_("申请日期"), default=timezone.localdate)
    join_date = models.DateField(_("入会日期"), null=True, blank=True)
    dues_paid_until = models.DateField(_("会费缴至"), null=True, blank=True)
    leave_reason = models.CharField(_("退会原因"), max_length=16, choices=LeaveReason.choices, blank=True)
    ended_on = models.DateField(_("会籍终止日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()
    scope = Scope.of(view="member.view", manage="member.manage", reveal="member.reveal")

    class Meta:
        verbose_name = _("会籍")
        constraints = [
            # M4: one person, one live membership, whatever the forms and services do.
            models.UniqueConstraint(fields=["number"], name="membership_number_unique"),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=LIVE_STATUSES),
                name="one_live_membership_per_person",
                violation_error_message=_("该人员已有会籍"),
            ),
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.PENDING)
                | Q(status=MembershipStatus.REJECTED)
                | Q(join_date__isnull=False, number__isnull=False),
                name="membership_member_has_number_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["org_path", "-id"], name="membership_scope_id_idx"),
            # the register's search by the employer's name as typed at joining (prefix, as names are searched)
            models.Index(
                fields=["employer_name"], name="membership_employer_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name}（{self.number or '未发证'}）"

    def status_on(self, today: dt.date) -> str:
        if (
            self.status == MembershipStatus.ACTIVE
            and self.dues_paid_until
            and self.dues_paid_until < lapse_cutoff(today)
        ):
            return MembershipStatus.LEFT
        return self.status

    def status_label(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        status = self.status_on(today)
        if status != self.status:
            return f"{MembershipStatus.LEFT.label}（{LeaveReason.LAPSED.label}）"
        return str(MembershipStatus(status).label)


class EventKind(models.TextChoices):
    APPLIED = "applied", _("申请入会")
    ENROLLED = "enrolled", _("登记入会")
    APPROVED = "approved", _("批准入会")
    REJECTED = "rejected", _("未予批准")
    TRANSFER_REQUESTED = "transfer_requested", _("申请转入")
    TRANSFER_STARTED = "transfer_started", _("办理转出")
    TRANSFER_ACCEPTED = "transfer_accepted", _("接收转入")
    TRANSFER_REJECTED = "transfer_rejected", _("拒绝转入")
    TRANSFER_CANCELLED = "transfer_cancelled", _("撤回转会")
    RETAINED = "retained", _("保留会籍")
    LEFT = "left", _("退会")
    LAPSED = "lapsed", _("欠缴会费满六个月，视为退会")
    EXPELLED = "expelled", _("除名")
    REINSTATED = "reinstated", _("恢复会籍")


class MembershipEvent(OrgOwned):
    """One dated change of a membership, in the union where it happened (its timeline, never edited)."""

    # indexed by membership_event_idx (membership, created_at)
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    org_path = PathField(editable=False)
    kind = models.CharField(_("事项"), max_length=24, choices=EventKind.choices)
    on_date = models.DateField(_("日期"))
    from_status = models.CharField(max_length=16, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=MembershipStatus.choices)
    other_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("对方工会"),
    )
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    # M7: why a membership ended, kept with the event so a later reinstatement does not lose it (statistics).
    leave_reason = models.CharField(
        _("退会原因"), max_length=16, choices=LeaveReason.choices, blank=True, db_default=""
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_username = models.CharField(_("经办人"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="member.view", manage="member.manage")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["membership", "created_at"], name="membership_event_idx"),
            models.Index(fields=["org_path"], name="membership_event_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.on_date} {self.get_kind_display()}"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("待转出方同意")
    PENDING = "pending", _("待转入方接收")
    ACCEPTED = "accepted", _("已完成")
    REJECTED = "rejected", _("已拒绝")
    CANCELLED = "cancelled", _("已撤回")


OPEN_TRANSFER_STATUSES = (TransferStatus.REQUESTED, TransferStatus.PENDING)


class Transfer(models.Model):
    """M5: a membership moving with its member from one union to another.

    Either the old union starts it (PENDING) and the new union accepts it, or the new union asks for it
    (REQUESTED, e.g. a worker active elsewhere who joins here) and the old union's consent completes it.
    """

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("转出工会")
    )
    from_path = PathField(editable=False)
    to_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("转入工会")
    )
    to_path = PathField(editable=False)
    to_employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=TransferStatus.choices)
    reason = models.CharField(_("转会原因"), max_length=500, blank=True)
    decision_reason = models.CharField(_("处理意见"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    # M5: each side sees the transfers that touch its subtree, its outgoing and its incoming half
    objects = ScopedQuerySet.as_manager()
    scope = Scope.of("from_path", "to_path", view="member.view", manage="member.manage")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status__in=OPEN_TRANSFER_STATUSES),
                name="one_open_transfer_per_membership",
                violation_error_message=_("该会员已有办理中的转会"),
            ),
            models.CheckConstraint(condition=~Q(from_org=models.F("to_org")), name="transfer_changes_union"),
        ]
        indexes = [
            models.Index(fields=["from_path"], name="transfer_from_scope_idx"),
            models.Index(fields=["to_path"], name="transfer_to_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_org} → {self.to_org}"

    def save(self, *args, **kwargs):
        self.from_path = self.from_org.path
        self.to_path = self.to_org.path
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TRANSFER_STATUSES
