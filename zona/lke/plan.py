"""A framework compiled for scoring: built once per framework, then reused for every evaluation.

Scoring must be fast enough to re-score every unit in the country in seconds, so the tree walk
is done once, here: the scored items are laid out in flat lists, each condition knows where its
value comes from, and the arithmetic of all nodes becomes one generated straight-line function
(`node_function`) — the same sums a loop over the tree would do, without the loop.

Values that the workbook cannot compute travel as the workbook's do: an unanswered item is None
(its "Blm Diisi", which AVERAGE skips, when the framework leaves unanswered questions out), and
a value that cannot be computed is NaN (its #DIV/0!, which every SUM above it repeats). So a
root that is a number proves that every node under it is one, and the common case costs two
comparisons.

Arithmetic is in binary floating point, as in the official Excel workbook (IEEE doubles, ~15
significant digits). Option values are the published ones (0.67, not 2/3). Because 0.1 + 0.2 is
not exactly 0.3 in binary, conditions compare values *settled* to 9 decimal places: far below
any real difference an LKE can produce, far above the accumulated rounding (~1e-13 at 100).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

from .formula import Evaluator, compile_formula
from .model import NUMERIC_TOP, Computed, Framework

CONTEXT = Context(prec=34)  # for computed-item formulas, which run on exact counts
SETTLE_PLACES = 9


def settled(value: float) -> float:
    return round(value, SETTLE_PLACES)


@dataclass(frozen=True, slots=True)
class Leaf:
    """A leaf node: where its items' values lie in the flat value lists."""

    code: str
    weighted: bool
    weight: float
    count: int  # number of scored items
    choices: range  # indexes into Plan.choices
    numerics: range  # indexes into Plan.numerics
    computed: range  # indexes into Plan.computed
    scored_nos: tuple[str, ...]  # choices then numerics, the order of their values
    weights: tuple[float, ...]  # per question, same order (weighted leaves only)
    computed_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    """One predicate condition: where its value comes from and its threshold in points."""

    predicate: str
    code: str
    label: str
    kind: str  # "points" or "share"
    source: str  # "total", "node", "area" or "item"
    ref: str | None
    required: float  # in the condition's own unit
    weight: float  # of what a share is a share of
    threshold: float  # in points, settled
    reads: tuple[str, ...] = ()  # the nodes whose values it reads (not computable → not met)


NodeFunction = Callable[[Sequence[float], Sequence[float], Sequence[float]], tuple]


@dataclass(frozen=True, slots=True)
class Plan:
    leaves: tuple[Leaf, ...]
    choices: tuple[tuple[str, dict[Any, float | None]], ...]  # (no, value map incl. None)
    numerics: tuple[tuple[str, float], ...]  # (no, top of the scale)
    # (item, its formula, the counts it requires beyond those the formula reads)
    computed: tuple[tuple[Computed, Evaluator, tuple[str, ...]], ...]
    choice_nos: tuple[str, ...]
    numeric_nos: tuple[str, ...]
    counts: tuple[str, ...]  # count questions (unscored inputs)
    node_codes: tuple[str, ...]  # leaves, then branches children-first: node_function's order
    node_function: NodeFunction  # (choice values, numeric values, computed values) → nodes
    blank_function: NodeFunction | None  # the same where some value is None (excluded blanks)
    ancestors: dict[str, tuple[str, ...]]
    pengungkit: str
    hasil: str
    areas: tuple[tuple[str, tuple[str, ...]], ...]  # (area code, its nodes)
    checks: tuple[Check, ...]  # in predicate order
    ranks: dict[str, int]  # predicate code → rank, ascending
    requires: tuple[tuple[str, str], ...]  # (predicate, the predicate it requires)
    excluded: bool  # unanswered questions are left out of the mean (framework.unanswered)
    branches: tuple[tuple[str, tuple[str, ...]], ...]  # children before parents
    branch_slots: tuple[tuple[int, tuple[int, ...]], ...]  # the same as node_codes indexes
    roots: tuple[int, int]  # indexes of pengungkit and hasil in node_codes


_PLANS: dict[int, tuple[Framework, Plan]] = {}


def plan_for(framework: Framework) -> Plan:
    """The compiled plan of a framework, built on first use."""
    cached = _PLANS.get(id(framework))
    if cached is not None and cached[0] is framework:
        return cached[1]
    plan = _build(framework)
    _PLANS[id(framework)] = (framework, plan)
    return plan


def _build(framework: Framework) -> Plan:
    leaves: list[Leaf] = []
    branches: list[tuple[str, tuple[str, ...]]] = []
    excluded = framework.unanswered == "excluded"
    choices: list[tuple[str, dict[Any, float | None]]] = []
    numerics: list[tuple[str, float]] = []
    computed: list[tuple[Computed, Evaluator, tuple[str, ...]]] = []
    for node in framework.nodes.values():
        if node.children:
            branches.append((node.code, node.children))
            continue
        questions = [framework.questions[no] for no in node.questions]
        own_choices = [q for q in questions if q.scored and q.values is not None]
        own_numerics = [q for q in questions if q.scored and q.values is None]
        own_computed = [framework.computed[code] for code in node.computed]
        starts = len(choices), len(numerics), len(computed)
        choices += [(q.no, _value_map(q.values, excluded)) for q in own_choices]
        numerics += [(q.no, float(NUMERIC_TOP[q.type])) for q in own_numerics]
        computed += [
            (c, compile_formula(c.formula)[0], tuple(n for n in c.requires if n not in c.inputs))
            for c in own_computed
        ]
        leaves.append(
            Leaf(
                code=node.code,
                weighted=node.scoring == "weighted",
                weight=float(node.weight),
                count=len(own_choices) + len(own_numerics) + len(own_computed),
                choices=range(starts[0], len(choices)),
                numerics=range(starts[1], len(numerics)),
                computed=range(starts[2], len(computed)),
                scored_nos=tuple(q.no for q in own_choices + own_numerics),
                weights=tuple(float(q.weight or 0) for q in own_choices + own_numerics),
                computed_codes=tuple(c.code for c in own_computed),
            )
        )
    branches.reverse()  # pre-order reversed: children before parents
    node_codes = tuple([leaf.code for leaf in leaves] + [code for code, _ in branches])
    pengungkit = framework.role_node("pengungkit").code
    hasil = framework.role_node("hasil").code
    return Plan(
        leaves=tuple(leaves),
        choices=tuple(choices),
        numerics=tuple(numerics),
        computed=tuple(computed),
        choice_nos=tuple(no for no, _ in choices),
        numeric_nos=tuple(no for no, _ in numerics),
        counts=tuple(no for no, q in framework.questions.items() if not q.scored),
        node_codes=node_codes,
        node_function=_node_function(framework, leaves, branches, False),
        blank_function=_node_function(framework, leaves, branches, True) if excluded else None,
        ancestors={code: tuple(framework.ancestors(code)) for code in framework.nodes},
        pengungkit=pengungkit,
        hasil=hasil,
        areas=tuple((a.code, a.nodes) for a in framework.areas),
        checks=_checks(framework),
        ranks={p.code: p.rank for p in framework.predicates},
        requires=tuple((p.code, p.requires) for p in framework.predicates if p.requires),
        excluded=excluded,
        branches=tuple(branches),
        branch_slots=tuple(
            (node_codes.index(code), tuple(node_codes.index(c) for c in children))
            for code, children in branches
        ),
        roots=(node_codes.index(pengungkit), node_codes.index(hasil)),
    )


def _value_map(values: dict[str, Decimal], excluded: bool) -> dict[Any, float | None]:
    unanswered = None if excluded else 0.0
    return {**{option: float(v) for option, v in values.items()}, None: unanswered}


def _node_function(
    framework: Framework,
    leaves: list[Leaf],
    branches: list[tuple[str, tuple[str, ...]]],
    blanks: bool,
) -> NodeFunction:
    """Generate `nodes(c, n, x)`: every node's value from the flat item values, in node_codes order.

    For lke-2021 this is ~60 lines such as `v3 = (c[7] + c[8] + c[9]) * k5 / k6`. The source
    holds only generated names and list indexes; weights come in as arguments of a factory, so
    nothing from the framework file is ever turned into code.

    With `blanks` (a framework that leaves unanswered items out, and some item is None) a mean
    leaf averages the items that are not None, and is NaN when there are none (the workbook's
    AVERAGE of nothing, #DIV/0!); a weighted leaf with an item left blank is NaN ("Blm Diisi" ×
    bobot, #VALUE!). Its sums add the same values in the same order, so both functions give the
    same bits when nothing is blank.
    """
    constants: list[float] = []

    def const(value: float) -> str:
        constants.append(value)
        return f"k{len(constants) - 1}"

    lines = []
    names: dict[str, str] = {}
    for i, leaf in enumerate(leaves):
        terms = [f"c[{j}]" for j in leaf.choices] + [f"n[{j}]" for j in leaf.numerics]
        if leaf.weighted:
            expr = " + ".join(f"{t} * {const(w)}" for t, w in zip(terms, leaf.weights, strict=True))
            if blanks:
                blank = " or ".join(f"{t} is None" for t in terms)
                expr = f"NAN if ({blank}) else {expr}"
            lines.append(f"        v{i} = {expr}")
        elif blanks:
            terms += [f"x[{j}]" for j in leaf.computed]
            # The mean of the answered items, times weight: AVERAGE(…) × bobot. Unrolled: no
            # call, no temporary list (this runs for every draft with a blank).
            lines += ["        s = 0.0", "        m = 0"]
            for t in terms:
                lines += [
                    f"        if {t} is not None:",
                    f"            s += {t}",
                    "            m += 1",
                ]
            lines.append(f"        v{i} = s * {const(leaf.weight)} / m if m else NAN")
        else:
            terms += [f"x[{j}]" for j in leaf.computed]
            # Sum, times weight, over count: the order the workbook's formulas use.
            expr = f"({' + '.join(terms)}) * {const(leaf.weight)} / {const(leaf.count)}"
            lines.append(f"        v{i} = {expr}")
        names[leaf.code] = f"v{i}"
    for j, (code, children) in enumerate(branches, start=len(leaves)):
        names[code] = f"v{j}"
        lines.append(f"        v{j} = " + " + ".join(names[c] for c in children))
    params = ", ".join(f"k{i}" for i in range(len(constants)))
    results = ", ".join(f"v{i}" for i in range(len(names)))
    source = "\n".join(
        [
            f"def factory({params}):",
            "    def nodes(c, n, x):",
            *lines,
            f"        return ({results},)",
            "    return nodes",
        ]
    )
    namespace: dict[str, Any] = {"NAN": float("nan")}
    exec(compile(source, f"<plan {framework.key}>", "exec"), namespace)
    return namespace["factory"](*constants)


def _reads(framework: Framework, source: str, ref: str | None) -> tuple[str, ...]:
    if source == "total":
        return tuple(framework.roots)
    if source == "area":
        return next(a.nodes for a in framework.areas if a.code == ref)
    if source == "node":
        return (ref,) if ref else ()
    return ()  # an item condition reads the item alone, not its node


def _checks(framework: Framework) -> tuple[Check, ...]:
    checks = []
    areas = {a.code: a for a in framework.areas}
    for pred in framework.predicates:
        for cond in pred.conditions:
            targets: list[tuple[str, str, str | None, Decimal, str]] = []  # weights exact here
            if cond.of == "each_area":
                for area in framework.areas:
                    label = f"{cond.label}: {area.name}"
                    code = f"{cond.code}:{area.code}"
                    targets.append((code, "area", area.code, area.weight, label))
            elif cond.of == "total":
                targets.append((cond.code, "total", None, framework.max_total, cond.label))
            elif cond.of in ("pengungkit", "hasil"):
                node = framework.role_node(cond.of)
                targets.append((cond.code, "node", node.code, node.weight, cond.label))
            elif cond.of == "node":
                weight = framework.nodes[cond.ref].weight
                targets.append((cond.code, "node", cond.ref, weight, cond.label))
            elif cond.of == "area":
                targets.append((cond.code, "area", cond.ref, areas[cond.ref].weight, cond.label))
            else:  # item
                weight = framework.questions[cond.ref].weight
                targets.append((cond.code, "item", cond.ref, weight, cond.label))
            for code, source, ref, weight, label in targets:
                reads = _reads(framework, source, ref)
                if cond.min_share is not None:
                    kind, required, threshold = "share", cond.min_share, cond.min_share * weight
                else:
                    kind, required, threshold = "points", cond.min, cond.min
                checks.append(
                    Check(
                        pred.code,
                        code,
                        label,
                        kind,
                        source,
                        ref,
                        float(required),
                        float(weight),
                        settled(float(threshold)),
                        reads,
                    )
                )
    return tuple(checks)
