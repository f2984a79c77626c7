//! What a push to a learning record store reads and remembers: the records whose xAPI statements
//! changed after a sequence number (`xapi_changes`, kept by schema 9's triggers), a page at a
//! time in sequence order, each as a one-record bundle; and per LRS and scope the sequence number
//! sent through (`lrs_sent`).
//!
//! A page is read in one short read transaction, so a long push never holds the database: the
//! kit (or a merge) may write between pages. A record written meanwhile gets a sequence number
//! above the push's upper bound, and the next push sends it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, Connection, OptionalExtension};

use super::bundle_reads::{attempt_answers, attempt_from_row, ATTEMPT_COLS};
use super::people::{person_from_row, PERSON_COLS};
use super::{now_utc, Result, Store, StoreError};
use crate::domain::bundle::{
    Bundle, BundleAttempt, BundleCompletion, BundleFilter, BundlePerson, BundleProgress, FORMAT,
    VERSION,
};

/// Which records a push sends: those of the people of a unit tree (None: everyone), of a
/// course, with activity on the filter's days, exactly as `Store::bundle_records` selects them.
#[derive(Debug, Clone)]
pub struct PushSelection {
    units: Option<BTreeSet<String>>,
    filter: BundleFilter,
}

/// A record whose statements changed: its sequence number and the record alone in a bundle
/// (with its person), which `io::xapi` turns into statements.
#[derive(Debug, Clone)]
pub struct ChangedRecord {
    pub seq: i64,
    pub bundle: Bundle,
}

/// One page of changes.
#[derive(Debug, Clone, Default)]
pub struct ChangePage {
    /// The records still there and selected, in sequence order.
    pub records: Vec<ChangedRecord>,
    /// The sequence number of the last change read (selected or not); the next page starts
    /// after it. `None` when there was none left.
    pub last: Option<i64>,
    /// How many changes were read.
    pub read: usize,
}

/// A bundle of one person, for one of their records to be added.
fn one(person: BundlePerson) -> Bundle {
    Bundle {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: String::new(),
        source_db: String::new(),
        demo: false,
        units: Vec::new(),
        people: vec![person],
        lesson_progress: Vec::new(),
        course_completions: Vec::new(),
        attempts: Vec::new(),
        assessments: Vec::new(),
    }
}

/// People read for a page, by id (`None`: not there, or outside the selected units).
struct People<'c> {
    conn: &'c Connection,
    units: &'c Option<BTreeSet<String>>,
    seen: HashMap<String, Option<BundlePerson>>,
}

impl People<'_> {
    fn get(&mut self, id: &str) -> Result<Option<BundlePerson>> {
        if let Some(p) = self.seen.get(id) {
            return Ok(p.clone());
        }
        let person = self
            .conn
            .prepare_cached(&format!("SELECT {PERSON_COLS} FROM people WHERE id = ?1"))?
            .query_row([id], person_from_row)
            .optional()?
            .map(BundlePerson::from)
            .filter(|p| match self.units {
                None => true,
                Some(set) => p.unit_id.as_ref().is_some_and(|u| set.contains(u)),
            });
        self.seen.insert(id.to_string(), person.clone());
        Ok(person)
    }
}

fn lesson(
    conn: &Connection,
    person: &str,
    course: &str,
    lesson: &str,
) -> Result<Option<BundleProgress>> {
    Ok(conn
        .prepare_cached(
            "SELECT person_id, course_id, course_version, lesson_id, top_block, completed_at, opened_at
             FROM lesson_progress WHERE person_id = ?1 AND course_id = ?2 AND lesson_id = ?3",
        )?
        .query_row(params![person, course, lesson], |r| {
            Ok(BundleProgress {
                person_id: r.get(0)?,
                course_id: r.get(1)?,
                course_version: r.get(2)?,
                lesson_id: r.get(3)?,
                top_block: r.get::<_, i64>(4)?.clamp(0, u32::MAX as i64) as u32,
                completed_at: r.get(5)?,
                opened_at: r.get(6)?,
            })
        })
        .optional()?)
}

fn completion(conn: &Connection, person: &str, course: &str) -> Result<Option<BundleCompletion>> {
    Ok(conn
        .prepare_cached(
            "SELECT person_id, course_id, course_version, completed_at, best_percent
             FROM course_completions WHERE person_id = ?1 AND course_id = ?2",
        )?
        .query_row(params![person, course], |r| {
            Ok(BundleCompletion {
                person_id: r.get(0)?,
                course_id: r.get(1)?,
                course_version: r.get(2)?,
                completed_at: r.get(3)?,
                best_percent: r.get(4)?,
            })
        })
        .optional()?)
}

/// A finished official attempt with its answers; `None` for an open or practice one.
fn attempt(conn: &Connection, id: &str) -> Result<Option<BundleAttempt>> {
    // The bundle's own reading of an attempt row (`bundle_reads`), for one attempt.
    let head = conn
        .prepare_cached(&format!(
            "SELECT {ATTEMPT_COLS} FROM attempts a
             WHERE a.id = ?1 AND a.practice = 0 AND a.status <> 'open'"
        ))?
        .query_row([id], attempt_from_row)
        .optional()?;
    let Some(mut a) = head else { return Ok(None) };
    a.answers = attempt_answers(conn, &a.id)?;
    Ok(Some(a))
}

impl PushSelection {
    fn course(&self, course: Option<&str>) -> bool {
        self.filter
            .course
            .as_deref()
            .is_none_or(|f| course == Some(f))
    }

    /// The record of one change, if it still yields statements and is selected.
    fn record(
        &self,
        conn: &Connection,
        people: &mut People,
        kind: &str,
        key: [&str; 4],
    ) -> Result<Option<Bundle>> {
        let [person_id, course_id, lesson_id, attempt_id] = key;
        let f = &self.filter;
        match kind {
            "lesson" => {
                let Some(p) = lesson(conn, person_id, course_id, lesson_id)? else {
                    return Ok(None);
                };
                let days = f.covers_day(&p.opened_at)
                    || p.completed_at.as_deref().is_some_and(|c| f.covers_day(c));
                if p.completed_at.is_none() || !self.course(Some(&p.course_id)) || !days {
                    return Ok(None);
                }
                Ok(people.get(&p.person_id)?.map(|person| Bundle {
                    lesson_progress: vec![p],
                    ..one(person)
                }))
            }
            "attempt" => {
                let Some(a) = attempt(conn, attempt_id)? else {
                    return Ok(None);
                };
                let day = a.ended_at.as_deref().unwrap_or(&a.started_at);
                if !self.course(a.course_id.as_deref()) || !f.covers_day(day) {
                    return Ok(None);
                }
                Ok(people.get(&a.person_id)?.map(|person| Bundle {
                    attempts: vec![a],
                    ..one(person)
                }))
            }
            "course" => {
                let Some(c) = completion(conn, person_id, course_id)? else {
                    return Ok(None);
                };
                if !self.course(Some(&c.course_id)) || !f.covers_day(&c.completed_at) {
                    return Ok(None);
                }
                Ok(people.get(&c.person_id)?.map(|person| Bundle {
                    course_completions: vec![c],
                    ..one(person)
                }))
            }
            _ => Ok(None),
        }
    }
}

impl Store {
    /// The selection a push with `filter` sends; the unit (by code) must exist.
    pub fn push_selection(&self, filter: &BundleFilter) -> Result<PushSelection> {
        self.reading(|| {
            let Some(code) = &filter.unit else {
                return Ok(PushSelection {
                    units: None,
                    filter: filter.clone(),
                });
            };
            let code = crate::domain::text::nfc(code.trim());
            let conn = self.conn();
            let root: Option<String> = conn
                .query_row("SELECT id FROM units WHERE code = ?1", [&code], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(root) = root else {
                return Err(StoreError::Invalid {
                    field: "unit",
                    value: code,
                });
            };
            let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut stmt =
                conn.prepare("SELECT id, parent_id FROM units WHERE parent_id IS NOT NULL")?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, parent) = row?;
                children.entry(parent).or_default().push(id);
            }
            let mut tree = BTreeSet::new();
            let mut todo = vec![root];
            while let Some(id) = todo.pop() {
                if let Some(c) = children.get(&id) {
                    todo.extend(c.iter().filter(|c| !tree.contains(*c)).cloned());
                }
                tree.insert(id);
            }
            Ok(PushSelection {
                units: Some(tree),
                filter: filter.clone(),
            })
        })
    }

    /// The highest sequence number given so far (0 when none): a push's upper bound.
    pub fn xapi_last_change(&self) -> Result<i64> {
        self.reading(|| {
            Ok(self.conn().query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM xapi_changes",
                [],
                |r| r.get(0),
            )?)
        })
    }

    /// How many changes have a sequence number in `after+1 ..= through`.
    pub fn xapi_changes_count(&self, after: i64, through: i64) -> Result<u64> {
        self.reading(|| {
            Ok(self.conn().query_row(
                "SELECT COUNT(*) FROM xapi_changes WHERE seq > ?1 AND seq <= ?2",
                params![after, through],
                |r| r.get::<_, i64>(0),
            )? as u64)
        })
    }

    /// Up to `limit` changes with a sequence number in `after+1 ..= through`, in order, with
    /// the records they name as `selection` selects them.
    pub fn xapi_changes_page(
        &self,
        selection: &PushSelection,
        after: i64,
        through: i64,
        limit: usize,
    ) -> Result<ChangePage> {
        let snapshot = self.conn().unchecked_transaction()?;
        let conn: &Connection = &snapshot;
        let changes: Vec<(i64, String, [String; 4])> = conn
            .prepare_cached(
                "SELECT seq, kind, person_id, course_id, lesson_id, attempt_id FROM xapi_changes
                 WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3",
            )?
            .query_map(params![after, through, limit as i64], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut people = People {
            conn,
            units: &selection.units,
            seen: HashMap::new(),
        };
        let mut page = ChangePage {
            last: changes.last().map(|c| c.0),
            read: changes.len(),
            records: Vec::new(),
        };
        for (seq, kind, key) in &changes {
            let key = [
                key[0].as_str(),
                key[1].as_str(),
                key[2].as_str(),
                key[3].as_str(),
            ];
            if let Some(bundle) = selection.record(conn, &mut people, kind, key)? {
                page.records.push(ChangedRecord { seq: *seq, bundle });
            }
        }
        Ok(page)
    }

    /// The sequence number the LRS at `endpoint` has been sent through for `scope` (0: never).
    pub fn lrs_sent_through(&self, endpoint: &str, scope: &str) -> Result<i64> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    "SELECT sent_through FROM lrs_sent WHERE endpoint = ?1 AND scope = ?2",
                    [endpoint, scope],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0))
        })
    }

    /// Remember that every record up to `through` was stored by (or already in) the LRS at
    /// `endpoint` for `scope`. The mark never goes back.
    pub fn record_lrs_sent(&mut self, endpoint: &str, scope: &str, through: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO lrs_sent (endpoint, scope, sent_through, pushed_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (endpoint, scope) DO UPDATE SET
                    sent_through = MAX(sent_through, excluded.sent_through),
                    pushed_at = excluded.pushed_at",
                params![endpoint, scope, through, now_utc()],
            )?;
            Ok(())
        })
    }
}
