"""The migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from training.db import include_in_autogenerate
from training.extensions import db


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_in_autogenerate})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
