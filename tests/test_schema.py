"""The migrations build exactly the schema the models describe (a model changed without
its migration would fail here, not on a user's machine)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from console import db
from models import Base


def test_the_migrated_schema_matches_the_models(migrated_db):
    engine = db.make_engine(f"sqlite:///{migrated_db}", immediate=False)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_a_console_knows_its_newest_migration_without_reading_the_scripts(migrated_db, tmp_path):
    assert db.head_revision() == db.SCHEMA_HEAD  # a new migration must move SCHEMA_HEAD
    engine = db.make_engine(f"sqlite:///{migrated_db}", immediate=False)
    new = db.make_engine(f"sqlite:///{tmp_path / 'new.db'}", immediate=False)
    try:
        assert db.current_revision(engine) == db.SCHEMA_HEAD
        assert db.current_revision(new) is None
        assert db.migrate(new) and db.current_revision(new) == db.SCHEMA_HEAD
        assert not db.migrate(new)  # up to date: nothing runs
    finally:
        engine.dispose()
        new.dispose()
