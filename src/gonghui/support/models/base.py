"""Service providers (V1): the lawyers and other professionals a node registers, paired with its stations and
assigned to its legal-aid cases."""

from django.db import models

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class ProviderKind(models.TextChoices):
    PRO_BONO_LAWYER = "pro_bono", "公益律师"
    DUTY_LAWYER = "duty", "值班律师"
    COUNSELLOR = "counsellor", "心理咨询师"
    DOCTOR = "doctor", "医生"
    OTHER = "other", "其他专业人员"


LAWYER_KINDS = (ProviderKind.PRO_BONO_LAWYER, ProviderKind.DUTY_LAWYER)


class Provider(OrgOwned):
    """A lawyer or other professional registered by a node (`org`) to serve its subtree (V1)."""

    name = models.CharField("姓名", max_length=60)
    kind = models.CharField("类别", max_length=16, choices=ProviderKind.choices)
    firm = models.CharField("执业机构", max_length=120, blank=True)
    licence = models.CharField("执业证号", max_length=40, blank=True)
    availability = models.CharField("可服务时间", max_length=200, blank=True)
    is_active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="org.view", manage="work.edit")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "服务专业人员"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "licence"],
                condition=~models.Q(licence=""),
                name="support_provider_licence_once_per_org",
                violation_error_message="该执业证号已在本级登记",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def is_lawyer(self) -> bool:
        return self.kind in LAWYER_KINDS
