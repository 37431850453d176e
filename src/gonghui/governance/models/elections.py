"""A 差额 election at a congress or a plenary (DOMAIN G2), its candidates in 姓氏笔画 order, the ballots or the
totals of the paper tally, the scrutineers' signature, and the approval above (R21) that installs the committee
(O6)."""

from django.conf import settings
from django.db import models

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet

from .base import CommitteeRole, Congress


class ElectionBody(models.TextChoices):
    COMMITTEE = "committee", "工会委员会"
    AUDIT = "audit", "经费审查委员会"
    WOMEN = "women", "女职工委员会"
    CHAIRS = "chairs", "主席、副主席"


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    VOTING = "voting", "投票中"
    COUNTED = "counted", "已计票"
    SUBMITTED = "submitted", "已报批"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "退回"


class TallyMode(models.TextChoices):
    BALLOTS = "ballots", "逐张录入选票"
    TOTALS = "totals", "录入汇总票数"


class ShortfallRule(models.TextChoices):
    EMPTY = "empty", "缺额（空缺）"
    FURTHER = "further", "在未当选的候选人中另行选举"


class Election(OrgOwned):
    """One vote for one body (rule G2). `org` is the node whose body is elected; the approval comes from the node
    above (R21)."""

    congress = models.ForeignKey(
        Congress,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name="代表大会",
    )
    title = models.CharField("选举名称", max_length=200)
    body = models.CharField("选举产生", max_length=12, choices=ElectionBody.choices)
    held_on = models.DateField("选举日期")
    term_years = models.PositiveSmallIntegerField("任期（年）", choices=[(3, "3"), (5, "5")], default=5)
    seats = models.PositiveSmallIntegerField("应选名额")
    margin_percent = models.PositiveSmallIntegerField("差额比例不低于（%）", default=5)
    shortfall_rule = models.CharField(
        "当选不足应选名额时", max_length=10, choices=ShortfallRule.choices, default=ShortfallRule.EMPTY
    )
    mode = models.CharField("计票方式", max_length=10, choices=TallyMode.choices, default=TallyMode.BALLOTS)
    entitled = models.PositiveIntegerField("应到人数", default=0)
    present = models.PositiveIntegerField("实到人数", default=0)
    ballots_issued = models.PositiveIntegerField("发出选票", default=0)
    ballots_returned = models.PositiveIntegerField("收回选票", default=0)
    invalid_ballots = models.PositiveIntegerField("无效票", default=0)
    scrutineers = models.CharField("监票人", max_length=200, blank=True)
    signed_at = models.DateTimeField("监票人签字时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT
    )
    submitted_at = models.DateTimeField("报批时间", null=True, blank=True)
    decided_at = models.DateTimeField("批复时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField("批复意见", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "换届选举"

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        return f"governance.election:{self.pk}"


class Candidate(models.Model):
    """A name on the ballot, or a write-in (另选他人) that a ballot marked."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField("姓名", max_length=60)
    role = models.CharField("拟任职务", max_length=16, choices=CommitteeRole.choices)
    write_in = models.BooleanField("另选他人", default=False)
    yes = models.PositiveIntegerField("赞成", default=0)
    no = models.PositiveIntegerField("不赞成", default=0)
    abstain = models.PositiveIntegerField("弃权", default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("election")

    class Meta:
        ordering = ["election", "id"]
        verbose_name = "候选人"
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="governance_candidate_once")]

    def __str__(self) -> str:
        return self.name


class Ballot(models.Model):
    """One paper ballot as entered on the tally page: the names it marks yes (candidates' ids, write-ins among
    them). A ballot marking more names than seats is kept and counted invalid (rule G2)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    number = models.PositiveIntegerField("选票序号")
    marks = models.JSONField("画圈的候选人", default=list)
    entered_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("election")

    class Meta:
        ordering = ["election", "number"]
        verbose_name = "选票"
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="governance_ballot_number_once")
        ]
