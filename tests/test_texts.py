"""The text catalog: every key a module uses is registered in both languages, every
registered key is used, and a refusal renders without the command line loaded."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from enum import Enum
from pathlib import Path

from models.i18n import _CATALOG, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    p
    for p in ("models", "documents", "notifications", "flows", "cli", "web")
    if (ROOT / p).is_dir()
]
# Calls whose first argument is a catalog key, and the prefix it gets.
KEY_CALLS = {
    "t": "",
    "Term": "",
    "TrackerError": "error.",
    "not_found": "what.",
    "DocumentRefused": "error.extract.",
}


def _sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]


def _load_everything() -> None:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations" not in info.name and not info.name.endswith("__main__"):
                importlib.import_module(info.name)


def _template_literals() -> set[str]:
    """Quoted strings in the web templates (``{{ _("nav.home") }}``; a key built there,
    ``_("web.role." ~ role)``, leaves its prefix, which ``_dynamic_prefixes`` takes)."""
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for quote in ('"', "'"):
                found |= set(re.findall(f"{quote}([^{quote}\\n]+){quote}", text))
                # A call inside an attribute value (``value="{{ _("key") }}"``) pairs its
                # quotes with the attribute's above: read the calls themselves too.
                found |= set(re.findall(f"_\\(\\s*{quote}([^{quote}\\n]+){quote}", text))
    return found


def _dynamic_prefixes() -> set[str]:
    """Prefixes of keys built at run time: ``f"notify.role.{role}"`` -> ``notify.role.``;
    in templates, a literal ending in a dot; a family (``f"tl.{kind}.{state}"``) ends
    without one (``tl.`` + ``*``), so any key under it counts."""
    prefixes = {p for p in _template_literals() if p.endswith(".") and " " not in p}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and "." in str(head.value):
                    holes = sum(isinstance(v, ast.FormattedValue) for v in node.values)
                    prefixes.add(str(head.value) + ("*" if holes > 1 else ""))
            # TrackerError(f"text_{key}") builds "error.text_..." keys.
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.JoinedStr):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                parts = node.args[0].values
                if name in KEY_CALLS and parts and isinstance(parts[0], ast.Constant):
                    prefixes.add(KEY_CALLS[name] + str(parts[0].value))
    return prefixes


def _literals_and_keys() -> tuple[set[str], set[str]]:
    literals: set[str] = set()
    keys: set[str] = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The keys of the catalog's own entries are not uses of them.
        registered = {
            id(key)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "register"
            for entries in node.args
            if isinstance(entries, ast.Dict)
            for key in entries.keys
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in registered
            ):
                literals.add(node.value)
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                first = node.args[0]
                if (
                    name in KEY_CALLS
                    and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                ):
                    keys.add(KEY_CALLS[name] + first.value)
    return literals, keys


def _enum_labels() -> set[str]:
    labels = set()
    for key in _CATALOG:
        owner, _, value = key.partition(".")
        ours = [m for n, m in sys.modules.items() if n.partition(".")[0] in PACKAGES]
        for module in ours:
            cls = getattr(module, owner, None)
            if isinstance(cls, type) and issubclass(cls, Enum):
                if value in {m.value for m in cls}:
                    labels.add(key)
                break
    return labels


def test_every_registered_text_exists_in_both_languages() -> None:
    _load_everything()
    missing = [
        (key, lang) for key, texts in _CATALOG.items() for lang in LANGUAGES if not texts.get(lang)
    ]
    assert missing == []


def test_every_key_used_is_registered() -> None:
    _load_everything()
    _, keys = _literals_and_keys()
    assert sorted(k for k in keys if k not in _CATALOG) == []


def test_every_registered_key_is_used() -> None:
    """A key counts as used when it is written in the code, built from a prefix
    (``f"col.{name}"``, ``TrackerError("code")``...) and a part written in the code, or
    is the label of an enum member."""
    _load_everything()
    literals, keys = _literals_and_keys()
    literals |= _template_literals()
    labels = _enum_labels()
    prefixes = tuple(_dynamic_prefixes())

    def built(key: str) -> bool:
        """From a dynamic prefix and a part written in the code (``f"col.{name}"``), or a
        numbered family (``f"period.q{n}"``)."""
        for prefix in prefixes:
            if prefix.endswith("*") and key.startswith(prefix[:-1]):
                return True
            rest = key[len(prefix) :]
            if not key.startswith(prefix):
                continue
            if not prefix.endswith(".") or rest in literals:
                return True
            if any(literal.endswith(f".{rest}") for literal in literals):
                return True
        return False

    unused = [
        key
        for key in _CATALOG
        if key not in keys and key not in literals and key not in labels and not built(key)
    ]
    assert unused == []


def test_a_refusal_renders_without_the_command_line() -> None:
    probe = (
        "import sys\n"
        "from models.errors import not_found\n"
        "from models.periods import parse_period\n"
        "print(not_found('task', 5).render('en'))\n"
        "try:\n"
        "    parse_period('2024-13')\n"
        "except Exception as error:\n"
        "    print(error.render('vi'))\n"
        "print(any(m == 'cli' or m.startswith('cli.') for m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT
    )
    assert out.stdout.splitlines() == [
        "No task «5» found.",
        "Kỳ «2024-13» không hợp lệ: dùng 2024, 2024-H1, 2024-Q1 hoặc 2024-03.",
        "False",
    ]
