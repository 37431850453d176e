"""The organising pipeline's records (R1, W1): visits (走访, 沟通会, a phone call) to an employer being organised,
outreach events (a stall 摆摊设点 or a 沟通会) where several employers are contacted at once, and the opinions and
requests workers give (意见建议) with their answer.

Each record hangs on a node of the tree (`org`): a visit and a contact on their target's node, an event and an
opinion on the node that holds them, so a subtree's records are one range and move with it (O1)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet

from .base import Target


class VisitKind(models.TextChoices):
    VISIT = "visit", "走访"
    MEETING = "meeting", "沟通会"
    PHONE = "phone", "电话联系"


class Outcome(models.TextChoices):
    """What the employer said, as the cadres report it."""

    AGREED = "agreed", "同意筹建"
    INTERESTED = "interested", "有意向"
    FOLLOW_UP = "follow_up", "需再沟通"
    DECLINED = "declined", "暂不同意"


class EventKind(models.TextChoices):
    STALL = "stall", "摆摊设点"
    MEETING = "meeting", "沟通会"


class OpinionCategory(models.TextChoices):
    WAGES = "wages", "工资待遇"
    PROTECTION = "protection", "劳动保护"
    REST = "rest", "休息休假"
    CULTURE = "culture", "文体活动"
    OTHER = "other", "其他"


class Visit(OrgOwned):
    """One visit to a target (R1: who went, when, whom they met, what was said, the outcome and the next step),
    recorded under the target's node."""

    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="visits", verbose_name="建会目标"
    )
    kind = models.CharField("方式", max_length=8, choices=VisitKind.choices, default=VisitKind.VISIT)
    on = models.DateField("走访日期", db_index=True)
    visitors = models.CharField("走访人员", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )
    met = models.CharField("接待人", max_length=100, blank=True, help_text="如：店长 王某")
    said = models.TextField("沟通情况", blank=True)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    next_step = models.CharField("下一步", max_length=200, blank=True)
    next_step_on = models.DateField("下一步日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_on__isnull=True) | Q(next_step_on__gte=F("on")),
                name="organising_visit_next_step_after_visit",
                violation_error_message="下一步日期不能早于走访日期",
            )
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"


class OutreachEvent(OrgOwned):
    """A stall (摆摊设点) or 沟通会 held by a node (`org`), where several employers are contacted at once (000-4)."""

    kind = models.CharField("形式", max_length=8, choices=EventKind.choices, default=EventKind.STALL)
    title = models.CharField("名称", max_length=120)
    on = models.DateField("日期", db_index=True)
    place = models.CharField("地点", max_length=120, blank=True)
    note = models.TextField("情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "摆摊设点和沟通会"
        verbose_name_plural = "摆摊设点和沟通会"

    def __str__(self) -> str:
        return self.title


class EventContact(OrgOwned):
    """An employer contacted at an event, recorded under its target's node (which lies in the event's subtree)."""

    event = models.ForeignKey(
        OutreachEvent, on_delete=models.PROTECT, related_name="contacts", verbose_name="活动"
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="event_contacts", verbose_name="建会目标"
    )
    met = models.CharField("接待人", max_length=100, blank=True)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    next_step = models.CharField("下一步", max_length=200, blank=True)
    next_step_on = models.DateField("下一步日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        ordering = ["event", "id"]
        verbose_name = "活动中联系的单位"
        verbose_name_plural = "活动中联系的单位"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "target"],
                name="organising_contact_once_per_event",
                violation_error_message="该单位已登记在本次活动中",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.target}"


class Opinion(OrgOwned):
    """An opinion or request from workers (意见建议), collected at an event, on a visit or otherwise, recorded
    under the node that answers it, with its answer."""

    event = models.ForeignKey(
        OutreachEvent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name="活动",
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="opinions", verbose_name="走访"
    )
    on = models.DateField("收集日期", db_index=True)
    category = models.CharField("类别", max_length=12, choices=OpinionCategory.choices)
    text = models.TextField("意见建议")
    answer = models.TextField("答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="答复人",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="employer.manage")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "职工意见建议"
        verbose_name_plural = "职工意见建议"
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=True) | Q(visit__isnull=True),
                name="organising_opinion_one_source",
                violation_error_message="意见建议只能来自一次活动或一次走访",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("on")),
                name="organising_opinion_answered_after",
                violation_error_message="答复日期不能早于收集日期",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:30]
