"""The framework as data: an immutable, validated description of one LKE version.

Built by `zona.lke.loader` from a YAML file; read by scoring, gap analysis and the Django apps.
Numbers are `Decimal` so that weights such as 0.67 and thresholds such as 15.75 are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Answer types with a finite set of options, in the order best → worst.
CHOICE_OPTIONS: dict[str, tuple[str, ...]] = {
    "ya_tidak": ("ya", "tidak"),
    "abc": ("a", "b", "c"),
    "abcd": ("a", "b", "c", "d"),
    "abcde": ("a", "b", "c", "d", "e"),
}
NUMERIC_TYPES = ("percent", "count", "index_0_4")
ANSWER_TYPES = (*CHOICE_OPTIONS, *NUMERIC_TYPES)

# Upper end of the scale of each numeric type; the value of an answer is answer / top.
NUMERIC_TOP: dict[str, Decimal] = {"percent": Decimal(100), "index_0_4": Decimal(4)}

# Measured values a Hasil item can take from outside the LKE (a survey, the audit-findings
# register), and the answer type each feed's value is on. Apps register providers per feed
# code (zona.evaluations.feeds); the framework file says which item takes which feed.
FEED_TYPES: dict[str, str] = {"ipak": "index_0_4", "ipkp": "index_0_4", "tlhp": "percent"}

NODE_KINDS = ("part", "section", "area", "subcomponent", "subsubcomponent", "component")
ROLES = ("pengungkit", "hasil")

# How a framework counts a question nobody answered (the file's `unanswered:`).
# "excluded": left out of its sub-component's mean, as the official workbook's AVERAGE skips
# "Blm Diisi"; a mean with nothing answered, and a weighted (Hasil) item left blank, cannot be
# computed (#DIV/0!, #VALUE! in the workbook). "zero": counts 0 (files that say nothing).
UNANSWERED_RULES = ("excluded", "zero")

# Why a node or computed item has no value yet (`Result.not_computable`).
MISSING_INPUT = "missing_input"
ZERO_DENOMINATOR = "zero_denominator"
NOT_COMPUTABLE = "not_computable"  # the word a framework file uses for "no value"


# How sure the file is of its weights (`confidence:` on the file or on any node). A node's
# weights are as sure as the nearest mark on it or above it; the file's own mark covers the rest.
# "provisional": the weights are not confirmed by a published source (e.g. the 10/2019 LKE, of
# which only some weights are published) and every score built on them says so.
CONFIDENCE_LEVELS = ("confirmed", "provisional")


@dataclass(frozen=True, slots=True)
class Confidence:
    level: str  # one of CONFIDENCE_LEVELS
    note: str = ""  # where the weights come from, what is not yet confirmed

    @property
    def provisional(self) -> bool:
        return self.level == "provisional"


@dataclass(frozen=True, slots=True)
class ProvisionalWeight:
    """A node whose weight is provisional, and the mark that makes it so."""

    node: str
    name: str
    note: str
    marked_on: str | None  # the node carrying the mark; None for the file's own mark


@dataclass(frozen=True, slots=True)
class ZeroDivisionRule:
    """What a computed item is worth when its formula divides by zero; None: not computable
    (the workbook's #DIV/0!)."""

    zero_over_zero: Decimal | None  # e.g. 0 violations last year and this year: nothing missing
    nonzero_over_zero: Decimal | None


@dataclass(frozen=True, slots=True)
class Question:
    no: str  # the reference number ("1" … "127"; "113a" for inputs the reference lacks)
    text: str
    type: str
    node: str  # code of the node that holds it
    values: dict[str, Decimal] | None = None  # option → value, choice types only
    weight: Decimal | None = None  # only in nodes scored "weighted" (Hasil items)
    criteria: dict[str, str] = field(default_factory=dict)  # option → criterion text
    guidance: tuple[str, ...] = ()
    excel_row: int | None = None
    note: str = ""
    feed: str | None = None  # a FEED_TYPES code: the item takes a measured value

    @property
    def scored(self) -> bool:
        return self.type != "count"

    @property
    def options(self) -> tuple[str, ...]:
        return CHOICE_OPTIONS.get(self.type, ())


@dataclass(frozen=True, slots=True)
class Computed:
    """A percentage the LKE derives from count inputs (the 2021 Reform part)."""

    code: str
    name: str
    formula: str
    inputs: tuple[str, ...]  # question numbers the formula reads, in order of appearance
    node: str
    cap: Decimal
    floor: Decimal
    zero_division: ZeroDivisionRule
    note: str = ""
    # Every count that must be filled before the percentage computes: the inputs, and counts
    # of its block the workbook also waits for (q104, q111) though the formula does not read them.
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    kind: str
    name: str
    weight: Decimal
    parent: str | None
    children: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()  # question numbers, in order
    computed: tuple[str, ...] = ()  # computed item codes, in order
    scoring: str = (
        "mean"  # "mean": mean of scored items × weight; "weighted": Σ value × item weight
    )
    role: str | None = None  # "pengungkit" / "hasil" on the two parts
    note: str = ""
    confidence: Confidence | None = None  # as marked on this node; see Framework.confidence_of

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True, slots=True)
class Area:
    """An area the predicate rules speak of, summing one or more nodes.

    In the 2021 LKE an area (e.g. Manajemen Perubahan) appears once under Pemenuhan and once
    under Reform; its share is the sum of both over the sum of their weights.
    """

    code: str
    name: str
    nodes: tuple[str, ...]
    weight: Decimal


@dataclass(frozen=True, slots=True)
class Condition:
    """One requirement of a predicate.

    `of` says what is measured: total, pengungkit, hasil, node, area, each_area, item.
    Exactly one of `min` (points) or `min_share` (fraction of the weight) is set.
    """

    code: str
    of: str
    label: str
    ref: str | None = None
    min: Decimal | None = None
    min_share: Decimal | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Predicate:
    code: str  # "WBK", "WBBM"
    name: str  # "Menuju WBK"
    rank: int  # higher is better; WBBM outranks WBK
    conditions: tuple[Condition, ...]
    requires: str | None = None  # predicate the unit must already hold
    note: str = ""


@dataclass(frozen=True, slots=True, eq=False)  # identity: one object per loaded file
class Framework:
    code: str
    version: str
    name: str
    legal_basis: str
    max_total: Decimal
    nodes: dict[str, Node]  # in tree order (pre-order)
    roots: tuple[str, ...]
    questions: dict[str, Question]  # in tree order
    computed: dict[str, Computed]
    areas: tuple[Area, ...]
    predicates: tuple[Predicate, ...]  # ascending rank
    description: str = ""
    source_sha256: str = ""
    unanswered: str = "zero"  # one of UNANSWERED_RULES
    confidence: Confidence | None = None  # the file's own mark, for nodes not marked themselves

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def role_node(self, role: str) -> Node:
        for code in self.roots:
            if self.nodes[code].role == role:
                return self.nodes[code]
        raise KeyError(role)

    def predicate(self, code: str) -> Predicate:
        for p in self.predicates:
            if p.code == code:
                return p
        raise KeyError(code)

    def ancestors(self, node_code: str) -> list[str]:
        out = []
        parent = self.nodes[node_code].parent
        while parent is not None:
            out.append(parent)
            parent = self.nodes[parent].parent
        return out

    def confidence_of(self, node_code: str) -> tuple[Confidence | None, str | None]:
        """The mark that covers a node's weight: the nearest on it or above it, else the file's;
        with the node that carries it (None: the file's)."""
        for code in (node_code, *self.ancestors(node_code)):
            mark = self.nodes[code].confidence
            if mark is not None:
                return mark, code
        return self.confidence, None

    @property
    def provisional_weights(self) -> tuple[ProvisionalWeight, ...]:
        """Every node whose weight is provisional, in tree order; () for a confirmed file."""
        if self.confidence is None and all(n.confidence is None for n in self.nodes.values()):
            return ()  # the shipped files: no walk
        out = []
        for code, node in self.nodes.items():
            mark, on = self.confidence_of(code)
            if mark is not None and mark.provisional:
                out.append(ProvisionalWeight(code, node.name, mark.note, on))
        return tuple(out)

    @property
    def provisional_marks(self) -> tuple[ProvisionalWeight, ...]:
        """The provisional marks themselves, what a page or a report lists once rather than
        every node under them: the file's (node ""), then each node carrying one."""
        marks = []
        if self.confidence is not None and self.confidence.provisional:
            marks.append(ProvisionalWeight("", self.name, self.confidence.note, None))
        for code, node in self.nodes.items():
            if node.confidence is not None and node.confidence.provisional:
                marks.append(ProvisionalWeight(code, node.name, node.confidence.note, code))
        return tuple(marks)

    def area_of(self, node_code: str) -> Area | None:
        chain = {node_code, *self.ancestors(node_code)}
        for area in self.areas:
            if chain.intersection(area.nodes):
                return area
        return None
