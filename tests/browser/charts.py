"""Waiting for a page's ECharts charts: drawn, and still once their entry animations are over (no fixed wait)."""

from playwright.sync_api import expect

# True once the charts' SVG is the same at two polls in a row: ECharts has finished animating them in.
SETTLED = """() => {
  const now = [...document.querySelectorAll("[data-chart] svg")].map((svg) => svg.innerHTML).join("|");
  const settled = now === window.ghChartsBefore;
  window.ghChartsBefore = now;
  return settled;
}"""


def wait_for_charts(page, *names: str) -> None:
    """The named chart boxes (every chart box on the page when none is named) hold ECharts' SVG with something
    drawn in it, and the drawing has stopped moving."""
    boxes = [page.locator(f'[data-chart="{name}"]') for name in names] or page.locator("[data-chart]").all()
    assert boxes, "the page has no chart"
    for box in boxes:
        expect(box.locator("svg path").first).to_be_attached()
    page.evaluate("() => { window.ghChartsBefore = null; }")  # compare only drawings made from now on
    page.wait_for_function(SETTLED, polling=250)
