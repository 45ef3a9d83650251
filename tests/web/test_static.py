"""The vendored htmx is the file its record says it is, and the pages load it locally."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.web.browser_kit import AXE_SHA256

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


def test_vendored_htmx_matches_its_recorded_version_and_hash() -> None:
    record = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    row = re.search(r"\| `htmx.min.js` \|.*\| ([0-9.]+) \| `([0-9a-f]{64})` \|", record)
    assert row is not None
    data = (STATIC / "htmx.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == row[2]
    assert f'version:"{row[1]}"' in data.decode()
    assert "Zero-Clause BSD" in (STATIC / "htmx.LICENSE").read_text(encoding="utf-8")


def test_pages_use_no_cdn() -> None:
    templates = Path(__file__).resolve().parents[2] / "web" / "templates"
    for page in templates.glob("*.html"):
        assert not re.search(r"(src|href)=\"https?://", page.read_text(encoding="utf-8")), page


def test_vendored_axe_matches_its_recorded_version_and_hash() -> None:
    vendor = Path(__file__).parent / "vendor"
    record = (vendor / "VENDORED.md").read_text(encoding="utf-8")
    row = re.search(r"\| `axe.min.js` \|.*\| ([0-9.]+) \| `([0-9a-f]{64})` \|", record)
    assert row is not None
    data = (vendor / "axe.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == row[2] == AXE_SHA256
    assert f"axe v{row[1]}" in data.decode()[:200]
    assert "Mozilla Public License" in (vendor / "axe.LICENSE").read_text(encoding="utf-8")
