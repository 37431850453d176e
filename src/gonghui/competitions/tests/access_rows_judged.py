"""The judged stage's rows of the access matrix (core/tests/test_access.py): the stage of 东湖's contest (in
朝阳's scope) and of 大栅栏's (out of it), each with a criterion, a judge and scoring started in 东湖's."""

from gonghui.competitions import judged_services
from gonghui.competitions.models import CriterionKind
from gonghui.core.scope import SYSTEM

from .access_rows import _sides


def _judged(world):
    if not hasattr(world, "_judged"):
        c_in, c_out = _sides(world)
        made = []
        for c in (c_in, c_out):
            stage = c.stages.get()
            judged_services.criterion_add(
                actor=SYSTEM, stage=stage, name="实操", max_points=10000, kind=CriterionKind.JUDGED
            )
            judges = [
                judged_services.judge_add(actor=SYSTEM, stage=stage, group=g, name=f"{g.name}评委")
                for g in c.groups.all()
            ]
            made.append((c, stage, judges[0]))
        world._judged = made
    return world._judged


def judged_page_rows(world) -> dict:
    (c_in, s_in, j_in), (c_out, s_out, j_out) = _judged(world)
    e_in, e_out = c_in.entrants.first(), c_out.entrants.first()

    def on(c, s, **extra):
        return {"pk": c.pk, "stage": s.pk, **extra}

    i, o = on(c_in, s_in), on(c_out, s_out)
    return {
        "competitions:judged": ("GET", i, o, "chaoyang"),
        "competitions:judged_criterion": ("POST", i, o, "chaoyang"),
        "competitions:judged_judge": ("POST", i, o, "chaoyang"),
        "competitions:judged_settings": ("POST", i, o, "chaoyang"),
        "competitions:judged_judge_action": (
            "POST",
            on(c_in, s_in, judge=j_in.pk, action="relink"),
            on(c_out, s_out, judge=j_out.pk, action="relink"),
            "chaoyang",
        ),
        "competitions:judged_start": ("POST", i, o, "chaoyang"),
        "competitions:judged_measure": (
            "POST",
            on(c_in, s_in, entrant=e_in.pk),
            on(c_out, s_out, entrant=e_out.pk),
            "chaoyang",
        ),
        "competitions:judged_confirm": ("POST", i, o, "chaoyang"),
        "competitions:judge": ("GET", {"token": j_out.token}, None, None),
        "competitions:certificates": ("GET", {"pk": c_in.pk}, {"pk": c_out.pk}, "chaoyang"),
    }
