//! The migration from schema 7: danvan 0.1.0 stored content hashes as FNV-1a over the `Debug`
//! text of the model (`legacy_hashes.tsv`). Each stored hash found in that table is rewritten to
//! the canonical v2 hash of the same, released content (`released_hashes.tsv`, made from the
//! pack as released by `examples/released_hashes.rs`): an attempt's from the
//! released hashes of the questions on its stored paper, an assessment's to the released
//! checklist's. So the upgrade itself closes no open attempt; a content edit made since then
//! closes only the attempts whose drawn questions it changed. A hash not in the table is left as
//! it is (it then counts as changed, as before).

use std::collections::HashMap;

use rusqlite::{params, Transaction};

use crate::domain::content::canon;
use crate::domain::quiz::Paper;
use crate::store::Result;

const LEGACY: &str = include_str!("legacy_hashes.tsv");
const RELEASED: &str = include_str!("released_hashes.tsv");

/// The SQL half of the migration: nothing; `run` does the work.
pub(super) const SQL: &str =
    "-- content hashes v2: the Rust step legacy_hashes::run rewrites legacy hashes\n";

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// The released v2 hashes: quiz settings, questions by (bank, id), checklists.
#[derive(Default)]
pub(crate) struct Released {
    quizzes: HashMap<String, String>,
    questions: HashMap<(String, String), String>,
    checklists: HashMap<String, String>,
}

impl Released {
    pub(crate) fn parse() -> Released {
        let mut r = Released::default();
        for f in rows(RELEASED) {
            match f.as_slice() {
                ["quiz", id, h] => {
                    r.quizzes.insert(id.to_string(), h.to_string());
                }
                ["question", bank, id, h] => {
                    r.questions
                        .insert((bank.to_string(), id.to_string()), h.to_string());
                }
                ["checklist", id, h] => {
                    r.checklists.insert(id.to_string(), h.to_string());
                }
                _ => {}
            }
        }
        r
    }

    /// The v2 hash of an attempt on released quiz `quiz` with `paper`, if everything on it was
    /// released.
    pub(crate) fn attempt_hash(&self, quiz: &str, paper: &Paper) -> Option<String> {
        let settings = self.quizzes.get(quiz)?;
        let questions = paper
            .items
            .iter()
            .map(|i| {
                self.questions
                    .get(&(i.bank.clone(), i.question.clone()))
                    .map(String::as_str)
            })
            .collect::<Option<Vec<&str>>>()?;
        Some(canon::attempt_hash(settings, questions))
    }
}

/// Legacy hashes by (kind, id), and the released v2 hashes, parsed once.
struct Tables {
    legacy: HashMap<(String, String), String>,
    released: Released,
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| Tables {
        legacy: rows(LEGACY)
            .filter_map(|f| match f.as_slice() {
                [kind, id, _version, legacy] => {
                    Some(((kind.to_string(), id.to_string()), legacy.to_string()))
                }
                _ => None,
            })
            .collect(),
        released: Released::parse(),
    })
}

/// For a record arriving in a bundle from a machine still on danvan 0.1.0: the v2 hash of an
/// attempt whose stored hash is the released legacy hash of its quiz, so merging it here does
/// what upgrading there would have done. None for any other hash (kept as it came).
pub(crate) fn upgraded_attempt_hash(
    quiz: &str,
    stored: &str,
    seed: i64,
    paper: &str,
) -> Option<String> {
    let t = tables();
    if t.legacy.get(&("quiz".to_string(), quiz.to_string()))? != stored {
        return None;
    }
    let paper = Paper::decode(quiz, seed as u64, paper)?;
    t.released.attempt_hash(quiz, &paper)
}

/// The same for an assessment: the released checklist's v2 hash for its released legacy hash.
pub(crate) fn upgraded_checklist_hash(checklist: &str, stored: &str) -> Option<String> {
    let t = tables();
    if t.legacy
        .get(&("checklist".to_string(), checklist.to_string()))?
        != stored
    {
        return None;
    }
    t.released.checklists.get(checklist).cloned()
}

pub(super) fn run(tx: &Transaction) -> Result<()> {
    let t = tables();
    let released = &t.released;
    for ((kind, id), legacy) in &t.legacy {
        let id = id.as_str();
        match kind.as_str() {
            "quiz" => {
                let found: Vec<(String, i64, String)> = {
                    let mut stmt = tx.prepare(
                        "SELECT id, seed, paper FROM attempts WHERE quiz_id = ?1 AND content_hash = ?2",
                    )?;
                    let rows = stmt
                        .query_map(params![id, legacy], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                        })?
                        .collect::<std::result::Result<_, _>>()?;
                    rows
                };
                let mut update =
                    tx.prepare("UPDATE attempts SET content_hash = ?2 WHERE id = ?1")?;
                for (attempt, seed, paper) in found {
                    let new = Paper::decode(id, seed as u64, &paper)
                        .and_then(|p| released.attempt_hash(id, &p));
                    if let Some(new) = new {
                        update.execute(params![attempt, new])?;
                    }
                }
            }
            "checklist" => {
                if let Some(new) = released.checklists.get(id) {
                    tx.execute(
                        "UPDATE assessments SET content_hash = ?3
                         WHERE checklist_id = ?1 AND content_hash = ?2",
                        params![id, legacy, new],
                    )?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
