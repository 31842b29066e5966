"""The rule names a problem can carry are documented, in layers/README.md, exactly as geo.validate lists them."""

import re
from pathlib import Path

from geo.validate import RULES

README = Path(__file__).resolve().parent.parent / "layers" / "README.md"
GEO = Path(__file__).resolve().parent.parent / "geo"


def test_the_readme_lists_every_rule():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("| rule | meaning |"):text.index("**Limits.**")]
    table = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+) \|$", section, re.M))
    assert table == dict(RULES)


def test_every_rule_the_code_reports_is_listed():
    used: set[str] = set()
    for path in GEO.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'Problem\([^()]*?, *"([a-z][a-z0-9-]*)"', text))  # Problem(file, feature, "rule", ...)
        used |= set(re.findall(r'(?:return|append|yield|report)\(?\[?\(?"([a-z][a-z0-9-]*)", f?"', text))
        used |= set(re.findall(r'FileRefused\("([a-z][a-z0-9-]*)"', text))
    assert used and used <= set(RULES), sorted(used - set(RULES))
