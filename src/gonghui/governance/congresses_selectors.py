"""The figures of congresses and members' assemblies with their delegates, sittings, reports and votes, and committee plenaries (G1):
for a subtree and period, as `selectors.summary` adds them up.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor).

Reads of the part's pages and API start from `restrict(actor, …)`; one out of scope is not found."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from .models import Congress, CongressKind, CongressTargets, Delegate, Matter, Plenary, PlenaryKind, Sitting
from .models.congresses import REPORT_KINDS

FIGURES = (
    "congresses_held",
    "plenaries_held",
    "reports_approved",
    "delegates",
)


def _id(value) -> int | None:
    return int(value) if str(value).isdigit() else None


def congress_get(*, actor, pk, perm: str = "view") -> Congress:
    found = Congress.objects.restrict(actor, perm).filter(pk=_id(pk)).select_related("org").first()
    if found is None:
        raise NotFound("未找到该代表大会")
    return found


def plenary_get(*, actor, pk, perm: str = "view") -> Plenary:
    found = Plenary.objects.restrict(actor, perm).filter(pk=_id(pk)).select_related("org").first()
    if found is None:
        raise NotFound("未找到该全委会")
    return found


def matter_get(*, actor, pk, perm: str = "view") -> Matter:
    found = Matter.objects.restrict(actor, perm).filter(pk=_id(pk)).first()
    if found is None:
        raise NotFound("未找到该事项")
    return found


def _filtered(qs, *, org=None, year=None, search="", date_field: str):
    if org is not None:
        qs = qs.in_subtree(org)
    if year:
        qs = qs.filter(**{f"{date_field}__year": year})
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(org__name__icontains=search))
    return qs


def congresses_for(*, actor, kind: str = "", org=None, year=None, search: str = ""):
    """The congresses and assemblies the actor may see; `kind` a CongressKind (a plenary kind gives none)."""
    qs = Congress.objects.restrict(actor, "view").select_related("org")
    if kind:
        qs = qs.filter(kind=kind) if kind in CongressKind.values else qs.none()
    return _filtered(qs, org=org, year=year, search=search, date_field="starts_on")


def plenaries_for(*, actor, kind: str = "", org=None, year=None, search: str = ""):
    qs = Plenary.objects.restrict(actor, "view").select_related("org")
    if kind:
        qs = qs.filter(kind=kind) if kind in PlenaryKind.values else qs.none()
    return _filtered(qs, org=org, year=year, search=search, date_field="on")


def targets_of(congress: Congress) -> CongressTargets:
    return CongressTargets.objects.filter(congress=congress).first() or CongressTargets(congress=congress)


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    total: int
    target: int  # whole percent

    @property
    def met(self) -> bool:
        # the composition rule on integers (as A3 does): count*100 >= target*total
        return self.count * 100 >= self.target * self.total

    @property
    def percent(self) -> str:
        return f"{self.count * 100 // self.total}%" if self.total else "—"


def composition(congress: Congress) -> list[Share]:
    """The delegates' composition against the congress's targets (G1): women, front-line workers, model workers."""
    delegates = Delegate.objects.filter(congress=congress)
    total = delegates.count()
    t = targets_of(congress)
    return [
        Share("女性代表", delegates.filter(gender="F").count(), total, t.women_pct),
        Share("一线职工代表", delegates.filter(front_line=True).count(), total, t.front_line_pct),
        Share("劳模代表", delegates.filter(model_worker=True).count(), total, t.model_worker_pct),
    ]


def attendance(sitting: Sitting) -> tuple[int, int]:
    """(present P, entitled N) at a sitting, for the elections part's quorum (G2: valid iff 3*P > 2*N)."""
    return sitting.present, sitting.congress.entitled


# ---- figures --------------------------------------------------------------------------------------------


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    congresses = Congress.objects.in_subtree(org).filter(starts_on__range=(start, end))
    plenaries = Plenary.objects.in_subtree(org).filter(on__range=(start, end))
    reports = Matter.objects.in_subtree(org).filter(
        kind__in=REPORT_KINDS, approved=True, voted_on__range=(start, end)
    )
    return {
        "congresses_held": congresses.count(),
        "plenaries_held": plenaries.count(),
        "reports_approved": reports.count(),
        "delegates": Delegate.objects.filter(congress__in=congresses.values("pk")).count(),
    }


def sentence(fig: dict[str, int]) -> str:
    """ "召开会员代表大会1次、全委会2次，审议通过工作报告等3项报告" (only what happened)."""
    held = []
    if fig["congresses_held"]:
        held.append(f"会员代表大会{thousands(fig['congresses_held'])}次")
    if fig["plenaries_held"]:
        held.append(f"全委会{thousands(fig['plenaries_held'])}次")
    parts = []
    if held:
        parts.append("召开" + "、".join(held))
    if fig["reports_approved"]:
        parts.append(f"审议通过工作报告等{thousands(fig['reports_approved'])}项报告")
    return "，".join(parts)


def unconfirmed(org: Org):
    """Congresses of a subtree whose delegates' credentials are not confirmed yet."""
    return (
        Congress.objects.in_subtree(org)
        .filter(kind=CongressKind.CONGRESS)
        .exclude(targets__credentials_confirmed_on__isnull=False)
    )


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    if not in_scope(actor, "org.view", org):
        return []
    count = unconfirmed(org).count()
    return (
        [("代表大会代表资格待确认", count, f"{reverse('governance:congresses')}?org={org.pk}")]
        if count
        else []
    )
