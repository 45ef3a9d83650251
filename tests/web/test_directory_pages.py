"""The directory in the browser (without one): who sees what, the office's forms, a
person's leaving with their open tasks handed over, duties recorded with their date."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, col, select

from models import directory_view
from models.duties import DutyInstance, DutySubmission
from models.lookups import find_person, find_unit
from models.org import ContactTarget, Person, Unit
from models.tasks import Task, TaskCoOwner
from tests.web.conftest import Web, csrf_of
from web import directory_routes


def _bay_task(web: Web) -> int:
    with Session(web.engine) as session:
        bay = find_person(session, "bay.nv")
        assert bay is not None
        task = session.exec(select(Task).where(Task.lead_person_id == bay.id)).first()
        assert task is not None and task.id is not None
        return task.id


def test_everyone_sees_the_tree_but_contacts_only_within_their_reach(web: Web) -> None:
    member = web.sign_in("mai.dt")  # CB02's secretary: sees her branch's contacts only
    page = member.get("/directory")
    assert page.status_code == 200
    assert "Chi bộ Nhãn hiệu" in page.text and "Lê Anh Tuấn" in page.text
    assert "mai.dt@demo.invalid" in page.text
    assert "tuan.la@demo.invalid" not in page.text  # another branch's secretary
    assert "/directory/people/new" not in page.text  # read-only
    office = web.sign_in("trang.nt").get("/directory")
    assert "tuan.la@demo.invalid" in office.text and "/directory/people/new" in office.text


def test_a_large_directory_lists_one_units_people_at_a_time(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past PEOPLE_SHOWN people, every unit shows its manager and head count, and its
    people (with the contacts the reader may see) on request; within reach as before."""
    monkeypatch.setattr(directory_view, "PEOPLE_SHOWN", 3)
    with Session(web.engine) as session:
        cb02 = find_unit(session, "CB02")
        assert cb02 is not None
        staff = session.exec(select(Person).where(Person.unit_id == cb02.id)).all()
        other = session.exec(select(Person).where(Person.unit_id != cb02.id)).all()
    office = web.sign_in("trang.nt")
    tree = office.get("/directory").text
    assert f"Xem {len(staff)} người" in tree and 'href="/directory?unit=CB02#unit-CB02"' in tree
    assert not any(f'id="person-{p.code}"' in tree for p in [*staff, *other])
    listed = office.get("/directory", params={"unit": "CB02"}).text
    assert all(f'id="person-{p.code}"' in listed for p in staff)
    assert not any(f'id="person-{p.code}"' in listed for p in other)
    assert "mai.dt@demo.invalid" in listed
    member = web.sign_in("mai.dt").get("/directory", params={"unit": "CB01"}).text
    assert 'id="person-' in member and "@demo.invalid" not in member  # not her branch


def test_only_the_office_opens_the_directory_forms(web: Web) -> None:
    member = web.sign_in("mai.dt")
    for path in (
        "/directory/people/new",
        "/directory/units/new",
        "/directory/people/bay.nv/edit",
        "/directory/people/bay.nv/deactivate",
    ):
        assert member.get(path).status_code == 404, path
    csrf = csrf_of(member.get("/directory").text)
    answer = member.post(
        "/directory/people",
        data={"csrf": csrf, "code": "x.y", "full_name": "X", "unit": "CB02"},
        follow_redirects=False,
    )
    assert answer.status_code == 404
    with Session(web.engine) as session:
        assert find_person(session, "x.y") is None


def test_the_office_adds_a_person_and_a_mistake_keeps_the_form(web: Web) -> None:
    office = web.sign_in("trang.nt")
    form = office.get("/directory/people/new")
    data = {
        "csrf": csrf_of(form.text),
        "code": "hoa.nt",
        "full_name": "Nguyễn Thị Hoa",
        "unit": "CB02",
        "role": "member",
        "title": "Chuyên viên",
        "language": "vi",
        "email": "not an address",
    }
    bad = office.post("/directory/people", data=data)
    assert bad.status_code == 400
    assert 'value="Nguyễn Thị Hoa"' in bad.text and 'value="not an address"' in bad.text
    data["email"] = "hoa.nt@demo.invalid"
    good = office.post("/directory/people", data=data, follow_redirects=False)
    assert good.status_code == 303
    taken = office.post("/directory/people", data=data)
    assert taken.status_code == 400 and "hoa.nt" in taken.text
    with Session(web.engine) as session:
        person = find_person(session, "hoa.nt")
        unit = find_unit(session, "CB02")
        assert person is not None and unit is not None and person.unit_id == unit.id
        addresses = session.exec(
            select(ContactTarget.address).where(ContactTarget.person_id == person.id)
        ).all()
        assert addresses == ["hoa.nt@demo.invalid"]


def test_editing_a_person_keeps_their_other_channels(web: Web) -> None:
    office = web.sign_in("trang.nt")
    form = office.get("/directory/people/minh.hq/edit")
    assert form.status_code == 200 and 'value="minh.hq@demo.invalid"' in form.text
    data = {
        "csrf": csrf_of(form.text),
        "editing": "1",
        "code": "minh.hq",
        "full_name": "Hoàng Quốc Minh",
        "unit": "CB06",
        "role": "branch_secretary",
        "language": "en",
        "email": "minh.new@demo.invalid",
    }
    assert office.post("/directory/people", data=data, follow_redirects=False).status_code == 303
    with Session(web.engine) as session:
        person = find_person(session, "minh.hq")
        assert person is not None
        targets = {
            (c.channel.value, c.address)
            for c in session.exec(select(ContactTarget).where(ContactTarget.person_id == person.id))
        }
    assert targets == {("email", "minh.new@demo.invalid"), ("slack", "#cb06-followup")}


def test_the_office_adds_a_unit_under_a_parent(web: Web) -> None:
    office = web.sign_in("trang.nt")
    form = office.get("/directory/units/new")
    data = {
        "csrf": csrf_of(form.text),
        "code": "CB10",
        "name": "Chi bộ Mới",
        "kind": "sub_branch",
        "parent": "DU-SHTT",
        "manager": "bay.nv",
    }
    assert office.post("/directory/units", data=data, follow_redirects=False).status_code == 303
    with Session(web.engine) as session:
        unit, parent = find_unit(session, "CB10"), find_unit(session, "DU-SHTT")
        bay = find_person(session, "bay.nv")
        assert unit is not None and parent is not None and bay is not None
        assert (unit.parent_id, unit.manager_id) == (parent.id, bay.id)
    assert "Chi bộ Mới" in office.get("/directory").text


def test_leaving_lists_open_tasks_and_hands_them_over_in_one_step(web: Web) -> None:
    task_id = _bay_task(web)
    office = web.sign_in("trang.nt")
    page = office.get("/directory/people/bay.nv/deactivate")
    assert page.status_code == 200 and f"/tasks/{task_id}" in page.text
    csrf = csrf_of(page.text)
    refused = office.post("/directory/people/bay.nv/deactivate", data={"csrf": csrf})
    assert refused.status_code == 400 and f"#{task_id}" in refused.text
    with Session(web.engine) as session:
        bay = find_person(session, "bay.nv")
        assert bay is not None and bay.active
    done = office.post(
        "/directory/people/bay.nv/deactivate",
        data={"csrf": csrf, "successor": [f"{task_id}|person:long.lh"]},
    )
    assert done.status_code == 200, done.text
    with Session(web.engine) as session:
        bay, long = find_person(session, "bay.nv"), find_person(session, "long.lh")
        task = session.get(Task, task_id)
        assert bay is not None and long is not None and task is not None
        assert not bay.active and task.lead_person_id == long.id
    assert "/directory/people/bay.nv/deactivate" not in office.get("/directory").text
    history = office.get(f"/tasks/{task_id}").text  # in names, never ids or codes
    assert "Chủ trì: Nguyễn Văn Bảy → Lưu Hoàng Long" in history


def test_a_co_owner_leaving_is_replaced_or_removed(web: Web) -> None:
    task_id = _bay_task(web)
    with Session(web.engine) as session:
        hung = find_person(session, "hung.pv")
        assert hung is not None and hung.id is not None
        session.add(TaskCoOwner(task_id=task_id, person_id=hung.id))
        session.commit()
    office = web.sign_in("trang.nt")
    page = office.get("/directory/people/hung.pv/deactivate")
    assert f"{task_id}|none" in page.text
    done = office.post(
        "/directory/people/hung.pv/deactivate",
        data={"csrf": csrf_of(page.text), "successor": [f"{task_id}|unit:CB01"]},
    )
    assert done.status_code == 200, done.text
    with Session(web.engine) as session:
        owners = session.exec(select(TaskCoOwner).where(TaskCoOwner.task_id == task_id)).all()
        cb01 = find_unit(session, "CB01")
        assert cb01 is not None
        pairs = [(o.unit_id, o.person_id) for o in owners]
        assert (cb01.id, None) in pairs and all(p is None for _, p in pairs)


def _instance(web: Web, unit: str, key: str) -> int:
    with Session(web.engine) as session:
        found = find_unit(session, unit)
        assert found is not None
        rows = session.exec(
            select(DutyInstance).where(
                DutyInstance.unit_id == found.id, DutyInstance.period_key == key
            )
        ).all()
        (instance,) = [r for r in rows if r.id is not None]
        assert instance.id is not None
        return instance.id


def test_a_secretary_records_the_date_a_meeting_was_held(web: Web) -> None:
    instance_id = _instance(web, "CB02", "2024-06")
    secretary = web.sign_in("mai.dt")
    grid = secretary.get("/duties?month=2024-06")
    assert grid.status_code == 200 and f"/duties/{instance_id}/submit" in grid.text
    assert "tháng 6 năm 2024" in grid.text and "SH-CHIBO" not in grid.text
    csrf = csrf_of(grid.text)
    future = secretary.post(
        f"/duties/{instance_id}/submit",
        data={"csrf": csrf, "held_on": "20/07/2024", "reference": "BB-06", "month": "2024-06"},
    )
    assert future.status_code == 400 and 'value="20/07/2024"' in future.text
    answer = secretary.post(
        f"/duties/{instance_id}/submit",
        data={"csrf": csrf, "held_on": "28/06/2024", "reference": "BB-06", "month": "2024-06"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/duties?month=2024-06"
    with Session(web.engine) as session:
        submitted = session.exec(
            select(col(DutySubmission.submitted_on)).where(
                DutySubmission.instance_id == instance_id
            )
        ).all()
    assert [str(d) for d in submitted] == ["2024-06-28"]
    after = secretary.get("/duties?month=2024-06")
    assert re.search(rf'id="duty-{instance_id}"[^>]*>\s*Nộp đúng hạn', after.text), after.text


def test_a_branch_secretary_cannot_waive_his_own_branch(web: Web) -> None:
    instance_id = _instance(web, "CB02", "2024-07")
    secretary = web.sign_in("mai.dt")
    grid = secretary.get("/duties?month=2024-07")
    assert f"/duties/{instance_id}/waive" not in grid.text
    answer = secretary.post(
        f"/duties/{instance_id}/waive",
        data={"csrf": csrf_of(grid.text), "reason": "bận", "month": "2024-07"},
    )
    assert answer.status_code == 404
    leader = web.sign_in("long.lh")  # the committee the duty is owed to
    page = leader.get("/duties?month=2024-07")
    assert f"/duties/{instance_id}/waive" in page.text
    done = leader.post(
        f"/duties/{instance_id}/waive",
        data={"csrf": csrf_of(page.text), "reason": "Nghỉ lễ", "month": "2024-07"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with Session(web.engine) as session:
        instance = session.get(DutyInstance, instance_id)
        assert instance is not None and instance.waived_on is not None
        assert (
            instance.waived_by_id
            == session.exec(select(Person.id).where(Person.code == "long.lh")).one()
        )


def test_a_large_directory_shortens_the_people_lists(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past PEOPLE_LISTED people, a leaving person's successors and a unit's manager are
    chosen among the units' managers and the unit's own people, not from everyone."""
    with Session(web.engine) as session:
        bay = find_person(session, "bay.nv")
        assert bay is not None
        unit = session.get(Unit, bay.unit_id)
        assert unit is not None
        elsewhere = session.exec(select(Unit).where(Unit.id != unit.id)).first()
        assert elsewhere is not None and elsewhere.id is not None
        for n in range(3):  # members of another unit, managing nothing
            session.add(
                Person(code=f"khac.{n}", full_name=f"Cán bộ Khác {n}", unit_id=elsewhere.id)
            )
        session.commit()
        active = session.exec(select(Person).where(col(Person.active))).all()
        managing = {u.manager_id for u in session.exec(select(Unit).where(col(Unit.active)))}
        listed = {p.code for p in active if p.id in managing or p.unit_id == unit.id}
        others = {p.code for p in active} - listed
    assert others and len(listed) > 3
    office = web.sign_in("trang.nt")

    def offered(page: str, pattern: str) -> set[str]:
        return set(re.findall(pattern, page))

    successor = r'<option value="\d+\|person:([^"]+)"'
    monkeypatch.setattr(directory_routes, "PEOPLE_LISTED", 3)
    leave = office.get("/directory/people/bay.nv/deactivate").text
    assert offered(leave, successor) == listed - {"bay.nv"}
    assert "Danh bạ lớn" in leave
    form = office.get(f"/directory/units/{unit.code}/edit").text
    values = offered(form, r'<option value="([^"]+)"')  # kinds, units and people
    assert values >= listed and not values & others
    assert "Danh bạ lớn" in form
    monkeypatch.setattr(directory_routes, "PEOPLE_LISTED", 300)  # a committee's size
    leave = office.get("/directory/people/bay.nv/deactivate").text
    assert offered(leave, successor) == (listed | others) - {"bay.nv"}
    assert "Danh bạ lớn" not in leave
