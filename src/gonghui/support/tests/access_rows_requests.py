"""The requests part's rows of the access matrix (core/tests/test_access.py): a request routed to 东湖 (in 朝阳's
subtree) and one routed to 大栅栏 (in 西城's); for the member's phone pages, a request of the matrix's signed-in
member (a member of a union under 东湖), which only they see on the phone."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

DAY = dt.datetime(2026, 6, 18, 10, tzinfo=dt.UTC)  # tests pin their dates, never read today's


def _sides(world):
    if not hasattr(world, "_support_requests"):
        import time_machine

        from gonghui.core.scope import SYSTEM
        from gonghui.core.testing import images
        from gonghui.core.tests.test_access import member_world
        from gonghui.support import requests_services as services
        from gonghui.support.models.requests import RequestChannel

        def logged(org):
            return services.request_log(
                actor=SYSTEM,
                data=services.CallData(
                    channel=RequestChannel.HOTLINE,
                    category="wages",
                    description="矩阵诉求：三个月未发工资",
                    logging_org=org,
                    caller_name="矩阵来电",
                ),
            )

        with time_machine.travel(DAY, tick=False):
            r_in, r_out = logged(world.donghu), logged(world.dashilan)
            mine = services.request_submit(
                person=member_world(world).active_in.person,
                category="injury",
                description="矩阵会员的诉求",
                photos=[SimpleUploadedFile("a.png", images.png(), content_type="image/png")],
            )
        world._support_requests = (r_in, r_out, mine)
    return world._support_requests


def page_rows(world) -> dict:
    r_in, r_out, mine = _sides(world)
    on = lambda r: {"pk": r.pk}  # noqa: E731
    return {
        "support:requests": ("GET", {}, None, "chaoyang"),
        "support:request_new": ("GET", {}, None, "chaoyang"),
        "support:request": ("GET", on(r_in), on(r_out), "chaoyang"),
        "support:request_photo": ("GET", {"pk": mine.pk, "n": 0}, {"pk": r_out.pk, "n": 0}, "chaoyang"),
        # the member's phone pages: without a member signed in they answer with the sign-in page
        "me_requests": ("GET", {}, None, None),
        "me_request_new": ("GET", {}, None, None),
        "me_request": ("GET", on(mine), None, None),
        "me_request_photo": ("GET", {"pk": mine.pk, "n": 0}, None, None),
    }


def api_rows(world) -> list:
    r_in, r_out, _mine = _sides(world)
    path = "/api/services/requests/{}"
    return [("GET", path.format(r_in.pk), path.format(r_out.pk), None, "chaoyang")]


def api_records(world) -> dict[str, int]:
    return {"request_id": _sides(world)[0].pk}
