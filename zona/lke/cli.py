"""`zona` on the command line: score an answers file, validate a framework file. No server.

    zona score answers.json [--format table|json] [--lang id|en] [--gap WBK]
    zona validate my-framework.yaml
    zona frameworks

A bad file gets one line on stderr naming the key and the problem, and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .display import format_number, format_percent
from .errors import AnswerError, FrameworkError
from .gap import gap_analysis
from .loader import load_framework_file
from .model import Framework
from .registry import builtin_framework, builtin_frameworks, canonical_code
from .scoring import ConditionResult, Result, score
from .serialize import gap_to_dict, result_to_dict

EXIT_BAD_INPUT = 2

LABELS = {
    "id": {
        "framework": "Kerangka",
        "total": "Nilai total",
        "pengungkit": "Pengungkit",
        "hasil": "Hasil",
        "predicate": "Predikat",
        "none": "Belum memenuhi predikat",
        "area": "Area",
        "weight": "Bobot",
        "value": "Nilai",
        "share": "% bobot",
        "conditions": "Syarat",
        "required": "Syarat",
        "actual": "Capaian",
        "shortfall": "Kekurangan",
        "met": "terpenuhi",
        "unmet": "belum",
        "unanswered": "Belum dijawab",
        "provisional": "sementara, {n} belum dijawab",
        "weights_provisional": "Bobot sementara (belum dikonfirmasi sumber resmi)",
        "whole_file": "seluruh kerangka",
        "missing_input": "belum dapat dihitung: masukan belum diisi",
        "zero_denominator": "belum dapat dihitung: pembagi 0",
        "gap": "Di mana upaya paling berdampak menuju",
        "item": "Butir",
        "step": "+1 tingkat",
        "top": "ke puncak",
        "helps": "membantu syarat",
        "raise": "naikkan ke 100 %",
        "nothing": "Tidak ada butir yang dapat meningkatkan nilai.",
        "unreachable": "Tidak dapat dipenuhi lewat jawaban",
        "cannot_read": "tidak dapat membaca {path}: {detail}",
        "bad_json": "{path} bukan JSON yang sah: {detail}",
        "field": "{path}: kolom '{field}' wajib ada dan harus berupa {expected}",
        "valid": "{path}: sah — {key}, {n} pertanyaan",
        "invalid": "{path}: ditolak, {n} masalah:",
        "alias": "zona: kode '{alias}' sudah usang; gunakan '{code}' (PermenPANRB 52/2014)",
    },
    "en": {
        "framework": "Framework",
        "total": "Total",
        "pengungkit": "Pengungkit",
        "hasil": "Hasil",
        "predicate": "Predicate",
        "none": "No predicate",
        "area": "Area",
        "weight": "Weight",
        "value": "Value",
        "share": "% of weight",
        "conditions": "Conditions",
        "required": "Required",
        "actual": "Actual",
        "shortfall": "Shortfall",
        "met": "met",
        "unmet": "not met",
        "unanswered": "Unanswered",
        "provisional": "provisional, {n} unanswered",
        "weights_provisional": "Provisional weights (not confirmed by an official source)",
        "whole_file": "the whole framework",
        "missing_input": "not computable yet: an input is missing",
        "zero_denominator": "not computable yet: the denominator is 0",
        "gap": "Where effort pays, toward",
        "item": "Item",
        "step": "+1 step",
        "top": "to the top",
        "helps": "helps",
        "raise": "raise to 100 %",
        "nothing": "No item can raise the score.",
        "unreachable": "Cannot be met through answers",
        "cannot_read": "cannot read {path}: {detail}",
        "bad_json": "{path} is not valid JSON: {detail}",
        "field": "{path}: the field '{field}' is required and must be {expected}",
        "valid": "{path}: valid — {key}, {n} questions",
        "invalid": "{path}: refused, {n} problem(s):",
        "alias": "zona: the code '{alias}' is deprecated; use '{code}' (PermenPANRB 52/2014)",
    },
}


class BadInput(Exception):
    pass


def _read_answers_file(path: Path, t: dict[str, str]) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(t["cannot_read"].format(path=path, detail=exc)) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise BadInput(t["bad_json"].format(path=path, detail=exc)) from None
    if not isinstance(data, dict):
        raise BadInput(t["field"].format(path=path, field="answers", expected="object"))
    if not isinstance(data.get("answers"), dict):
        raise BadInput(t["field"].format(path=path, field="answers", expected="object"))
    return data


def _fmt_condition_value(c: ConditionResult, value: Any, lang: str) -> str:
    if c.kind == "share":
        return format_percent(value, lang)
    if c.kind == "predicate":
        return str(value or "–")
    return format_number(value, lang)


def _weight_marks(framework, t: dict[str, str]) -> list[str]:
    marks = framework.provisional_marks
    if not marks:
        return []
    out = [f"{t['weights_provisional']}:"]
    for w in marks:
        where = f"{w.node} {w.name}" if w.node else t["whole_file"]
        out.append(f"  - {where}" + (f": {w.note}" if w.note else ""))
    return out


def render_table(result: Result, lang: str) -> str:
    t = LABELS[lang]
    fw = result.framework
    reason = result.total_not_computable
    provisional = (
        f"  ({t['provisional'].format(n=result.provisional)})" if result.provisional else ""
    )
    out = [
        f"{t['framework']}: {fw.name} ({fw.key})",
        f"{t['total']}: {format_number(result.total_or_none, lang)}   "
        f"{t['pengungkit']}: {format_number(result.pengungkit_or_none, lang)}   "
        f"{t['hasil']}: {format_number(result.hasil_or_none, lang)}{provisional}",
        *([f"  {t[reason]}"] if reason else []),
        f"{t['predicate']}: {result.predicate.name if result.predicate else t['none']}",
        *_weight_marks(fw, t),
        "",
        f"{t['area']:<48} {t['weight']:>7} {t['value']:>7} {t['share']:>10}",
    ]
    for a in result.areas:
        out.append(
            f"{a.name[:48]:<48} {format_number(a.weight, lang):>7} "
            f"{format_number(a.value_or_none, lang):>7} "
            f"{format_percent(a.share_or_none, lang):>10}"
        )
    for pred in fw.predicates:
        status = t["met"] if result.met[pred.code] else t["unmet"]
        out += ["", f"{t['conditions']} {pred.name}: {status}"]
        for c in result.conditions_of(pred.code):
            mark = "✓" if c.met else "✗"
            shortfall = (
                "" if c.met else f"  {t['shortfall']} {_fmt_condition_value(c, c.shortfall, lang)}"
            )
            out.append(
                f"  {mark} {c.label[:56]:<56} {t['required']} "
                f"{_fmt_condition_value(c, c.required, lang):>9}  {t['actual']} "
                f"{_fmt_condition_value(c, c.actual, lang):>9}{shortfall}"
            )
    if result.unanswered:
        out += ["", f"{t['unanswered']} ({len(result.unanswered)}): {', '.join(result.unanswered)}"]
    return "\n".join(out)


def render_gap_table(report, lang: str, limit: int = 15) -> str:
    t = LABELS[lang]
    out = ["", f"{t['gap']} {report.target.name}:"]
    for c in report.unreachable:
        out.append(f"  {t['unreachable']}: {c.label}")
    if not report.items:
        out.append(f"  {t['nothing']}")
    for i in report.items[:limit]:
        top = i.top
        answer = t["raise"] if i.kind == "computed" else str(top.answer).upper()
        helps = ", ".join(top.condition_gains)
        helps = f"  ({t['helps']}: {helps})" if helps else ""
        step = f"{t['step']} +{format_number(i.step.total_gain, lang)}; " if i.step else ""
        out.append(
            f"  {i.key:>10} {i.label[:60]:<60} {step}{t['top']} ({answer}) "
            f"+{format_number(top.total_gain, lang)}{helps}"
        )
    return "\n".join(out)


def _framework_for(
    data: dict[str, Any], framework_file: str | None, path: Path, t: dict[str, str]
) -> Framework:
    if framework_file:
        return load_framework_file(framework_file)
    code = data.get("framework")
    if not isinstance(code, str) or not code:
        raise BadInput(t["field"].format(path=path, field="framework", expected='"lke-2021"'))
    current, alias = canonical_code(code)
    if alias:  # on stderr: the JSON on stdout stays what a script reads
        print(t["alias"].format(alias=alias, code=current), file=sys.stderr)
    return builtin_framework(current)


def cmd_score(args: argparse.Namespace) -> int:
    t = LABELS[args.lang]
    path = Path(args.file)
    data = _read_answers_file(path, t)
    framework = _framework_for(data, args.framework_file, path, t)
    result = score(framework, data["answers"], data.get("previous_predicate"))
    report = (
        gap_analysis(framework, data["answers"], args.gap, result.previous_predicate)
        if (args.gap)
        else None
    )
    if args.format == "json":
        payload = result_to_dict(result)
        if report is not None:
            payload["gap"] = gap_to_dict(report)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(render_table(result, args.lang))
        if report is not None:
            print(render_gap_table(report, args.lang))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    t = LABELS[args.lang]
    try:
        framework = load_framework_file(args.file)
    except OSError as exc:
        raise BadInput(t["cannot_read"].format(path=args.file, detail=exc)) from None
    except FrameworkError as exc:
        print(t["invalid"].format(path=args.file, n=len(exc.problems)), file=sys.stderr)
        for message in exc.messages(args.lang):
            print(f"  - {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(t["valid"].format(path=args.file, key=framework.key, n=len(framework.questions)))
    for line in _weight_marks(framework, t):
        print(line)
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    for fw in builtin_frameworks().values():
        print(f"{fw.code}\t{fw.version}\t{len(fw.questions)}\t{fw.name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zona", description="Zona LKE tools")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="language (id)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score", help="score an answers file (JSON)")
    p.add_argument("file")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--gap", metavar="PREDICATE", help="add a gap analysis toward WBK or WBBM")
    p.add_argument("--framework-file", help="score against this framework file instead")
    p.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_score)
    v = sub.add_parser("validate", help="validate a framework file (YAML)")
    v.add_argument("file")
    v.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS)
    v.set_defaults(func=cmd_validate)
    f = sub.add_parser("frameworks", help="list the shipped frameworks")
    f.set_defaults(func=cmd_frameworks)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BadInput as exc:
        print(f"zona: {exc}", file=sys.stderr)
    except AnswerError as exc:
        print(f"zona: {exc.message(args.lang)}", file=sys.stderr)
    except FrameworkError as exc:
        print(f"zona: {' ; '.join(exc.messages(args.lang))}", file=sys.stderr)
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
