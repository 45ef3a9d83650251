"""The newest migration, known without loading Alembic (a test holds it to the scripts)."""

HEAD_REVISION = "0023"
