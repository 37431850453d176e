"""A roster import: who sent which file (by hash) for which union, what its preview and its apply found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.scope import Scope, ScopedQuerySet


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("检查中")
    PREVIEWED = "previewed", _("已预览，待导入")
    APPLYING = "applying", _("导入中")
    APPLIED = "applied", _("已导入")
    FAILED = "failed", _("失败")


class RosterImport(OrgOwned):
    """One uploaded roster for one union. The job records keep the progress and the error report file."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    file_sha256 = models.CharField(_("文件 SHA-256"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(default=0)
    stored_file = models.CharField(max_length=255)
    mapping = models.JSONField(
        default=dict, blank=True
    )  # column index (as text) → field, when the user chose
    headings = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    preview = models.JSONField(null=True, blank=True)  # counts of the last preview
    result = models.JSONField(null=True, blank=True)  # counts of the apply
    errors = models.JSONField(default=list, blank=True)  # the first errors, for the page (the report has all)
    message = models.CharField(max_length=500, blank=True)
    preview_job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    apply_job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="member.manage")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.org}"

    def column_mapping(self) -> dict[int, str] | None:
        return {int(k): v for k, v in self.mapping.items()} if self.mapping else None


class HeadingMapping(OrgOwned):
    """A heading of a union's rosters and the field a cadre confirmed for it (blank: not imported). Read before
    the usual heading variants, so the union's next roster with the same headings is mapped without asking."""

    heading = models.CharField(_("列名"), max_length=100)  # as compared: roster.normal_heading
    field = models.CharField(_("字段"), max_length=32, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="member.manage")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "heading"], name="imports_heading_mapping_once_per_union")
        ]

    def __str__(self) -> str:
        return f"{self.org}：{self.heading} → {self.field or '（不导入）'}"
