"""A judged stage's records (rule C2): its criteria, the judges of each group with their personal scoring links,
and the marks (integers, hundredths of a mark). Measured criteria have one mark entered by the organiser (no
judge); judged criteria one mark per judge."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import Scope, ScopedQuerySet


class CriterionKind(models.TextChoices):
    JUDGED = "judged", _("评委打分")
    MEASURED = "measured", _("客观测定")


class Criterion(models.Model):
    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("评分项目"), max_length=60)
    max_points = models.PositiveIntegerField(_("满分（百分之一分）"))
    kind = models.CharField(_("评分方式"), max_length=10, choices=CriterionKind.choices)
    part = models.CharField(_("部分"), max_length=20, blank=True, help_text=_("如 理论、实操"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("评分项目")
        ordering = ["stage", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "name"], name="criterion_name_once"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="criterion_has_max"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_marks(self) -> str:
        from ..judged import marks

        return marks(self.max_points)


def new_judge_token() -> str:
    return secrets.token_urlsafe(24)  # 192 random bits: not guessable


class Judge(models.Model):
    """A judge of one group in a judged stage, reached by a personal link (the token); a new link kills the old.
    The unit is what recusal compares with the entrants' units (rule C2)."""

    stage = models.ForeignKey("competitions.Stage", on_delete=models.CASCADE, related_name="judges")
    group = models.ForeignKey(
        "competitions.Group", on_delete=models.CASCADE, related_name="judges", verbose_name=_("组别")
    )
    name = models.CharField(_("评委姓名"), max_length=60)
    title = models.CharField(_("职务或称号"), max_length=120, blank=True)
    unit = models.CharField(_("所在单位"), max_length=200, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_judge_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("评委")
        ordering = ["stage", "group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "group", "name"], name="judge_once_per_group")
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    entrant = models.ForeignKey("competitions.Entrant", on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(Judge, null=True, blank=True, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveIntegerField(_("得分（百分之一分）"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("criterion")

    class Meta:
        verbose_name = _("得分")
        ordering = ["criterion", "entrant", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "entrant", "judge"], name="score_once"),
            models.UniqueConstraint(
                fields=["criterion", "entrant"], condition=Q(judge__isnull=True), name="measured_once"
            ),
        ]
