"""Evaluations (考核评比, rule G4): a node's scheme (an indicator tree: weighted categories over indicators, each
with its scoring method and parameters), a round of it over child units in a year, each unit's self-assessment
per indicator with its evidence, the evaluating group's site visits and scores, then lock and publication.

Values are whole hundredths (85.5 → 8550). Who sees what: the round's node sees everything; an evaluated unit
sees the round, its own self-assessment and, once published, the ranking (`EvaluationRound.scoped`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import OrgOwned
from gonghui.core.paths import scope_q
from gonghui.core.scope import Scope, ScopedQuerySet


class Method(models.TextChoices):
    THRESHOLD = "threshold", "达标计分"
    DEDUCTION = "deduction", "扣分（有最低分）"
    RATIO = "ratio", "与最优比较"
    BONUS = "bonus", "加分项"
    PENALTY = "penalty", "减分项"
    VETO = "veto", "一票否决"


class RoundStatus(models.TextChoices):
    SELF = "self", "自评中"
    REVIEW = "review", "评审中"
    LOCKED = "locked", "已锁定"
    PUBLISHED = "published", "已公布"


class EvaluationScheme(OrgOwned):
    name = models.CharField("方案名称", max_length=200)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "考核方案"
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="governance_scheme_name_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def weight_total(self) -> int:
        return sum(c.weight for c in self.categories.all())


class EvaluationCategory(models.Model):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("类别", max_length=100)
    weight = models.PositiveSmallIntegerField("权重（分）")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("scheme")

    class Meta:
        ordering = ["scheme", "order", "id"]
        verbose_name = "考核类别"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="governance_category_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationIndicator(models.Model):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="indicators")
    category = models.ForeignKey(EvaluationCategory, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("指标", max_length=200)
    method = models.CharField("计分方法", max_length=10, choices=Method.choices)
    max_points = models.PositiveIntegerField("满分（百分之一分）", default=0)
    params = models.JSONField("参数", default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("scheme")

    class Meta:
        ordering = ["scheme", "category__order", "order", "id"]
        verbose_name = "考核指标"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="governance_indicator_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class RoundQuerySet(ScopedQuerySet):
    def scoped(self, prefixes: list[str]):
        """The rounds of nodes in these subtrees, and the rounds that evaluate a unit in them (G4)."""
        units = EvaluationUnit.objects.filter(scope_q("org__path", prefixes)).values("round")
        return self.filter(scope_q("org_path", prefixes) | Q(pk__in=units))


class EvaluationRound(OrgOwned):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField("考核名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.SELF)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "考核评比"

    def __str__(self) -> str:
        return self.name

    @property
    def editable(self) -> bool:
        return self.status in (RoundStatus.SELF, RoundStatus.REVIEW)


class EvaluationUnit(models.Model):
    """A child unit a round evaluates; seen from the round's node and from the unit itself."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="units")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="被考核单位")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of("round__org_path", "org__path", view="org.view", manage="work.edit")

    class Meta:
        ordering = ["round", "org__path"]
        verbose_name = "被考核单位"
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="governance_unit_once")]

    def __str__(self) -> str:
        return self.org.name


class SelfAssessment(models.Model):
    """A unit's own value for one indicator, with its evidence, submitted by a cadre of the unit (G4)."""

    unit = models.ForeignKey(EvaluationUnit, on_delete=models.CASCADE, related_name="assessments")
    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.IntegerField("自评值（百分之一）")
    evidence = models.TextField("佐证材料说明", blank=True)
    evidence_files = models.CharField("佐证文件名", max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of("unit__round__org_path", "unit__org__path", view="org.view", manage="work.edit")

    class Meta:
        verbose_name = "自评"
        constraints = [models.UniqueConstraint(fields=["unit", "indicator"], name="governance_self_once")]


class EvaluationScore(models.Model):
    """The evaluating group's value for one unit and indicator: it overrides or confirms the self-assessment."""

    unit = models.ForeignKey(EvaluationUnit, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.IntegerField("评审值（百分之一）")
    note = models.CharField("评审意见", max_length=500, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of("unit__round__org_path", view="org.view", manage="work.edit")

    class Meta:
        verbose_name = "评审得分"
        constraints = [models.UniqueConstraint(fields=["unit", "indicator"], name="governance_score_once")]


class SiteVisit(models.Model):
    unit = models.ForeignKey(EvaluationUnit, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("实地考核日期")
    members = models.CharField("考核组成员", max_length=300)
    notes = models.TextField("考核记录", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of("unit__round__org_path", view="org.view", manage="work.edit")

    class Meta:
        ordering = ["visited_on", "id"]
        verbose_name = "实地考核"
