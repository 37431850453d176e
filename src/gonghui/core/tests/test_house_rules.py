"""House rules read from the source (CONVENTIONS "Where logic lives", "Who may see what"; decision 0001): pages and
API endpoints read organisation-owned rows only through `restrict` (or a selector) and write only through services;
selectors that are handed an actor scope with it.

The rules are checked on the syntax tree, so they need no database and cannot be dodged by a path no test visits.
Each checker takes source text, so the self-tests at the bottom feed it snippets and prove it reports what it must.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

from gonghui.core.scope import Scope

SRC = Path(__file__).resolve().parents[2]  # src/gonghui
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
# Model writes. `.update(` is also a dict's method, so it counts only on a queryset (see `_is_queryset`).
WRITES = {"create", "save", "delete", "bulk_create", "bulk_update", "update_or_create", "get_or_create"}
QUERYSET_METHODS = {
    "all",
    "filter",
    "exclude",
    "restrict",
    "scoped",
    "in_subtree",
    "subtree",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "order_by",
    "annotate",
    "only",
    "defer",
}
# `ask` hands the actor to the modules answering (core.modules): their answers are selectors too, held to this rule
# `linked_records` asks "linked" with the actor (core.modules), so it scopes the way `ask` does
SCOPING_CALLS = {"restrict", "in_scope", "scope_prefixes", "has_perm", "require", "ask", "linked_records"}

# The only exceptions, each with its reason. Key: (file relative to src/gonghui, the call as written).
ALLOWED: dict[tuple[str, str], str] = {
    ("activities/selectors.py", "def co_organiser_choices"): (
        "scopes through services.co_organisers_allowed, the one rule the co-organiser write checks as well"
    ),
}


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    rule: str
    code: str

    def key(self) -> tuple[str, str]:
        return (self.file, self.code)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.code}"


def scoped_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if isinstance(getattr(m, "scope", None), Scope)}


def model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models()}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_queryset(node: ast.AST) -> bool:
    """Whether an expression is visibly a queryset: it goes through a manager or calls a queryset method."""
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Attribute) and (node.attr in MANAGERS or node.attr in QUERYSET_METHODS):
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def unscoped_reads(source: str, file: str, scoped: set[str], known: set[str]) -> list[Violation]:
    """`<Model>.objects…` on a model that declares a Scope (or on a variable that may hold one) not followed by
    `.restrict(`, and `get_object_or_404(<Model>, …)` on such a model."""
    tree = ast.parse(source)
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            owner = _name(node.value)
            if owner is None or (owner in known and owner not in scoped):
                continue
            parent = parents.get(node)
            if isinstance(parent, ast.Attribute) and parent.attr == "restrict":
                continue
            code = ast.unparse(parent if isinstance(parent, ast.Attribute) else node)
            found.append(Violation(file, node.lineno, "read without restrict", code))
        elif (
            isinstance(node, ast.Call)
            and _name(node.func) in SHORTCUTS
            and node.args
            and isinstance(node.args[0], (ast.Name, ast.Attribute))
            and _name(node.args[0]) in scoped
        ):
            code = f"{_name(node.func)}({ast.unparse(node.args[0])}, …)"
            found.append(Violation(file, node.lineno, "read without restrict", code))
    return sorted(found, key=lambda v: (v.line, v.code))


def writes(source: str, file: str) -> list[Violation]:
    """Model writes (`.save()`, `.create()`, `.delete()`, a queryset's `.update()` …), form saves included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method in WRITES or (method == "update" and _is_queryset(node.func.value)):
            found.append(Violation(file, node.lineno, "write outside a service", ast.unparse(node.func)))
    return sorted(found, key=lambda v: (v.line, v.code))


def path_prefix_tests(source: str, file: str) -> list[Violation]:
    """Hand-written subtree tests on materialized paths (decision 0001): `<…path>.startswith(…)` and
    `…path__startswith=` lookups, instead of `covers`, `is_within`, `in_scope`, `restrict` or `subtree`. A
    request's URL path (`request.path`) is no tree path."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "startswith"
            and (_name(func.value) or "").endswith("path")
            and ast.unparse(func.value) != "request.path"
        ):
            found.append(Violation(file, node.lineno, "hand-written path comparison", ast.unparse(func)))
        found += [
            Violation(file, node.lineno, "hand-written path comparison", f"{k.arg}=")
            for k in node.keywords
            if k.arg and k.arg.endswith("path__startswith")
        ]
    return sorted(found, key=lambda v: (v.line, v.code))


def _calls(node: ast.AST) -> set[str]:
    return {name for n in ast.walk(node) if isinstance(n, ast.Call) and (name := _name(n.func))}


def unscoped_selectors(source: str, file: str) -> list[Violation]:
    """Selectors handed an `actor` that never scope with it, directly or through another selector of the module
    that does."""
    tree = ast.parse(source)
    functions = {
        f.name: f
        for f in tree.body
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
        and "actor" in {a.arg for a in (*f.args.posonlyargs, *f.args.args, *f.args.kwonlyargs)}
    }
    scoping = {name for name, f in functions.items() if _calls(f) & SCOPING_CALLS}
    grew = True
    while grew:  # a selector that hands its actor to one that scopes, scopes
        more = {name for name, f in functions.items() if name not in scoping and _calls(f) & scoping}
        scoping |= more
        grew = bool(more)
    return [
        Violation(file, f.lineno, "selector takes an actor but never scopes", f"def {name}")
        for name, f in functions.items()
        if name not in scoping
    ]


def _files(*names: str) -> list[Path]:
    """Each app's files of these names, and those a module splits them into (`round_views.py`)."""
    found = {p for name in names for p in [*SRC.glob(f"*/{name}"), *SRC.glob(f"*/*_{name}"), *SRC.glob(name)]}
    return sorted(found)


def _assert_none(violations: list[Violation]) -> None:
    left = [str(v) for v in violations if v.key() not in ALLOWED]
    assert not left, "\n".join(["", *left])


def _rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


# ---- the rules on Gonghui's own source ------------------------------------------------------------------------


def test_pages_and_endpoints_read_scoped_models_only_through_restrict():
    scoped, known = scoped_model_names(), model_names()
    assert {"Org", "Membership", "Activity"} <= scoped, "the scoped models are discovered"
    files = _files("views.py", "api.py")
    assert len(files) >= 10, "the pages and endpoints are found"
    found = [v for f in files for v in unscoped_reads(f.read_text(), _rel(f), scoped, known)]
    _assert_none(found)


def test_pages_and_endpoints_write_only_through_services():
    found = [v for f in _files("views.py", "api.py") for v in writes(f.read_text(), _rel(f))]
    _assert_none(found)


def test_selectors_handed_an_actor_scope_with_it():
    files = _files("selectors.py")
    assert len(files) >= 5, "the selectors are found"
    found = [v for f in files for v in unscoped_selectors(f.read_text(), _rel(f))]
    _assert_none(found)


def test_no_hand_written_path_comparisons():
    files = [p for p in SRC.rglob("*.py") if not {"tests", "migrations"} & set(p.relative_to(SRC).parts)]
    assert len(files) > 50, "the source is found"
    _assert_none([v for f in files for v in path_prefix_tests(f.read_text(), _rel(f))])


def test_every_allowed_exception_still_occurs():
    """An exception that no longer occurs is removed, so the list stays short and true."""
    scoped, known = scoped_model_names(), model_names()
    seen = set()
    for f in _files("views.py", "api.py"):
        source, rel = f.read_text(), _rel(f)
        seen |= {v.key() for v in (*unscoped_reads(source, rel, scoped, known), *writes(source, rel))}
    for f in _files("selectors.py"):
        seen |= {v.key() for v in unscoped_selectors(f.read_text(), _rel(f))}
    assert sorted(set(ALLOWED) - seen) == []


# ---- the checkers report what they must (a rule that cannot fail checks nothing) --------------------------------

VIEW = """
def page(request, pk):
    a = Membership.objects.filter(pk=pk).first()
    b = Membership.objects.restrict(request.user, "view").filter(pk=pk).first()
    c = get_object_or_404(Activity, pk=pk)
    d = get_object_or_404(Activity.objects.restrict(request.user, "view"), pk=pk)
    e = SupplyItem.objects.order_by("id")
    f = model.objects.filter(pk=pk)
    g = selectors.membership_get(actor=request.user, pk=pk)
    rows = Org.objects
    Membership.objects.create(org=g.org)
    b.save()
    form.save()
    Org.objects.filter(pk=pk).update(name="x")
    g.transfers.all().delete()
    Employer.objects.get_or_create(name="x")
    Place.objects.bulk_create([])
    context.update({"a": a})
    services.membership_leave(actor=request.user, membership=g)
"""


def test_reads_without_restrict_are_reported():
    found = unscoped_reads(VIEW, "x/views.py", scoped_model_names(), model_names())
    assert [(v.line, v.code) for v in found] == [
        (3, "Membership.objects.filter"),
        (5, "get_object_or_404(Activity, …)"),
        (8, "model.objects.filter"),  # a variable may hold a scoped model
        (10, "Org.objects"),
        (11, "Membership.objects.create"),
        (14, "Org.objects.filter"),
        (16, "Employer.objects.get_or_create"),
        (17, "Place.objects.bulk_create"),
    ]


def test_writes_outside_services_are_reported():
    found = writes(VIEW, "x/views.py")
    assert [(v.line, v.code) for v in found] == [
        (11, "Membership.objects.create"),
        (12, "b.save"),
        (13, "form.save"),  # a ModelForm's save writes too
        (14, "Org.objects.filter(pk=pk).update"),
        (15, "g.transfers.all().delete"),
        (16, "Employer.objects.get_or_create"),
        (17, "Place.objects.bulk_create"),
    ]  # context.update (a dict) and the service call are not writes


SELECTORS = """
def good(*, actor):
    return Org.objects.restrict(actor, "view")

def through_good(*, actor, org):
    return good(actor=actor).filter(parent=org)

def checks(actor, org):
    return has_perm(actor, "org.view", org)

def bad(*, actor, org):
    return Org.objects.filter(parent=org)

def no_actor(*, org):
    return Org.objects.filter(parent=org)
"""


def test_selectors_that_ignore_their_actor_are_reported():
    assert [str(v) for v in unscoped_selectors(SELECTORS, "x/selectors.py")] == [
        "x/selectors.py:11: selector takes an actor but never scopes: def bad"
    ]


def test_an_allowed_exception_does_not_hide_others():
    found = unscoped_selectors(SELECTORS, "activities/selectors.py")
    with pytest.raises(AssertionError, match="def bad"):
        _assert_none(found)


def test_hand_written_path_comparisons_are_reported():
    source = """
if new_parent.path.startswith(org.path): pass
ok = any(path.startswith(p) for p in paths)
rows = Org.objects.filter(path__startswith=top.path, level="base")
rows = Place.objects.filter(pk=1, org_path__startswith=unit.org_path)
api = request.path.startswith("/api/")
fine = is_within(new_parent.path, org.path) and name.startswith("x")
"""
    assert [(v.line, v.code) for v in path_prefix_tests(source, "x/services.py")] == [
        (2, "new_parent.path.startswith"),
        (3, "path.startswith"),
        (4, "path__startswith="),
        (5, "org_path__startswith="),
    ]


def test_every_list_page_is_the_shared_list():
    """Issue 16 §1: a page lists records through core/lists.py (count, keyset pages both ways, sorting, export),
    never through Django's OFFSET paginator or a cut-off slice of its own."""
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "tests" not in p.relative_to(SRC).parts
        and "django.core.paginator" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
    templates = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.html")
        if 'include "includes/pager.html"' in p.read_text(encoding="utf-8")
    ]
    assert templates == []
