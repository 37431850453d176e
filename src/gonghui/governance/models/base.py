"""What the parts share: a node's congress or members' assembly (G1), which the congress part fills with delegates,
sittings, reports and votes and at which the elections part holds its elections; and the committee a node has,
with every earlier one kept (O6), which an approved election installs (R21)."""

from django.db import models

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class CongressKind(models.TextChoices):
    CONGRESS = "congress", "会员代表大会"
    ASSEMBLY = "assembly", "会员大会"  # R19: small base unions meet as all their members


class Congress(OrgOwned):
    """第N次代表大会 (or 会员大会) of a node (`org`): numbered per node and kind (G1)."""

    kind = models.CharField(
        "类别", max_length=10, choices=CongressKind.choices, default=CongressKind.CONGRESS
    )
    number = models.PositiveSmallIntegerField("届次")
    title = models.CharField("名称", max_length=200)
    starts_on = models.DateField("开幕日期")
    ends_on = models.DateField("闭幕日期", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    entitled = models.PositiveIntegerField("应到代表（人）", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "代表大会"
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "number"], name="governance_congress_number_once")
        ]

    def __str__(self) -> str:
        return self.title


class Committee(OrgOwned):
    """A node's committee for one term (O6: 3 or 5 years); the one without `ended_on` is the present one, the
    others its history. Installed by `services.committee_install` (an approved election, R21, or a record of a
    committee elected before Gonghui)."""

    term_start = models.DateField("本届任期开始")
    term_years = models.PositiveSmallIntegerField("任期（年）", choices=[(3, "3"), (5, "5")])
    source = models.CharField("产生方式", max_length=200)
    election_key = models.CharField("选举记录", max_length=60, blank=True)  # "governance.election:7"
    ended_on = models.DateField("届满或改选日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["-term_start", "-id"]
        verbose_name = "工会委员会"
        constraints = [
            models.UniqueConstraint(
                fields=["org"],
                condition=models.Q(ended_on__isnull=True),
                name="governance_one_present_committee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org}（{self.term_start:%Y}年起{self.term_years}年）"

    @property
    def term_ends(self):
        return self.term_start.replace(year=self.term_start.year + self.term_years)


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    STANDING = "standing", "常务委员"
    MEMBER = "member", "委员"
    AUDIT_CHAIR = "audit_chair", "经费审查委员会主任"
    AUDIT_MEMBER = "audit_member", "经费审查委员会委员"
    WOMEN_CHAIR = "women_chair", "女职工委员会主任"
    WOMEN_MEMBER = "women_member", "女职工委员会委员"


class CommitteeMember(models.Model):
    """A person on a committee in a role (O6): the 委员会 itself, 经审会 and 女职工委员会."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=60)
    role = models.CharField("职务", max_length=16, choices=CommitteeRole.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("committee")

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = "委员会成员"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"
