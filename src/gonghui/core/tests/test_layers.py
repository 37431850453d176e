"""The layers hold (docs/architecture.md): the import-linter contract in pyproject.toml is kept, and no app
imports another inside a function (which would hide an upward import from the contract), except the ones the
architecture document lists with their reason."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]  # src/gonghui
ROOT = SRC.parents[1]

# (file relative to src/gonghui, imported module): each is listed with its reason in docs/architecture.md
FUNCTION_LEVEL_ALLOWED = {
    ("members/apps.py", "gonghui.core.access"),
}


def test_the_import_linter_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(  # noqa: S603 - our own virtualenv's tool, fixed arguments
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 kept, 0 broken" in run.stdout


def layers() -> list[set[str]]:
    """The contract's layers, highest first, each a set of top-level apps (gonghui.<app>)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    return [{m.strip().split(".")[1] for m in layer.split("|")} for layer in config["layers"]]


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith("gonghui.") and n.count(".") >= 1}
    return found


def test_a_module_not_named_in_the_contract_stays_a_work_module():
    """A new module is one folder: it is not added to pyproject.toml, so here it is held to what a work module may
    import: the layers below the work modules, and nothing of another work module or above."""
    stack = layers()
    work = next(i for i, layer in enumerate(stack) if "care" in layer)
    below = set().union(*stack[work + 1 :])
    listed = set().union(*stack)
    apps = {
        p.name
        for p in SRC.iterdir()
        if (p / "__init__.py").is_file() and p.name not in ("settings", "static")
    }
    wrong = []
    for app in sorted(apps - listed):
        for path in (SRC / app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.relative_to(SRC).parts):
                continue
            for other in imported_apps(path) - below - {app}:
                wrong.append(f"{path.relative_to(SRC)} imports gonghui.{other}")
    assert wrong == []


def function_level_imports(source: str, app: str) -> list[tuple[int, str]]:
    """Imports of another gonghui app made inside a function body."""
    found = []

    def visit(node, inside: bool):
        for child in ast.iter_child_nodes(node):
            nested = inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if inside and isinstance(child, ast.Import | ast.ImportFrom):
                names = (
                    [child.module or ""]
                    if isinstance(child, ast.ImportFrom)
                    else [a.name for a in child.names]
                )
                if isinstance(child, ast.ImportFrom) and child.level:
                    names = []
                found.extend(
                    (child.lineno, n) for n in names if n.startswith("gonghui.") and n.split(".")[1] != app
                )
            visit(child, nested)

    visit(ast.parse(source), False)
    return found


def test_the_check_finds_a_hidden_upward_import():
    source = "def f():\n    from gonghui.dashboards.services import x\n    from .models import y\n"
    assert function_level_imports(source, "members") == [(2, "gonghui.dashboards.services")]


def test_no_app_imports_another_inside_a_function():
    hidden = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if len(rel.parts) < 2 or {"tests", "testing", "migrations"} & set(rel.parts):
            continue
        for line, module in function_level_imports(path.read_text(), rel.parts[0]):
            if (rel.as_posix(), module) not in FUNCTION_LEVEL_ALLOWED:
                hidden.append(f"{rel}:{line} imports {module} inside a function")
    assert hidden == []
    documented = (ROOT / "docs" / "architecture.md").read_text()
    assert all(f"`{file}`" in documented for file, _ in FUNCTION_LEVEL_ALLOWED)
