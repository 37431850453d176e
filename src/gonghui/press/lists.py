"""The list of reports confirmed into records, filtered by words of the headline and by the kind of record."""

from gonghui.core.lists import ListSpec, Sort

from . import selectors


def _clippings(actor, params: dict[str, str]):
    rows = selectors.clippings_for(actor=actor)
    if params.get("q"):
        rows = rows.filter(headline__icontains=params["q"])
    if params.get("kind"):
        rows = rows.filter(record_kind=params["kind"])
    return rows


CLIPPINGS = ListSpec(
    name="press.clippings",
    title="报道与记录",
    rows=_clippings,
    sorts=(Sort("date", "报道日期", ("reported_on",)), Sort("headline", "标题", ("headline",))),
    default_sort="-date",
)
