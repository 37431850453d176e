"""A run in a heat or the final (rule C6): the entrant's heat and lane, the time in hundredths of a second, or
why there is none (did not start, did not finish, disqualified)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import Scope, ScopedQuerySet

from .base import StageEntrant


class RunStatus(models.TextChoices):
    TIMED = "timed", _("完赛")
    DNS = "dns", _("未出发")
    DNF = "dnf", _("未完赛")
    DQ = "dq", _("犯规取消")


class HeatRun(models.Model):
    entry = models.OneToOneField(StageEntrant, on_delete=models.CASCADE, related_name="run")
    heat = models.PositiveSmallIntegerField(_("组次"))
    lane = models.PositiveSmallIntegerField(_("道次"))
    time = models.PositiveIntegerField(_("成绩（百分之一秒）"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=6, choices=RunStatus.choices, default=RunStatus.TIMED)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("entry")

    class Meta:
        verbose_name = _("分组成绩")
        ordering = ["heat", "lane"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="timed") | Q(time__isnull=True), name="heatrun_time_only_timed"
            ),
            models.CheckConstraint(
                condition=Q(time__isnull=True) | Q(time__gt=0), name="heatrun_time_positive"
            ),
        ]
