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


def main() -> int:
    patterns = package_patterns()
    findings = review()
    print(f"ReDoS review (regexploit): {len(patterns)} patterns checked")
    for f in findings:
        print(f"  starriness {f.starriness}: {f.where}: {f.detail}")
    print(f"  {len(findings)} finding(s)" if findings else "  no finding")
    return 1 if any(f.starriness > 2 for f in findings) else 0


if __name__ == "__main__":
    raise SystemExit(main())
