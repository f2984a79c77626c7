//! Schema 15: which records a delta bundle carries. Every record a bundle carries belongs to an
//! owner — a unit, a person (their lesson progress, completions, finished attempts and answers)
//! or a self-assessment (its answers, evidence files and versions) — and `bundle_changes` holds
//! one row per owner, moved to a new `seq` (AUTOINCREMENT: never reused, always larger) whenever
//! any of its records is written, by whatever writes it: the kit, a merge, an import, the demo.
//! `export --since` selects the owners above a sequence number, not by dates, so records that
//! arrive late by merge (months old) still travel. `bundle_exports` remembers, per recipient
//! database, the number each export was taken through.
//!
//! Cost: a trigger does nothing when its owner already holds the highest `seq` (one index
//! look-up), so the answers of an attempt, or a person's lessons written one after another,
//! move the row once. That is sound because an export first moves the `mark` row to the top
//! (`store::bundle_delta`) and takes its `seq` as its bound: after any export, an owner written
//! again is not the highest row, so it moves above the bound. These triggers are not among those
//! a merge suspends, so merged records get their numbers too, but for the one on answers, whose
//! work a merge does once per attempt ([`ANSWER_DELTA_TRIGGER`]).

/// The trigger that moves an attempt's owner on each answer inserted: a merge, which inserts an
/// attempt's answers one after another, drops it inside its transaction (with
/// `schema::ANSWER_TRIGGER`) and moves the owner once per attempt whose answers it added
/// ([`ANSWER_OWNER_SQL`]), as the trigger would have, without a look-up per answer.
pub(crate) const ANSWER_DELTA_TRIGGER: &str = "bundle_answer_insert";

/// [`ANSWER_DELTA_TRIGGER`]'s work for the attempt `?1`: its person moves to a new sequence
/// number when the attempt is not open (`?1` is bound once per statement).
pub(crate) const ANSWER_OWNER_SQL: [&str; 2] = [
    "DELETE FROM bundle_changes WHERE kind = 'person' AND record_id =
        (SELECT person_id FROM attempts WHERE id = ?1 AND status <> 'open')",
    "INSERT INTO bundle_changes (kind, record_id)
        SELECT 'person', person_id FROM attempts WHERE id = ?1 AND status <> 'open'",
];

/// The guard of every trigger: the owner (`$kind`, `$id`) is not the highest row already.
macro_rules! not_latest {
    ($kind:literal, $id:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM bundle_changes WHERE kind = ",
            $kind,
            " AND record_id = ",
            $id,
            " AND seq = (SELECT MAX(seq) FROM bundle_changes))"
        )
    };
}

/// A trigger body: the owner's row moves to a new sequence number (deleted and inserted again, a
/// plain INSERT: an outer INSERT OR IGNORE would turn an upsert here into an ignore).
macro_rules! move_owner {
    ($kind:literal, $id:literal) => {
        concat!(
            " BEGIN DELETE FROM bundle_changes WHERE kind = ",
            $kind,
            " AND record_id = ",
            $id,
            "; INSERT INTO bundle_changes (kind, record_id) VALUES (",
            $kind,
            ", ",
            $id,
            "); END;\n"
        )
    };
}

/// One trigger `$name` after `$event` on `$table` that moves the owner (`$kind`, `$id`),
/// when `$when` (SQL, or "1") holds.
macro_rules! owner_trigger {
    ($name:literal, $event:literal, $table:literal, $when:literal, $kind:literal, $id:literal) => {
        concat!(
            "CREATE TRIGGER ",
            $name,
            " AFTER ",
            $event,
            " ON ",
            $table,
            " WHEN (",
            $when,
            ") AND ",
            not_latest!($kind, $id),
            move_owner!($kind, $id)
        )
    };
}

/// The migration.
pub(super) const SQL: &str = concat!(
    "CREATE TABLE bundle_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('unit','person','assessment','mark')),
        record_id TEXT NOT NULL,
        UNIQUE (kind, record_id));
     CREATE TABLE bundle_exports (
        recipient TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        exported_at TEXT NOT NULL);
     INSERT INTO bundle_changes (kind, record_id) SELECT 'unit', id FROM units ORDER BY id;
     INSERT INTO bundle_changes (kind, record_id) SELECT 'person', id FROM people ORDER BY id;
     INSERT INTO bundle_changes (kind, record_id)
        SELECT 'assessment', id FROM assessments ORDER BY id;
",
    owner_trigger!(
        "bundle_unit_insert",
        "INSERT",
        "units",
        "1",
        "'unit'",
        "NEW.id"
    ),
    owner_trigger!(
        "bundle_unit_update",
        "UPDATE",
        "units",
        "1",
        "'unit'",
        "NEW.id"
    ),
    owner_trigger!(
        "bundle_person_insert",
        "INSERT",
        "people",
        "1",
        "'person'",
        "NEW.id"
    ),
    owner_trigger!(
        "bundle_person_update",
        "UPDATE",
        "people",
        "1",
        "'person'",
        "NEW.id"
    ),
    owner_trigger!(
        "bundle_lesson_insert",
        "INSERT",
        "lesson_progress",
        "1",
        "'person'",
        "NEW.person_id"
    ),
    owner_trigger!(
        "bundle_lesson_update",
        "UPDATE",
        "lesson_progress",
        "1",
        "'person'",
        "NEW.person_id"
    ),
    owner_trigger!(
        "bundle_completion_insert",
        "INSERT",
        "course_completions",
        "1",
        "'person'",
        "NEW.person_id"
    ),
    owner_trigger!(
        "bundle_completion_update",
        "UPDATE",
        "course_completions",
        "1",
        "'person'",
        "NEW.person_id"
    ),
    // An open attempt does not travel: it counts once it is finished (an UPDATE).
    owner_trigger!(
        "bundle_attempt_insert",
        "INSERT",
        "attempts",
        "NEW.status <> 'open'",
        "'person'",
        "NEW.person_id"
    ),
    owner_trigger!(
        "bundle_attempt_update",
        "UPDATE",
        "attempts",
        "NEW.status <> 'open'",
        "'person'",
        "NEW.person_id"
    ),
    owner_trigger!(
        "bundle_answer_insert",
        "INSERT",
        "answers",
        "EXISTS (SELECT 1 FROM attempts WHERE id = NEW.attempt_id AND status <> 'open')",
        "'person'",
        "(SELECT person_id FROM attempts WHERE id = NEW.attempt_id)"
    ),
    owner_trigger!(
        "bundle_answer_update",
        "UPDATE",
        "answers",
        "EXISTS (SELECT 1 FROM attempts WHERE id = NEW.attempt_id AND status <> 'open')",
        "'person'",
        "(SELECT person_id FROM attempts WHERE id = NEW.attempt_id)"
    ),
    owner_trigger!(
        "bundle_assessment_insert",
        "INSERT",
        "assessments",
        "1",
        "'assessment'",
        "NEW.id"
    ),
    owner_trigger!(
        "bundle_assessment_update",
        "UPDATE",
        "assessments",
        "1",
        "'assessment'",
        "NEW.id"
    ),
    owner_trigger!(
        "bundle_criterion_insert",
        "INSERT",
        "assessment_answers",
        "1",
        "'assessment'",
        "NEW.assessment_id"
    ),
    owner_trigger!(
        "bundle_criterion_update",
        "UPDATE",
        "assessment_answers",
        "1",
        "'assessment'",
        "NEW.assessment_id"
    ),
    owner_trigger!(
        "bundle_criterion_delete",
        "DELETE",
        "assessment_answers",
        "1",
        "'assessment'",
        "OLD.assessment_id"
    ),
    owner_trigger!(
        "bundle_evidence_insert",
        "INSERT",
        "evidence_files",
        "1",
        "'assessment'",
        "NEW.assessment_id"
    ),
    owner_trigger!(
        "bundle_evidence_update",
        "UPDATE",
        "evidence_files",
        "1",
        "'assessment'",
        "NEW.assessment_id"
    ),
    owner_trigger!(
        "bundle_evidence_delete",
        "DELETE",
        "evidence_files",
        "1",
        "'assessment'",
        "OLD.assessment_id"
    ),
    owner_trigger!(
        "bundle_version_insert",
        "INSERT",
        "assessment_versions",
        "1",
        "'assessment'",
        "NEW.assessment_id"
    ),
    owner_trigger!(
        "bundle_version_update",
        "UPDATE",
        "assessment_versions",
        "1",
        "'assessment'",
        "NEW.assessment_id"
    ),
);
