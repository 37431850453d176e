"""Reads of the roster import: what a union's cadres confirmed about their rosters' headings."""

from gonghui.orgs.models import Org

from .models import HeadingMapping


def union_headings(*, actor, union: Org) -> dict[str, str]:
    """The union's confirmed headings: normalised heading → field ("" for a column not to import)."""
    return dict(
        HeadingMapping.objects.restrict(actor, "view").filter(org=union).values_list("heading", "field")
    )
