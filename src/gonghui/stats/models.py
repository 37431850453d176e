"""What the figures are counted from, and the rollups that make them fast.

The tables keep the names they were created with (`dashboards_*`): the models moved here from the dashboards app
without touching the database (stats migration 0001, dashboards migration 0005).

- `Span`: one stretch of time in which a membership counted as a member of one union (S1). Derived from the
  membership's timeline (its events, its lapse date) and kept in the same transaction as every change of it,
  with the person's attributes the figures break down by. Spans are the facts; everything else is counted
  from them, from employers and from organisations.
- `Delta`: what a change did to the figures of the union where it happened, appended in the change's own
  transaction. Writers never touch an ancestor's figures: that would serialise every write on the root.
- `Rollup`: the subtree totals per bucket and figure key of the nodes big enough to need them (`RollupNode`),
  folded in from the deltas in the background and rebuilt by a full recompute. A bucket is a month from
  `StatState.monthly_from` on (this year and the two before it) and a year before that, dated its first day.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.paths import PathField

# The bucket of figures that have no date (employers, unions): the register keeps their current state only.
UNDATED = dt.date(1900, 1, 1)


class StartKind(models.TextChoices):
    JOIN = "join", _("入会")
    TRANSFER = "transfer", _("转入")
    RETURN = "return", _("恢复会籍")


class EndKind(models.TextChoices):
    TRANSFER = "transfer", _("转出")
    VOLUNTARY = "voluntary", _("本人申请退会")
    LAPSED = "lapsed", _("连续六个月未缴会费")
    DECEASED = "deceased", _("去世")
    OTHER = "other", _("其他")
    EXPELLED = "expelled", _("除名")


LEAVING_KINDS = [k for k in EndKind.values if k != EndKind.TRANSFER]


class Span(OrgOwned):
    # Indexed with the days below: a subtree's facts between two days are one index range (no pattern-ops twin).
    org_path = PathField(editable=False)
    membership = models.ForeignKey("members.Membership", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)  # the first day no longer counted; none: still counted
    start_kind = models.CharField(max_length=12, choices=StartKind.choices)
    end_kind = models.CharField(max_length=12, choices=EndKind.choices, blank=True)
    channel = models.CharField(max_length=16)
    gender = models.CharField(max_length=1)
    is_migrant = models.BooleanField()
    is_new_form = models.BooleanField()
    priority_group = models.CharField(max_length=16, blank=True)
    skill_level = models.CharField(max_length=20, blank=True)
    birth_decade = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "dashboards_span"
        indexes = [
            models.Index(fields=["person"], name="span_person_idx"),
            models.Index(fields=["started_on"], name="span_start_idx"),
            models.Index(fields=["ended_on"], name="span_end_idx"),
            models.Index(fields=["org_path", "started_on"], name="span_scope_start_idx"),
            models.Index(fields=["org_path", "ended_on"], name="span_scope_end_idx"),
        ]


class Delta(models.Model):
    id = models.BigAutoField(primary_key=True)
    # No database constraint: organisations are never deleted (O1), and a foreign-key check per row would be paid
    # at every commit that writes the journal or rebuilds the rollups (millions of rows).
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    month = models.DateField()
    key = models.CharField(max_length=48)
    value = models.BigIntegerField()

    class Meta:
        db_table = "dashboards_delta"


class RollupNode(models.Model):
    """A node whose figures are read from rollups; every other node's are counted directly (small subtrees)."""

    org = models.OneToOneField("orgs.Org", on_delete=models.CASCADE, primary_key=True, related_name="+")
    path = PathField(unique=True)

    class Meta:
        db_table = "dashboards_rollupnode"


class Rollup(models.Model):
    id = models.BigAutoField(primary_key=True)
    node = models.ForeignKey(  # no database constraint, as for Delta.org
        "orgs.Org", on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    month = models.DateField()
    key = models.CharField(max_length=48)
    value = models.BigIntegerField()

    class Meta:
        db_table = "dashboards_rollup"
        constraints = [models.UniqueConstraint(fields=["node", "month", "key"], name="rollup_unique")]


class StatState(models.Model):
    """One row: when the figures were last folded and recomputed, and whether a recompute is due (a subtree
    moved, so every ancestor's totals changed at once)."""

    recompute_due = models.BooleanField(default=True)
    # Rollup buckets are months from this day on and years before it (set by each recompute).
    monthly_from = models.DateField(null=True, blank=True)
    folded_at = models.DateTimeField(null=True, blank=True)
    recomputed_at = models.DateTimeField(null=True, blank=True)
    recompute_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "dashboards_statstate"
