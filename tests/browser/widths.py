"""The two screens pages are checked at: a laptop's 1366 px and a phone's 360 px, and what "no sideways scroll
at 360 px" means (issue 16 §1), shared by the phone-width test and the page sweep."""

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 800}
NO_SIDEWAYS_SCROLL = """() => {
  const wide = [...document.querySelectorAll(".table-responsive")].filter((box) => box.scrollWidth > box.clientWidth);
  const out = [...document.querySelectorAll("main *")]
    .filter((e) => !e.closest("thead") && e.getBoundingClientRect().right > 360.5);  // headings: out of sight
  return {
    page: document.documentElement.scrollWidth, view: window.innerWidth, boxes: wide.length,
    out: out.slice(0, 3).map((e) => e.outerHTML.slice(0, 80)),
  };
}"""


def sideways(page) -> str:
    """What scrolls sideways on a 360 px phone, in words; empty when the page fits."""
    widths = page.evaluate(NO_SIDEWAYS_SCROLL)
    # a phone's browser widens its viewport to the page, so the width is also checked against the screen's
    if not widths["page"] <= widths["view"] == PHONE["width"]:
        return f"scrolls sideways at 360 px: {widths}"
    if widths["out"]:
        return f"these stick out at 360 px: {widths['out']}"
    if widths["boxes"]:
        return "a table box scrolls sideways at 360 px"
    return ""
