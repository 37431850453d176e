"""Reading a form back from a page as the person sees it: what each field holds and the message beside it
(issue 16 §3: a refused form keeps what was typed, with the reason next to the field)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self.feedback: dict[str, list[str]] = {}
        self._last: str | None = None  # the field the next message belongs to
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_feedback = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if (
            tag == "input"
            and name
            and a.get("type") not in ("hidden", "submit", "button", "checkbox", "radio")
        ):
            self.values.setdefault(name, []).append(a.get("value") or "")
            self._last = name
        elif tag == "input" and name and a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self.values.setdefault(name, []).append(a.get("value") or "on")
            self._last = name
        elif tag == "select" and name:
            self._select = self._last = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = self._last = name
            self.values.setdefault(name, []).append("")
        elif tag in ("label", "button", "form", "fieldset"):
            self._last = None  # a new field starts: a message after this is not the last field's
        elif tag == "div" and "invalid-feedback" in (a.get("class") or "") and self._last:
            self._in_feedback = True
            self.feedback.setdefault(self._last, []).append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "div":
            self._in_feedback = False

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data
        elif self._in_feedback and self._last:
            self.feedback[self._last][-1] += data.strip()


def read_form(html: str) -> _FormReader:
    reader = _FormReader()
    reader.feed(html)
    return reader


def field_value(html: str, name: str) -> str:
    """What the field named `name` shows (an input's value, a select's chosen option, a textarea's text)."""
    values = read_form(html).values.get(name)
    assert values is not None, f"no field named {name!r} on the page"
    return values[0].strip() if values else ""


def message_beside(html: str, name: str) -> str:
    """The messages shown right after the field named `name` (its invalid-feedback), joined."""
    return " ".join(read_form(html).feedback.get(name, []))
