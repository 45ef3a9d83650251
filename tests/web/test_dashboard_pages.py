"""The leaders' pages through the application: who may open them, over which units, what
a count links to, the picker's refusals, and the files they export."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.web.conftest import TODAY, Web

COUNT = re.compile(r'data-unit="([^"]+)" data-status="([^"]+)" href="([^"]+)"[^>]*>(\d+)</a>')


def _counts(html: str) -> dict[tuple[str, str], tuple[int, str]]:
    return {
        (unit, status): (int(n), href.replace("&amp;", "&"))
        for unit, status, href, n in COUNT.findall(html)
    }


def test_members_are_refused_and_leaders_see_their_subtree(web: Web) -> None:
    member = web.sign_in("bay.nv")  # on the committee, manages no unit
    for path in ("/dashboard", "/dashboard.xlsx", "/dashboard/trend.svg", "/emulation"):
        assert member.get(path).status_code == 404, path
    assert 'id="nav-dashboard"' not in member.get("/").text
    branch = web.sign_in("mai.dt")  # manages CB02 only
    page = branch.get("/dashboard?period=2024-Q2")
    assert page.status_code == 200
    assert 'id="nav-dashboard"' in page.text
    assert {unit for unit, _ in _counts(page.text)} == {"CB02"}
    secretary = web.sign_in("long.lh")  # manages the committee: every unit below it
    units = {unit for unit, _ in _counts(secretary.get("/dashboard?period=2024-Q2").text)}
    assert units == {"DU-SHTT", "VP-DU", "UBKT"} | {f"CB0{i}" for i in range(1, 10)}
    admin = web.sign_in("chuong.pg")  # everything, from the top unit
    assert "DU-BKHCN" in {u for u, _ in _counts(admin.get("/dashboard?period=2024").text)}


def test_every_count_links_to_exactly_its_tasks(web: Web) -> None:
    client = web.sign_in("long.lh")
    page = client.get("/dashboard?period=2024-Q2")
    counts = _counts(page.text)
    assert sum(n for (_, s), (n, _) in counts.items() if s == "overdue") > 0
    zero_units = {u for (u, _), (n, _) in counts.items()} - {
        u for (u, _), (n, _) in counts.items() if n
    }
    assert zero_units, "units with nothing due are shown with zeros"
    for (unit, status), (n, href) in counts.items():
        listed = client.get(href)
        assert listed.status_code == 200, href
        rows = re.findall(r'<td><a href="/tasks/(\d+)">', listed.text)
        assert len(rows) == n, (unit, status, href)
        assert "01/04/2024" in listed.text and "30/06/2024" in listed.text


def test_custom_range_and_its_refusals_keep_what_was_typed(web: Web) -> None:
    client = web.sign_in("long.lh")
    ok = client.get("/dashboard?period=custom&start=01/04/2024&end=30/06/2024")
    q2 = client.get("/dashboard?period=2024-Q2")
    assert ok.status_code == 200 and _counts(ok.text) == {
        k: (n, href) for k, (n, href) in _counts(q2.text).items()
    }
    reversed_range = client.get("/dashboard?period=custom&start=30/06/2024&end=01/04/2024")
    assert reversed_range.status_code == 400
    assert 'value="30/06/2024"' in reversed_range.text
    assert 'role="alert"' in reversed_range.text
    missing = client.get("/dashboard?period=custom&start=01/04/2024&end=")
    assert missing.status_code == 400 and 'value="01/04/2024"' in missing.text
    bad = client.get("/dashboard?period=custom&start=31/02/2024&end=01/04/2024")
    assert bad.status_code == 400
    assert client.get("/dashboard?period=2024-Q9").status_code == 400


def test_charts_are_named_svg_with_vietnamese_text(web: Web) -> None:
    client = web.sign_in("long.lh")
    page = client.get("/dashboard?period=2024-Q2").text
    assert page.count('role="img"') == 2
    assert '<title id="trend-title">' in page and '<desc id="ranking-desc">' in page
    assert "<script" not in page.split("<main>")[1]  # no pygal tooltips script
    svg = client.get("/dashboard/trend.svg?period=2024-Q2")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "attachment" in svg.headers["content-disposition"]
    assert "Quá hạn" in svg.text and "DejaVu Sans" in svg.text


def test_dashboard_table_exports_as_xlsx(web: Web) -> None:
    client = web.sign_in("long.lh")
    counts = _counts(client.get("/dashboard?period=2024-Q2").text)
    answer = client.get("/dashboard.xlsx?period=2024-Q2")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["CB02"][2:6] == tuple(
        counts[("CB02", s)][0] for s in ("done_on_time", "done_late", "in_progress", "overdue")
    )
    assert "quý II năm 2024" in str(sheet["A1"].value)


def test_emulation_page_export_and_rules_file(web: Web) -> None:
    client = web.sign_in("long.lh")
    page = client.get("/emulation?year=2024")
    assert page.status_code == 200
    assert "Yêu cầu giải trình" in page.text and "@media print" not in page.text
    assert f"{TODAY:%d/%m/%Y}" in page.text  # provisional, as of today
    book = load_workbook(BytesIO(client.get("/emulation.xlsx?year=2024").content))
    assert [s.title for s in book.worksheets] == ["Đơn vị", "Cá nhân"]
    Path(web.settings.home, "emulation.toml").write_text("[weights]\novedue = 1\n", "utf-8")
    refused = client.get("/emulation?year=2024")
    assert refused.status_code == 200 and "ovedue" in refused.text  # named, defaults used
    assert client.get("/emulation?year=1").status_code == 404


def test_emulation_page_lists_the_best_people_first_and_everyone_on_request(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.dashboard_routes as routes

    client = web.sign_in("long.lh")
    everyone = client.get("/emulation?year=2024&everyone=1").text
    listed = re.findall(r"<td>(\d+)\. ", everyone)
    assert len(listed) > 1 and "Hiện tất cả" not in everyone
    monkeypatch.setattr(routes, "PEOPLE_SHOWN", 1)
    page = client.get("/emulation?year=2024").text
    assert re.findall(r"<td>(\d+)\. ", page) == ["1"]
    assert f"Đang hiện 1 trên {len(listed)} người" in page
    assert 'href="/emulation?year=2024&amp;everyone=1"' in page
