"""A report confirmed into a record (issue 23): the article as pasted, the record it became, and the figures it
quoted, kept so the figures can be set beside what the record computes at any later day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class RecordKind(models.TextChoices):
    ACTIVITY = "activity", _("活动")
    COMPETITION = "competition", _("竞赛")
    CAMPAIGN = "campaign", _("关爱活动")
    PLAN = "plan", _("工作计划")
    STALL = "stall", _("摆摊设点/沟通会")
    HONOURS = "honours", _("表彰（与登记核对）")


class Clipping(OrgOwned):
    """One article of a report and the record a cadre confirmed from it (`org`: the record's organiser). A round of
    honours is not recorded from a report (it names no one): its clipping points at the subtree (`record_id`, the
    node) and the year, and its figures are checked against the honours register."""

    headline = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"))
    reported_on = models.DateField(_("报道日期"))
    record_kind = models.CharField(_("记录类型"), max_length=16, choices=RecordKind.choices)
    record_id = models.PositiveBigIntegerField(_("记录编号"))
    record_label = models.CharField(_("记录名称"), max_length=300)
    record_year = models.PositiveSmallIntegerField(
        _("年度"), null=True, blank=True
    )  # honours: the year counted
    quoted = models.JSONField(_("报道数字"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("报道与记录")
        indexes = [models.Index(fields=["record_kind", "record_id"], name="clipping_record_idx")]

    def __str__(self) -> str:
        return self.headline
