"""The schema's history: one function per step, applied in order, never edited once landed.

The ledger tables (`events`, `progress_updates`, `owner_assignments`,
`owner_supports`, `deadline_changes`, `target_actuals`, and from later steps
`owner_leads` and `unit_names`, and each step's in `LEDGER_TABLES_OF_STEP`) are append-only:
triggers refuse UPDATE and DELETE on them, so no code path, present or
future, can rewrite history. An undo is a new event that *reverts* an older
one (see `cqvet.store`).

To change the schema, add a new function at the end of `STEPS`; a test
upgrades a database of every earlier version. `sqlite_utils` is imported only
when migrations actually run, to keep read-only start-up fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "cqvet"

# The ledger tables of the first step; later steps add their own (LEDGER_TABLES has them all).
M001_LEDGER_TABLES = (
    "events",
    "progress_updates",
    "owner_assignments",
    "owner_supports",
    "deadline_changes",
    "target_actuals",
)
# The ledger tables each step creates, so that a database of an older schema (a backup being
# restored) is checked for its own tables and triggers, not for those of steps it has not had yet.
LEDGER_TABLES_OF_STEP = {
    "m001_plan_and_ledger": M001_LEDGER_TABLES,
    "m003_owner_co_leads": ("owner_leads",),
    "m004_dated_unit_names": ("unit_names",),
    "m008_supervision": (
        "notices",
        "reporting_rules",
        "attachments",
        "progress_attachments",
        "review_settings",
        "closures",
    ),
    "m010_users": ("acknowledgements",),
    "m012_measures": (
        "measure_progress",
        "measure_owners",
        "measure_owner_units",
        "measure_deadlines",
        "measure_weights",
        "contributions",
    ),
}
LEDGER_TABLES = tuple(table for tables in LEDGER_TABLES_OF_STEP.values() for table in tables)


def ledger_tables(applied: Iterable[str]) -> tuple[str, ...]:
    """The ledger tables a database with the schema steps `applied` has."""
    return tuple(table for step in applied for table in LEDGER_TABLES_OF_STEP.get(step, ()))


def _append_only(db: Database, table: str) -> None:
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER {table}_append_only_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'cqvet: {table} is append-only'); END"
        )


def m001_plan_and_ledger(db: Database) -> None:
    """The plan as published, and the append-only ledger of what was done about it."""
    db.executescript(
        """
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            year INTEGER NOT NULL,
            start_on TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            preamble TEXT NOT NULL DEFAULT '',
            loaded_at TEXT NOT NULL,
            UNIQUE (title, year)
        );
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            seq INTEGER NOT NULL,
            numeral TEXT NOT NULL,
            title TEXT NOT NULL,
            UNIQUE (plan_id, seq)
        );
        CREATE TABLE points (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            section_id INTEGER REFERENCES sections(id),
            number INTEGER NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (plan_id, number)
        );
        CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            point_id INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (point_id, seq)
        );
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            point_id INTEGER NOT NULL REFERENCES points(id),
            seq INTEGER NOT NULL,
            value REAL NOT NULL,
            unit TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('count', 'percent', 'ratio')),
            qualifier TEXT NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (point_id, seq)
        );
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
        );

        -- Every user action is one event; the rows it wrote point back to it.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            plan_id INTEGER REFERENCES plans(id),
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            reverts INTEGER REFERENCES events(id)
        );
        CREATE UNIQUE INDEX events_reverts ON events(reverts) WHERE reverts IS NOT NULL;
        -- No index on author: `undo` walks events newest first and stops at the user's
        -- last one, and an index would cost 20 bytes on every update (see README, Performance).

        CREATE TABLE progress_updates (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            reported_on TEXT NOT NULL,
            percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
            status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked')),
            note TEXT NOT NULL DEFAULT '',
            is_correction INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX progress_by_point_date ON progress_updates(point_id, reported_on);

        CREATE TABLE owner_assignments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            lead_unit_id INTEGER NOT NULL REFERENCES units(id),
            contact TEXT NOT NULL DEFAULT '',
            effective_on TEXT NOT NULL
        );
        CREATE INDEX owners_by_point_date ON owner_assignments(point_id, effective_on);
        CREATE INDEX owners_by_lead ON owner_assignments(lead_unit_id);

        CREATE TABLE owner_supports (
            assignment_id INTEGER NOT NULL REFERENCES owner_assignments(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            seq INTEGER NOT NULL,
            PRIMARY KEY (assignment_id, unit_id)
        ) WITHOUT ROWID;
        CREATE INDEX supports_by_unit ON owner_supports(unit_id);

        CREATE TABLE deadline_changes (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            due_on TEXT NOT NULL,
            as_written TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            effective_on TEXT NOT NULL
        );
        CREATE INDEX deadlines_by_point_date ON deadline_changes(point_id, effective_on);

        CREATE TABLE target_actuals (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            target_id INTEGER NOT NULL REFERENCES targets(id),
            value REAL NOT NULL,
            reported_on TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX actuals_by_target_date ON target_actuals(target_id, reported_on);
        """
    )
    for table in M001_LEDGER_TABLES:
        for action in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_append_only_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'cqvet: {table} is append-only'); END"
            )


def m002_assignment_leader(db: Database) -> None:
    """The 分管领导 (leader in charge) of an assignment, as 任务分解表 sheets name them."""
    db.execute("ALTER TABLE owner_assignments ADD COLUMN leader TEXT NOT NULL DEFAULT ''")


def m003_owner_co_leads(db: Database) -> None:
    """The second and further lead units of an assignment (双牵头): `owner_assignments.lead_unit_id`
    stays the first lead, so every older reader still finds one; these follow it by `seq` (2, 3…)."""
    db.executescript(
        """
        CREATE TABLE owner_leads (
            assignment_id INTEGER NOT NULL REFERENCES owner_assignments(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            seq INTEGER NOT NULL CHECK (seq >= 2),
            PRIMARY KEY (assignment_id, unit_id)
        ) WITHOUT ROWID;
        CREATE INDEX leads_by_unit ON owner_leads(unit_id);
        """
    )
    _append_only(db, "owner_leads")


def m004_dated_unit_names(db: Database) -> None:
    """An office's names over time: a rename is a dated row, so a view as of a day shows the name of
    that day. `units.name` keeps the name the office had before its first dated rename."""
    db.executescript(
        """
        CREATE TABLE unit_names (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            effective_on TEXT NOT NULL
        );
        CREATE INDEX unit_names_by_unit_date ON unit_names(unit_id, effective_on);
        CREATE INDEX unit_names_by_name ON unit_names(name);
        """
    )
    _append_only(db, "unit_names")


def append_only_triggers(tables: Iterable[str] = LEDGER_TABLES) -> dict[str, str]:
    """The append-only triggers `m001_plan_and_ledger` creates, by name, as SQLite stores their SQL.

    Read by `cqvet.db` to check that a database still has them and by
    `cqvet doctor --repair` to recreate them; a test holds this text to the
    one a migrated database keeps in `sqlite_master`.
    """
    return {
        f"{table}_append_only_{action.lower()}": (
            f"CREATE TRIGGER {table}_append_only_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'cqvet: {table} is append-only'); END"
        )
        for table in tables
        for action in ("UPDATE", "DELETE")
    }


def m005_plan_load_index(db: Database) -> None:
    """The loads of each plan, found by index: a plan whose every load was undone is no longer listed."""
    db.execute("CREATE INDEX events_plan_loads ON events(plan_id) WHERE kind = 'plan_load'")


def m006_plan_reporting_rules(db: Database) -> None:
    """Per plan: the days after a period's end within which a figure is not 补录, and the plan's
    time zone, in which 补录 is decided (so it does not depend on where a report is run); and an
    index of corrections, which take earlier updates back (已更正)."""
    db.execute("ALTER TABLE plans ADD COLUMN grace_days INTEGER NOT NULL DEFAULT 5")
    db.execute("ALTER TABLE plans ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai'")
    # Corrections are rare: this index lets "has a later correction taken this update back?"
    # (`cqvet.store.SUPERSEDED`) visit a point's corrections only, not its whole history.
    db.execute(
        "CREATE INDEX progress_corrections ON progress_updates(point_id, reported_on) WHERE is_correction"
    )


def m007_history_indexes(db: Database) -> None:
    """Ledger rows by their event, so `undo` finds what an event wrote by a seek at any depth of history.

    About 12 bytes an update (README, Performance). No index on authors or on
    dates alone: `progress log --by/--since/--limit` walk each point's
    (point, date) index instead (`Store.progress_log_batches`).
    """
    for table in ("progress_updates", "owner_assignments", "deadline_changes", "target_actuals"):
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_by_event ON {table}(event_id)")


def m008_supervision(db: Database) -> None:
    """督办: each notice issued to an office about a point (so the next one says 第N次), the plan's
    reporting rhythm (an RRULE, as typed and as read), evidence files attached to progress
    updates (each stored once by SHA-256), and 办结 review (whether a plan needs it, each
    confirm or return), all append-only. A self-contained step, so it
    can be renumbered if another step lands first."""
    db.executescript(
        """
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            colour TEXT NOT NULL CHECK (colour IN ('red', 'yellow', 'blue')),
            as_of TEXT NOT NULL,
            reply_by TEXT NOT NULL,
            percent INTEGER NOT NULL,
            expected REAL NOT NULL
        );
        CREATE INDEX notices_by_point ON notices(point_id, unit_id, as_of);
        CREATE TABLE reporting_rules (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            rule TEXT NOT NULL,
            as_written TEXT NOT NULL
        );
        CREATE INDEX reporting_rules_by_plan ON reporting_rules(plan_id);
        -- Evidence files, each stored once by its SHA-256, and which progress event attached which.
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            media_type TEXT NOT NULL,
            content BLOB NOT NULL
        );
        CREATE TABLE progress_attachments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            attachment_id INTEGER NOT NULL REFERENCES attachments(id),
            name TEXT NOT NULL
        );
        CREATE INDEX progress_attachments_by_point ON progress_attachments(point_id);
        -- 办结销号: whether a plan's done needs the steering office's review, and each decision.
        CREATE TABLE review_settings (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            required INTEGER NOT NULL CHECK (required IN (0, 1))
        );
        CREATE TABLE closures (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            decision TEXT NOT NULL CHECK (decision IN ('confirm', 'return')),
            reason TEXT NOT NULL DEFAULT '',
            decided_on TEXT NOT NULL
        );
        CREATE INDEX closures_by_point ON closures(point_id, decided_on);
        """
    )
    for table in LEDGER_TABLES_OF_STEP["m008_supervision"]:
        _append_only(db, table)


def m009_author_index(db: Database) -> None:
    """Events by their author, so `progress log --by X` reads only X's updates at any size of history.

    Without it, `--by` walked each point's newest updates until it found N of the
    author's: 2.03x slower at 1M updates than at 1k. It costs about 20 bytes an
    update (README, Performance, where the storage budget was moved for it). Only
    an index: nothing of the ledger changes.
    """
    db.execute("CREATE INDEX IF NOT EXISTS events_by_author ON events(author)")


def m010_users(db: Database) -> None:
    """Accounts of `cqvet serve`, their open sessions, failed logins, and 签收 of an assignment.

    `users`, `user_sessions` and `login_failures` are not history: an account is disabled or
    given a new password in place, a session ends by deletion, failures older than the
    throttle window are deleted. What a web user records goes into the ledger as an event
    with their name, like a CLI change; `acknowledgements` is that ledger's new table.
    """
    db.executescript(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            office TEXT NOT NULL,
            unit_id INTEGER REFERENCES units(id),
            role TEXT NOT NULL CHECK (role IN ('office', 'steering', 'leader')),
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        CREATE TABLE user_sessions (
            token_sha256 TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX user_sessions_by_user ON user_sessions(user_id);
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            address TEXT NOT NULL,
            failed_at TEXT NOT NULL
        );
        CREATE INDEX login_failures_by_key ON login_failures(name, address, failed_at);
        -- 签收: an office acknowledges the assignment (owner_assignments row) it was given.
        CREATE TABLE acknowledgements (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            assignment_id INTEGER NOT NULL REFERENCES owner_assignments(id)
        );
        CREATE INDEX acknowledgements_by_point ON acknowledgements(point_id, unit_id);
        """
    )
    _append_only(db, "acknowledgements")


def m011_author_time_index(db: Database) -> None:
    """Events by their author in the order they were recorded, so `progress log --by X --limit N`
    reads X's newest events until no older one can hold a later report (a report is never dated
    after it was recorded: `recording.latest_report_day`), N rows and a few more rather than all
    of X's updates (1.13–1.22x slower at 1M updates than at 1k through m009's index alone).
    Only an index: nothing of the ledger changes.
    """
    db.execute("CREATE INDEX IF NOT EXISTS events_by_author_time ON events(author, recorded_at)")


def m012_measures(db: Database) -> None:
    """Measures (举措) as trackable items, and what a supporting office reports on its part.

    Additive: a measure gets its own ledger tables, shaped like the point's (`progress_updates`,
    `owner_assignments` with `owner_supports`/`owner_leads`, `deadline_changes`), keyed by
    `measure_id`, so no point-level read changes and a database without measure rows reads
    exactly as before the step. `measure_weights` holds the weight of a measure in its point's
    roll-up; `contributions` what a supporting office reports on a point it supports (its note,
    and its own estimate of its part), which never becomes the point's figure. All append-only.
    """
    db.executescript(
        """
        CREATE TABLE measure_progress (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            measure_id INTEGER NOT NULL REFERENCES measures(id),
            reported_on TEXT NOT NULL,
            percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
            status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked')),
            note TEXT NOT NULL DEFAULT '',
            is_correction INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX measure_progress_by_measure_date ON measure_progress(measure_id, reported_on);
        CREATE INDEX measure_progress_by_event ON measure_progress(event_id);
        CREATE INDEX measure_progress_corrections ON measure_progress(measure_id, reported_on)
            WHERE is_correction;

        CREATE TABLE measure_owners (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            measure_id INTEGER NOT NULL REFERENCES measures(id),
            effective_on TEXT NOT NULL
        );
        CREATE INDEX measure_owners_by_measure_date ON measure_owners(measure_id, effective_on);
        CREATE INDEX measure_owners_by_event ON measure_owners(event_id);
        -- The offices of one assignment: role 'lead' (in order: 双牵头) or 'support'.
        CREATE TABLE measure_owner_units (
            assignment_id INTEGER NOT NULL REFERENCES measure_owners(id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            seq INTEGER NOT NULL,
            PRIMARY KEY (assignment_id, unit_id)
        ) WITHOUT ROWID;
        CREATE INDEX measure_owner_units_by_unit ON measure_owner_units(unit_id);

        CREATE TABLE measure_deadlines (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            measure_id INTEGER NOT NULL REFERENCES measures(id),
            due_on TEXT NOT NULL,
            as_written TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            effective_on TEXT NOT NULL
        );
        CREATE INDEX measure_deadlines_by_measure_date ON measure_deadlines(measure_id, effective_on);
        CREATE INDEX measure_deadlines_by_event ON measure_deadlines(event_id);

        CREATE TABLE measure_weights (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            measure_id INTEGER NOT NULL REFERENCES measures(id),
            weight REAL NOT NULL CHECK (weight > 0),
            effective_on TEXT NOT NULL
        );
        CREATE INDEX measure_weights_by_measure_date ON measure_weights(measure_id, effective_on);
        CREATE INDEX measure_weights_by_event ON measure_weights(event_id);

        CREATE TABLE contributions (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            point_id INTEGER NOT NULL REFERENCES points(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            reported_on TEXT NOT NULL,
            percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX contributions_by_point_date ON contributions(point_id, reported_on);
        CREATE INDEX contributions_by_event ON contributions(event_id);
        """
    )
    for table in LEDGER_TABLES_OF_STEP["m012_measures"]:
        _append_only(db, table)


# A progress update dated later than the day after its event was recorded (UTC): no cqvet writer
# makes one (`recording.check_report_date`), and `progress log --by X --limit N` stops its walk
# on that rule (`recording.latest_report_day`, which this SQL must say the same as).
REPORT_DATE_RULE = (
    "CREATE TRIGGER progress_updates_report_date_rule BEFORE INSERT ON progress_updates "
    "WHEN NEW.reported_on > (SELECT date(recorded_at, '+1 day') FROM events WHERE id = NEW.event_id) "
    "BEGIN SELECT RAISE(ABORT, 'cqvet: a progress update is dated after the day after it was recorded'); END"
)


# Triggers that guard a rule rather than append-only-ness, by the step that creates them: checked
# on open and recreated by `cqvet doctor --repair` like the append-only ones (`guard_triggers`).
RULE_TRIGGERS_OF_STEP = {"m013_report_date_rule": {"progress_updates_report_date_rule": REPORT_DATE_RULE}}


def guard_triggers(applied: Iterable[str] | None = None) -> dict[str, str]:
    """Every trigger that guards the ledger in a database with the schema steps `applied` (all
    steps when None), by name, as SQLite stores its SQL: the append-only ones and the rules'."""
    steps = STEP_NAMES if applied is None else tuple(applied)
    found = append_only_triggers(ledger_tables(steps))
    for step in steps:
        found.update(RULE_TRIGGERS_OF_STEP.get(step, {}))
    return found


def m013_report_date_rule(db: Database) -> None:
    """The database refuses a progress update dated after the day after it was recorded (UTC), the
    rule `progress log --by X --limit N` stops on; until now only cqvet's own writers kept it, and a
    row written otherwise would have been listed out of order. Rows of older databases that break
    it are reported by `cqvet doctor` (`db.row_findings`), not changed: the ledger is append-only.
    A trigger, no index: nothing is stored per update.
    """
    db.execute(REPORT_DATE_RULE)


STEPS: tuple[Callable[[Database], None], ...] = (
    m001_plan_and_ledger,
    m002_assignment_leader,
    m003_owner_co_leads,
    m004_dated_unit_names,
    m005_plan_load_index,
    m006_plan_reporting_rules,
    m007_history_indexes,
    m008_supervision,
    m009_author_index,
    m010_users,
    m011_author_time_index,
    m012_measures,
    m013_report_date_rule,
)
STEP_NAMES: tuple[str, ...] = tuple(step.__name__ for step in STEPS)


def migrations() -> Migrations:
    """The sqlite-utils migration set, built on demand (importing sqlite_utils costs ~100 ms)."""
    from sqlite_utils.migrations import Migrations

    migration_set = Migrations(MIGRATION_SET)
    for step in STEPS:
        migration_set()(step)
    return migration_set
