"""Legal-aid cases (DOMAIN V1): intake of a node's case with its number per node and year, the applicant (a
member or not; an ID number only as cipher, lookup hash and mask), eligibility with an override reason, the
parties the conflict check compares (rule V1), the conflicts it found and their clearance, the status timeline with
deadlines, the lawyer assigned and the outcome on closing. The facts are encrypted ("support.case")."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet

from .base import Provider

FACTS_PURPOSE = "support.case"
APPLICANT_ID_PURPOSE = "support.case.applicant_id"


class ClaimKind(models.TextChoices):
    WAGES = "wages", "欠薪"
    INJURY = "injury", "工伤赔偿"
    SEVERANCE = "severance", "解除劳动合同补偿"
    SOCIAL = "social", "社会保险"
    OTHER = "other", "其他"


class CaseStage(models.TextChoices):
    """The status timeline's steps, in the order a case usually takes them."""

    INTAKE = "intake", "受理"
    CONFLICT = "conflict", "利益冲突审查"
    ASSIGNED = "assigned", "指派律师"
    MEDIATION = "mediation", "调解"
    ARBITRATION_FILED = "arb_filed", "劳动仲裁立案"
    ARBITRATION_HEARING = "arb_hearing", "仲裁开庭"
    ARBITRATION_AWARD = "arb_award", "仲裁裁决"
    SUIT = "suit", "起诉"
    HEARING = "hearing", "开庭"
    JUDGMENT = "judgment", "判决"
    ENFORCEMENT = "enforcement", "执行"
    CLOSED = "closed", "结案"


# the steps a person records on the timeline form (the others are written by their own service)
RECORDED_STAGES = (
    CaseStage.MEDIATION,
    CaseStage.ARBITRATION_FILED,
    CaseStage.ARBITRATION_HEARING,
    CaseStage.ARBITRATION_AWARD,
    CaseStage.SUIT,
    CaseStage.HEARING,
    CaseStage.JUDGMENT,
    CaseStage.ENFORCEMENT,
)


class CaseResult(models.TextChoices):
    MEDIATED = "mediated", "调解成功"
    ARBITRATION_UPHELD = "arb_upheld", "仲裁支持"
    JUDGMENT_UPHELD = "judgment_upheld", "判决支持"
    PARTIAL = "partial", "部分支持"
    DISMISSED = "dismissed", "未获支持"
    WITHDRAWN = "withdrawn", "撤回"


class CaseStatus(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSED = "closed", "已结案"


class LegalCase(OrgOwned):
    """A legal-aid case of a node (`org`), numbered per node and year (援字〔2026〕第3号)."""

    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("案件编号", max_length=40)
    intake_date = models.DateField("受理日期")
    # the applicant: a member of the register, or a worker who is not (name and document only)
    membership = models.ForeignKey(
        "members.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="申请人会籍",
    )
    applicant_name = models.CharField("申请人", max_length=50)
    applicant_doc_type = models.CharField("证件类型", max_length=16, blank=True)
    applicant_id_cipher = models.TextField(blank=True, editable=False)
    applicant_id_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    applicant_id_masked = models.CharField("证件号码", max_length=24, blank=True, editable=False)
    employer_name = models.CharField("用人单位", max_length=200, blank=True)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="用人单位（登记）",
    )
    claim_kind = models.CharField("请求类别", max_length=16, choices=ClaimKind.choices)
    facts_cipher = models.TextField(blank=True, editable=False)
    # eligibility (援助对象): any of the three, else an override reason
    is_member = models.BooleanField("工会会员", default=False)
    is_migrant = models.BooleanField("农民工", default=False)
    is_low_income = models.BooleanField("低收入", default=False)
    eligibility_override = models.CharField("不符合援助条件时受理的理由", max_length=300, blank=True)
    status = models.CharField("状态", max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    stage = models.CharField("进程", max_length=16, choices=CaseStage.choices, default=CaseStage.INTAKE)
    next_deadline = models.DateField("期限", null=True, blank=True, db_index=True)
    lawyer = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="承办律师",
    )
    # rule V1: the conflict check's state; blocking hits must be cleared before a lawyer is assigned
    conflict_blocking = models.PositiveIntegerField("利益冲突", default=0)
    conflict_related = models.PositiveIntegerField("关联案件", default=0)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_by_name = models.CharField("审查人", max_length=150, blank=True)
    cleared_at = models.DateTimeField("排除时间", null=True, blank=True)
    clear_reason = models.CharField("排除理由", max_length=500, blank=True)
    # the outcome on closing
    closed_on = models.DateField("结案日期", null=True, blank=True)
    result = models.CharField("结果", max_length=16, choices=CaseResult.choices, blank=True)
    recovered_yuan = models.PositiveBigIntegerField("挽回经济损失（元）", default=0)
    people_covered = models.PositiveIntegerField("涉及职工人数", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit", reveal="member.reveal")

    class Meta:
        ordering = ["-intake_date", "-id"]
        verbose_name = "法律援助案件"
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "seq"], name="support_case_number_per_org_year"),
            models.CheckConstraint(
                condition=Q(people_covered__gte=1), name="support_case_people_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False, result__gt=""),
                name="support_case_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def eligible(self) -> bool:
        return self.is_member or self.is_migrant or self.is_low_income

    @property
    def conflict_open(self) -> bool:
        """rule V1: a blocking hit not yet cleared by a named person"""
        return self.conflict_blocking > 0 and self.cleared_at is None


class PartySide(models.TextChoices):
    APPLICANT = "applicant", "申请人方"
    OPPOSING = "opposing", "对方当事人"


class PartyKind(models.TextChoices):
    PERSON = "person", "个人"
    ORGANISATION = "org", "单位"


class Party(models.Model):
    """One side's party of a case as the conflict check compares it (rule V1): the name, its normalised form and
    pinyin, the ID hash of a person, the employer key of an organisation. No document number in any form."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField("方", max_length=10, choices=PartySide.choices)
    kind = models.CharField("类别", max_length=8, choices=PartyKind.choices)
    name = models.CharField("名称", max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    pinyin_key = models.CharField(max_length=400, db_index=True, editable=False)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_applicant = models.BooleanField(default=False, editable=False)  # the case's applicant, kept in step

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("case")

    class Meta:
        ordering = ["side", "id"]
        verbose_name = "当事人"

    def __str__(self) -> str:
        return self.name


class ConflictHit(models.Model):
    """What the last check found: a party of this case matching a party of an earlier case (rule V1). Against the
    earlier case's opposite side it blocks (冲突); on the same side it is shown as 关联."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="hits")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    earlier = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="+")
    earlier_party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    how = models.CharField("匹配方式", max_length=60)
    blocking = models.BooleanField("利益冲突", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("case")

    class Meta:
        ordering = ["-blocking", "earlier_id", "id"]


class CaseEvent(models.Model):
    """A step of the status timeline: its date, an optional deadline and a note (no facts)."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("进程", max_length=16, choices=CaseStage.choices)
    on_date = models.DateField("日期")
    deadline = models.DateField("期限", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    actor_username = models.CharField("经办人", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("case")

    class Meta:
        ordering = ["on_date", "id"]
        verbose_name = "办理进程"

    def __str__(self) -> str:
        return f"{self.on_date} {self.get_kind_display()}"
