"""The home page's counts are the lists they link to, for every person of the demo; a
completion waiting for confirmation shows as such, not as "overdue N days"; filters
take names and words, not internal codes."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from models.lookups import find_unit
from models.org import Person
from models.queries import TaskFilter, list_tasks
from models.requests import set_confirm_completion
from models.sqlread import SqlAlchemyReader
from models.status import TaskStatus
from tests.web.conftest import TODAY, Web, csrf_of

_COUNT = {
    # The count is the last bracket of the heading ("Sắp đến hạn (30 ngày) (4)").
    "overdue": re.compile(r'id="count-overdue">[^<]*\((\d+)\)</a>'),
    "soon": re.compile(r'id="count-soon">[^<]*\((\d+)\)</a>'),
}
_TOTAL = re.compile(r'id="total">(\d+) (?:nhiệm vụ|tasks?)')
_ROW = re.compile(r'<td><a href="/tasks/(\d+)">')


def test_every_home_count_is_the_list_it_links_to(web: Web) -> None:
    with Session(web.engine) as session:
        codes = sorted(p.code for p in session.exec(select(Person)).all())
    seen = 0
    for code in codes:
        client = web.sign_in(code)
        home = client.get("/")
        assert home.status_code == 200
        for view, pattern in _COUNT.items():
            found = pattern.search(home.text)
            assert found, (code, view)
            assert f'href="/tasks?view={view}"' in home.text
            listed = client.get(f"/tasks?view={view}")
            total = _TOTAL.search(listed.text)
            assert total and total[1] == found[1], (code, view)
            assert len(_ROW.findall(listed.text)) == min(int(found[1]), 50)
            seen += int(found[1])
    assert seen > 0


def test_a_leaders_overdue_count_covers_his_units(web: Web) -> None:
    """The defect: "Quá hạn (0)" at home, three overdue tasks of his units in the list."""
    client = web.sign_in("long.lh")
    found = _COUNT["overdue"].search(client.get("/").text)
    assert found and int(found[1]) > 0
    listed = client.get("/tasks?status=overdue")
    assert len(_ROW.findall(listed.text)) == int(found[1])


def test_unit_summary_counts_link_to_exactly_the_tasks_counted(web: Web) -> None:
    client = web.sign_in("trang.nt")
    home = client.get("/").text
    links = re.findall(
        r'href="(/tasks\?unit=[^"]+&amp;status=[a-z_]+&amp;period=[^"]+)"[^>]*>(\d+)<', home
    )
    assert links
    for href, count in links:
        page = client.get(href.replace("&amp;", "&"))
        assert page.status_code == 200
        assert len(_ROW.findall(page.text)) == int(count), href


def test_a_reported_completion_shows_waiting_not_overdue_and_is_filtered(web: Web) -> None:
    with Session(web.engine) as session:
        committee = find_unit(session, "DU-SHTT")
        assert committee is not None
        set_confirm_completion(session, committee, True)
        session.commit()
        reader = SqlAlchemyReader(session.connection())
        late = list_tasks(reader, TaskFilter(statuses=[TaskStatus.OVERDUE]), TODAY)
    task = next(row for row in late if row.lead_code == "CB05")  # quang.tv's branch
    secretary = web.sign_in("quang.tv")
    page = secretary.get(f"/tasks/{task.id}")
    answer = secretary.post(
        f"/tasks/{task.id}/done",
        data={"csrf": csrf_of(page.text), "done_on": "12/07/2024", "note": "Đã trình"},
    )
    assert answer.status_code == 200
    assert "Chờ xác nhận" in secretary.get(f"/tasks/{task.id}").text
    office = web.sign_in("trang.nt")
    listed = office.get("/tasks?status=overdue").text
    row = listed[listed.index(f'href="/tasks/{task.id}"') :].split("</tr>")[0]
    assert "Chờ xác nhận" in row and "Quá hạn" in row and "ngày" not in row
    only = office.get("/tasks?awaiting=1").text
    assert _ROW.findall(only) == [str(task.id)]


def test_filters_take_names_and_words_not_codes(web: Web) -> None:
    client = web.sign_in("trang.nt")
    form = client.get("/tasks").text
    assert '<option value="CB02">Chi bộ Sáng chế</option>' in form
    assert 'list="document-choices"' in form and "01-NQ/ĐU — Nghị quyết" in form
    by_number = client.get("/tasks?document=01-NQ/%C4%90U")
    by_words = client.get("/tasks?document=chuong+trinh+kiem+tra")  # a title, no accents
    assert by_number.status_code == 200 and by_words.status_code == 200
    assert _ROW.findall(by_number.text) and _ROW.findall(by_words.text)
    assert set(_ROW.findall(by_number.text)).isdisjoint(_ROW.findall(by_words.text))
    unaccented = client.get("/tasks?q=kiem+tra")
    accented = client.get("/tasks?q=ki%E1%BB%83m+tra")
    assert _ROW.findall(unaccented.text) == _ROW.findall(accented.text) != []
    vague = client.get("/tasks?document=%2F%C4%90U")  # "/ĐU": three match: say so
    assert vague.status_code == 400 and "văn bản khớp" in vague.text


def test_the_person_filter_takes_a_typed_name_and_offers_names_as_one_types(web: Web) -> None:
    """No list of the whole directory: the units' managers are offered, anyone else is
    found as one types, and a name, a picked label or a code all find the same tasks."""
    client = web.sign_in("trang.nt")
    with Session(web.engine) as session:
        people = session.exec(select(Person)).all()
        leads = {
            p.code: p.full_name
            for p in people
            if list_tasks(SqlAlchemyReader(session.connection()), TaskFilter(person_id=p.id), TODAY)
        }
    code, name = sorted(leads.items())[0]
    form = client.get("/tasks").text
    assert 'name="person"' in form and 'list="person-choices"' in form
    assert '<select name="person"' not in form
    by_code = _ROW.findall(client.get("/tasks", params={"person": code}).text)
    by_name = _ROW.findall(client.get("/tasks", params={"person": name}).text)
    by_label = _ROW.findall(client.get("/tasks", params={"person": f"{name} · {code}"}).text)
    assert by_code and by_code == by_name == by_label
    unknown = client.get("/tasks", params={"person": "Không Có Ai"})
    assert unknown.status_code == 400 and "Không Có Ai" in unknown.text
    typed = name.split()[-1].lower()  # a member searching, not only the office
    options = client.get("/owners", params={"only": "person:", "person": typed})
    assert options.status_code == 200 and f'<option value="{name}' in options.text
