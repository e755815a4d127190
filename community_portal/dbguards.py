"""Database-level guards that Python cannot be trusted to keep alone.

``ForbidDeletion`` is a migration operation: on PostgreSQL it installs a trigger that
refuses ``DELETE`` on a table (an append-only ledger, a public timeline), so neither a
``QuerySet.delete()`` nor a cascade nor a hand-typed SQL statement can remove rows.
``TRUNCATE`` (the test runner's flush, ``restore``) is not a row deletion and is left
alone. On other databases it does nothing: Python's own refusal stands there.
"""

from django.db import migrations

_FUNCTION = "portal_forbid_delete"


class ForbidDeletion(migrations.operations.base.Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str) -> None:
        self.table = table

    def state_forwards(self, app_label, state) -> None:
        pass

    def _trigger(self) -> str:
        return f"{self.table}_forbid_delete"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'rows of %% are never deleted', TG_TABLE_NAME
                    USING ERRCODE = 'restrict_violation';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {self._trigger()} ON {self.table};"
            f"CREATE TRIGGER {self._trigger()} BEFORE DELETE ON {self.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}();"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {self._trigger()} ON {self.table};"
        )

    def describe(self) -> str:
        return f"Forbid DELETE on {self.table} (PostgreSQL trigger)"

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"table": self.table})
