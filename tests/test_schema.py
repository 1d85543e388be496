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
