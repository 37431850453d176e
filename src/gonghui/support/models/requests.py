"""Members' requests (12351-style, DOMAIN §6 V4): a request a member makes on the phone or staff log from a call
or a visit, routed to the member's own union (else the union of the employer named, else the street federation
where the employer is registered), acknowledged, taken in hand, answered, followed up and closed with the member's
rating, each step against a deadline in working days; missed, it is escalated to the node above."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.personal import mask_name
from gonghui.core.scope import Scope, ScopedQuerySet

# rule V4: the deadlines, in working days after the day of receipt (core.workdays: State Council holidays, 调休
# working weekends and the federation's own days). A request received on a Monday is acknowledged by Tuesday and
# answered by the next Monday; fixed on the request when it is received.
ACKNOWLEDGE_DAYS = 1
ANSWER_DAYS = 5
PHOTOS_MAX = 3
PURPOSE = "support.request"  # what the description and a caller's mobile are encrypted for


class RequestChannel(models.TextChoices):
    PHONE = "phone", _("手机提交")
    HOTLINE = "hotline", _("12351热线")
    VISIT = "visit", _("来访")


class RequestCategory(models.TextChoices):
    LABOUR = "labour", _("劳动争议")
    WAGES = "wages", _("工资拖欠")
    INJURY = "injury", _("工伤")
    INSURANCE = "insurance", _("社会保险")
    HARDSHIP = "hardship", _("困难帮扶")
    MEMBERSHIP = "membership", _("入会转会")
    SUGGESTION = "suggestion", _("意见建议")
    OTHER = "other", _("其他")


class RequestState(models.TextChoices):
    RECEIVED = "received", _("已受理")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    IN_HAND = "in_hand", _("办理中")
    ANSWERED = "answered", _("已答复")
    FOLLOWED_UP = "followed_up", _("已回访")
    CLOSED = "closed", _("已办结")


STATE_ORDER = [s.value for s in RequestState]
OPEN_STATES = (RequestState.RECEIVED, RequestState.ACKNOWLEDGED, RequestState.IN_HAND)


def overdue_q(day: dt.date) -> Q:
    """rule V4: received by `day` and past a deadline without the step as things stood at the end of `day`."""
    late_ack = Q(acknowledge_due__lt=day) & (Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gt=day))
    late_answer = Q(answer_due__lt=day) & (Q(answered_on__isnull=True) | Q(answered_on__gt=day))
    return Q(received_on__lte=day) & (late_ack | late_answer)


class ServiceRequest(OrgOwned):
    """One request; `org` is the union it is routed to (rule V4), which handles it even once escalated."""

    number = models.CharField(_("诉求编号"), max_length=20, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=RequestChannel.choices)
    category = models.CharField(_("类别"), max_length=12, choices=RequestCategory.choices)
    description_cipher = models.TextField(editable=False)
    photos = models.JSONField(_("照片"), default=list, blank=True)  # storage names (core.uploads), at most 3
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("会员"),
    )
    # a call from someone who is not a member: their name masked, their mobile encrypted and hashed
    caller_masked = models.CharField(_("来电人"), max_length=30, blank=True)
    caller_mobile_cipher = models.TextField(blank=True, editable=False)
    caller_mobile_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    caller_mobile_masked = models.CharField(_("联系电话"), max_length=16, blank=True)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("用人单位"),
    )
    logged_by = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记单位"),
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=RequestState.choices, default=RequestState.RECEIVED, db_index=True
    )
    received_on = models.DateField(_("受理日期"), db_index=True)
    acknowledge_due = models.DateField(_("确认期限"))
    answer_due = models.DateField(_("答复期限"))
    acknowledged_on = models.DateField(_("确认日期"), null=True, blank=True)
    in_hand_on = models.DateField(_("办理日期"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=300, blank=True)
    escalated_to = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("升级至"),
    )
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("职工诉求")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="support_request_rating",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(caller_masked=""), name="support_request_has_someone"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def overdue_on(self, day: dt.date) -> bool:
        late_ack = self.acknowledge_due < day and (self.acknowledged_on is None or self.acknowledged_on > day)
        late_answer = self.answer_due < day and (self.answered_on is None or self.answered_on > day)
        return self.received_on <= day and (late_ack or late_answer)

    @property
    def on_time(self) -> bool | None:
        return None if self.answered_on is None else self.answered_on <= self.answer_due

    @property
    def who(self) -> str:
        """The person as staff pages show them: a member's masked name, or the caller's."""
        return mask_name(self.person.full_name) if self.person_id else self.caller_masked


class RequestStep(models.Model):
    """One dated step of a request (rule V4) with its actor and text; the answer's text is shown to the member."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(_("状态"), max_length=12, choices=RequestState.choices)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("经办"), max_length=60, blank=True)
    text = models.TextField(_("说明"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("request")

    class Meta:
        ordering = ["request", "at", "id"]
        verbose_name = _("诉求办理步骤")

    def __str__(self) -> str:
        return f"{self.request} {self.get_state_display()}"
