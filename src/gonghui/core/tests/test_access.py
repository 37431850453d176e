"""Every page and endpoint declares who may reach it, and the matrix anonymous / no role / in scope /
out of scope holds for each of them (CONVENTIONS "Who may see what")."""

import datetime as dt
import importlib
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.api import api
from gonghui.core.access import LOGIN, MEMBER, PUBLIC
from gonghui.core.modules import registered
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def module_rows():
    """The access-matrix rows each module declares in its contract (core.modules: `access_rows`)."""
    return [importlib.import_module(c.access_rows) for _, c in registered() if c.access_rows]


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}", p.callback


def page_patterns():
    return [
        (route, name, cb)
        for route, name, cb in walk(get_resolver().url_patterns)
        if not route.startswith("api/")
    ]


def api_operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield f"{prefix}{path}", operation


def test_every_page_declares_an_access_rule():
    undeclared = [
        f"{route} ({name})" for route, name, cb in page_patterns() if not hasattr(cb, "access_rule")
    ]
    assert undeclared == []


def test_every_api_operation_declares_an_access_rule():
    ops = list(api_operations())
    assert ops, "the API has operations"
    undeclared = [f"{path} {op.methods}" for path, op in ops if not hasattr(op.view_func, "access_rule")]
    assert undeclared == []
    docs = [
        cb
        for route, name, cb in walk(get_resolver().url_patterns)
        if name in ("api:openapi-json", "api:openapi-view")
    ]
    assert len(docs) == 2 and all(cb.access_rule == LOGIN for cb in docs)


def test_an_undeclared_view_is_denied(rf, world):
    from django.http import Http404, HttpResponse

    from gonghui.core.access import AccessRuleMiddleware

    request = rf.get("/somewhere/")
    request.user = world.user("city_admin")
    middleware = AccessRuleMiddleware(lambda r: HttpResponse())
    with pytest.raises(Http404):
        middleware.process_view(request, lambda r: HttpResponse("secret"), (), {})


# The matrix: for each URL name, how to build it in scope and out of scope, the method, and who is "in scope".
def matrix(world):
    from gonghui.accounts.models import ApiToken
    from gonghui.accounts.services import token_create
    from gonghui.core.jobs import job_start
    from gonghui.orgs.models import RoleGrant

    donghu_user, xicheng_user = world.user("donghu"), world.user("xicheng")
    own_token, _ = token_create(actor=SYSTEM, user=world.user("chaoyang"), name="matrix")
    other_token, _ = token_create(actor=SYSTEM, user=xicheng_user, name="matrix")
    grant_in = RoleGrant.objects.get(user=donghu_user)
    grant_out = RoleGrant.objects.get(user=xicheng_user)
    org_in, org_out = world.donghu.pk, world.dashilan.pk
    own_job = job_start(actor=world.user("chaoyang"), kind="org.export", title="matrix", org=world.donghu)
    other_job = job_start(actor=xicheng_user, kind="org.export", title="matrix", org=world.xicheng)
    assert ApiToken.objects.count() == 2
    org_pages = [
        "orgs:detail",
        "orgs:children",
        "orgs:history",
        "orgs:create",
        "orgs:edit",
        "orgs:move",
        "orgs:dissolve",
        "orgs:export",
        "orgs:employers",
        "orgs:places",
        "orgs:employer_new",
        "orgs:place_new",
    ]
    rows = {name: ("GET", {"org_id": org_in}, {"org_id": org_out}, "chaoyang") for name in org_pages}
    from gonghui.orgs import services as org_services

    recorded = dt.date(2025, 6, 18)  # a fixed past day: the matrix never reads today's
    firm_in = org_services.employer_create(
        actor=SYSTEM, org=world.donghu, name="矩阵东湖单位", on_date=recorded
    )
    firm_out = org_services.employer_create(
        actor=SYSTEM, org=world.dashilan, name="矩阵大栅栏单位", on_date=recorded
    )
    rows["orgs:employer"] = ("GET", {"employer_id": firm_in.pk}, {"employer_id": firm_out.pk}, "chaoyang")
    rows.update(
        {
            "core:home": ("GET", {}, None, "chaoyang"),
            "core:audit": ("GET", {}, None, "auditor"),
            "core:healthz": ("GET", {}, None, None),
            "core:job": ("GET", {"job_id": own_job.pk}, {"job_id": other_job.pk}, "chaoyang"),
            "core:job_download": ("GET", {"job_id": own_job.pk}, {"job_id": other_job.pk}, "chaoyang"),
            "accounts:login": ("GET", {}, None, None),
            "accounts:logout": ("POST", {}, None, "chaoyang"),
            "accounts:me": ("GET", {}, None, "chaoyang"),
            "accounts:token_revoke": (
                "POST",
                {"token_id": own_token.pk},
                {"token_id": other_token.pk},
                "chaoyang",
            ),
            "accounts:staff": ("GET", {}, None, "chaoyang"),
            "accounts:staff_new": ("GET", {}, None, "chaoyang"),
            "accounts:staff_detail": (
                "GET",
                {"user_id": donghu_user.pk},
                {"user_id": xicheng_user.pk},
                "chaoyang",
            ),
            "accounts:staff_action": (
                "POST",
                {"user_id": donghu_user.pk, "action": "unlock"},
                {"user_id": xicheng_user.pk, "action": "unlock"},
                "chaoyang",
            ),
            "accounts:grant_revoke": (
                "POST",
                {"grant_id": grant_in.pk},
                {"grant_id": grant_out.pk},
                "chaoyang",
            ),
            "orgs:tree": ("GET", {}, None, "chaoyang"),
            "orgs:search": ("GET", {}, None, "chaoyang"),
            "dashboards:home": ("GET", {}, None, "chaoyang"),
            "dashboards:org": ("GET", {"org_id": org_in}, {"org_id": org_out}, "chaoyang"),
            "dashboards:yearbook": ("GET", {"org_id": org_in}, {"org_id": org_out}, "chaoyang"),
        }
    )
    mw = member_world(world)
    rows.update({name: ("GET", {}, None, "chaoyang") for name in MEMBER_LIST_PAGES})
    rows.update(
        {
            "members:detail": ("GET", {"pk": mw.active_in.pk}, {"pk": mw.active_out.pk}, "chaoyang"),
            "members:reveal": ("GET", {"pk": mw.active_in.pk}, {"pk": mw.active_out.pk}, "chaoyang"),
            "members:action": (
                "GET",
                {"pk": mw.active_in.pk, "action": "retain"},
                {"pk": mw.active_out.pk, "action": "retain"},
                "chaoyang",
            ),
            "imports:detail": ("GET", {"pk": mw.import_in.pk}, {"pk": mw.import_out.pk}, "chaoyang"),
            "imports:remap": ("POST", {"pk": mw.import_in.pk}, {"pk": mw.import_out.pk}, "chaoyang"),
            "imports:apply": ("POST", {"pk": mw.import_in.pk}, {"pk": mw.import_out.pk}, "chaoyang"),
            "imports:errors_full": ("GET", {"pk": mw.import_in.pk}, {"pk": mw.import_out.pk}, "chaoyang"),
            "members:transfer_action": (
                "POST",
                {"pk": mw.cancel_in.pk, "action": "cancel"},
                {"pk": mw.transfer_out.pk, "action": "cancel"},
                "chaoyang",
            ),
        }
    )
    rows.update(outreach_rows(world, mw))
    for app_rows in module_rows():
        rows.update(app_rows.page_rows(world))
    return rows


class OutreachWorld:
    """Outreach events, codes and join records on both sides of the scope line."""

    def __init__(self, world, mw):
        from gonghui.outreach import services as outreach
        from gonghui.outreach.models import JoinRecord

        def pair(name):
            made = []
            for union, member in ((world.base_donghu, mw.pending_in), (world.base_xicheng, mw.pending_out)):
                event = outreach.event_create(actor=SYSTEM, union=union, name=name, gift="冰袖")
                code = outreach.code_create(actor=SYSTEM, union=union, label=name, event=event)
                record = JoinRecord.objects.create(
                    org=union, code=code, event=event, membership=member, outcome=JoinRecord.Outcome.APPLIED
                )
                made.append((event, code, record))
            return made

        (self.ev_in, self.code_in, self.rec_in), (self.ev_out, self.code_out, self.rec_out) = pair("矩阵活动")
        self.api_code_in, self.api_code_out = (c for _, c, _ in pair("矩阵接口"))
        self.public = pair("矩阵公开")[0][1].token


def outreach_world(world) -> OutreachWorld:
    if not hasattr(world, "_outreach"):
        world._outreach = OutreachWorld(world, member_world(world))
    return world._outreach


def outreach_rows(world, mw):
    ow = outreach_world(world)
    ev_in, ev_out, code_in, code_out, rec_in, rec_out = (
        ow.ev_in,
        ow.ev_out,
        ow.code_in,
        ow.code_out,
        ow.rec_in,
        ow.rec_out,
    )
    public = ow.public
    rows = {name: ("GET", {}, None, "chaoyang") for name in OUTREACH_LIST_PAGES}
    rows.update(
        {
            "outreach:event": ("GET", {"pk": ev_in.pk}, {"pk": ev_out.pk}, "chaoyang"),
            "outreach:code": ("GET", {"pk": code_in.pk}, {"pk": code_out.pk}, "chaoyang"),
            "outreach:code_qr": ("GET", {"pk": code_in.pk}, {"pk": code_out.pk}, "chaoyang"),
            "outreach:code_close": ("POST", {"pk": code_in.pk}, {"pk": code_out.pk}, "chaoyang"),
            "outreach:backfill": ("GET", {"pk": code_in.pk}, {"pk": code_out.pk}, "chaoyang"),
            "outreach:gift": ("POST", {"pk": rec_in.pk}, {"pk": rec_out.pk}, "chaoyang"),
            "outreach:verify_scanned": ("GET", {"code": "1101050000000001-123456"}, None, "chaoyang"),
        }
    )
    # the worker's pages are public; a member's own pages answer with the sign-in page when nobody is signed in
    for name in ("join", "join_phone", "join_form", "join_done"):
        rows[name] = ("GET", {"token": public}, None, None)
    rows["join_transfer"] = ("POST", {"token": public}, None, None)
    rows.update({name: ("GET", {}, None, None) for name in ("me_card", "me_login", "demo_sms")})
    rows["me_logout"] = ("POST", {}, None, None)
    return rows


def outreach_api_rows(world):
    ow = outreach_world(world)
    # world.changying: the matrix dissolves base_donghu on its way (POST /api/orgs/{id}/dissolve)
    event = {"union_id": world.changying.pk, "name": "接口活动"}
    return [
        ("GET", "/api/outreach/events", None, None, "chaoyang"),
        (
            "POST",
            "/api/outreach/events",
            "/api/outreach/events",
            event,
            "chaoyang",
            {**event, "union_id": world.base_xicheng.pk},
        ),
        (
            "GET",
            f"/api/outreach/events/{ow.ev_in.pk}/stats",
            f"/api/outreach/events/{ow.ev_out.pk}/stats",
            None,
            "chaoyang",
        ),
        ("GET", "/api/outreach/codes", None, None, "chaoyang"),
        (
            "POST",
            "/api/outreach/codes",
            "/api/outreach/codes",
            {"union_id": world.changying.pk, "label": "接口二维码"},
            "chaoyang",
            {"union_id": world.base_xicheng.pk, "label": "接口二维码"},
        ),
        (
            "POST",
            f"/api/outreach/codes/{ow.api_code_in.pk}/close",
            f"/api/outreach/codes/{ow.api_code_out.pk}/close",
            {},
            "chaoyang",
        ),
        (
            "GET",
            f"/api/outreach/codes/{ow.api_code_in.pk}/stats",
            f"/api/outreach/codes/{ow.api_code_out.pk}/stats",
            None,
            "chaoyang",
        ),
        ("POST", "/api/outreach/verify", None, {"code": "1101050000000001-123456"}, "chaoyang"),
    ]


OUTREACH_LIST_PAGES = ["outreach:index", "outreach:event_new", "outreach:code_new", "outreach:verify"]


MEMBER_LIST_PAGES = [
    "members:list",
    "members:export",
    "members:enrol",
    "members:applications",
    "members:transfers",
    "imports:list",
    "imports:template",
]


class MemberWorld:
    """Memberships and transfers on both sides of the scope line, one per action the matrix tries."""

    def __init__(self, world):
        from gonghui.members import services
        from gonghui.members.tests.factories import enrol

        din, dout = world.base_donghu, world.base_xicheng
        self.active_in, self.active_out = enrol(din, "矩阵甲"), enrol(dout, "矩阵乙")
        self.pending_in, self.pending_out = (
            enrol(din, "待批甲", approve=False),
            enrol(dout, "待批乙", approve=False),
        )
        self.reject_in = enrol(din, "待批丙", approve=False)
        self.decide_in = enrol(din, "待批丁", approve=False)
        self.retain_in, self.leave_in, self.expel_in = (
            enrol(din, "保留"),
            enrol(din, "退会"),
            enrol(din, "除名"),
        )
        self.reinstate_in = services.membership_retain(
            actor=SYSTEM, membership=enrol(din, "恢复"), reason="退休"
        )
        self.dues_in, self.transfer_in, self.reveal_in = (
            enrol(din, "会费"),
            enrol(din, "转出"),
            enrol(din, "查看"),
        )
        start = services.transfer_start
        self.cancel_in = start(actor=SYSTEM, membership=enrol(din, "撤回"), to_union=dout)
        self.accept_in = start(actor=SYSTEM, membership=enrol(dout, "接收"), to_union=din)
        self.reject_transfer_in = start(actor=SYSTEM, membership=enrol(dout, "拒收"), to_union=din)
        self.release_in = services.transfer_request(
            actor=SYSTEM, membership=enrol(din, "放行"), to_union=dout
        )
        self.transfer_out = start(actor=SYSTEM, membership=enrol(dout, "西城内"), to_union=world.dashilan)
        from gonghui.imports.services import roster_upload
        from gonghui.imports.tests.rosters import xlsx
        from gonghui.members.tests.factories import resident_id

        roster = xlsx([["矩阵名册", resident_id()]], headings=["姓名", "身份证号码"])
        up = roster_upload
        self.import_in = up(actor=world.user("chaoyang"), union=din, content=roster, filename="in.xlsx")
        self.import_out = up(actor=world.user("xicheng"), union=dout, content=roster, filename="out.xlsx")


def member_world(world) -> MemberWorld:
    if not hasattr(world, "_members"):
        world._members = MemberWorld(world)
    return world._members


def test_the_matrix_covers_every_page(world):
    names = {name for route, name, cb in page_patterns()}
    assert names == set(matrix(world))


def _client(client, username):
    client.logout()
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


def _member_client(client, world):
    """A worker signed in to their own pages (rule MEMBER) and to nothing else."""
    from gonghui.members.sessions import MEMBER_SESSION_KEY

    client.logout()
    session = client.session
    session[MEMBER_SESSION_KEY] = member_world(world).active_in.person_id
    session.save()
    return client


WHO = ["anonymous", "member", "norole", "in_scope", "out_of_scope"]


@pytest.mark.parametrize("who", WHO)
def test_page_matrix(client, world, who):
    """anonymous → login page; a signed-in member → their own pages (rule MEMBER) and the staff login page
    anywhere else; no role → 404 on anything scoped; in scope → works; out of scope → 404. Members' pages send
    anyone not signed in as a member to the members' sign-in."""
    assert page_failures(client, world, who, matrix(world)) == []


def page_failures(client, world, who: str, rows: dict) -> list[str]:
    """Try each row as `who`; what went otherwise than the matrix says."""
    failures = []
    for name, (method, kwargs_in, kwargs_out, owner) in rows.items():
        rule = next(cb.access_rule for route, n, cb in page_patterns() if n == name)
        if who == "out_of_scope" and kwargs_out is None:
            continue
        kwargs = kwargs_out if who == "out_of_scope" else kwargs_in
        username = {
            "anonymous": None,
            "member": None,
            "norole": "norole",
            "in_scope": owner,
            "out_of_scope": owner,
        }[who]
        if who == "in_scope" and owner is None:
            username = None
        c = _member_client(client, world) if who == "member" else _client(client, username)
        url = reverse(name, kwargs=kwargs)
        response = c.post(url) if method == "POST" else c.get(url)
        status = response.status_code
        if rule == PUBLIC:
            ok = status in (200, 302)
        elif rule == MEMBER:
            to_sign_in = status == 302 and response["Location"].startswith("/me/login/")
            ok = status in (200, 302) and not to_sign_in if who == "member" else to_sign_in
        elif who in ("anonymous", "member"):
            ok = status == 302 and "/accounts/login/" in response["Location"]
        elif who == "norole":
            ok = status in (200, 302) if rule == LOGIN and kwargs_out is None else status == 404
        elif who == "in_scope":
            ok = status in (200, 302)
        else:
            ok = status == 404
        if not ok:
            failures.append(f"{who} {method} {url} ({name}, rule {rule}) → {status}")
    return failures


def api_matrix(world):
    """(method, path in scope, path out of scope, body, holder) for every API operation."""
    o_in, o_out = world.donghu.pk, world.dashilan.pk
    base_in, base_out = world.base_donghu.pk, world.base_xicheng.pk
    return [
        ("GET", "/api/orgs/", None, None, "chaoyang"),
        ("GET", f"/api/orgs/{o_in}", f"/api/orgs/{o_out}", None, "chaoyang"),
        ("GET", f"/api/orgs/{o_in}/history", f"/api/orgs/{o_out}/history", None, "chaoyang"),
        (
            "POST",
            "/api/orgs/",
            "/api/orgs/",
            {"parent_id": o_in, "name": "矩阵测试工会", "level": "base"},
            "chaoyang",
            {"parent_id": world.dashilan.pk, "name": "矩阵测试工会", "level": "base"},
        ),
        ("PATCH", f"/api/orgs/{base_in}", f"/api/orgs/{base_out}", {"short_name": "矩阵"}, "chaoyang"),
        (
            "POST",
            f"/api/orgs/{base_in}/move",
            f"/api/orgs/{base_out}/move",
            {"new_parent_id": world.changying.pk},
            "chaoyang",
        ),
        (
            "POST",
            f"/api/orgs/{base_in}/dissolve",
            f"/api/orgs/{base_out}/dissolve",
            {"reason": "矩阵"},
            "chaoyang",
        ),
        ("GET", "/api/employers/", None, None, "chaoyang"),
        ("GET", "/api/places/", None, None, "chaoyang"),
        ("GET", "/api/audit/", None, None, "auditor"),
        ("GET", f"/api/stats/?org={o_in}", f"/api/stats/?org={o_out}", None, "chaoyang"),
        *member_api_rows(world),
        *outreach_api_rows(world),
        *(
            row
            for app_rows in module_rows()
            if hasattr(app_rows, "api_rows")
            for row in app_rows.api_rows(world)
        ),
    ]


def member_api_rows(world):
    from gonghui.members.tests.factories import resident_id

    mw = member_world(world)
    out = mw.active_out.pk

    def on(member, action, body=None):
        return (
            "POST",
            f"/api/members/{member.pk}/{action}",
            f"/api/members/{out}/{action}",
            body or {},
            "chaoyang",
        )

    def transfer(t, action, body=None):
        path = "/api/transfers/{}/" + action
        return ("POST", path.format(t.pk), path.format(mw.transfer_out.pk), body or {}, "chaoyang")

    enrol = {"full_name": "接口新会员", "id_number": resident_id(), "union_id": world.changying.pk}
    return [
        ("GET", "/api/members/", None, None, "chaoyang"),
        ("GET", f"/api/members/{mw.active_in.pk}", f"/api/members/{out}", None, "chaoyang"),
        ("GET", f"/api/members/{mw.active_in.pk}/timeline", f"/api/members/{out}/timeline", None, "chaoyang"),
        (
            "POST",
            "/api/members/",
            "/api/members/",
            enrol,
            "chaoyang",
            {**enrol, "union_id": world.base_xicheng.pk},
        ),
        (
            "POST",
            "/api/members/decide",
            "/api/members/decide",
            {"ids": [mw.decide_in.pk]},
            "chaoyang",
            {"ids": [mw.pending_out.pk]},
        ),
        on(mw.pending_in, "approve"),
        on(mw.reject_in, "reject", {"reason": "材料不全"}),
        on(mw.retain_in, "retain", {"reason": "退休"}),
        on(mw.leave_in, "leave", {"reason": "本人申请"}),
        on(mw.expel_in, "expel", {"reason": "刑事判决书"}),
        on(mw.reinstate_in, "reinstate", {"reason": "返聘"}),
        on(mw.dues_in, "dues", {"paid_until": "2026-10-31"}),
        on(mw.transfer_in, "transfer", {"to_union_id": world.base_xicheng.pk}),
        on(mw.reveal_in, "reveal", {"reason": "核对帮扶材料"}),
        ("GET", "/api/transfers/", None, None, "chaoyang"),
        (
            "GET",
            f"/api/transfers/{mw.cancel_in.pk}",
            f"/api/transfers/{mw.transfer_out.pk}",
            None,
            "chaoyang",
        ),
        transfer(mw.accept_in, "accept"),
        transfer(mw.release_in, "release"),
        transfer(mw.reject_transfer_in, "reject", {"reason": "未在本单位就业"}),
        transfer(mw.cancel_in, "cancel"),
    ]


def test_the_api_matrix_covers_every_operation(world):
    declared = {(m, re.sub(r"\{\w+\}", "X", p).rstrip("/")) for p, op in api_operations() for m in op.methods}
    covered = {
        (m, re.sub(r"/\d+", "/X", path.split("?")[0]).rstrip("/")) for m, path, *_ in api_matrix(world)
    }
    declared = {(m, "/api/" + p.lstrip("/").replace("//", "/")) for m, p in declared}
    assert declared == covered


@pytest.mark.parametrize("who", ["anonymous", "norole", "in_scope", "out_of_scope"])
def test_api_matrix(client, world, who):
    from gonghui.accounts.services import token_create

    failures = []
    for method, path_in, path_out, body, holder, *body_out in api_matrix(world):
        if who == "out_of_scope" and path_out is None:
            continue
        headers = {}
        if who != "anonymous":
            user = world.user("norole" if who == "norole" else holder)
            headers["Authorization"] = "Bearer " + token_create(actor=SYSTEM, user=user, name="matrix")[1]
        path = path_out if who == "out_of_scope" else path_in
        payload = dict(body_out[0] if who == "out_of_scope" and body_out else body or {})
        response = client.generic(
            method,
            path,
            data=json.dumps(payload) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )
        expected = {"anonymous": {401}, "norole": {404}, "in_scope": {200, 201}, "out_of_scope": {404}}[who]
        if response.status_code not in expected:
            failures.append(f"{who} {method} {path} → {response.status_code} {response.content[:200]!r}")
    assert failures == []
