"""Who may waive a duty, edit the directory and read a person's contacts (models.access):
each rule against every person of the demo committee."""

from __future__ import annotations

from sqlmodel import Session, select

from models.access import (
    Role,
    Viewer,
    can_edit_directory,
    can_see_contacts,
    can_waive_duty,
    viewer_for,
)
from models.lookups import find_unit
from models.org import Person
from tests.builders import reader
from tests.web.conftest import load_demo


def _viewers(session: Session) -> dict[str, Viewer]:
    r = reader(session)
    found = {}
    for person in session.exec(select(Person)).all():
        viewer = viewer_for(r, person.id or 0, office_code="VP-DU", admin_codes=("chuong.pg",))
        assert viewer is not None
        found[person.code] = viewer
    return found


def test_waivers_belong_to_the_unit_owed_and_the_office_not_the_owing_branch(
    sqlite_url: str,
) -> None:
    from models.db import make_engine

    engine = make_engine(sqlite_url)
    load_demo(engine)
    with Session(engine) as session:
        viewers = _viewers(session)
        cb02, cb03 = find_unit(session, "CB02"), find_unit(session, "CB03")
        owed = find_unit(session, "DU-SHTT")
        assert cb02 and cb03 and owed and cb02.id and cb03.id and owed.id
        own = can_waive_duty(viewers["long.lh"], owed.id, owed.id)
        allowed = {
            code for code, viewer in viewers.items() if can_waive_duty(viewer, cb02.id, owed.id)
        }
    engine.dispose()
    # The committee owed (its secretary), the office, the administrator and the body
    # above; never mai.dt, CB02's own secretary, nor another branch's.
    assert allowed == {"long.lh", "trang.nt", "chuong.pg"}
    assert not own  # nor the committee's secretary for a duty of his own unit


def test_contacts_follow_the_reach_and_editing_is_the_office_s(sqlite_url: str) -> None:
    from models.db import make_engine

    engine = make_engine(sqlite_url)
    load_demo(engine)
    with Session(engine) as session:
        viewers = _viewers(session)
        cb03 = find_unit(session, "CB03")
        assert cb03 is not None and cb03.id is not None
        seeing = {c for c, v in viewers.items() if can_see_contacts(v, cb03.id)}
        editing = {c for c, v in viewers.items() if can_edit_directory(v)}
        roles = {c: v.role for c, v in viewers.items()}
    engine.dispose()
    assert seeing == {"tuan.la", "long.lh", "chuong.pg", "trang.nt"}
    assert editing == {c for c, role in roles.items() if role in (Role.OFFICE, Role.ADMIN)}
    assert editing == {"trang.nt", "chuong.pg"}
