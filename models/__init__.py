"""The domain: tables, their rules and the questions asked of them."""

from sqlmodel import SQLModel

# Deterministic constraint names, so migrations can alter and drop them on every backend.
# Set here, before any table is defined: a table module imported first (``models.tokens``
# by a web route, say) got the database's default names otherwise.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
