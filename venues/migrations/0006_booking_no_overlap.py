"""No double booking of a space booked whole, in the database: on PostgreSQL an
exclusion constraint on the booking's time range (btree_gist lets the space's id
share the GiST index). SQLite has none; there the booking service's IMMEDIATE
transaction and re-check give the same guarantee."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "booking_no_overlap_when_exclusive"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Safe to run twice (the browser tests replay every RunPython of the portal).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [CONSTRAINT])
        if cursor.fetchone():
            return
    schema_editor.execute(
        f"ALTER TABLE venues_spacebooking ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (space_id WITH =, "
        "tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (exclusive AND status IN ('pending', 'confirmed'))"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE venues_spacebooking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
    )


class Migration(migrations.Migration):
    dependencies = [("venues", "0005_space_booking")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint, elidable=False),
    ]
