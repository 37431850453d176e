"""Organisations named in a report, found by an Aho-Corasick automaton over the names of the actor's tree
(`pyahocorasick`): full names, short names, and names without their 工会 suffix (the report says 北京工商大学, the
tree holds 北京工商大学工会). The longest name wins where matches overlap. Names that look like a union's but match
no node are offered for creation, with the node they most likely sit under (docs/decisions/0012-reading-reports.md).
"""

import re
from dataclasses import dataclass

import ahocorasick

from gonghui.orgs.models import Level, Org

SUFFIXES = ("总工会", "工会")
MIN_KEY = 4  # shorter stems ("朝阳", "东城") name too many things in a report to be read as a node
CONFIDENCE = {"name": 1.0, "short": 0.8, "stem": 0.75}
# a union's name starts a clause and says what kind of body it belongs to (大学, 集团, 街道 …) before 工会
UNION_NAME = re.compile(r"(?:^|(?<=[，。；：、“”（）\s与和及同]))[\u4e00-\u9fa5]{2,24}?(?:总工会|工会)")
KIND_OF_BODY = re.compile(
    r"(大学|学院|学校|集团|公司|局|街道|地区|区|市|县|镇|乡|中心|医院|协会|厂|所|社区|委员会)(总工会|工会)$"
)
NOT_A_NAME = re.compile(
    r"各级|基层|相关|有关|动员|组织|该|本|全区|全市|系统|干部|指导|委员|驻|广大|此次|推动|贯彻|宣传|介绍|[和与及的了是为向跟在将由]"
)


@dataclass(frozen=True)
class OrgMention:
    org_id: int
    name: str  # the node's name
    text: str  # as the report wrote it
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class NewOrg:
    """A union the report names that the tree does not hold: its name, the level it reads as, and the node it most
    likely sits under (None: the cadre chooses)."""

    name: str
    level: str
    parent_id: int | None
    parent_name: str
    sentence: str


def _stem(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


class OrgMatcher:
    """Finds the nodes of `orgs` (already restricted to what the actor may see) in a text."""

    def __init__(self, orgs: list[Org]):
        self.orgs = {o.pk: o for o in orgs}
        self.automaton = ahocorasick.Automaton()
        keys: dict[str, tuple[int, str]] = {}
        for o in sorted(orgs, key=lambda o: o.depth):  # the higher node keeps a key two nodes share
            for key, how in ((o.name, "name"), (o.short_name, "short"), (_stem(o.name), "stem")):
                if len(key) >= MIN_KEY and (key not in keys or CONFIDENCE[how] > CONFIDENCE[keys[key][1]]):
                    keys[key] = (o.pk, how)
        for key, (pk, how) in keys.items():
            self.automaton.add_word(key, (key, pk, how))
        self.ready = bool(keys)
        if self.ready:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[OrgMention]:
        """Leftmost-longest mentions, none overlapping, in order."""
        if not self.ready:
            return []
        hits = []
        for end, (key, pk, how) in self.automaton.iter(text):
            start = end - len(key) + 1
            hits.append((start, -len(key), pk, key, how))
        found: list[OrgMention] = []
        taken_to = -1
        for start, negative, pk, key, how in sorted(hits):
            if start <= taken_to:
                continue
            found.append(OrgMention(pk, self.orgs[pk].name, key, start, start - negative, CONFIDENCE[how]))
            taken_to = start - negative - 1
        return found

    def unknown(self, text: str, sentences: list[str]) -> list[NewOrg]:
        """Union names in the text that no node matches, each with a guess at its level and parent."""
        known = self.find(text)
        seen: set[str] = set()
        out = []
        for m in UNION_NAME.finditer(text):
            name = m.group(0)
            inside = any(k.start <= m.start() < k.end or m.start() <= k.start < m.end() for k in known)
            if (
                inside
                or name in seen
                or len(name) < 7
                or NOT_A_NAME.search(name)
                or not KIND_OF_BODY.search(name)
            ):
                continue
            seen.add(name)
            parent = self._parent_of(name)
            out.append(
                NewOrg(
                    name=name,
                    level=_level_of(name),
                    parent_id=parent.pk if parent else None,
                    parent_name=parent.name if parent else "",
                    sentence=next((s for s in sentences if name in s), ""),
                )
            )
        return out

    def _parent_of(self, name: str) -> Org | None:
        """The deepest node whose stem opens the name: 朝阳区常营地区总工会 sits under 朝阳区总工会."""
        best = None
        for o in self.orgs.values():
            stem = _stem(o.name)
            opens = len(stem) >= 2 and name.startswith(stem) and name != o.name
            if opens and (best is None or o.depth > best.depth):
                best = o
        return best


def _level_of(name: str) -> str:
    if re.search(r"(街道|地区|乡|镇)总工会$", name):
        return Level.STREET
    if re.search(r"区总工会$", name):
        return Level.DISTRICT
    return Level.BASE
