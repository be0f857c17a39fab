"""ReDoS review: every regular expression in the package, checked with regexploit.

regexploit finds sub-patterns where a repetition can match the same characters
in several ways (its "starriness": 2 means quadratic, 3+ cubic or worse on a
crafted string). We check every compiled pattern found in ``cleaner``'s
modules, every rule alone (wrapped as the registry wraps it), and the two
combined alternations. Run: ``python -m benchmarks.redos``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass

import cleaner
from cleaner.rules import ALL_LINE_RULES, ALL_SPAN_RULES, RuleSet


@dataclass(frozen=True)
class Finding:
    where: str
    starriness: int
    detail: str


def package_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern held at module level in ``cleaner`` and the rule registry."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern and isinstance(value.pattern, str):
                found.append((f"{info.name}.{name}", value))
    flags = re.IGNORECASE | re.MULTILINE
    for rule in ALL_LINE_RULES:
        wrapped = rf"^[^\S\n]*(?:{rule.pattern})[^\S\n]*$"
        found.append((f"line rule {rule.name}", re.compile(wrapped, flags)))
    for rule in ALL_SPAN_RULES:
        found.append((f"span rule {rule.name}", re.compile(rule.pattern, flags)))
    rules = RuleSet(frozenset(cleaner.Category))
    for attr in ("_line_re", "_span_re"):
        pattern = getattr(rules, attr, None)
        if isinstance(pattern, re.Pattern):
            found.append((f"RuleSet.{attr} (all rules joined)", pattern))
    gate = rules._gate
    if gate is not None and gate.starts is not None:
        found.append(("RuleSet line-start lookahead (rules' first characters)", gate.starts))
    return found


def review(min_starriness: int = 2) -> list[Finding]:
    """Run regexploit over every pattern; return what it flags at ``min_starriness`` or more."""
    from regexploit.ast.sre import SreOpParser
    from regexploit.redos import find

    findings = []
    for where, pattern in package_patterns():
        try:
            parsed = SreOpParser().parse_sre(pattern.pattern, pattern.flags)
        except Exception as error:  # regexploit cannot read it: say so, time it instead
            findings.append(Finding(where, -1, f"regexploit could not parse: {error}"))
            continue
        for redos in find(parsed):
            if redos.starriness >= min_starriness:
                detail = (
                    f"{redos.example_prefix!r} + {redos.killer!r}*n ({redos.repeated_character})"
                )
                findings.append(Finding(where, redos.starriness, detail))
    return findings


def timing_review(size: int, max_ratio: float) -> list[tuple[str, str, float, float]]:
    """Time every pattern's ``finditer`` on each hostile input at ``size`` and 4x ``size``.

    regexploit reasons about backtracking inside one match attempt; a search
    also restarts at every position, which can make a pattern quadratic on a
    long line without any nested quantifier. Timing catches both. Returns the
    (pattern, input, seconds at 4n, ratio) of every pair whose ratio exceeds
    ``max_ratio`` while taking long enough to measure.
    """
    import time

    from . import adversarial

    inputs = {name: (build(size), build(4 * size)) for name, build in adversarial.CASES.items()}
    slow = []
    worst = ("", "", 0.0, 0.0)
    for where, pattern in package_patterns():
        for name, (small, large) in inputs.items():
            times = []
            for text in (small, large):
                start = time.process_time()
                for _ in pattern.finditer(text):
                    pass
                times.append(time.process_time() - start)
            if times[1] < MEASURABLE_SECONDS:
                continue
            ratio = times[1] / max(times[0], 1e-9)
            if ratio > worst[3]:
                worst = (where, name, times[1], ratio)
            if ratio > max_ratio:
                slow.append((where, name, times[1], ratio))
    print(
        f"  worst measurable ratio: {worst[3]:.2f} ({worst[0]} on {worst[1]!r}, {worst[2]:.3f} s)"
    )
    return slow


MEASURABLE_SECONDS = 0.02  # below this, CPU-time ratios are noise


def main(timing_size: int = 20_000, max_ratio: float = 6.0) -> int:
    patterns = package_patterns()
    findings = review()
    print(f"ReDoS review (regexploit): {len(patterns)} patterns checked")
    for f in findings:
        print(f"  starriness {f.starriness}: {f.where}: {f.detail}")
    print(f"  {len(findings)} finding(s)" if findings else "  no finding")
    sizes = f"{timing_size} vs {4 * timing_size} chars"
    print(f"timing review: every pattern x every hostile input, {sizes}")
    slow = timing_review(timing_size, max_ratio)
    for where, name, seconds, ratio in slow:
        print(f"  SUPERLINEAR: {where} on {name!r}: ratio {ratio:.1f} ({seconds:.3f} s at 4n)")
    print(f"  {len(slow)} pattern/input pair(s) above ratio {max_ratio}")
    return 1 if slow or any(f.starriness > 2 for f in findings) else 0


if __name__ == "__main__":
    raise SystemExit(main())
