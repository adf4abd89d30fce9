"""Alembic environment: always run with a connection handed in by fluxo_caixa.db.engine."""

from alembic import context

from fluxo_caixa.db.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Use 'fluxo-caixa db upgrade': migrations need a configured connection.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
