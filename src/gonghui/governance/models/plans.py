"""Work plans (G3): a node's 年度工作要点, 行动方案 or 专项行动, its numbered items (sections such as 中铁六局's six
parts hold the items under them), the units each item is assigned to, and the progress those units report. The
roll-up of progress is computed, never stored (plans_rollup.py)."""

from django.db import models

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class PlanKind(models.TextChoices):
    YEAR = "year", "年度工作要点"
    ACTION = "action", "行动方案"
    SPECIAL = "special", "专项行动"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    COMPLETED = "completed", "已完成"


class Plan(OrgOwned):
    """A node's work plan (G3). The node (`org`) and those above see it whole; an owner unit below sees its title
    and the items assigned to it (plans_selectors)."""

    kind = models.CharField("类别", max_length=10, choices=PlanKind.choices, default=PlanKind.YEAR)
    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-year", "-starts_on", "-id"]
        verbose_name = "工作计划"

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """A numbered item ("一", "1", "1.2"): `label` as written, `sort_key` orders it; `parent` for an item under a
    section. Owner units, dates, a target and an optional weight (G3: default 1 in the roll-up)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级事项",
    )
    label = models.CharField("序号", max_length=20)
    sort_key = models.CharField("排序", max_length=80, editable=False)
    title = models.CharField("事项", max_length=300)
    target = models.TextField("目标", blank=True)
    starts_on = models.DateField("开始日期", null=True, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    weight = models.PositiveIntegerField("权重", null=True, blank=True)
    owners = models.ManyToManyField(
        "orgs.Org", through="PlanItemOwner", related_name="+", verbose_name="责任单位"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("plan")

    class Meta:
        ordering = ["plan", "sort_key", "id"]
        verbose_name = "计划事项"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "parent", "label"], name="governance_plan_item_label_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class PlanItemOwner(models.Model):
    """An owner unit (责任单位) of an item: a node in the plan node's subtree."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="assignments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("item")

    class Meta:
        verbose_name = "责任单位"
        constraints = [
            models.UniqueConstraint(fields=["item", "org"], name="governance_plan_item_owner_once")
        ]


class ProgressReport(OrgOwned):
    """A progress report by an owner unit (`org`) on an item: date, text, percentage 0-100, evidence. Seen by the
    reporting unit's side and by the plan's side."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField("报告日期")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    evidence = models.TextField("佐证材料", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of("org_path", "item__plan__org_path", view="org.view", edit="work.edit")

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "进展报告"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="governance_progress_percent_at_most_100"
            )
        ]
