"""Alembic environment: always run with a connection handed in by db.engine.migrate()."""

from alembic import context

from dangjian_desktop.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Migrations run through dangjian_desktop.db.engine.migrate(), which passes a connection.")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
