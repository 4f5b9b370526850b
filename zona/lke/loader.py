"""Load and validate framework files (YAML; the format is documented in docs/framework-format.md).

`load_framework_text` refuses a bad file with a `FrameworkError` listing every problem it found,
each naming the node or item and what is wrong, so an administrator can fix a file in one pass.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import FrameworkError, Problem
from .formula import FormulaError, compile_formula
from .model import (
    ANSWER_TYPES,
    CHOICE_OPTIONS,
    CONFIDENCE_LEVELS,
    FEED_TYPES,
    NODE_KINDS,
    NOT_COMPUTABLE,
    ROLES,
    UNANSWERED_RULES,
    Area,
    Computed,
    Condition,
    Confidence,
    Framework,
    Node,
    Predicate,
    Question,
    ZeroDivisionRule,
)

SUPPORTED_FORMATS = (1,)
QUESTION_NO = re.compile(r"^[0-9]+[a-z]?$")
CONDITION_KINDS = ("total", "pengungkit", "hasil", "node", "area", "each_area", "item")

TOP_FIELDS = {
    "format", "code", "version", "name", "legal_basis", "description", "max_total",
    "answer_types", "zero_division", "unanswered", "areas", "tree", "predicates", "confidence",
}  # fmt: skip
NODE_FIELDS = {
    "code", "kind", "name", "weight", "role", "scoring", "note", "children", "questions",
    "computed", "confidence",
}  # fmt: skip
CONFIDENCE_FIELDS = {"level", "note"}
QUESTION_FIELDS = {
    "no", "type", "text", "values", "weight", "criteria", "guidance", "excel_row", "note", "feed",
}  # fmt: skip
COMPUTED_FIELDS = {
    "code", "name", "formula", "cap", "floor", "zero_division", "requires", "note",
}  # fmt: skip
AREA_FIELDS = {"code", "name", "nodes"}
PREDICATE_FIELDS = {"code", "name", "rank", "requires", "note", "conditions"}
CONDITION_FIELDS = {"code", "of", "ref", "min", "min_share", "label", "note"}

BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader with YAML 1.2 booleans: `no: 2` is the key "no", not False."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_framework_file(path: str | Path) -> Framework:
    return load_framework_text(Path(path).read_text(encoding="utf-8"))


def load_framework_text(text: str) -> Framework:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise FrameworkError([Problem("yaml_syntax", {"detail": _one_line(str(exc))})]) from None
    builder = _Builder(hashlib.sha256(text.encode("utf-8")).hexdigest())
    framework = builder.build(data)
    if builder.problems:
        raise FrameworkError(builder.problems)
    assert framework is not None
    return framework


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Builder:
    def __init__(self, sha256: str):
        self.sha256 = sha256
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}
        self.questions: dict[str, Question] = {}
        self.computed: dict[str, Computed] = {}
        self.type_values: dict[str, dict[str, Decimal]] = {}
        self.default_zero = ZeroDivisionRule(Decimal(1), Decimal(0))
        self._pending_formulas: list[tuple[str, str, tuple[str, ...]]] = []
        self._pending_requires: list[tuple[str, tuple[str, ...]]] = []

    # --- small helpers ---------------------------------------------------------------------
    def problem(self, _code: str, **params: Any) -> None:
        self.problems.append(Problem(_code, params))

    def mapping(self, value: Any, where: str, allowed: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.problem("not_a_mapping", where=where)
            return None
        if isinstance(value.get("code"), str | int):  # name the node, not its position
            where = str(value["code"])
        for key in value:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem("unknown_field", where=where, field=key, known=known)
        return value

    def required(self, data: dict, key: str, where: str) -> Any:
        if key not in data or data[key] is None or data[key] == "":
            self.problem("missing_field", where=where, field=key)
            return None
        return data[key]

    def text(self, data: dict, key: str, where: str, required: bool = True) -> str:
        value = self.required(data, key, where) if required else data.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem("bad_field", where=where, field=key, expected="teks/text", actual=value)
            return ""
        return str(value).strip()

    def number(
        self, data: dict, key: str, where: str, required: bool = True, default: Any = None
    ) -> Decimal | None:
        if key not in data and not required:
            return default
        value = self.required(data, key, where)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem("bad_field", where=where, field=key, expected="angka/number", actual=value)
            return default
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            self.problem("bad_field", where=where, field=key, expected="angka/number", actual=value)
            return default
        if not result.is_finite():
            self.problem("bad_field", where=where, field=key, expected="angka/number", actual=value)
            return default
        return result

    def items(self, data: dict, key: str, where: str) -> list:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.problem("bad_field", where=where, field=key, expected="daftar/list", actual=value)
            return []
        return value

    # --- the whole file ----------------------------------------------------------------------
    def build(self, data: Any) -> Framework | None:
        top = self.mapping(data, "(berkas/file)", TOP_FIELDS)
        if top is None:
            return None
        fmt = top.get("format")
        if fmt not in SUPPORTED_FORMATS:
            self.problem("unsupported_format", actual=fmt, expected=SUPPORTED_FORMATS)
        code = self.text(top, "code", "(berkas/file)")
        version = self.text(top, "version", "(berkas/file)")
        name = self.text(top, "name", "(berkas/file)")
        max_total = self.number(
            top, "max_total", "(berkas/file)", required=False, default=Decimal(100)
        )
        self.build_answer_types(top.get("answer_types"))
        zd = top.get("zero_division")
        if zd is not None:
            self.default_zero = self.zero_rule(zd, "zero_division", self.default_zero)
        unanswered = top.get("unanswered", "zero")
        if unanswered not in UNANSWERED_RULES:
            self.problem(
                "bad_field", where="(berkas/file)", field="unanswered",
                expected="/".join(UNANSWERED_RULES), actual=unanswered,
            )  # fmt: skip
            unanswered = "zero"

        confidence = self.confidence(top.get("confidence"), "(berkas/file)")
        roots = []
        for i, raw in enumerate(self.items(top, "tree", "(berkas/file)")):
            node_code = self.build_node(raw, parent=None, where=f"tree[{i}]")
            if node_code:
                roots.append(node_code)
        if not roots:
            self.problem("missing_field", where="(berkas/file)", field="tree")
        self.check_roles(roots, max_total)
        self.check_formulas()
        areas = self.build_areas(self.items(top, "areas", "(berkas/file)"))
        predicates = self.build_predicates(
            self.items(top, "predicates", "(berkas/file)"), areas, max_total, roots
        )
        if self.problems:
            return None
        return Framework(
            code=code,
            version=version,
            name=name,
            legal_basis=self.text(top, "legal_basis", "(berkas/file)", required=False),
            description=self.text(top, "description", "(berkas/file)", required=False),
            max_total=max_total or Decimal(100),
            nodes=self.nodes,
            roots=tuple(roots),
            questions=self.questions,
            computed=self.computed,
            areas=tuple(areas),
            predicates=tuple(sorted(predicates, key=lambda p: p.rank)),
            source_sha256=self.sha256,
            unanswered=unanswered,
            confidence=confidence,
        )

    def build_answer_types(self, raw: Any) -> None:
        raw = raw or {}
        if not isinstance(raw, dict):
            self.problem("not_a_mapping", where="answer_types")
            return
        for type_name, values in raw.items():
            where = f"answer_types.{type_name}"
            if type_name not in CHOICE_OPTIONS:
                if type_name in ANSWER_TYPES:
                    self.problem("values_not_allowed", where=where, type=type_name)
                else:
                    known = ", ".join(ANSWER_TYPES)
                    self.problem("unknown_answer_type", where=where, type=type_name, known=known)
                continue
            parsed = self.value_map(values, type_name, where)
            if parsed is not None:
                self.type_values[type_name] = parsed
        for type_name in CHOICE_OPTIONS:
            if type_name not in self.type_values:
                self.problem("missing_field", where="answer_types", field=type_name)

    def value_map(self, values: Any, type_name: str, where: str) -> dict[str, Decimal] | None:
        if not isinstance(values, dict):
            self.problem("not_a_mapping", where=where)
            return None
        expected = CHOICE_OPTIONS[type_name]
        actual = tuple(str(k).lower() for k in values)
        if sorted(actual) != sorted(expected):
            self.problem(
                "value_map_mismatch",
                where=where,
                type=type_name,
                expected="/".join(expected),
                actual="/".join(actual) or "-",
            )
            return None
        parsed: dict[str, Decimal] = {}
        for key, value in values.items():
            option = str(key).lower()
            number = self.number({option: value}, option, where)
            if number is None:
                return None
            if not Decimal(0) <= number <= Decimal(1):
                self.problem("value_out_of_range", where=where, option=option, value=number)
                return None
            parsed[option] = number
        ordered = [parsed[o] for o in expected]
        if any(a < b for a, b in itertools.pairwise(ordered)):
            self.problem("value_map_order", where=where, options="/".join(expected))
            return None
        return {o: parsed[o] for o in expected}

    def zero_rule(self, raw: Any, where: str, default: ZeroDivisionRule) -> ZeroDivisionRule:
        """`not_computable` (both cases), or {zero_over_zero: …, nonzero_over_zero: …} where
        each is a value 0–1 or `not_computable`; a case left out keeps the default."""
        if raw == NOT_COMPUTABLE:
            return ZeroDivisionRule(None, None)
        data = self.mapping(raw, where, {"zero_over_zero", "nonzero_over_zero"})
        if data is None:
            return default
        values = []
        for key in ("zero_over_zero", "nonzero_over_zero"):
            if data.get(key) == NOT_COMPUTABLE:
                values.append(None)
                continue
            value = self.number(data, key, where, required=False, default=None)
            if value is not None and not Decimal(0) <= value <= Decimal(1):
                self.problem("value_out_of_range", where=where, option=key, value=value)
            values.append(value if key in data else getattr(default, key))
        return ZeroDivisionRule(*values)

    # --- the tree ----------------------------------------------------------------------------
    def claim_code(self, code: str, where: str) -> bool:
        if code in self.nodes:
            self.problem("duplicate_code", where=where, code=code, other=f"simpul/node {code}")
            return False
        if code in self.computed:
            self.problem("duplicate_code", where=where, code=code, other=f"butir/item {code}")
            return False
        return True

    def build_node(self, raw: Any, parent: str | None, where: str) -> str | None:
        data = self.mapping(raw, where, NODE_FIELDS)
        if data is None:
            return None
        code = self.text(data, "code", where)
        if not code:
            return None
        where = code
        if not self.claim_code(code, where):
            return None
        kind = self.text(data, "kind", where)
        if kind and kind not in NODE_KINDS:
            self.problem("bad_field", where=where, field="kind", expected=NODE_KINDS, actual=kind)
        weight = self.number(data, "weight", where, default=Decimal(0))
        role = data.get("role")
        if role is not None and (role not in ROLES or parent is not None):
            self.problem("bad_field", where=where, field="role", expected=ROLES, actual=role)
        scoring = data.get("scoring", "mean")
        if scoring not in ("mean", "weighted"):
            self.problem(
                "bad_field", where=where, field="scoring", expected="mean/weighted", actual=scoring
            )
        # Reserve the slot now so that children come after their parent (pre-order).
        self.nodes[code] = None  # type: ignore[assignment]
        raw_children = self.items(data, "children", where)
        raw_questions = self.items(data, "questions", where)
        raw_computed = self.items(data, "computed", where)
        if raw_children and (raw_questions or raw_computed):
            self.problem("children_and_items", where=where)

        children = []
        for i, child in enumerate(raw_children):
            child_code = self.build_node(child, parent=code, where=f"{code}.children[{i}]")
            if child_code:
                children.append(child_code)
        questions = []
        for i, q in enumerate(raw_questions):
            no = self.build_question(q, code, scoring, where=f"{code}.questions[{i}]")
            if no:
                questions.append(no)
        computed = []
        for i, c in enumerate(raw_computed):
            item_code = self.build_computed(c, code, where=f"{code}.computed[{i}]")
            if item_code:
                computed.append(item_code)

        node = Node(
            code=code,
            kind=kind,
            name=self.text(data, "name", where),
            weight=weight or Decimal(0),
            parent=parent,
            children=tuple(children),
            questions=tuple(questions),
            computed=tuple(computed),
            scoring=scoring,
            role=role,
            note=self.text(data, "note", where, required=False),
            confidence=self.confidence(data.get("confidence"), where),
        )
        self.nodes[code] = node
        self.check_node_weights(node)
        return code

    def confidence(self, raw: Any, where: str) -> Confidence | None:
        """`confidence: provisional`, or `{level: provisional, note: "…"}`; absent: None."""
        if raw is None:
            return None
        if isinstance(raw, str):
            raw = {"level": raw}
        data = self.mapping(raw, f"{where} / confidence", CONFIDENCE_FIELDS)
        if data is None:
            return None
        level = data.get("level")
        if level not in CONFIDENCE_LEVELS:
            self.problem(
                "bad_field", where=where, field="confidence",
                expected="/".join(CONFIDENCE_LEVELS), actual=level,
            )  # fmt: skip
            return None
        return Confidence(level, self.text(data, "note", f"{where} / confidence", required=False))

    def check_node_weights(self, node: Node) -> None:
        if node.children:
            total = sum((self.nodes[c].weight for c in node.children), Decimal(0))
            if total != node.weight:
                self.problem(
                    "weights_mismatch",
                    where=node.code,
                    what="anak/children",
                    total=total,
                    weight=node.weight,
                )
            return
        scored = [q for q in node.questions if self.questions[q].scored] + list(node.computed)
        if not scored:
            self.problem("empty_node", where=node.code)
            return
        if node.scoring == "weighted":
            if node.computed:
                self.problem("item_weight_missing", where=node.code)
                return
            weights = [self.questions[q].weight for q in scored]
            if any(w is None for w in weights):
                self.problem("item_weight_missing", where=node.code)
                return
            total = sum(weights, Decimal(0))  # type: ignore[arg-type]
            if total != node.weight:
                self.problem(
                    "weights_mismatch",
                    where=node.code,
                    what="butir/items",
                    total=total,
                    weight=node.weight,
                )

    def build_question(self, raw: Any, node_code: str, scoring: str, where: str) -> str | None:
        data = self.mapping(raw, where, QUESTION_FIELDS)
        if data is None:
            return None
        raw_no = self.required(data, "no", where)
        if raw_no is None:
            return None
        no = str(raw_no).strip()
        if not QUESTION_NO.match(no):
            self.problem("bad_field", where=where, field="no", expected="1, 2, … / 113a", actual=no)
            return None
        where = f"{node_code} / {no}"
        if no in self.questions:
            other = self.questions[no].node
            self.problem("duplicate_question", where=where, no=no, other=other)
            return None
        type_name = self.text(data, "type", where)
        if type_name and type_name not in ANSWER_TYPES:
            known = ", ".join(ANSWER_TYPES)
            self.problem("unknown_answer_type", where=where, type=type_name, known=known)
        values = None
        if "values" in data:
            if type_name in CHOICE_OPTIONS:
                values = self.value_map(data["values"], type_name, where)
            else:
                self.problem("values_not_allowed", where=where, type=type_name)
        elif type_name in CHOICE_OPTIONS:
            values = self.type_values.get(type_name)
        weight = self.number(data, "weight", where, required=False)
        if weight is not None and scoring != "weighted":
            self.problem("item_weight_not_allowed", where=where)
        if weight is not None and type_name == "count":
            self.problem("item_weight_not_allowed", where=where)
        criteria: dict[str, str] = {}
        raw_criteria = data.get("criteria") or {}
        if isinstance(raw_criteria, dict):
            for option, text in raw_criteria.items():
                key = str(option).lower()
                if key not in CHOICE_OPTIONS.get(type_name, ()):
                    self.problem(
                        "criteria_unknown_option", where=where, option=option, type=type_name
                    )
                criteria[key] = str(text).strip()
        else:
            self.problem("not_a_mapping", where=f"{where}.criteria")
        guidance = tuple(str(g).strip() for g in self.items(data, "guidance", where))
        excel_row = data.get("excel_row")
        if excel_row is not None and (not isinstance(excel_row, int) or excel_row < 1):
            self.problem(
                "bad_field", where=where, field="excel_row", expected="1, 2, …", actual=excel_row
            )
            excel_row = None
        feed = self.feed(data, type_name, where)
        self.questions[no] = Question(
            no=no,
            text=self.text(data, "text", where),
            type=type_name,
            node=node_code,
            values=values,
            weight=weight,
            criteria=criteria,
            guidance=guidance,
            excel_row=excel_row,
            note=self.text(data, "note", where, required=False),
            feed=feed,
        )
        return no

    def feed(self, data: dict, type_name: str, where: str) -> str | None:
        """The item's feed code, when it has one that exists and matches its answer type."""
        if data.get("feed") is None:
            return None
        feed = str(data["feed"]).strip()
        if feed not in FEED_TYPES:
            self.problem("unknown_feed", where=where, feed=feed, known=", ".join(FEED_TYPES))
            return None
        if type_name in ANSWER_TYPES and FEED_TYPES[feed] != type_name:
            self.problem(
                "feed_type_mismatch", where=where, feed=feed, type=type_name,
                expected=FEED_TYPES[feed],
            )  # fmt: skip
            return None
        return feed

    def build_computed(self, raw: Any, node_code: str, where: str) -> str | None:
        data = self.mapping(raw, where, COMPUTED_FIELDS)
        if data is None:
            return None
        code = self.text(data, "code", where)
        if not code:
            return None
        where = code
        if not self.claim_code(code, where):
            return None
        formula = self.text(data, "formula", where)
        inputs: tuple[str, ...] = ()
        if formula:
            try:
                _, inputs = compile_formula(formula)
            except FormulaError as exc:
                self.problem("bad_formula", where=where, detail=str(exc))
        self._pending_formulas.append((code, formula, inputs))
        zero = self.default_zero
        if data.get("zero_division") is not None:
            zero = self.zero_rule(data["zero_division"], f"{where}.zero_division", zero)
        cap = self.number(data, "cap", where, required=False, default=Decimal(1))
        floor = self.number(data, "floor", where, required=False, default=Decimal(0))
        extra = tuple(str(no).strip() for no in self.items(data, "requires", where))
        self._pending_requires.append((code, extra))
        self.computed[code] = Computed(
            code=code,
            name=self.text(data, "name", where),
            formula=formula,
            inputs=inputs,
            node=node_code,
            cap=cap,
            floor=floor,
            zero_division=zero,
            note=self.text(data, "note", where, required=False),
            requires=inputs + tuple(no for no in extra if no not in inputs),
        )
        return code

    def check_formulas(self) -> None:
        # After the whole tree is read: a formula may name inputs anywhere in the framework.
        for code, formula, inputs in self._pending_formulas:
            for no in inputs:
                question = self.questions.get(no)
                if question is None or question.type != "count":
                    self.problem("formula_unknown_input", where=code, formula=formula, no=no)
        for code, extra in self._pending_requires:
            for no in extra:
                question = self.questions.get(no)
                if question is None or question.type != "count":
                    formula = self.computed[code].formula
                    self.problem("formula_unknown_input", where=code, formula=formula, no=no)

    def check_roles(self, roots: list[str], max_total: Decimal | None) -> None:
        nodes = [self.nodes[r] for r in roots if self.nodes.get(r)]
        roles = sorted(n.role or "-" for n in nodes)
        if roles != ["hasil", "pengungkit"]:
            self.problem("bad_role", found=", ".join(roles) or "-")
        total = sum((n.weight for n in nodes), Decimal(0))
        if max_total is not None and total != max_total:
            self.problem("roots_total_mismatch", total=total, max_total=max_total)

    # --- areas and predicates ------------------------------------------------------------------
    def build_areas(self, raw_areas: list) -> list[Area]:
        areas: list[Area] = []
        owner: dict[str, str] = {}
        for i, raw in enumerate(raw_areas):
            data = self.mapping(raw, f"areas[{i}]", AREA_FIELDS)
            if data is None:
                continue
            code = self.text(data, "code", f"areas[{i}]")
            where = f"area {code}"
            if any(a.code == code for a in areas):
                self.problem("duplicate_code", where=where, code=code, other=f"area {code}")
                continue
            node_codes = tuple(str(n) for n in self.items(data, "nodes", where))
            if not node_codes:
                self.problem("missing_field", where=where, field="nodes")
            weight = Decimal(0)
            for n in node_codes:
                if n not in self.nodes:
                    self.problem("unknown_ref", where=where, kind="simpul/node", ref=n)
                    continue
                if n in owner:
                    self.problem("area_overlap", where=where, node=n, other=owner[n])
                owner[n] = code
                weight += self.nodes[n].weight
            areas.append(Area(code, self.text(data, "name", where), node_codes, weight))
        return areas

    def build_predicates(
        self, raw_predicates: list, areas: list[Area], max_total: Decimal | None, roots: list[str]
    ) -> list[Predicate]:
        predicates: list[Predicate] = []
        for i, raw in enumerate(raw_predicates):
            data = self.mapping(raw, f"predicates[{i}]", PREDICATE_FIELDS)
            if data is None:
                continue
            code = self.text(data, "code", f"predicates[{i}]")
            where = f"predikat/predicate {code}"
            rank = data.get("rank")
            if not isinstance(rank, int) or isinstance(rank, bool):
                self.problem(
                    "bad_field", where=where, field="rank", expected="1, 2, …", actual=rank
                )
                rank = 0
            conditions = []
            for j, raw_condition in enumerate(self.items(data, "conditions", where)):
                condition = self.build_condition(
                    raw_condition, f"{where} / syarat {j + 1}", areas, max_total, roots
                )
                if condition:
                    conditions.append(condition)
            predicates.append(
                Predicate(
                    code=code,
                    name=self.text(data, "name", where),
                    rank=rank,
                    conditions=tuple(conditions),
                    requires=data.get("requires"),
                    note=self.text(data, "note", where, required=False),
                )
            )
        codes = [p.code for p in predicates]
        for p in predicates:
            if codes.count(p.code) > 1:
                self.problem(
                    "duplicate_code", where=f"predikat {p.code}", code=p.code, other="predikat"
                )
            if p.requires is not None and p.requires not in codes:
                self.problem(
                    "unknown_ref", where=f"predikat {p.code}", kind="predikat", ref=p.requires
                )
        ranks = [p.rank for p in predicates]
        if len(set(ranks)) != len(ranks):
            self.problem("predicate_rank", where="predicates")
        return predicates

    def build_condition(
        self,
        raw: Any,
        where: str,
        areas: list[Area],
        max_total: Decimal | None,
        roots: list[str],
    ) -> Condition | None:
        data = self.mapping(raw, where, CONDITION_FIELDS)
        if data is None:
            return None
        of = self.text(data, "of", where)
        if of not in CONDITION_KINDS:
            known = ", ".join(CONDITION_KINDS)
            self.problem("unknown_condition", where=where, of=of, known=known)
            return None
        ref = data.get("ref")
        ref = str(ref) if ref is not None else None
        minimum = self.number(data, "min", where, required=False)
        share = self.number(data, "min_share", where, required=False)
        if (minimum is None) == (share is None) or (of == "each_area" and share is None):
            self.problem("min_and_share", where=where)
            return None

        label = self.text(data, "label", where, required=False)
        maximum: Decimal | None = None
        role_nodes = {self.nodes[r].role: self.nodes[r] for r in roots if self.nodes.get(r)}
        if of == "total":
            maximum = max_total
            label = label or "Total (pengungkit + hasil)"
        elif of in ("pengungkit", "hasil"):
            node = role_nodes.get(of)
            maximum = node.weight if node else None
            label = label or of.capitalize()
        elif of == "each_area":
            if not areas:
                self.problem("missing_field", where=where, field="areas")
            label = label or "Setiap area"
        elif of == "node":
            node = self.nodes.get(ref or "")
            if node is None:
                self.problem("unknown_ref", where=where, kind="simpul/node", ref=ref)
                return None
            maximum, label = node.weight, label or node.name
        elif of == "area":
            area = next((a for a in areas if a.code == ref), None)
            if area is None:
                self.problem("unknown_ref", where=where, kind="area", ref=ref)
                return None
            maximum, label = area.weight, label or area.name
        elif of == "item":
            question = self.questions.get(ref or "")
            if question is None:
                self.problem("unknown_ref", where=where, kind="pertanyaan/question", ref=ref)
                return None
            if question.weight is None:
                self.problem("item_not_weighted", where=where, ref=ref)
                return None
            maximum, label = question.weight, label or question.text

        if share is not None:
            minimum_checked, maximum = share, Decimal(1)
        else:
            minimum_checked = minimum
        assert minimum_checked is not None
        if minimum_checked < 0:
            self.problem("threshold_negative", where=where, min=minimum_checked)
        if maximum is not None and minimum_checked > maximum:
            self.problem("threshold_exceeds_max", where=where, min=minimum_checked, max=maximum)
        code = self.text(data, "code", where, required=False) or (f"{of}:{ref}" if ref else of)
        return Condition(
            code=code,
            of=of,
            label=label,
            ref=ref,
            min=minimum,
            min_share=share,
            note=self.text(data, "note", where, required=False),
        )
