"""A competition (rule C1): its organiser and dates, groups (组别), stages in order each with a format, the entrants
(people or teams, each from one or more units), the prize tiers (C3) and the placings a stage ends with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class CompetitionKind(models.TextChoices):
    SKILL = "skill", _("技能竞赛")
    CULTURE = "culture", _("文艺比赛")
    SPORT = "sport", _("体育比赛")
    PHOTO = "photo", _("作品征集（摄影、视频）")
    OTHER = "other", _("其他")


class EntrantKind(models.TextChoices):
    PERSON = "person", _("个人")
    TEAM = "team", _("队伍")


class TieRule(models.TextChoices):
    """What happens to entrants tied across a prize boundary (rule C3)."""

    SHARE_HIGHER = "share_higher", _("并列者均获较高等次")
    CHAIN = "chain", _("按排名规则区分，仍并列者均获较高等次")


class CompetitionQuerySet(ScopedQuerySet):
    def standing(self):
        return self.filter(voided_at__isnull=True)


class Competition(OrgOwned):
    """One competition run by `org` (the organiser) with its co-organisers (rule C1)."""

    kind = models.CharField(_("竞赛类别"), max_length=10, choices=CompetitionKind.choices)
    name = models.CharField(_("竞赛名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
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
    entrant_kind = models.CharField(
        _("参赛形式"), max_length=8, choices=EntrantKind.choices, default=EntrantKind.PERSON
    )
    unit_cap = models.PositiveIntegerField(
        _("每单位限报"), null=True, blank=True, help_text=_("每个单位最多报名的人数或队数；不填不限")
    )
    member_signup = models.BooleanField(
        _("会员可在手机上报名"),
        default=False,
        help_text=_("本单位及下级工会的会员用电子会员证报名，个人赛适用"),
    )
    tie_rule = models.CharField(
        _("获奖边界并列"), max_length=16, choices=TieRule.choices, default=TieRule.SHARE_HIGHER
    )
    description = models.TextField(_("竞赛说明"), blank=True)
    # figures a report gives that the entrant records cannot carry (a showcase's audience): typed with their source
    people_counted = models.PositiveIntegerField(
        _("参与职工人数（报送）"),
        null=True,
        blank=True,
        help_text=_("各队报送的参与人数合计多于登记名单时填写，如“2500余名职工”"),
    )
    published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = CompetitionQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        verbose_name = _("竞赛")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org_path", "starts_on"], name="competition_subtree_day")]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """A group (组别) of a competition: entrants compete, rank and win prizes within their group."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("组别"), max_length=60)
    order = models.PositiveSmallIntegerField(_("序号"), default=1)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("competition")

    class Meta:
        verbose_name = _("组别")
        ordering = ["competition", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "name"],
                name="group_name_once",
                violation_error_message=_("组别名称重复"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Format(models.TextChoices):
    """A stage's format (rule C1)."""

    JUDGED = "judged", _("评分（评委打分）")
    LEAGUE = "league", _("循环赛（小组赛）")
    KNOCKOUT = "knockout", _("淘汰赛")
    HEATS = "heats", _("预赛和决赛（计时）")
    PHOTO = "photo", _("作品征集（评审、投票）")


class Stage(models.Model):
    """A stage of a competition (预赛, 小组赛, 决赛 …) with its format; the first `advance` of each group go on to
    the next stage (rule C1)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("阶段名称"), max_length=60)
    format = models.CharField(_("赛制"), max_length=10, choices=Format.choices)
    advance = models.PositiveIntegerField(
        _("每组晋级人（队）数"), null=True, blank=True, help_text=_("最后阶段不填")
    )
    starts_on = models.DateField(_("日期"), null=True, blank=True)
    # the format's own settings (points for a win, tie chain, judges' aggregation …), read by the format's module
    settings = models.JSONField(_("赛制设置"), default=dict, blank=True)
    started_at = models.DateTimeField(_("开赛时间"), null=True, blank=True)  # e.g. the judges' panel locks
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("competition")

    class Meta:
        verbose_name = _("比赛阶段")
        ordering = ["competition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "order"], name="stage_order_once"),
        ]

    def __str__(self) -> str:
        return self.name


class EntrantStatus(models.TextChoices):
    REGISTERED = "registered", _("已报名")
    WITHDRAWN = "withdrawn", _("已退赛")
    DISQUALIFIED = "disqualified", _("取消资格")


class Channel(models.TextChoices):
    STAFF = "staff", _("工作人员登记")
    LIST = "list", _("名单导入")
    PHONE = "phone", _("会员手机报名")


class Entrant(models.Model):
    """A person or a team entered in one group (rule C1): from one unit or several (a joint team), a registered
    member where the person is one, and for a team the people it brings (the figures of 001-1 count them)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entrants")
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="entrants", verbose_name=_("组别")
    )
    kind = models.CharField(_("参赛形式"), max_length=8, choices=EntrantKind.choices)
    name = models.CharField(_("姓名/队名"), max_length=100)
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("会员"),
    )
    people = models.PositiveIntegerField(_("人数"), default=1, help_text=_("队伍的参赛人数；个人为1"))
    number = models.CharField(_("参赛编号"), max_length=20, blank=True)
    seed = models.PositiveIntegerField(_("种子序号"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=14, choices=EntrantStatus.choices, default=EntrantStatus.REGISTERED
    )
    status_reason = models.CharField(_("原因"), max_length=200, blank=True)
    channel = models.CharField(_("报名渠道"), max_length=8, choices=Channel.choices, default=Channel.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("competition")

    class Meta:
        verbose_name = _("参赛者")
        ordering = ["competition", "group", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "person"],
                condition=Q(person__isnull=False),
                name="entrant_person_once",
                violation_error_message=_("该会员已报名本竞赛"),
            ),
            models.UniqueConstraint(
                fields=["competition", "group", "name"],
                condition=Q(kind="team"),
                name="entrant_team_once",
                violation_error_message=_("本组已有同名队伍"),
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="entrant_has_people"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.status == EntrantStatus.REGISTERED


class EntrantUnit(models.Model):
    """A unit an entrant comes from: a registered union or employer, or a unit named only (a joint team has
    several). Units taking part are counted from these (001-1's 86家单位)."""

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="units")
    union = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会")
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("单位"),
    )
    name = models.CharField(_("单位名称"), max_length=200)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("entrant")

    class Meta:
        verbose_name = _("参赛单位")
        ordering = ["entrant", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entrant", "name"], name="entrant_unit_once"),
            models.CheckConstraint(condition=~Q(name=""), name="entrant_unit_named"),
        ]

    def __str__(self) -> str:
        return self.name


class StageEntrant(models.Model):
    """An entrant in a stage, in a pool of it (a league group, a heat, a bracket), with its seed there. The first
    stage takes the registered entrants; a later one the qualifiers of the one before (rule C1)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="entries")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="stage_entries")
    pool = models.CharField(
        _("分组/组次"), max_length=40, blank=True
    )  # A组, 第2组 (a heat); blank: the group
    seed = models.PositiveIntegerField(_("种子"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("阶段参赛者")
        ordering = ["stage", "pool", "seed", "id"]
        constraints = [models.UniqueConstraint(fields=["stage", "entrant"], name="stage_entrant_once")]


class PrizeTier(models.Model):
    """A prize tier of a competition (rule C3), the same in every group: a count (一等奖 1), a share of the group's
    ranked entrants in percent (floor), or everyone ranked after the tiers before (participation: neither)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="tiers")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("奖项"), max_length=40)
    count = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    share = models.PositiveSmallIntegerField(_("比例（%）"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("competition")

    class Meta:
        verbose_name = _("奖项")
        ordering = ["competition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "order"], name="tier_order_once"),
            models.UniqueConstraint(fields=["competition", "name"], name="tier_name_once"),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(share__isnull=True), name="tier_count_or_share"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gte=1, share__lte=100), name="tier_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Placing(models.Model):
    """Where an entrant finished a stage in its group: the rank (shared when tied, "1224") and, for the last
    stage, the prize tier won. Written when the stage's results are confirmed; the results page, the Excel, the
    certificates, the API and the figures all read these."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="placings")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="placings")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("名次"))
    tier = models.ForeignKey(
        PrizeTier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placings",
        verbose_name=_("奖项"),
    )
    figure = models.CharField(_("成绩"), max_length=60, blank=True)  # 92.35分, 12.84秒, 7分
    qualified = models.BooleanField(_("晋级"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("名次")
        ordering = ["stage", "group", "rank", "entrant"]
        constraints = [models.UniqueConstraint(fields=["stage", "entrant"], name="placing_once")]
