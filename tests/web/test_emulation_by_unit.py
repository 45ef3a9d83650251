"""Past a few hundred people (``models.emulation.people_choice``; lowered to 3 here so the
demo committee counts as large), the emulation page lists every unit with its head
count and one chosen unit's people, with the same figures as the full list; the print
view (``?everyone=1``) and the spreadsheet keep everyone; a unit outside the leader's
subtree shows nobody. Both backends; the demo committee on 15/07/2024."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

import models.emulation
from tests.web.conftest import Web

PERSON = re.compile(
    r'<tr><td>(\d+)\. [^<]* <small class="muted">([^ ]+) · [^<]*</small></td>(.*?)</tr>'
)
HEADCOUNT = re.compile(r'<td class="num" data-label="Số người">(\d+)</td>')


def _people(html: str) -> dict[str, tuple[int, str]]:
    """Each listed person's code: their rank and their figures' cells."""
    return {code: (int(rank), cells) for rank, code, cells in PERSON.findall(html)}


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.emulation, "PEOPLE_SHOWN", 3)


def test_a_large_committee_lists_units_then_one_units_people(web: Web, large: None) -> None:
    client = web.sign_in("long.lh")
    everyone = _people(client.get("/emulation?year=2024&everyone=1").text)
    assert len(everyone) >= 2
    page = client.get("/emulation?year=2024").text
    assert _people(page) == {}  # nobody's year counted until a unit is chosen
    heads = [int(n) for n in HEADCOUNT.findall(page)]
    total = sum(heads)
    assert f"Các đơn vị dưới đây có {total} người" in page and total >= len(everyone)
    assert 'href="/emulation?year=2024&amp;everyone=1"' in page
    links = re.findall(r'href="/emulation\?year=2024&amp;unit=([^"#]+)#emu-people"', page)
    assert len(links) == sum(1 for n in heads if n)  # every unit with people, once
    seen: dict[str, tuple[int, str]] = {}
    for code in links:
        shown = client.get(f"/emulation?year=2024&unit={code}").text
        assert 'id="emu-unit-people"' in shown and 'aria-current="true"' in shown
        people = _people(shown)
        assert sorted(rank for rank, _ in people.values()) == list(range(1, len(people) + 1))
        for person, (_, cells) in people.items():
            assert cells == everyone[person][1]  # the same figures as the full list
        assert not seen.keys() & people.keys()  # each person under one unit
        seen.update(people)
    assert seen.keys() == everyone.keys()  # everyone who led a task, under their unit


def test_the_spreadsheet_keeps_everyone_and_other_subtrees_stay_hidden(
    web: Web, large: None
) -> None:
    secretary = web.sign_in("long.lh")
    everyone = _people(secretary.get("/emulation?year=2024&everyone=1").text)
    book = load_workbook(BytesIO(secretary.get("/emulation.xlsx?year=2024").content))
    rows = list(book["Cá nhân"].iter_rows(values_only=True))
    assert set(everyone) <= {cell for row in rows for cell in row}
    branch = web.sign_in("mai.dt")  # manages CB02 only
    assert _people(branch.get("/emulation?year=2024&unit=DU-SHTT").text) == {}
    assert "DU-SHTT" not in branch.get("/emulation?year=2024").text


def test_a_frozen_year_lists_the_chosen_units_people(web: Web, large: None) -> None:
    client = web.sign_in("long.lh")
    everyone = _people(client.get("/emulation?year=2023&everyone=1").text)
    page = client.get("/emulation?year=2023").text
    assert "chốt" in page.lower() or "frozen" in page.lower()
    links = re.findall(r'href="/emulation\?year=2023&amp;unit=([^"#]+)#emu-people"', page)
    seen: dict[str, tuple[int, str]] = {}
    for code in links:
        people = _people(client.get(f"/emulation?year=2023&unit={code}").text)
        for person, (_, cells) in people.items():
            assert cells == everyone[person][1]
        seen.update(people)
    assert seen.keys() == everyone.keys()


def test_a_small_committee_keeps_everyone_ranked(web: Web) -> None:
    client = web.sign_in("long.lh")
    page = client.get("/emulation?year=2024").text
    assert _people(page) and "Số người" not in page
    one = client.get("/emulation?year=2024&unit=DU-SHTT").text  # a unit asked: its people
    assert 0 < len(_people(one)) < len(_people(page))
