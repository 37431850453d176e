"""What the parts share: the organising target (R1), one per employer that has been worked on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet
from gonghui.orgs.models import Employer, FormedChannel


class Stage(models.TextChoices):
    """Rule R1: an employer without a union moves 未建会 -> 已走访 -> 筹建中 -> 已建会 (own union or a joint one)."""

    NONE = "none", _("未建会")
    VISITED = "visited", _("已走访")
    PREPARING = "preparing", _("筹建中")
    FORMED = "formed", _("已建会")


STAGE_ORDER = {s: i for i, s in enumerate(Stage.values)}


class Priority(models.TextChoices):
    HIGH = "high", _("重点")
    NORMAL = "normal", _("一般")
    LOW = "low", _("暂缓")


class Target(OrgOwned):
    """An employer being organised (R1), recorded under the node that follows it (`org`: the street or district
    federation where the employer is). `owner` is the cadre or 组织员 following it; `next_step` and its date are
    what happens next (the worklist and the overdue filter read them). `channel` is how the employer was first
    reached (a visit, a stall, a platform drive): a union formed there counts under it."""

    employer = models.OneToOneField(
        Employer, on_delete=models.PROTECT, related_name="organising_target", verbose_name=_("用人单位")
    )
    stage = models.CharField(
        _("阶段"), max_length=12, choices=Stage.choices, default=Stage.NONE, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("责任人"),
    )
    priority = models.CharField(_("优先级"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    # what makes a target a priority (002-1: 推动重点企业建会、司机入会): an employer of the 八大群体, a platform
    is_priority_group = models.BooleanField(_("八大群体用工单位"), default=False)
    is_platform = models.BooleanField(_("平台企业"), default=False)
    channel = models.CharField(
        _("接触途径"), max_length=12, choices=FormedChannel.choices, default=FormedChannel.VISIT
    )
    next_step = models.CharField(_("下一步"), max_length=200, blank=True)
    next_step_on = models.DateField(_("下一步日期"), null=True, blank=True, db_index=True)
    first_contact_on = models.DateField(_("首次接触日期"), null=True, blank=True)
    formed_on = models.DateField(_("建会日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage", approve="org.manage")

    class Meta:
        verbose_name = _("建会目标")
        verbose_name_plural = _("建会目标")
        ordering = ["next_step_on", "id"]

    def __str__(self) -> str:
        return self.employer.name
