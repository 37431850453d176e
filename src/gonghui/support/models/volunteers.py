"""Volunteer teams and their services (V2): a node's teams with their members (registered members of the union or
not), the service events a team holds, the services it delivered there by type, the people served (人次) and,
apart from them, the volunteers who served and their hours, and the enterprises that took part."""

from django.db import models
from django.db.models import Q

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class ServiceType(models.TextChoices):
    """The services a volunteer event delivers, as reports name them (V2)."""

    HAIRCUT = "haircut", "理发"
    CLINIC = "clinic", "义诊"
    REPAIR = "repair", "维修家电"
    LEGAL = "legal", "法律咨询"
    COUNSELLING = "counselling", "心理疏导"
    POLICY = "policy", "政策宣传"
    OTHER = "other", "其他"


class VolunteerTeam(OrgOwned):
    """A node's (`org`) volunteer team (志愿服务队)."""

    name = models.CharField("服务队名称", max_length=120)
    leader_name = models.CharField("队长", max_length=60, blank=True)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    skills = models.TextField("服务专长", blank=True)
    is_active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "志愿服务队"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="support_team_name_once_per_org",
                violation_error_message="本级已有同名志愿服务队",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A volunteer of a team: a member of the register (`person`, found by member number) or someone who is not
    (a resident, a retired worker); `left_on` set when they left."""

    team = models.ForeignKey(VolunteerTeam, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=60)
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="会员",
    )
    member_number = models.CharField("会员证号", max_length=40, blank=True)
    skills = models.CharField("专长", max_length=200, blank=True)
    joined_on = models.DateField("加入日期", null=True, blank=True)
    left_on = models.DateField("退出日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("team")

    class Meta:
        ordering = ["team", "name", "id"]
        verbose_name = "志愿者"
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(person__isnull=False, left_on__isnull=True),
                name="support_volunteer_once_per_team",
                violation_error_message="该会员已在本服务队",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def serves_on(self, day) -> bool:
        """Whether they were in the team on that day (joined by then, not left before it)."""
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or self.left_on >= day
        )


class ServiceEvent(models.Model):
    """One service event of a team (V2): services by type, people served (人次, counted apart from the volunteers
    who served), the volunteers and their minutes, the enterprises taking part (`enterprises_total` counts them
    all, named or not). A voided event counts nowhere."""

    team = models.ForeignKey(VolunteerTeam, on_delete=models.PROTECT, related_name="events")
    date = models.DateField("服务日期")
    title = models.CharField("活动名称", max_length=200)
    place_text = models.CharField("地点", max_length=200, blank=True)
    notes = models.TextField("情况说明", blank=True)
    people_served = models.PositiveIntegerField("服务人次", default=0)
    enterprises_total = models.PositiveIntegerField("参与企业总数", default=0)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("team")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "志愿服务活动"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def key(self) -> str:
        """The link key another module stores to say a record belongs to this event (an activity)."""
        return f"support.event:{self.pk}"


class EventEnterprise(models.Model):
    """A named enterprise taking part in an event: a registered employer or a name only."""

    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="enterprises")
    name = models.CharField("单位名称", max_length=200)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="用人单位",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("event")

    class Meta:
        ordering = ["event", "id"]
        verbose_name = "参与企业"

    def __str__(self) -> str:
        return self.name


class EventService(models.Model):
    """How many services of one type an event delivered (项次)."""

    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField("服务项目", max_length=16, choices=ServiceType.choices)
    count = models.PositiveIntegerField("项次")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("event")

    class Meta:
        ordering = ["event", "id"]
        verbose_name = "服务项目"
        constraints = [models.UniqueConstraint(fields=["event", "kind"], name="support_event_service_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.count}"


class EventVolunteer(models.Model):
    """A volunteer who served at an event and for how long, in whole minutes (entered as hours: 2, 2.5)."""

    event = models.ForeignKey(ServiceEvent, on_delete=models.CASCADE, related_name="volunteers")
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="served")
    minutes = models.PositiveIntegerField("服务时长（分钟）")

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("event")

    class Meta:
        ordering = ["event", "member__name", "id"]
        verbose_name = "服务志愿者"
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="support_event_volunteer_once")
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.minutes}分钟"
