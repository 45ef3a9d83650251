"""The organisation: units in a tree, the people in them, and how to reach them."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import Timestamped, enum_type


class UnitKind(StrEnum):
    SUPERIOR = "superior"  # the body above the committee (e.g. the ministry's committee)
    COMMITTEE = "committee"
    SUB_BRANCH = "sub_branch"
    OFFICE = "office"
    COMMISSION = "commission"
    OTHER = "other"


class PersonRole(StrEnum):
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"
    BRANCH_SECRETARY = "branch_secretary"
    MEMBER = "member"
    OFFICE_STAFF = "office_staff"
    INSPECTOR = "inspector"
    GUEST = "guest"
    OTHER = "other"


class ContactChannel(StrEnum):
    """Where a person can be reached. Credentials never live here, only the target."""

    EMAIL = "email"
    TELEGRAM = "telegram"
    SLACK = "slack"
    MSTEAMS = "msteams"
    GOOGLE_CHAT = "google_chat"
    MATTERMOST = "mattermost"
    ZALO = "zalo"
    WEBHOOK = "webhook"


class Unit(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=255)
    kind: UnitKind = Field(sa_type=enum_type(UnitKind, "unit_kind"))
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # unit <-> person is a cycle (a person belongs to a unit, a unit has a manager):
    # use_alter lets the schema create both tables first and link them after.
    manager_id: int | None = Field(
        default=None,
        sa_column_args=[
            sa.ForeignKey("person.id", use_alter=True, name="fk_unit_manager_id_person")
        ],
    )
    active: bool = True


class Person(Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    full_name: str = Field(max_length=255)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    role: PersonRole = Field(
        default=PersonRole.MEMBER, sa_type=enum_type(PersonRole, "person_role")
    )
    title: str | None = Field(default=None, max_length=255)
    language: str = Field(default="vi", max_length=2)
    active: bool = True

    __table_args__ = (sa.CheckConstraint("language IN ('vi', 'en')", name="language"),)


class ContactTarget(SQLModel, table=True):
    __tablename__ = "contact_target"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    channel: ContactChannel = Field(sa_type=enum_type(ContactChannel, "contact_channel"))
    address: str = Field(max_length=320)
    active: bool = True

    __table_args__ = (sa.UniqueConstraint("person_id", "channel", "address"),)
