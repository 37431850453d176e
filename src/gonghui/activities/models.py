"""Activities (DOMAIN W6, and the activity side of W1-W5): who organised what, where and when, with whom, who
registered (alone or with their family, in groups with places and waiting lists), who came (check-in by e-card or
by ticking a list, attendance per session), and how many people were reached (S5), always saying how that was
counted.

Kinds are data (ActivityKind, seeded by a migration): a federation adds its own without a release.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.paths import scope_q
from gonghui.core.scope import Scope, ScopedQuerySet


class ActivityKind(models.Model):
    """调研, 培训, 宣讲, 座谈/会议, 文体, 亲子, 志愿服务, 慰问, 沟通会/摆摊 … (data, not code)."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("活动类型"), max_length=40, unique=True)
    sort = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("可选用"), default=True)

    class Meta:
        verbose_name = _("活动类型")
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class RegistrationMode(models.TextChoices):
    NONE = "none", _("无需报名")
    OPEN = "open", _("公开报名")
    INVITATION = "invitation", _("邀请报名")


class ActivityQuerySet(ScopedQuerySet):
    def scoped(self, prefixes: list[str]):
        """Activities organised or co-organised inside the subtrees (a co-organiser's staff see the event they
        helped run; only the organiser's staff may change it, through the `edit` action's own query)."""
        co = Activity.co_organisers.through.objects.filter(activity_id=OuterRef("pk")).filter(
            scope_q("org__path", prefixes)
        )
        return self.filter(scope_q("org_path", prefixes) | Exists(co))

    def standing(self):
        """Activities that count: not voided (an activity recorded in error stops counting once voided)."""
        return self.filter(voided_at__isnull=True)


class Approx(models.TextChoices):
    """How exact a count of participating organisations is, as the reports say it ("20余家企业")."""

    EXACT = "", _("确数")
    OVER = "over", _("余（以上）")
    ABOUT = "about", _("约")
    NEARLY = "nearly", _("近")


class Activity(OrgOwned):
    """One activity run by `org` (the organising node)."""

    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("类型"))
    title = models.CharField(_("活动名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    starts_at_time = models.TimeField(_("开始时间"), null=True, blank=True)
    ends_at_time = models.TimeField(_("结束时间"), null=True, blank=True)
    place = models.ForeignKey(
        "orgs.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("服务阵地"),
    )
    place_text = models.CharField(_("地点"), max_length=200, blank=True)
    co_organisers = models.ManyToManyField(
        "orgs.Org", blank=True, related_name="+", verbose_name=_("协办单位")
    )
    target_groups = models.JSONField(_("服务对象"), default=list, blank=True)
    leaders = models.CharField(_("出席领导"), max_length=500, blank=True)
    summary = models.TextField(_("活动概况"), blank=True)
    outcomes = models.JSONField(_("成果与措施"), default=list, blank=True)
    registration = models.CharField(
        _("报名方式"), max_length=16, choices=RegistrationMode.choices, default=RegistrationMode.NONE
    )
    family = models.BooleanField(_("以家庭为单位报名"), default=False)
    max_party_size = models.PositiveSmallIntegerField(_("每户最多人数"), default=1)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("一人或一户家庭占一个名额；不填为不限")
    )
    signup_deadline = models.DateTimeField(_("报名截止时间"), null=True, blank=True)
    checkin_opens_at = models.DateTimeField(_("签到开始时间"), null=True, blank=True)
    checkin_closes_at = models.DateTimeField(_("签到截止时间"), null=True, blank=True)
    participant_orgs_count = models.PositiveIntegerField(
        _("参加单位数"), null=True, blank=True, help_text=_("未逐一列出名称时填写，如“20余家”填 20")
    )
    participant_orgs_approx = models.CharField(
        _("参加单位数的精确程度"), max_length=8, choices=Approx.choices, default=Approx.EXACT, blank=True
    )
    completion_sessions = models.PositiveSmallIntegerField(
        _("结业要求（出勤场次）"), null=True, blank=True, help_text=_("不填为须参加全部场次")
    )
    reach_counted = models.PositiveIntegerField(_("统计人次"), null=True, blank=True)
    reach_method = models.CharField(
        _("人次统计方式"), max_length=40, blank=True, help_text=_("如：现场统计、线上统计、主办方提供")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    # a record of another module this activity belongs to, by key ("awards.round:12": the ceremony of a round);
    # the module that owns the key names it (core.modules.ask("link_label"))
    link = models.CharField(_("关联记录"), max_length=60, blank=True, db_index=True)

    objects = ActivityQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org_path", "-starts_on"], name="activity_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1),
                name="activity_party_size_at_least_one",
                violation_error_message=_("每户最多人数至少为 1"),
            ),
            # S5: a figure counted some other way always says how it was counted
            models.CheckConstraint(
                condition=Q(reach_counted__isnull=True) | ~Q(reach_method=""),
                name="activity_reach_says_how",
                violation_error_message=_("请填写人次的统计方式"),
            ),
            # like a hand-out (care.Distribution): an activity recorded in error is voided with a reason
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="activity_void_has_reason",
                violation_error_message=_("请填写作废原因"),
            ),
            models.CheckConstraint(
                condition=Q(checkin_opens_at__isnull=True)
                | Q(checkin_closes_at__isnull=True)
                | Q(checkin_closes_at__gt=models.F("checkin_opens_at")),
                name="activity_checkin_window_ordered",
                violation_error_message=_("签到截止时间应晚于签到开始时间"),
            ),
            models.CheckConstraint(
                condition=Q(participant_orgs_approx="") | Q(participant_orgs_count__isnull=False),
                name="activity_approx_needs_count",
                violation_error_message=_("请填写参加单位数"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def participant_orgs_label(self) -> str:
        """The count of participating organisations as the reports say it: "20余家", "约20家", "近20家", "20家"
        ("" when no count was recorded)."""
        n = self.participant_orgs_count
        if n is None:
            return ""
        return {
            Approx.OVER: f"{n}余家",
            Approx.ABOUT: f"约{n}家",
            Approx.NEARLY: f"近{n}家",
        }.get(Approx(self.participant_orgs_approx or ""), f"{n}家")

    @property
    def place_label(self) -> str:
        if self.place_id and self.place:
            return f"{self.place.name}{'（' + self.place_text + '）' if self.place_text else ''}"
        return self.place_text


class Session(models.Model):
    """A part of an activity with its own topic: a class of a training course, a stop on a visit, a lecture."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("序号"))
    topic = models.CharField(_("专题/环节"), max_length=200)
    on_date = models.DateField(_("日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("activity")  # seen and changed by whoever sees and changes its activity

    class Meta:
        verbose_name = _("场次")
        ordering = ["activity", "order"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "order"], name="session_order_unique"),
            models.UniqueConstraint(
                fields=["activity", "topic"],
                name="session_topic_unique",
                violation_error_message=_("同一活动中已有该专题"),
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class Speaker(models.Model):
    """Who spoke at an activity (主讲、宣讲、分享): by name, and the registered person where they are one, so that
    what they are known as (a model worker, rule A6) comes from the records, not from the text."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="speakers")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=50)
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("会员"),
    )
    note = models.CharField(_("单位及职务"), max_length=200, blank=True)
    topic = models.CharField(_("分享题目"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("activity")  # seen and changed by whoever sees and changes its activity

    class Meta:
        verbose_name = _("主讲人")
        ordering = ["activity", "order"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "order"], name="speaker_order_unique"),
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(person__isnull=False),
                name="speaker_person_once",
                violation_error_message=_("该会员已在主讲人中"),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="speaker_named"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """An organisation taking part (参加单位): a registered node, or one named that is not in the register."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工会组织"),
    )
    name = models.CharField(_("参加单位"), max_length=200)
    attendees = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("activity")  # seen and changed by whoever sees and changes its activity

    class Meta:
        verbose_name = _("参加单位")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name"],
                name="participant_once",
                violation_error_message=_("该单位已在参加单位中"),
            ),
            models.UniqueConstraint(
                fields=["activity", "org"],
                condition=Q(org__isnull=False),
                name="participant_org_once",
                violation_error_message=_("该工会组织已在参加单位中"),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="participant_named"),
        ]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """A group with its own places (the craft tables of 002-6: 毛猴, 缠花 …)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("小组"), max_length=100)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("activity")  # seen and changed by whoever sees and changes its activity

    class Meta:
        verbose_name = _("小组")
        ordering = ["activity", "sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name"],
                name="group_name_unique",
                violation_error_message=_("同一活动中已有同名小组"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    INVITED = "invited", _("已邀请")
    REGISTERED = "registered", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class Channel(models.TextChoices):
    STAFF = "staff", _("工作人员登记")
    SELF = "self", _("本人报名")
    WALK_IN = "walk_in", _("现场签到")


class CheckInVia(models.TextChoices):
    CARD = "card", _("扫会员码")
    LIST = "list", _("名单勾选")


class Registration(models.Model):
    """One person's place in an activity: a member (by person, with the union they registered from), or a
    person not in the register named by staff (a cadre from another system, a guest). A family registration
    records how many come (`party_size`). One registration per person per activity; cancelling keeps the row."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("小组"),
    )
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    union = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在工会"),
    )
    guest_name = models.CharField(_("姓名"), max_length=50, blank=True)
    guest_unit = models.CharField(_("单位"), max_length=200, blank=True)
    party_size = models.PositiveSmallIntegerField(_("参加人数"), default=1)
    family_note = models.CharField(
        _("家庭成员"), max_length=100, blank=True, help_text=_("如：配偶、孩子1名")
    )
    status = models.CharField(_("状态"), max_length=16, choices=RegistrationStatus.choices)
    channel = models.CharField(_("报名渠道"), max_length=16, choices=Channel.choices, default=Channel.STAFF)
    queued_at = models.DateTimeField(_("报名时间"))  # first come, first served: the waiting list's order
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_via = models.CharField(_("签到方式"), max_length=8, choices=CheckInVia.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("activity")  # seen and changed by whoever sees and changes its activity

    class Meta:
        verbose_name = _("报名")
        ordering = ["activity", "queued_at", "id"]
        indexes = [
            models.Index(fields=["activity", "status", "queued_at"], name="registration_queue_idx"),
            models.Index(fields=["person", "activity"], name="registration_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(person__isnull=False),
                name="registration_one_per_person",
                violation_error_message=_("该会员已报名本活动"),
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(guest_name=""))
                | (Q(person__isnull=True) & ~Q(guest_name="")),
                name="registration_member_or_named_guest",
                violation_error_message=_("报名人应为会员，或填写非会员的姓名"),
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1),
                name="registration_party_at_least_one",
                violation_error_message=_("参加人数至少为 1"),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="registered"),
                name="registration_checked_in_only_if_registered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.guest_name

    @property
    def unit(self) -> str:
        return self.union.name if self.union_id and self.union else self.guest_unit


class Attendance(models.Model):
    """Present at one session (attendance per session of a training class, W6)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=8, choices=CheckInVia.choices, default=CheckInVia.LIST)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("session")  # as its session's activity

    class Meta:
        verbose_name = _("出勤")
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="attendance_once"),
        ]


class Photo(models.Model):
    """A photo of the activity, stored by core.uploads and served only through a scope-checked view."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.CharField(max_length=255, editable=False)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("activity")  # seen and changed by whoever sees and changes its activity

    class Meta:
        verbose_name = _("活动照片")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return self.caption or self.file
