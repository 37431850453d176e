"""The layers hold (docs/architecture.md): the import-linter contract in pyproject.toml is kept, and no app
imports another inside a function (which would hide an upward import from the contract), except the ones the
architecture document lists with their reason."""

import ast
import subprocess
import sys
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
