"""A photo (or video) contest's records (rule C7): the entries members submit on their phones, screened by staff,
marked by the jury in rounds (入围 yes/no, then scores), and the public's votes, one per member per entry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import Scope, ScopedQuerySet

from .base import Entrant, Stage


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    DISQUALIFIED = "disqualified", _("不予通过")


class Submission(models.Model):
    """One member's entry in a photo stage: the entrant made for them, the title and caption, the stored photo
    (checked and stripped of its metadata by core.uploads)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="submissions")
    entrant = models.OneToOneField(Entrant, on_delete=models.CASCADE, related_name="submission")
    title = models.CharField(_("作品名称"), max_length=60)
    caption = models.CharField(_("作品说明"), max_length=300, blank=True)
    photo = models.CharField(_("照片"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=14, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    reason = models.CharField(_("不予通过原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("参赛作品")
        ordering = ["stage", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="disqualified") | ~Q(reason=""), name="submission_dq_has_reason"
            )
        ]

    def __str__(self) -> str:
        return self.title


class RoundKind(models.TextChoices):
    SHORTLIST = "shortlist", _("初评（是否入围）")
    SCORE = "score", _("复评（打分）")


class JuryRound(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="jury_rounds")
    order = models.PositiveSmallIntegerField(_("轮次"))
    kind = models.CharField(_("评审方式"), max_length=10, choices=RoundKind.choices)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("评审轮次")
        ordering = ["stage", "order"]
        constraints = [models.UniqueConstraint(fields=["stage", "order"], name="jury_round_once")]


class JuryMark(models.Model):
    """A juror's mark on an entry in a round: yes/no in 初评, a score of 0-100 in 复评."""

    round = models.ForeignKey(JuryRound, on_delete=models.CASCADE, related_name="marks")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="marks")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shortlisted = models.BooleanField(_("入围"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("round")

    class Meta:
        verbose_name = _("评审意见")
        constraints = [
            models.UniqueConstraint(fields=["round", "submission", "juror"], name="jury_mark_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="jury_score_100"
            ),
        ]


class Vote(models.Model):
    """A member's public vote for an entry: one per member per entry (rule C7), held by the database."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("submission")

    class Meta:
        verbose_name = _("投票")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "person"],
                name="vote_once_per_member",
                violation_error_message=_("您已为该作品投过票"),
            )
        ]
