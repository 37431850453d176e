"""The congresses part's records (G1, R19): a congress's targets, agenda, delegate quotas per unit and delegates,
its sittings with attendance, and the matters put to the vote there (reports, resolutions); a committee's plenary
(全委会 / 常委会) with its items, votes and personnel matters."""

from django.db import models

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet

from .base import Congress


class CongressTargets(models.Model):
    """What a congress sets itself for the composition of its delegates (whole percentages) and whether the
    delegates' credentials (代表资格) have been confirmed."""

    congress = models.OneToOneField(Congress, on_delete=models.CASCADE, related_name="targets")
    women_pct = models.PositiveSmallIntegerField("女性代表不低于（%）", default=0)
    front_line_pct = models.PositiveSmallIntegerField("一线职工代表不低于（%）", default=0)
    model_worker_pct = models.PositiveSmallIntegerField("劳模代表不低于（%）", default=0)
    credentials_confirmed_on = models.DateField("代表资格确认日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("congress")

    class Meta:
        verbose_name = "代表构成目标"


class AgendaItem(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("议程", max_length=300)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("congress")

    class Meta:
        ordering = ["congress", "order", "id"]
        verbose_name = "大会议程"


class DelegateQuota(models.Model):
    """How many delegates a unit elects (G1): a child node of the congress's node, or a unit named."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="quotas")
    unit = models.CharField("选举单位", max_length=200)
    unit_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="下级组织"
    )
    seats = models.PositiveSmallIntegerField("名额")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("congress")

    class Meta:
        ordering = ["congress", "id"]
        verbose_name = "代表名额"
        constraints = [
            models.UniqueConstraint(fields=["congress", "unit"], name="governance_quota_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.seats}名）"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Delegate(models.Model):
    """A delegate elected by a unit (its quota)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    quota = models.ForeignKey(DelegateQuota, on_delete=models.PROTECT, related_name="delegates")
    name = models.CharField("姓名", max_length=60)
    membership = models.ForeignKey(
        "members.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    front_line = models.BooleanField("一线职工", default=False)
    model_worker = models.BooleanField("劳动模范", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("congress")

    class Meta:
        ordering = ["congress", "quota", "id"]
        verbose_name = "代表"

    def __str__(self) -> str:
        return self.name


class Sitting(models.Model):
    """A sitting (全体会议) of a congress on a day: the delegates present are ticked; `present` is their count,
    stored, so the elections part reads P against the congress's N (G2)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sittings")
    on = models.DateField("日期")
    label = models.CharField("会议", max_length=100, blank=True)
    present = models.PositiveIntegerField("实到（人）", default=0)
    attendees = models.ManyToManyField(Delegate, blank=True, related_name="sittings")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("congress")

    class Meta:
        ordering = ["congress", "on", "id"]
        verbose_name = "大会会议"

    def __str__(self) -> str:
        return f"{self.label or '全体会议'}（{self.on:%Y-%m-%d}）"


class PlenaryKind(models.TextChoices):
    FULL = "full", "全委会"
    STANDING = "standing", "常委会"


class Plenary(OrgOwned):
    """第N次全委会 (or 常委会) of a node's committee: one sitting, its attendance as counted (present of entitled)."""

    kind = models.CharField("类别", max_length=10, choices=PlenaryKind.choices, default=PlenaryKind.FULL)
    number = models.PositiveSmallIntegerField("次数")
    title = models.CharField("名称", max_length=200)
    on = models.DateField("日期")
    place = models.CharField("地点", max_length=200, blank=True)
    entitled = models.PositiveIntegerField("应到（人）")
    present = models.PositiveIntegerField("实到（人）")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "全委会"
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "number"], name="governance_plenary_number_once")
        ]

    def __str__(self) -> str:
        return self.title


class MatterKind(models.TextChoices):
    WORK_REPORT = "work_report", "工作报告"
    FINANCE_REPORT = "finance_report", "财务报告"
    AUDIT_REPORT = "audit_report", "经审报告"
    OTHER_REPORT = "other_report", "其他报告"
    RESOLUTION = "resolution", "决议"
    ITEM = "item", "议题"
    BY_ELECTION = "by_election", "增补"
    RESIGNATION = "resignation", "辞职"
    DISMISSAL = "dismissal", "免职"


REPORT_KINDS = (
    MatterKind.WORK_REPORT,
    MatterKind.FINANCE_REPORT,
    MatterKind.AUDIT_REPORT,
    MatterKind.OTHER_REPORT,
)
PERSONNEL_KINDS = (MatterKind.BY_ELECTION, MatterKind.RESIGNATION, MatterKind.DISMISSAL)


class Matter(OrgOwned):
    """A matter put to a congress's sitting or to a plenary (G1): a report (with its document), a resolution, an
    item, or a personnel matter; adopted by a recorded vote (for / against / abstain), approved iff for*2 > the
    present count of that sitting (rule G1). An item noted without a vote has no result."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, null=True, blank=True, related_name="matters"
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.SET_NULL, null=True, blank=True, related_name="matters"
    )
    plenary = models.ForeignKey(
        Plenary, on_delete=models.CASCADE, null=True, blank=True, related_name="matters"
    )
    kind = models.CharField("类别", max_length=16, choices=MatterKind.choices)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)
    person = models.CharField("涉及人员", max_length=60, blank=True)
    file = models.CharField(max_length=200, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    votes_for = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    present = models.PositiveIntegerField("表决时实到", null=True, blank=True)
    approved = models.BooleanField("通过", null=True, blank=True)
    voted_on = models.DateField("表决日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["id"]
        verbose_name = "审议事项"

    def __str__(self) -> str:
        return self.title

    @property
    def is_report(self) -> bool:
        return self.kind in REPORT_KINDS

    @property
    def result_label(self) -> str:
        if self.approved is None:
            return "未表决"
        return "通过" if self.approved else "未通过"


__all__ = [
    "AgendaItem",
    "CongressTargets",
    "Delegate",
    "DelegateQuota",
    "Gender",
    "Matter",
    "MatterKind",
    "Plenary",
    "PlenaryKind",
    "Sitting",
]
