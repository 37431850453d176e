"""How a report names a place: "通州区总工会" → "通州区", "北京排水集团工会" → "北京排水集团"."""

from gonghui.orgs.models import Org

SUFFIXES = ("总工会", "工会委员会", "工会")


def place_name(org: Org | None) -> str:
    if org is None:
        return ""
    for suffix in SUFFIXES:
        if org.name.endswith(suffix) and len(org.name) > len(suffix):
            return org.name[: -len(suffix)]
    return org.name
