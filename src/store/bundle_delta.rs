//! Delta bundles: the owners (units, people, self-assessments) whose records changed after a
//! sequence number of `bundle_changes` (schema 15, kept by triggers on every record a bundle
//! carries, merges included), read as a bundle of the same shape and order as a full one, and
//! per recipient database the number it was last sent through (`bundle_exports`).
//!
//! A changed person travels with all their records (profile, lesson progress, completions,
//! finished attempts with their answers), so a completion still brings its evidence; a changed
//! self-assessment travels whole; the units travel that a changed unit, person or
//! self-assessment needs, with the units above them, so the delta merges on its own. A delta is
//! a subset of the full bundle taken at the same moment: any merge accepts it.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, Connection};

use super::bundle_reads::{
    all_units, attempt_answers, attempt_from_row, completion_from_row, load_assessment,
    progress_from_row, stored_database_id, Stop, ATTEMPT_COLS, COMPLETION_COLS, PROGRESS_COLS,
};
use super::people::{person_from_row, PERSON_COLS};
use super::{now_utc, Result, Store};
use crate::domain::bundle::{BundleCounts, BundlePerson, BundleRecord};

/// The owners of one kind changed in `?1 < seq <= ?2`.
fn changed(kind: &str) -> String {
    format!("SELECT record_id FROM bundle_changes WHERE kind = '{kind}' AND seq > ?1 AND seq <= ?2")
}

impl Store {
    /// Move the export mark to the top of `bundle_changes` and return its number: every change
    /// made before is at or below it, every change made after (even to the owner written last)
    /// above it. An export takes it first, then reads, and is bounded by it.
    pub fn bundle_mark(&self) -> Result<i64> {
        self.write_now(|c| {
            c.execute(
                "DELETE FROM bundle_changes WHERE kind = 'mark' AND record_id = ''",
                [],
            )?;
            c.execute(
                "INSERT INTO bundle_changes (kind, record_id) VALUES ('mark', '')",
                [],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// The number the database `recipient` was last sent a bundle through (None: never).
    pub fn bundle_sent_through(&self, recipient: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT last_seq FROM bundle_exports WHERE recipient = ?1",
                    [recipient],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    /// Remember that `recipient` was sent every owner changed through `through` (after the
    /// file was written whole). The number never goes back.
    pub fn record_bundle_export(&self, recipient: &str, through: i64) -> Result<()> {
        self.write_now(|c| {
            c.execute(
                "INSERT INTO bundle_exports (recipient, last_seq, exported_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (recipient) DO UPDATE SET
                    last_seq = MAX(last_seq, excluded.last_seq), exported_at = excluded.exported_at",
                params![recipient, through, now_utc()],
            )?;
            Ok(())
        })
    }

    /// The records of the owners changed in `since < seq <= through`, in a full bundle's order,
    /// handed to `each` one at a time inside one read transaction (as
    /// [`Store::stream_bundle_records`] does). The outer error is the database's, the inner
    /// one `each`'s.
    pub fn stream_bundle_delta<E>(
        &self,
        since: i64,
        through: i64,
        mut each: impl FnMut(BundleRecord) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<BundleCounts, E>> {
        self.reading(|| {
            let snapshot = self.conn().unchecked_transaction()?;
            let mut counts = BundleCounts::default();
            let mut emit = |r: BundleRecord| {
                counts.add(&r);
                each(r).map_err(Stop::Sink)
            };
            match delta(&snapshot, since, through, &mut emit) {
                Ok(()) => Ok(Ok(counts)),
                Err(Stop::Store(e)) => Err(e),
                Err(Stop::Sink(e)) => Ok(Err(e)),
            }
        })
    }
}

/// The body of [`Store::stream_bundle_delta`].
fn delta<E>(
    conn: &Connection,
    since: i64,
    through: i64,
    emit: &mut impl FnMut(BundleRecord) -> std::result::Result<(), Stop<E>>,
) -> std::result::Result<(), Stop<E>> {
    let range = params![since, through];
    let people = changed("person");
    let assessments = changed("assessment");
    // The units to send: those changed, and those a changed person or self-assessment is in.
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for sql in [
        changed("unit"),
        format!("SELECT unit_id FROM people WHERE unit_id IS NOT NULL AND id IN ({people})"),
        format!("SELECT unit_id FROM assessments WHERE id IN ({assessments})"),
    ] {
        let mut stmt = conn.prepare(&sql)?;
        let ids = stmt.query_map(range, |r| r.get::<_, String>(0))?;
        for id in ids {
            wanted.insert(id?);
        }
    }
    let units = all_units(conn)?;
    let parent: HashMap<&str, Option<&str>> = units
        .iter()
        .map(|u| (u.id.as_str(), u.parent_id.as_deref()))
        .collect();
    // With the units above them, so the tree stays whole wherever the delta is merged.
    let mut keep = BTreeSet::new();
    for id in &wanted {
        let mut at = Some(id.as_str());
        while let Some(u) = at {
            if !parent.contains_key(u) || !keep.insert(u.to_string()) {
                break;
            }
            at = parent.get(u).copied().flatten();
        }
    }
    for u in units.into_iter().filter(|u| keep.contains(&u.id)) {
        emit(BundleRecord::Unit(u))?;
    }

    let here = stored_database_id(conn)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLS}, origin FROM people WHERE id IN ({people}) ORDER BY id"
    ))?;
    let mut rows = stmt.query(range)?;
    while let Some(r) = rows.next()? {
        let origin: Option<String> = r.get(8)?;
        let p = BundlePerson {
            origin: Some(origin.unwrap_or_else(|| here.clone())),
            ..BundlePerson::from(person_from_row(r)?)
        };
        emit(BundleRecord::Person(p))?;
    }
    drop(rows);

    let mut stmt = conn.prepare(&format!(
        "SELECT {PROGRESS_COLS} FROM lesson_progress lp WHERE lp.person_id IN ({people})
         ORDER BY lp.person_id, lp.course_id, lp.lesson_id"
    ))?;
    let mut rows = stmt.query(range)?;
    while let Some(r) = rows.next()? {
        emit(BundleRecord::Lesson(progress_from_row(r)?))?;
    }
    drop(rows);

    let mut stmt = conn.prepare(&format!(
        "SELECT {COMPLETION_COLS} FROM course_completions cc WHERE cc.person_id IN ({people})
         ORDER BY cc.person_id, cc.course_id"
    ))?;
    let mut rows = stmt.query(range)?;
    while let Some(r) = rows.next()? {
        emit(BundleRecord::Completion(completion_from_row(r)?))?;
    }
    drop(rows);

    let mut stmt = conn.prepare(&format!(
        "SELECT {ATTEMPT_COLS} FROM attempts a
         WHERE a.status <> 'open' AND a.person_id IN ({people}) ORDER BY a.id"
    ))?;
    let mut rows = stmt.query(range)?;
    while let Some(r) = rows.next()? {
        let mut a = attempt_from_row(r)?;
        a.answers = attempt_answers(conn, &a.id)?;
        emit(BundleRecord::Attempt(a))?;
    }
    drop(rows);

    let mut stmt = conn.prepare(&format!("{assessments} ORDER BY record_id"))?;
    let ids: Vec<String> = stmt
        .query_map(range, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        if let Some(a) = load_assessment(conn, &id)? {
            emit(BundleRecord::Assessment(a))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::NewPerson;

    fn person(store: &mut Store, name: &str) -> String {
        store
            .add_person(&NewPerson {
                full_name: name.into(),
                ..Default::default()
            })
            .unwrap()
            .id
    }

    fn people_in(store: &Store, since: i64, through: i64) -> Vec<String> {
        let mut names = Vec::new();
        store
            .stream_bundle_delta(since, through, |r| {
                if let BundleRecord::Person(p) = r {
                    names.push(p.full_name);
                }
                Ok::<_, ()>(())
            })
            .unwrap()
            .unwrap();
        names
    }

    #[test]
    fn a_delta_holds_the_people_written_after_the_mark_even_the_one_written_last() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("d.db")).unwrap();
        person(&mut store, "Lê Văn An");
        let b = person(&mut store, "Trần Thị Bình");
        let first = store.bundle_mark().unwrap();
        assert_eq!(people_in(&store, 0, first).len(), 2);
        // Bình is the owner written last: without the mark, the guard would skip her.
        store
            .conn()
            .execute(
                "UPDATE people SET position = 'Chủ tịch' WHERE id = ?1",
                [&b],
            )
            .unwrap();
        let second = store.bundle_mark().unwrap();
        assert!(second > first);
        assert_eq!(people_in(&store, first, second), vec!["Trần Thị Bình"]);
        let third = store.bundle_mark().unwrap();
        assert!(people_in(&store, second, third).is_empty());
        store.record_bundle_export("db-x", second).unwrap();
        store.record_bundle_export("db-x", first).unwrap();
        assert_eq!(store.bundle_sent_through("db-x").unwrap(), Some(second));
        assert_eq!(store.bundle_sent_through("db-y").unwrap(), None);
    }
}
