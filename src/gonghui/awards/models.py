"""Award types and the honours register (DOMAIN §6 A1, A5, A6, W3).

An award type is data (A1): its level, the kind of recipient, its cycle and the body that confers it; the city's
national and capital types are seeded, and a node may add its own (区级, 行业, 企业). An honour is one recipient
holding one type from one year. It hangs under the node whose subtree the recipient belongs to, so that a street
counts only its own honours and a district counts its streets' too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.paths import ancestor_paths, scope_q
from gonghui.core.scope import Scope, ScopedQuerySet


class Level(models.TextChoices):
    NATIONAL = "national", _("全国")
    CAPITAL = "capital", _("首都（北京市）")
    DISTRICT = "district", _("区级")
    INDUSTRY = "industry", _("行业")
    ENTERPRISE = "enterprise", _("企业")


LEVEL_ORDER = [value for value, _label in Level.choices]  # the order a report names them in: national first


class RecipientKind(models.TextChoices):
    UNIT = "unit", _("单位")
    TEAM = "team", _("集体（班组、车间）")
    PERSON = "person", _("个人")
    FAMILY = "family", _("家庭")


# How a report counts each kind: "1家单位", "5个车间班组", "13人", "2户家庭"
MEASURE = {
    RecipientKind.UNIT: "家单位",
    RecipientKind.TEAM: "个车间班组",
    RecipientKind.PERSON: "人",
    RecipientKind.FAMILY: "户家庭",
}


class AwardType(models.Model):
    """A kind of honour (rule A1). `below` is the honour one level below that a nominee should normally hold
    already (A5). `model_worker` marks the honours held for life that put a person in the model-worker registry
    (A6: 劳动模范, 先进工作者). A type with an `org` is that node's own (区级, 行业, 企业) and is offered in its
    subtree only; the seeded types have none."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    recipient_kind = models.CharField(_("授予对象"), max_length=8, choices=RecipientKind.choices)
    cycle_years = models.PositiveSmallIntegerField(_("评选周期（年）"), default=1)
    conferred_by = models.CharField(_("授予机关"), max_length=80)
    model_worker = models.BooleanField(_("劳模（先进工作者）称号"), default=False)
    below = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("下一级荣誉"),
    )
    org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("设立单位"),
    )
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("荣誉类型")

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    ROUND = "round", _("评选结果")
    FORM = "form", _("逐条登记")
    LIST = "list", _("名单导入")


class HonourQuerySet(ScopedQuerySet):
    def standing(self):
        """Honours that count: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Honour(OrgOwned):
    """One recipient holding one honour from one year (rule A1). The recipient is a registered employer or union
    (a unit), a team named under its unit, a person (registered, or named when not in the register), or a family
    named with its member. `org` is the node whose subtree the recipient belongs to."""

    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="honours", verbose_name=_("荣誉")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    recipient_kind = models.CharField(_("授予对象"), max_length=8, choices=RecipientKind.choices)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("单位"),
    )
    union = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工会"),
    )
    unit_name = models.CharField(_("单位名称"), max_length=200)
    team_name = models.CharField(
        _("集体名称"), max_length=100, blank=True, help_text=_("如：检修车间、第一项目部")
    )
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("人员"),
    )
    person_name = models.CharField(_("姓名"), max_length=50, blank=True)
    position = models.CharField(_("职务（岗位）"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.FORM)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    objects = HonourQuerySet.as_manager()
    scope = Scope.of(view="org.view", record="work.edit")

    class Meta:
        ordering = ["-year", "award_type__order", "id"]
        verbose_name = _("荣誉")
        indexes = [models.Index(fields=["org_path", "year"], name="honour_scope_year_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""),
                name="honour_withdraw_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind__in=("person", "family")) | ~Q(person_name=""),
                name="honour_person_named",
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind="team") | ~Q(team_name=""), name="honour_team_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_label} {self.year}年{self.award_type.name}"

    @property
    def recipient_label(self) -> str:
        """The recipient as the 名单 names it: 北京排水集团 / 北京排水集团检修车间 / 张伟 / 张伟家庭."""
        if self.recipient_kind == RecipientKind.UNIT:
            return self.unit_name
        if self.recipient_kind == RecipientKind.TEAM:
            return f"{self.unit_name}{self.team_name}"
        if self.recipient_kind == RecipientKind.FAMILY:
            return f"{self.person_name}家庭"
        return self.person_name


# ---- the model-worker registry, its care visits, lecture teams and studios, and honours lists (rule A6) ----------


class WorkerStatus(models.TextChoices):
    SERVING = "serving", _("在职")
    RETIRED = "retired", _("退休")
    DECEASED = "deceased", _("已故")


class ModelWorker(OrgOwned):
    """A person in the model-worker registry (rule A6): entered when an honour of a `model_worker` type is
    recorded for them and kept for life. `level` and `year` are those of the highest such honour held (a capital
    劳动模范 later named national reads as national). A registered person is linked (their care receipts show on
    the page); anyone else is named with their unit. The allowance is whole yuan a month."""

    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("人员"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    unit_name = models.CharField(_("工作单位"), max_length=200, blank=True)
    title = models.CharField(_("称号"), max_length=60)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("获评年度"))
    honour = models.ForeignKey(
        Honour, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("荣誉")
    )
    allowance = models.PositiveIntegerField(_("荣誉津贴（元/月）"), default=0)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=WorkerStatus.choices, default=WorkerStatus.SERVING
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", record="work.edit")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("劳模")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(person__isnull=False),
                name="model_worker_one_per_person",
                violation_error_message=_("此人已在劳模名录中"),
            ),
            models.UniqueConstraint(
                fields=["name", "unit_name"],
                condition=Q(person__isnull=True),
                name="model_worker_one_per_name",
                violation_error_message=_("此人已在劳模名录中"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"


class CareVisit(OrgOwned):
    """A condolence visit (慰问, W2) to a model worker, recorded here when the care module has no hand-out for
    them (a model worker not in the register): when, who went, what was given."""

    model_worker = models.ForeignKey(
        ModelWorker, on_delete=models.PROTECT, related_name="visits", verbose_name=_("劳模")
    )
    visited_on = models.DateField(_("慰问日期"))
    visitors = models.CharField(_("慰问人"), max_length=100)
    given = models.CharField(_("慰问内容"), max_length=200, help_text=_("如：慰问金1000元、米面油一套"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", record="work.edit")

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("劳模慰问")

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} 慰问{self.model_worker.name}"


class TeamKind(models.TextChoices):
    LECTURE = "lecture", _("劳模宣讲团")
    STUDIO = "studio", _("劳模创新工作室")


class Team(OrgOwned):
    """A lecture team (宣讲团) or an innovation studio (创新工作室, O7) of a node, whose members are model
    workers (rule A6)."""

    kind = models.CharField(_("类型"), max_length=10, choices=TeamKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    founded_on = models.DateField(_("成立日期"))
    note = models.CharField(_("简介"), max_length=300, blank=True)
    members = models.ManyToManyField(
        ModelWorker, through="TeamMember", related_name="teams", verbose_name=_("成员")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", record="work.edit")

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("宣讲团（工作室）")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="team_name_per_org",
                violation_error_message=_("本单位已有同名团队"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    model_worker = models.ForeignKey(
        ModelWorker, on_delete=models.PROTECT, related_name="+", verbose_name=_("劳模")
    )
    role = models.CharField(_("职务"), max_length=20, blank=True, help_text=_("如：团长、领衔人"))
    joined_on = models.DateField(_("加入日期"))

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("团队成员")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "model_worker"],
                name="team_member_once",
                violation_error_message=_("该劳模已是团队成员"),
            )
        ]


class HonourList(OrgOwned):
    """An uploaded 名单 (honours list) as checked: its rows, ready to record, and its errors by row and column.
    No ID number is kept: a row found in the register keeps the person, and only the masked number is shown."""

    filename = models.CharField(_("文件名"), max_length=200)
    award_type = models.ForeignKey(
        AwardType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("荣誉")
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    rows = models.JSONField(_("名单行"), default=list)
    errors = models.JSONField(_("错误"), default=list)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("上传人")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="work.edit", record="work.edit")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("荣誉名单导入")

    def __str__(self) -> str:
        return self.filename


# ---- rounds: quota, nomination, 公示, vetting, approval (DOMAIN §6 A2-A5) ---------------------------------------


class Stream(models.TextChoices):
    """A2: the regular quota and the one allocated separately (单列, e.g. for front-line workers of new forms)."""

    REGULAR = "regular", _("常规")
    SEPARATE = "separate", _("单列")


class Category(models.TextChoices):
    """A3: the categories a round's composition rules count; a nominee may be in several."""

    INDUSTRIAL = "industrial", _("产业工人")
    MIGRANT = "migrant", _("农民工")
    FRONTLINE = "frontline", _("一线职工")
    HEAD = "head", _("企业负责人")
    WOMAN = "woman", _("女性")
    SKILLED = "skilled", _("技术工人")


class RoundQuerySet(ScopedQuerySet):
    def scoped(self, prefixes: list[str]):
        """A round is seen in the subtree of the node that opened it: by that node's staff and by every node
        below it that nominates (a district sees the city's round)."""
        above = {p for prefix in prefixes for p in ancestor_paths(prefix)}
        return self.filter(scope_q("org_path", prefixes) | Q(org_path__in=sorted(above)))


class Round(OrgOwned):
    """A round of an award (A2), opened by `org` for its subtree: the totals per type and stream are the quotas
    of `org` itself; each node splits its quota over its children."""

    name = models.CharField(_("评选名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    publicity_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    opened_on = models.DateField(_("启动日期"))
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("评选")

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """A composition rule of a round (A3): the share of person nominees of a category, a floor or a cap."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rules", verbose_name=_("评选"))
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    percent = models.PositiveSmallIntegerField(_("比例（%）"))
    floor = models.BooleanField(
        _("下限"), default=True, help_text=_("勾选为下限（不低于），否则为上限（不高于）")
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("round", view="org.view", edit="work.edit")

    class Meta:
        ordering = ["id"]
        verbose_name = _("名单构成要求")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="award_rule_percent"),
            models.UniqueConstraint(fields=["round", "category", "floor"], name="award_rule_once"),
        ]


class Quota(OrgOwned):
    """The number of nominees `org` may put forward for one type and stream of a round (A2). The round's own node
    holds the totals; its children's quotas add up to them, and so on down."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("评选"))
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("荣誉")
    )
    stream = models.CharField(_("名额类别"), max_length=8, choices=Stream.choices)
    count = models.PositiveIntegerField(_("名额"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        ordering = ["award_type__order", "stream", "org_path"]
        verbose_name = _("名额")
        constraints = [
            models.UniqueConstraint(fields=["round", "award_type", "stream", "org"], name="award_quota_once")
        ]


class State(models.TextChoices):
    """A4's path, in order; `withdrawn` and `vetoed` end it early."""

    DRAFT = "draft", _("拟推荐")
    REVIEWED = "reviewed", _("已民主评议")
    UNIT_PUBLICITY = "unit_publicity", _("单位公示中")
    UNIT_PUBLISHED = "unit_published", _("单位公示期满")
    NODE_REVIEWED = "node_reviewed", _("上级已审核")
    NODE_PUBLICITY = "node_publicity", _("上级公示中")
    VETTING = "vetting", _("部门联审中")
    APPROVED = "approved", _("已批准")
    WITHDRAWN = "withdrawn", _("已撤回")
    VETOED = "vetoed", _("联审未通过")


ENDED = (State.WITHDRAWN, State.VETOED)


class Nomination(OrgOwned):
    """One nominee on the list of `org` (the node holding the quota) for one type and stream of a round (A4).
    The recipient is named as in the honours register; a person may be found in the member register."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("评选")
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("荣誉")
    )
    stream = models.CharField(_("名额类别"), max_length=8, choices=Stream.choices, default=Stream.REGULAR)
    unit_name = models.CharField(_("单位名称"), max_length=200)
    team_name = models.CharField(_("集体名称"), max_length=100, blank=True)
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("人员"),
    )
    person_name = models.CharField(_("姓名"), max_length=50, blank=True)
    position = models.CharField(_("职务（岗位）"), max_length=100, blank=True)
    deeds = models.TextField(_("主要事迹"), blank=True)
    categories = models.JSONField(_("人员类别"), default=list, blank=True)
    below_reason = models.CharField(
        _("未获下一级荣誉的说明"),
        max_length=200,
        blank=True,
        help_text=_("被推荐人尚未获得下一级荣誉时填写（A5）"),
    )
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    votes_yes = models.PositiveIntegerField(_("同意票数"), null=True, blank=True)
    votes_total = models.PositiveIntegerField(_("参加评议人数"), null=True, blank=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示截止"), null=True, blank=True)
    honour = models.ForeignKey(
        Honour, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("荣誉记录")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", edit="work.edit")

    class Meta:
        ordering = ["award_type__order", "stream", "id"]
        verbose_name = _("推荐对象")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_yes__isnull=True) | Q(votes_yes__lte=models.F("votes_total")),
                name="award_nomination_votes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_label}（{self.award_type.name}）"

    @property
    def recipient_label(self) -> str:
        kind = self.award_type.recipient_kind
        if kind == RecipientKind.UNIT:
            return self.unit_name
        if kind == RecipientKind.TEAM:
            return f"{self.unit_name}{self.team_name}"
        return f"{self.person_name}家庭" if kind == RecipientKind.FAMILY else self.person_name

    @property
    def category_labels(self) -> list[str]:
        return [Category(c).label for c in Category.values if c in self.categories]

    @property
    def standing(self) -> bool:
        return self.state not in ENDED


class Step(models.Model):
    """A dated record on a nominee's path (A4): the democratic review with its votes, a 公示 begun or ended, a
    review by the node above, a department's vetting (a veto carries its reason), the approval, a withdrawal."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("民主评议")
        PUBLICITY_START = "publicity_start", _("开始公示")
        PUBLICITY_CLOSE = "publicity_close", _("公示期满")
        NODE_REVIEW = "node_review", _("上级审核")
        VETTING = "vetting", _("部门联审")
        APPROVE = "approve", _("批准")
        WITHDRAW = "withdraw", _("撤回")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="steps", verbose_name=_("推荐对象")
    )
    kind = models.CharField(_("环节"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("日期"))
    level = models.CharField(_("层级"), max_length=8, blank=True)  # "unit" or "node" for a 公示
    department = models.CharField(_("部门"), max_length=60, blank=True)
    passed = models.BooleanField(_("通过"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    by = models.CharField(_("经办人"), max_length=60, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("nomination", view="org.view", edit="work.edit")

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("推荐环节")


class Outcome(models.TextChoices):
    PENDING = "pending", _("调查中")
    UPHELD = "upheld", _("反映属实")
    DISMISSED = "dismissed", _("反映不实")


class Objection(models.Model):
    """An objection raised during a 公示 (A4): who raised it, what, the investigation and its outcome. An upheld
    one withdraws the nominee."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="objections", verbose_name=_("推荐对象")
    )
    received_on = models.DateField(_("受理日期"))
    raised_by = models.CharField(_("反映人"), max_length=60, help_text=_("可填“匿名”"))
    content = models.TextField(_("反映内容"))
    investigation = models.TextField(_("调查核实情况"), blank=True)
    outcome = models.CharField(_("结论"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("nomination", view="org.view", edit="work.edit")

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("公示异议")


class Attachment(models.Model):
    """A file attached to a nominee's material (推荐材料附件): the deeds written up, a certificate, a photo. Kept in
    the default storage under `stored_name`, a name Gonghui chose; `original_name` is the name it was uploaded
    under, shown in the list and given to the download. Seen by whoever sees the nominee (awards/attachments.py
    checks the bytes)."""

    class Kind(models.TextChoices):
        DEEDS = "deeds", _("事迹材料")
        PROOF = "proof", _("证明材料")
        PHOTO = "photo", _("照片")
        OTHER = "other", _("其他")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("推荐对象")
    )
    kind = models.CharField(_("材料类别"), max_length=8, choices=Kind.choices, default=Kind.DEEDS)
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=255, editable=False)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("nomination", view="org.view", edit="work.edit")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("推荐材料附件")

    def __str__(self) -> str:
        return self.original_name
