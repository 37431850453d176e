"""Shared model pieces: rows owned by an organisation node, and the audit log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .paths import PathField


class OrgOwned(models.Model):
    """A row recorded under an organisation node (rule O1: it moves with the node's subtree).

    `org_path` copies the node's path so "everything in this subtree" is one indexed range on this table;
    the move service rewrites it set-wise for every model that has the field.
    """

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织")
    )
    org_path = PathField(editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.org_id is not None:
            self.org_path = self.org.path
        super().save(*args, **kwargs)


class AuditCategory(models.TextChoices):
    SECURITY = "security", _("安全")
    CHANGE = "change", _("变更")
    ACCESS = "access", _("数据访问")


class AuditEvent(models.Model):
    """Who did what, when, to which record, with the values before and after. Never edited; deleted only once
    archived and past retention (decision 0006: a keyed hash chain, and a trigger that refuses changes)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True, verbose_name=_("操作人"))
    category = models.CharField(max_length=16, choices=AuditCategory.choices, db_index=True)
    action = models.CharField(max_length=64, db_index=True, verbose_name=_("操作"))
    org = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org_path = PathField(blank=True, editable=False, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True, verbose_name=_("对象"))
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True, verbose_name=_("原因"))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP 地址"))
    # The seal (decision 0006): filled once, after commit, by `core.chain.seal_pending`, in commit order.
    seq = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)
    key_id = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-created_at"], name="audit_target_idx"),
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_unsealed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(org__isnull=True) | ~Q(org_path=""), name="audit_org_has_path"
            ),
            models.CheckConstraint(
                condition=Q(seq__isnull=True, hash="") | Q(seq__isnull=False) & ~Q(hash=""),
                name="audit_sealed_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.target_label}"


class AuditChain(models.Model):
    """The head of the audit log's hash chain: one row, locked by the sealer while it extends the chain.

    `anchor_seq`/`anchor_hash` are the last record pruned (after archiving): the first remaining record must
    follow them, so the chain still verifies after old records are gone.
    """

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="audit_chain_single_row")]


class AuditArchive(models.Model):
    """An export of the audit log written by `gonghui audit archive`; pruning needs one covering its range."""

    created_at = models.DateTimeField(auto_now_add=True)
    before = models.DateField(help_text="记录时间早于该日 (Asia/Shanghai) 的记录")
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    count = models.PositiveIntegerField()
    path = models.CharField(max_length=1000)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-last_seq"]

    def __str__(self) -> str:
        return f"{self.path} (#{self.first_seq}–#{self.last_seq})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """A piece of long work (an export, an import, a big report) run by the task worker, with its progress.

    The page polls it for the progress bar; the result file stays in the default storage for the actor.
    """

    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    org = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result_file = models.CharField(max_length=255, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class CalendarDay(models.Model):
    """A day the federation declares a working day or a day off against the State Council's calendar (a local
    holiday, a working Saturday of its own); `core/workdays.py` reads these before the published calendar."""

    day = models.DateField("日期", unique=True)
    workday = models.BooleanField("工作日")
    reason = models.CharField("说明", max_length=100)

    class Meta:
        ordering = ["day"]
        verbose_name = "工作日调整"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {'工作日' if self.workday else '休息日'}（{self.reason}）"
