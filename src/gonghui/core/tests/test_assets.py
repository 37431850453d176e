"""Intranet deployments: no template or static file may load anything from another host."""

import re
from pathlib import Path

import gonghui

ROOT = Path(gonghui.__file__).parent
FOREIGN = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//(?!localhost|127\.0\.0\.1)[^"'\s>]+|url\(\s*["']?(?:https?:)?//[^)]+\)|@import\s+["']?(?:https?:)?//""",
    re.I,
)


def files():
    for path in ROOT.rglob("*"):
        if path.suffix in {".html", ".css", ".js"} and path.is_file():
            yield path


def test_no_page_or_asset_references_another_host():
    offenders = []
    for path in files():
        for match in FOREIGN.finditer(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:80]}")
    assert list(files()), "templates and assets were found"
    assert offenders == []


def test_vendored_assets_are_present_with_their_licences():
    vendor = ROOT / "static" / "vendor"
    for asset in (
        "htmx/htmx.min.js",
        "bootstrap/bootstrap.min.css",
        "bootstrap/bootstrap.bundle.min.js",
        "echarts/echarts.min.js",
    ):
        assert (vendor / asset).stat().st_size > 10_000, asset
        assert (vendor / asset.split("/")[0] / "LICENSE").exists()


def test_the_detector_catches_a_foreign_reference():
    assert FOREIGN.search('<script src="https://cdn.example.com/x.js"></script>')
    assert FOREIGN.search("background: url(//fonts.example.com/a.woff)")
    assert not FOREIGN.search('<script src="/static/vendor/htmx/htmx.min.js"></script>')
