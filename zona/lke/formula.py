"""Formulas of computed items: a tiny, safe arithmetic language over count inputs.

A formula such as ``(q102 - q103) / q102`` names inputs by question number with a ``q`` prefix
and may use numbers, ``+ - * /``, parentheses, ``min(…)`` and ``max(…)``. It is parsed once when
a framework loads (Python's own parser, then a whitelist of node types) and compiled into a
closure, so evaluating it costs a few function calls and no parsing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from decimal import Decimal

INPUT_NAME = re.compile(r"^q([0-9]+[a-z]?)$")

Evaluator = Callable[[Mapping[str, Decimal]], Decimal]


class FormulaError(ValueError):
    """The formula text is not valid in the formula language."""


class DivisionByZero(ArithmeticError):
    """Raised while evaluating; the framework's zero-division rule decides the value."""

    def __init__(self, numerator_is_zero: bool):
        super().__init__("division by zero")
        self.numerator_is_zero = numerator_is_zero


def compile_formula(text: str) -> tuple[Evaluator, tuple[str, ...]]:
    """Return (evaluate, input question numbers in order of first appearance)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"cannot parse formula {text!r}: {exc.msg}") from None
    inputs: list[str] = []
    fn = _compile(tree.body, inputs, text)
    return fn, tuple(inputs)


def _compile(node: ast.AST, inputs: list[str], text: str) -> Evaluator:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        const = Decimal(str(node.value))
        return lambda env: const
    if isinstance(node, ast.Name):
        match = INPUT_NAME.match(node.id)
        if not match:
            raise FormulaError(
                f"unknown name {node.id!r} in formula {text!r}: inputs are written q<number>"
            )
        no = match.group(1)
        if no not in inputs:
            inputs.append(no)
        return lambda env: env[no]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _compile(node.operand, inputs, text)
        return lambda env: -operand(env)
    if isinstance(node, ast.BinOp):
        left = _compile(node.left, inputs, text)
        right = _compile(node.right, inputs, text)
        if isinstance(node.op, ast.Add):
            return lambda env: left(env) + right(env)
        if isinstance(node.op, ast.Sub):
            return lambda env: left(env) - right(env)
        if isinstance(node.op, ast.Mult):
            return lambda env: left(env) * right(env)
        if isinstance(node.op, ast.Div):
            return _divide(left, right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("min", "max")
        and node.args
        and not node.keywords
    ):
        args = [_compile(a, inputs, text) for a in node.args]
        pick = min if node.func.id == "min" else max
        return lambda env: pick(a(env) for a in args)
    raise FormulaError(
        f"formula {text!r} uses something the formula language does not allow "
        f"({type(node).__name__}); allowed: numbers, q<number>, + - * /, (), min(), max()"
    )


def _divide(left: Evaluator, right: Evaluator) -> Evaluator:
    def divide(env: Mapping[str, Decimal]) -> Decimal:
        numerator = left(env)
        denominator = right(env)
        if not denominator:
            raise DivisionByZero(numerator_is_zero=not numerator)
        return numerator / denominator

    return divide
