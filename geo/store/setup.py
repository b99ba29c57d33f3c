"""``db init``: the PostGIS extension, the tables, the project check and the roles.

Safe to run again: every statement creates only what is missing (a column a newer schema
adds is added too) and grants are idempotent.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text
from sqlalchemy.schema import CreateColumn

from geo.store.briefings import BRIEFINGS
from geo.store.tables import TABLES, WITH_PROJECT_IDS, metadata
from geo.store.versions import VERSIONS

READER_ROLE = "geo_reader"
LOADER_ROLE = "geo_loader"

# What a large activity layer is filtered by in SQL (geo.store.activities).
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_project_ids ON events USING gin (project_ids)",
    "CREATE INDEX IF NOT EXISTS events_start_year ON events ((left(start_date, 4)::int))",
    "CREATE INDEX IF NOT EXISTS events_end_year ON events ((left(end_date, 4)::int))",
)
_KNOWN_PROJECTS = """
CREATE OR REPLACE FUNCTION geo_known_projects() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE unknown text;
BEGIN
    SELECT p INTO unknown FROM unnest(NEW.project_ids) AS p
    WHERE NOT EXISTS (SELECT 1 FROM projects WHERE projects.id = p) LIMIT 1;
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION '%: %: project_ids: unknown project %', TG_TABLE_NAME, NEW.id, unknown
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END $$
"""

_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION geo_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: append-only, its versions kept (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""


def init_db(engine: Engine, reader: str = READER_ROLE, loader: str = LOADER_ROLE) -> None:
    """Create the extension, tables, trigger and roles that are missing, in one transaction.

    ``reader`` may only read (the app's role); ``loader`` may also replace the data (the
    role of ``db load``). Both are created able to log in, without a password: set one
    (``ALTER ROLE ... PASSWORD``) or allow them in ``pg_hba.conf`` on a real server.
    """
    for role in (reader, loader):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
            raise ValueError(f"role names are lower-case letters, digits and _: {role!r}")
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(4613)"))  # two inits at once
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        metadata.create_all(conn, checkfirst=True)
        # Columns a newer schema added since the last init.
        for table in (*TABLES.values(), VERSIONS, BRIEFINGS):
            for column in table.columns:
                ddl = CreateColumn(column).compile(dialect=conn.dialect)
                sql = str(ddl).replace(" NOT NULL", "")
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN IF NOT EXISTS {sql}'))
        for sql in _INDEXES:
            conn.execute(text(sql))
        conn.execute(text(_KNOWN_PROJECTS))
        for name in WITH_PROJECT_IDS:
            conn.execute(text(f'DROP TRIGGER IF EXISTS known_projects ON "{name}"'))
            conn.execute(
                text(
                    f'CREATE TRIGGER known_projects BEFORE INSERT OR UPDATE ON "{name}" '
                    "FOR EACH ROW EXECUTE FUNCTION geo_known_projects()"
                )
            )
        conn.execute(text(_APPEND_ONLY))
        # The load history and the briefings' versions: added to, never rewritten.
        for table in (VERSIONS, BRIEFINGS):
            for when in ("UPDATE OR DELETE", "TRUNCATE"):
                suffix = "_truncate" if when == "TRUNCATE" else ""
                name = f"{table.name}_append_only{suffix}"
                each = "STATEMENT" if when == "TRUNCATE" else "ROW"
                conn.execute(text(f'DROP TRIGGER IF EXISTS {name} ON "{table.name}"'))
                conn.execute(
                    text(
                        f'CREATE TRIGGER {name} BEFORE {when} ON "{table.name}" '
                        f"FOR EACH {each} EXECUTE FUNCTION geo_append_only()"
                    )
                )
        _roles(conn, reader, loader)


def _roles(conn, reader: str, loader: str) -> None:
    database = conn.execute(text("SELECT current_database()")).scalar()
    names = [*(f'"{t.name}"' for t in TABLES.values()), f'"{VERSIONS.name}"', f'"{BRIEFINGS.name}"']
    tables = ", ".join(names)
    for role in (reader, loader):
        conn.execute(
            text(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                f"'{role}') THEN CREATE ROLE \"{role}\" LOGIN; END IF; END $$"
            )
        )
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON {tables}, spatial_ref_sys TO "{role}"'))
    conn.execute(text(f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {tables} FROM "{reader}"'))
    data = ", ".join(f'"{t.name}"' for t in TABLES.values())
    conn.execute(text(f'GRANT INSERT, UPDATE, DELETE ON {data} TO "{loader}"'))
    # The load history is append-only: a load adds its version, nothing rewrites one. Revoked
    # too from a store an older init granted it to; the trigger holds even for the owner.
    for table in (VERSIONS, BRIEFINGS):
        conn.execute(text(f'GRANT INSERT ON "{table.name}" TO "{loader}"'))
        conn.execute(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table.name}" FROM "{loader}"'))
    conn.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{loader}"'))
