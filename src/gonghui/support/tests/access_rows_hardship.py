"""The hardship part's rows of the access matrix (core/tests/test_access.py). The matrix's "chaoyang" is an admin
without hardship.handle, so these rows name a 帮扶专员 of 朝阳 ("bangfu_chaoyang", role "hardship"), made on
first use: a file of 望京科技 (under 东湖, in 朝阳's subtree) in each state the pages act on, and one of 大栅栏商贸
(out of it)."""

from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import make_user
from gonghui.members.tests.factories import enrol
from gonghui.support import hardship_services as hs
from gonghui.support.models.hardship import HardshipCategory

HANDLER = "bangfu_chaoyang"


def household(income: int = 2600) -> hs.HouseholdData:
    return hs.HouseholdData(
        household_size=3, income_yuan=income, category=HardshipCategory.RELATIVE, reasons="配偶患病，长期治疗"
    )


def handler(world):
    if HANDLER not in world.users:
        world.users[HANDLER] = make_user(HANDLER, world.chaoyang, "hardship")
    return world.users[HANDLER]


def lines(world) -> None:
    """The city's line for this year (the pages test households on today's date)."""
    hs.line_set(
        actor=SYSTEM, org=world.city, region_code="110000", year=timezone.localdate().year, monthly_line=1500
    )


def _files(world):
    if not hasattr(world, "_hardship"):
        handler(world)
        lines(world)

        def file(union, name, submit=True):
            return hs.file_create(
                actor=SYSTEM, membership=enrol(union, name), data=household(), consent=True, submit=submit
            )

        world._hardship = {
            "draft": file(world.base_donghu, "帮扶草稿", submit=False),
            "in": file(world.base_donghu, "帮扶甲"),
            "out": file(world.base_xicheng, "帮扶乙"),
        }
    return world._hardship


def page_rows(world) -> dict:
    f = _files(world)
    i, o = {"pk": f["in"].pk}, {"pk": f["out"].pk}
    return {
        "support:hardship": ("GET", {}, None, HANDLER),
        "support:hardship_new": ("GET", {}, None, HANDLER),
        "support:income_lines": ("GET", {}, None, HANDLER),
        "support:hardship_file": ("GET", i, o, HANDLER),
        "support:hardship_edit": ("GET", {"pk": f["draft"].pk}, o, HANDLER),
        "support:hardship_submit": ("POST", {"pk": f["draft"].pk}, o, HANDLER),
        "support:hardship_review": ("POST", {**i, "stage": "base"}, {**o, "stage": "base"}, HANDLER),
        "support:hardship_grant": ("POST", i, o, HANDLER),
        "support:hardship_rereview": ("POST", i, o, HANDLER),
        "support:hardship_withdraw": ("POST", i, o, HANDLER),
        # the member's phone page: without a member signed in it answers with the sign-in page
        "hardship_me": ("GET", {}, None, None),
        # someone else's file: the matrix's member finds nothing to withdraw (a message, back to their page)
        "hardship_me_withdraw": ("POST", {"pk": f["out"].pk}, None, None),
    }


def api_rows(world) -> list:
    f = _files(world)
    path = "/api/services/hardship/{}"
    return [("GET", path.format(f["in"].pk), path.format(f["out"].pk), None, HANDLER)]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a file in 朝阳's subtree."""
    return {"file_id": _files(world)["in"].pk}
