"""Accessibility checks for browser tests: axe-core, vendored in vendor/ (4.14.1, MPL-2.0), run on a page.

The script is handed to the page through Playwright's `page.evaluate` (the DevTools protocol), not a
<script> tag: the site's Content Security Policy allows scripts from the site only, so `add_script_tag`
(an inline script) is refused and the browser guard would count the violation. Nothing is fetched from
any host.
"""

from collections.abc import Iterable
from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN = """async (exclude) => {
  const context = exclude.length ? {exclude: exclude.map((selector) => [selector])} : document;
  const results = await axe.run(context, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


def run_axe(page, *, exclude: Iterable[str] = ()) -> list[dict]:
    """Every violation axe finds on the page as it stands (elements matching the `exclude` CSS selectors left
    out), the minor and moderate ones too."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    return page.evaluate(RUN, list(exclude))


def blocking(violations: list[dict]) -> list[dict]:
    """The serious and critical ones: these fail a test."""
    return [v for v in violations if v["impact"] in BLOCKING]


def check_accessibility(page, *, exclude: Iterable[str] = ()) -> list[dict]:
    """Run axe on the page; fail when it finds a serious or critical violation. Returns every violation."""
    violations = run_axe(page, exclude=exclude)
    found = blocking(violations)
    assert not found, f"accessibility problems on {page.url}:\n{describe(found)}"
    return violations


def check_phone_page(page, *, width: int) -> None:
    """No serious accessibility problem, and nothing wider than a phone's screen of `width` px."""
    check_accessibility(page)
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways on a {width} px phone ({scroll} px)"
