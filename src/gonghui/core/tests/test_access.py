"""Every page and endpoint declares who may reach it, and the matrix anonymous / no role / in scope /
out of scope holds for each of them (CONVENTIONS "Who may see what")."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.api import api
from gonghui.core.access import LOGIN, PUBLIC
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


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
    own_token, _ = token_create(actor=None, user=world.user("chaoyang"), name="matrix")
    other_token, _ = token_create(actor=None, user=xicheng_user, name="matrix")
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
        "orgs:employer_new",
        "orgs:place_new",
    ]
    rows = {name: ("GET", {"org_id": org_in}, {"org_id": org_out}, "chaoyang") for name in org_pages}
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
        }
    )
    return rows


def test_the_matrix_covers_every_page(world):
    names = {name for route, name, cb in page_patterns()}
    assert names == set(matrix(world))


def _client(client, username):
    client.logout()
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("who", ["anonymous", "norole", "in_scope", "out_of_scope"])
def test_page_matrix(client, world, who):
    """anonymous → login page; no role → 404 on anything scoped; in scope → works; out of scope → 404."""
    failures = []
    for name, (method, kwargs_in, kwargs_out, owner) in matrix(world).items():
        rule = next(cb.access_rule for route, n, cb in page_patterns() if n == name)
        if who == "out_of_scope" and kwargs_out is None:
            continue
        kwargs = kwargs_out if who == "out_of_scope" else kwargs_in
        username = {"anonymous": None, "norole": "norole", "in_scope": owner, "out_of_scope": owner}[who]
        if who == "in_scope" and owner is None:
            username = None
        c = _client(client, username)
        url = reverse(name, kwargs=kwargs)
        response = c.post(url) if method == "POST" else c.get(url)
        status = response.status_code
        if rule == PUBLIC:
            ok = status in (200, 302)
        elif who == "anonymous":
            ok = status == 302 and "/accounts/login/" in response["Location"]
        elif who == "norole":
            ok = status in (200, 302) if rule == LOGIN and kwargs_out is None else status == 404
        elif who == "in_scope":
            ok = status in (200, 302)
        else:
            ok = status == 404
        if not ok:
            failures.append(f"{who} {method} {url} ({name}, rule {rule}) → {status}")
    assert failures == []


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
    ]


def test_the_api_matrix_covers_every_operation(world):
    declared = {(m, p.rstrip("/").replace("{org_id}", "X")) for p, op in api_operations() for m in op.methods}
    covered = {(m, re.sub(r"/\d+", "/X", path).rstrip("/")) for m, path, *_ in api_matrix(world)}
    declared = {(m, "/api/" + p.lstrip("/").replace("//", "/")) for m, p in declared}
    assert declared == covered


@pytest.mark.parametrize("who", ["anonymous", "norole", "in_scope", "out_of_scope"])
def test_api_matrix(client, world, who):
    from gonghui.accounts.services import token_create

    failures = []
    for method, path_in, path_out, body, holder in api_matrix(world):
        if who == "out_of_scope" and path_out is None:
            continue
        headers = {}
        if who != "anonymous":
            user = world.user("norole" if who == "norole" else holder)
            headers["Authorization"] = "Bearer " + token_create(actor=None, user=user, name="matrix")[1]
        path = path_out if who == "out_of_scope" else path_in
        payload = dict(body or {})
        if who == "out_of_scope" and method == "POST" and path == "/api/orgs/":
            payload["parent_id"] = world.dashilan.pk
        response = client.generic(
            method,
            path,
            data=json.dumps(payload) if body else "",
            content_type="application/json",
            headers=headers,
        )
        expected = {"anonymous": {401}, "norole": {404}, "in_scope": {200, 201}, "out_of_scope": {404}}[who]
        if response.status_code not in expected:
            failures.append(f"{who} {method} {path} → {response.status_code} {response.content[:200]!r}")
    assert failures == []
