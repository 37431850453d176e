"""Setting up a base union (DOMAIN O3, R1): 筹建 by a preparatory group, the application to the node above, its
approval (the new base union appears in the tree with the employer linked) or return, then the founding assembly
(成立大会) and the first committee; or, for a small employer, coverage by a joint union instead."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet
from gonghui.orgs.models import Org

from .base import Target

# O3 (工会法 Art.11): 25 members or more elect a committee; fewer may elect one, or an organiser (组织员), or join a
# joint union.
COMMITTEE_MIN_MEMBERS = 25


class SetUpStatus(models.TextChoices):
    DRAFT = "draft", "筹建中"
    SUBMITTED = "submitted", "已申请"
    APPROVED = "approved", "已批复"
    RETURNED = "returned", "已退回"
    FOUNDED = "founded", "已成立"
    WITHDRAWN = "withdrawn", "已撤回"


# A target has at most one set-up in these at a time; a founded or withdrawn one is closed.
OPEN_STATUSES = (SetUpStatus.DRAFT, SetUpStatus.SUBMITTED, SetUpStatus.RETURNED, SetUpStatus.APPROVED)


class SetUp(OrgOwned):
    """The setting up of one employer's base union (O3). `org` is the target's node: the federation the new union
    will sit under, whose approval it needs (org.manage there). `union` is the base union the approval created."""

    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="setups", verbose_name="建会目标"
    )
    union_name = models.CharField("拟建工会名称", max_length=200)
    members_expected = models.PositiveIntegerField("预计会员人数")
    preparatory_group = models.TextField("筹建组成员及分工", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=SetUpStatus.choices, default=SetUpStatus.DRAFT, db_index=True
    )
    started_on = models.DateField("筹建开始日期")
    applied_on = models.DateField("申请日期", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请人",
    )
    decided_on = models.DateField("批复日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批复人",
    )
    decision_note = models.CharField("批复意见", max_length=300, blank=True)
    union = models.ForeignKey(
        Org, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="新建工会"
    )
    founding_on = models.DateField("成立大会日期", null=True, blank=True)
    first_chair = models.CharField("首任工会主席（组织员）", max_length=60, blank=True)
    committee_size = models.PositiveSmallIntegerField("委员会人数", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        "任期（年）", null=True, blank=True, choices=[(3, "3"), (5, "5")]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage", approve="org.manage")

    class Meta:
        verbose_name = "筹建工会"
        verbose_name_plural = "筹建工会"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target"],
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="organising_one_open_setup_per_target",
                violation_error_message="该单位已有进行中的筹建",
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True) | Q(term_years__in=[3, 5]),
                name="organising_setup_term_3_or_5",
                violation_error_message="任期应为3年或5年（工会法第十六条）",
            ),
        ]

    def __str__(self) -> str:
        return self.union_name

    @property
    def forms_committee(self) -> bool:
        return self.members_expected >= COMMITTEE_MIN_MEMBERS


class JointCover(OrgOwned):
    """An employer without a union covered by a joint union instead of setting up its own (O3: fewer than 25
    members may join a joint union), recorded under the target's node."""

    target = models.OneToOneField(
        Target, on_delete=models.PROTECT, related_name="joint_cover", verbose_name="建会目标"
    )
    joint_union = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name="联合工会")
    on_date = models.DateField("覆盖日期")
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        verbose_name = "联合工会覆盖"
        verbose_name_plural = "联合工会覆盖"
        ordering = ["-on_date", "-id"]

    def __str__(self) -> str:
        return f"{self.target} → {self.joint_union}"
