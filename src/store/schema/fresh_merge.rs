//! A merge into a database that holds no people (a collector's first bundle, the province's
//! copy): the per-row insert triggers of the tables such a merge fills are dropped inside its
//! transaction, and what they would have written is written once, set-based, from the tables
//! themselves ([`BEFORE_RECOUNT`], [`AFTER_RECOUNT`]). That is sound only there: every person,
//! lesson, completion and attempt in the tables at the end was inserted by the merge, so "every
//! row" is "every row the trigger saw". A merge into a database with people keeps the triggers.
//!
//! The triggers live in the frozen migrations, so their SQL is restated here set-based;
//! `tests/merge_scale.rs` holds the two to the same rows: the summary and name words of each
//! person, the last activity of an exam, the xAPI changes (lessons, then completions, then
//! attempts, each in the order of its key: the order a bundle carries them in, and the order
//! they are sent), and each person's owner row for delta bundles (in id order: a delta takes
//! every owner in a range of sequence numbers, so their order within one merge is not kept).
//! Without a trigger program, a one-row INSERT needs no statement journal either.

/// The insert triggers a merge into a database without people suspends (besides the summary
/// and answer triggers every merge suspends).
pub(crate) const TRIGGERS: [&str; 10] = [
    "person_summary_insert",
    "person_words_insert",
    "bundle_person_insert",
    "bundle_lesson_insert",
    "xapi_lesson_insert",
    "bundle_completion_insert",
    "xapi_course_insert",
    "bundle_attempt_insert",
    "xapi_attempt_insert",
    "person_activity_exam_start",
];

/// The people's rows [`TRIGGERS`] would have written, before the recount of the touched
/// summaries (`schema::recount_touched`), which updates those `person_summary` rows.
pub(crate) const BEFORE_RECOUNT: &str = "
    INSERT INTO person_summary (person_id, sort_name, name_key, unit_id, full_name, staff_code,
        position, appointed_on)
    SELECT id, danvan_fold(full_name), danvan_name_key(full_name), unit_id, full_name,
        staff_code, position, appointed_on
    FROM people WHERE true
    ON CONFLICT(person_id) DO UPDATE SET sort_name = excluded.sort_name,
        name_key = excluded.name_key, unit_id = excluded.unit_id,
        full_name = excluded.full_name, staff_code = excluded.staff_code,
        position = excluded.position, appointed_on = excluded.appointed_on;
    INSERT OR IGNORE INTO person_name_words (word, person_id)
    SELECT w.value, p.id FROM people AS p, json_each(danvan_name_words(p.full_name)) AS w;
    UPDATE person_summary SET last_activity = MAX(COALESCE(last_activity, ''), x.started)
    FROM (SELECT person_id, MAX(started_at) AS started FROM attempts
          WHERE course_id IS NULL AND practice = 0 GROUP BY person_id) AS x
    WHERE person_summary.person_id = x.person_id;
";

/// The xAPI changes and delta owners [`TRIGGERS`] and the answer triggers' per-attempt work
/// would have written, after the recount: each record's row moved to a new sequence number
/// (deleted, then inserted in the order of its key).
pub(crate) const AFTER_RECOUNT: &str = "
    DELETE FROM xapi_changes WHERE kind = 'lesson' AND EXISTS (SELECT 1 FROM lesson_progress AS l
        WHERE l.person_id = xapi_changes.person_id AND l.course_id = xapi_changes.course_id
          AND l.lesson_id = xapi_changes.lesson_id AND l.completed_at IS NOT NULL);
    INSERT INTO xapi_changes (kind, person_id, course_id, lesson_id, attempt_id, record_key)
    SELECT 'lesson', person_id, course_id, lesson_id, '',
        danvan_change_key('lesson', person_id, course_id, lesson_id, '')
    FROM lesson_progress WHERE completed_at IS NOT NULL ORDER BY person_id, course_id, lesson_id;
    DELETE FROM xapi_changes WHERE kind = 'course' AND EXISTS (SELECT 1 FROM course_completions
        AS c WHERE c.person_id = xapi_changes.person_id AND c.course_id = xapi_changes.course_id);
    INSERT INTO xapi_changes (kind, person_id, course_id, lesson_id, attempt_id, record_key)
    SELECT 'course', person_id, course_id, '', '',
        danvan_change_key('course', person_id, course_id, '', '')
    FROM course_completions ORDER BY person_id, course_id;
    DELETE FROM xapi_changes WHERE kind = 'attempt' AND EXISTS (SELECT 1 FROM attempts AS a
        WHERE a.id = xapi_changes.attempt_id AND a.practice = 0 AND a.status <> 'open');
    INSERT INTO xapi_changes (kind, person_id, course_id, lesson_id, attempt_id, record_key)
    SELECT 'attempt', '', '', '', id, danvan_change_key('attempt', '', '', '', id)
    FROM attempts WHERE practice = 0 AND status <> 'open' ORDER BY id;
    DELETE FROM bundle_changes WHERE kind = 'person' AND record_id IN (SELECT id FROM people);
    INSERT INTO bundle_changes (kind, record_id) SELECT 'person', id FROM people ORDER BY id;
";
