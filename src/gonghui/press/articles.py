"""Pasted report text split into articles (issue 23 §1): each a headline (the lines above it that read as headings)
and a body (its paragraphs, mended where a page break cut a sentence).

A line is a heading when it is short and has no sentence punctuation; a photo credit ("本报记者 彭程 摄") is dropped;
a new article starts at the first heading after a body. Markdown marks (`#`, `**`) pasted from a web page are
ignored, and a `##` line, when there is one, is the headline."""

import re
from dataclasses import dataclass, field

HEADING_MAX = 40
SENTENCE_MARKS = re.compile(r"[，。；：！？,;:!?]")
ENDS_SENTENCE = re.compile(r"[。！？!?”」）)…]$")
CREDIT = re.compile(r"(摄|摄影报道|供图)$")
MARKS = re.compile(r"^\s*#+\s*|\*\*")
WIDE = str.maketrans({";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
COMMA = re.compile(r"(?<!\d),|,(?!\d)")  # a comma between digits groups thousands (1,195) and stays


def widen(line: str) -> str:
    """Half-width punctuation pasted from some pages, as the reports print it (,;:() → ，；：（）)."""
    return COMMA.sub("，", line.translate(WIDE))


@dataclass
class Article:
    headings: list[str] = field(default_factory=list)
    marked: str = ""  # the heading marked `##`, if the text came with marks
    paragraphs: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        if self.marked:
            return self.marked
        return self.headings[-1] if self.headings else (self.paragraphs[0][:30] if self.paragraphs else "")

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def text(self) -> str:
        return "\n".join([*self.headings, *self.paragraphs])


def _is_heading(line: str) -> bool:
    return len(line) <= HEADING_MAX and not SENTENCE_MARKS.search(line)


def split(text: str) -> list[Article]:
    """The articles of a pasted page, in order; lines that belong to no article (a banner alone) are dropped."""
    articles: list[Article] = []
    current = Article()
    for raw in text.replace("\r\n", "\n").split("\n"):
        marked = raw.lstrip().startswith("##") and not raw.lstrip().startswith("###")
        line = widen(MARKS.sub("", raw).strip())
        if not line or (CREDIT.search(line) and len(line) <= 20):
            continue
        if _is_heading(line):
            if current.paragraphs:
                articles.append(current)
                current = Article()
            current.headings.append(line)
            if marked:
                current.marked = line
            continue
        if current.paragraphs and not ENDS_SENTENCE.search(current.paragraphs[-1]):
            current.paragraphs[-1] += line  # a page break cut the sentence
        else:
            current.paragraphs.append(line)
    if current.paragraphs:
        articles.append(current)
    return articles
