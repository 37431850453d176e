"""The matches of a league or knockout stage (rules C4, C5): who plays whom in which round, on which day and
pitch, and the score once entered (a forfeit scores the fixed forfeit score against the side that forfeited)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import Scope, ScopedQuerySet

from .base import Entrant, Group, Stage


class Side(models.TextChoices):
    HOME = "home", _("主队")
    AWAY = "away", _("客队")


class Match(models.Model):
    """One match of a stage. League: a pool's round-robin fixture. Knockout: a bracket slot (`position` within
    its round; the winner goes on to slot position//2 of the next round), the sides filled as winners come
    through; `third_place` marks the match for third place."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="matches")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", verbose_name=_("组别"))
    pool = models.CharField(_("小组"), max_length=40, blank=True)
    round = models.PositiveSmallIntegerField(_("轮次"))
    position = models.PositiveSmallIntegerField(_("场序"), default=0)
    third_place = models.BooleanField(_("三四名决赛"), default=False)
    date = models.DateField(_("日期"), null=True, blank=True)
    pitch = models.CharField(_("场地"), max_length=40, blank=True)
    home = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("主队")
    )
    away = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("客队")
    )
    home_score = models.PositiveSmallIntegerField(_("主队得分"), null=True, blank=True)
    away_score = models.PositiveSmallIntegerField(_("客队得分"), null=True, blank=True)
    forfeit = models.CharField(_("弃权方"), max_length=4, choices=Side.choices, blank=True)
    entered_at = models.DateTimeField(_("录入时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.via("stage")

    class Meta:
        verbose_name = _("比赛场次")
        ordering = ["stage", "group", "pool", "third_place", "round", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "group", "pool", "round", "position", "third_place"], name="match_slot_once"
            ),
            models.CheckConstraint(
                condition=Q(home_score__isnull=True, away_score__isnull=True)
                | Q(home_score__isnull=False, away_score__isnull=False),
                name="match_score_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.home or '待定'} 对 {self.away or '待定'}"

    @property
    def played(self) -> bool:
        return self.home_score is not None

    @property
    def winner(self) -> Entrant | None:
        if not self.played or self.home_score == self.away_score:
            return None
        return self.home if (self.home_score or 0) > (self.away_score or 0) else self.away

    @property
    def loser(self) -> Entrant | None:
        w = self.winner
        if w is None:
            return None
        return self.away if w == self.home else self.home
