//! Yearly self-assessments. Every edit is saved when made; finalizing locks an assessment and
//! keeps a copy of what was finalized; reopening needs a reason, and the history is never
//! overwritten.

use super::{now_utc, Result, Store, StoreError};
use crate::domain::assessment::record::{
    Assessment, AssessmentStatus, CriterionAnswer, Edit, EvidenceFile, FileState,
    FinalizedSnapshot, FinalizedVersion,
};
use crate::domain::assessment::Answer;
use crate::domain::content::Rescale;
use crate::domain::text::{has_controls, nfc, strip_controls};
use rusqlite::{params, OptionalExtension, Row};

/// The columns `from_row` reads.
pub(super) const COLS: &str =
    "id, unit_id, year, checklist_id, checklist_version, content_hash, status,
                    finalized_by, finalized_at, created_at, updated_at";

pub(super) fn from_row(r: &Row) -> rusqlite::Result<Assessment> {
    let status: String = r.get(6)?;
    Ok(Assessment {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        year: r.get(2)?,
        checklist_id: r.get(3)?,
        checklist_version: r.get(4)?,
        content_hash: r.get(5)?,
        status: if status == "final" {
            AssessmentStatus::Final
        } else {
            AssessmentStatus::Draft
        },
        finalized_by: r.get(7)?,
        finalized_at: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

fn answer_from_row(r: &Row) -> rusqlite::Result<CriterionAnswer> {
    let answer: String = r.get(1)?;
    Ok(CriterionAnswer {
        criterion_id: r.get(0)?,
        answer: Answer::parse(&answer).unwrap_or(Answer::Unanswered),
        evidence: r.get(2)?,
        note: r.get(3)?,
        from_last_year: r.get::<_, i64>(4)? != 0,
        changed_by: r.get(5)?,
        changed_at: r.get(6)?,
    })
}

fn ensure_draft(tx: &rusqlite::Transaction, id: &str) -> Result<()> {
    let (status, year): (String, i32) = tx.query_row(
        "SELECT status, year FROM assessments WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if status == "final" {
        return Err(StoreError::Locked {
            what: year.to_string(),
        });
    }
    Ok(())
}

impl Store {
    /// Start a unit's assessment for a year: empty, or with last year's answers copied and
    /// marked "from last year" until confirmed.
    pub fn create_assessment(
        &mut self,
        unit_id: &str,
        year: i32,
        checklist_id: &str,
        checklist_version: &str,
        content_hash: &str,
        from_last_year: bool,
    ) -> Result<Assessment> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = now_utc();
        self.write(|tx| {
            let exists: Option<String> = tx
                .query_row(
                    "SELECT id FROM assessments WHERE unit_id = ?1 AND year = ?2 AND checklist_id = ?3",
                    params![unit_id, year, checklist_id],
                    |r| r.get(0),
                )
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::Duplicate {
                    field: "year",
                    value: year.to_string(),
                });
            }
            tx.execute(
                "INSERT INTO assessments (id, unit_id, year, checklist_id, checklist_version, content_hash, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?7)",
                params![id, unit_id, year, checklist_id, checklist_version, content_hash, now],
            )?;
            if from_last_year {
                let previous: Option<String> = tx
                    .query_row(
                        "SELECT id FROM assessments WHERE unit_id = ?1 AND year = ?2 AND checklist_id = ?3",
                        params![unit_id, year - 1, checklist_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(prev) = previous {
                    tx.execute(
                        "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, evidence, note, from_last_year, changed_by, changed_at)
                         SELECT ?1, criterion_id, answer, evidence, note, 1, changed_by, ?3
                         FROM assessment_answers WHERE assessment_id = ?2 AND answer <> 'unanswered'",
                        params![id, prev, now],
                    )?;
                }
            }
            Ok(())
        })?;
        self.assessment(&id)?
            .ok_or(StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    pub fn assessment(&self, id: &str) -> Result<Option<Assessment>> {
        self.reading(|| {
            Ok(self
                .conn()
                .query_row(
                    &format!("SELECT {COLS} FROM assessments WHERE id = ?1"),
                    [id],
                    from_row,
                )
                .optional()?)
        })
    }

    pub fn assessment_for(
        &self,
        unit_id: &str,
        year: i32,
        checklist_id: &str,
    ) -> Result<Option<Assessment>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLS} FROM assessments WHERE unit_id = ?1 AND year = ?2 AND checklist_id = ?3"),
                params![unit_id, year, checklist_id],
                from_row,
            )
            .optional()?)
    }

    /// A unit's assessments, newest year first.
    pub fn assessments_of_unit(&self, unit_id: &str) -> Result<Vec<Assessment>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {COLS} FROM assessments WHERE unit_id = ?1 ORDER BY year DESC"
            ))?;
            let rows = stmt
                .query_map([unit_id], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Every assessment of a year, for the summary across units.
    pub fn assessments_of_year(&self, year: i32) -> Result<Vec<Assessment>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {COLS} FROM assessments WHERE year = ?1 ORDER BY unit_id"
            ))?;
            let rows = stmt
                .query_map([year], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    pub fn criterion_answers(&self, assessment_id: &str) -> Result<Vec<CriterionAnswer>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(
            "SELECT criterion_id, answer, evidence, note, from_last_year, changed_by, changed_at
             FROM assessment_answers WHERE assessment_id = ?1 ORDER BY criterion_id",
        )?;
            let rows = stmt
                .query_map([assessment_id], answer_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Save one edit of a criterion at once. Refused when the assessment is finalized. Any edit
    /// confirms an answer copied from last year.
    pub fn edit_criterion(
        &mut self,
        assessment_id: &str,
        criterion_id: &str,
        edit: &Edit,
        by: Option<&str>,
    ) -> Result<()> {
        let now = now_utc();
        self.write(|tx| {
            ensure_draft(tx, assessment_id)?;
            tx.execute(
                "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, changed_by, changed_at)
                 VALUES (?1, ?2, 'unanswered', ?3, ?4)
                 ON CONFLICT(assessment_id, criterion_id) DO NOTHING",
                params![assessment_id, criterion_id, by, now],
            )?;
            if let Some(a) = edit.answer {
                tx.execute(
                    "UPDATE assessment_answers SET answer = ?3 WHERE assessment_id = ?1 AND criterion_id = ?2",
                    params![assessment_id, criterion_id, a.key()],
                )?;
            }
            if let Some(e) = &edit.evidence {
                tx.execute(
                    "UPDATE assessment_answers SET evidence = ?3 WHERE assessment_id = ?1 AND criterion_id = ?2",
                    params![assessment_id, criterion_id, nfc(&strip_controls(e, true))],
                )?;
            }
            if let Some(n) = &edit.note {
                tx.execute(
                    "UPDATE assessment_answers SET note = ?3 WHERE assessment_id = ?1 AND criterion_id = ?2",
                    params![assessment_id, criterion_id, nfc(&strip_controls(n, true))],
                )?;
            }
            tx.execute(
                "UPDATE assessment_answers SET from_last_year = 0, changed_by = ?3, changed_at = ?4
                 WHERE assessment_id = ?1 AND criterion_id = ?2",
                params![assessment_id, criterion_id, by, now],
            )?;
            tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![assessment_id, now])?;
            Ok(())
        })
    }

    /// Attach an evidence file: its path and fingerprint (the caller's `sha256`, in hex), so a
    /// later change to it shows.
    pub fn attach_evidence(
        &mut self,
        assessment_id: &str,
        criterion_id: &str,
        path: &std::path::Path,
        by: Option<&str>,
        sha256: impl FnOnce(&std::path::Path) -> std::io::Result<String>,
    ) -> Result<EvidenceFile> {
        // A path is kept as it is (cleaning it would name another file): one that holds control
        // characters is refused rather than stored and later printed.
        let shown = path.to_string_lossy();
        if has_controls(&shown, false) {
            return Err(StoreError::Invalid {
                field: "path",
                value: strip_controls(&shown, false),
            });
        }
        let sha256 = sha256(path).map_err(|source| StoreError::Io {
            path: path.into(),
            source,
        })?;
        let file = EvidenceFile {
            criterion_id: criterion_id.to_string(),
            path: nfc(&path.to_string_lossy()),
            sha256,
            added_by: by.map(str::to_string),
            added_at: now_utc(),
        };
        self.write(|tx| {
            ensure_draft(tx, assessment_id)?;
            tx.execute(
                "INSERT INTO evidence_files (assessment_id, criterion_id, path, sha256, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(assessment_id, criterion_id, path) DO UPDATE SET sha256 = excluded.sha256,
                   added_by = excluded.added_by, added_at = excluded.added_at",
                params![assessment_id, criterion_id, file.path, file.sha256, file.added_by, file.added_at],
            )?;
            Ok(())
        })?;
        Ok(file)
    }

    pub fn evidence_files(&self, assessment_id: &str) -> Result<Vec<EvidenceFile>> {
        self.reading(|| {
            let mut stmt = self.conn().prepare(
                "SELECT criterion_id, path, sha256, added_by, added_at FROM evidence_files
             WHERE assessment_id = ?1 ORDER BY criterion_id, path",
            )?;
            let rows = stmt
                .query_map([assessment_id], |r| {
                    Ok(EvidenceFile {
                        criterion_id: r.get(0)?,
                        path: r.get(1)?,
                        sha256: r.get(2)?,
                        added_by: r.get(3)?,
                        added_at: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Finalize: lock the assessment and keep a copy of what was finalized, with its score.
    pub fn finalize_assessment(
        &mut self,
        assessment_id: &str,
        by: Option<&str>,
        score_hundredths: u64,
        band: Option<&str>,
        rule: Rescale,
    ) -> Result<()> {
        let answers = self.criterion_answers(assessment_id)?;
        let files = self.evidence_files(assessment_id)?;
        let snapshot = serde_json::to_string(&FinalizedSnapshot {
            answers,
            files,
            rule: Some(rule.key().to_string()),
        })
        .unwrap_or_default();
        let now = now_utc();
        self.write(|tx| {
            ensure_draft(tx, assessment_id)?;
            let version: i64 = tx.query_row(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM assessment_versions WHERE assessment_id = ?1",
                [assessment_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO assessment_versions (id, assessment_id, version, finalized_by, finalized_at, score_hundredths, band, snapshot)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    uuid::Uuid::new_v4().to_string(),
                    assessment_id,
                    version,
                    by,
                    now,
                    score_hundredths as i64,
                    band,
                    snapshot
                ],
            )?;
            tx.execute(
                "UPDATE assessments SET status = 'final', finalized_by = ?2, finalized_at = ?3, updated_at = ?3 WHERE id = ?1",
                params![assessment_id, by, now],
            )?;
            Ok(())
        })
    }

    /// Reopen a finalized assessment. The reason is required and kept with the finalized version.
    pub fn reopen_assessment(
        &mut self,
        assessment_id: &str,
        by: Option<&str>,
        reason: &str,
    ) -> Result<()> {
        let reason = crate::domain::text::clean_name(reason);
        if reason.is_empty() {
            return Err(StoreError::Invalid {
                field: "reason",
                value: reason,
            });
        }
        let now = now_utc();
        self.write(|tx| {
            let status: String = tx.query_row("SELECT status FROM assessments WHERE id = ?1", [assessment_id], |r| r.get(0))?;
            if status != "final" {
                return Err(StoreError::Invalid {
                    field: "status",
                    value: status,
                });
            }
            tx.execute(
                "UPDATE assessment_versions SET reopened_by = ?2, reopened_at = ?3, reopen_reason = ?4
                 WHERE assessment_id = ?1 AND version = (SELECT MAX(version) FROM assessment_versions WHERE assessment_id = ?1)",
                params![assessment_id, by, now, reason],
            )?;
            tx.execute(
                "UPDATE assessments SET status = 'draft', finalized_by = NULL, finalized_at = NULL, updated_at = ?2 WHERE id = ?1",
                params![assessment_id, now],
            )?;
            Ok(())
        })
    }

    /// The score, band and rule of an assessment's latest finalized version (None if it was never
    /// finalized). A finalized assessment is shown with these, not rescored.
    pub fn finalized_score(
        &self,
        assessment_id: &str,
    ) -> Result<Option<(u64, Option<String>, Rescale)>> {
        let row: Option<(i64, Option<String>, String)> = self
            .conn()
            .query_row(
                "SELECT score_hundredths, band, snapshot FROM assessment_versions
                 WHERE assessment_id = ?1 ORDER BY version DESC LIMIT 1",
                [assessment_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(row.map(|(hundredths, band, snapshot)| {
            let rule = serde_json::from_str::<FinalizedSnapshot>(&snapshot)
                .map(|s| s.rule())
                .unwrap_or(Rescale::AllCriteria);
            (hundredths.max(0) as u64, band, rule)
        }))
    }

    /// Every finalized version, oldest first.
    pub fn assessment_history(&self, assessment_id: &str) -> Result<Vec<FinalizedVersion>> {
        self.reading(|| {
        let mut stmt = self.conn().prepare(
            "SELECT version, finalized_by, finalized_at, score_hundredths, band, snapshot, reopened_by, reopened_at, reopen_reason
             FROM assessment_versions WHERE assessment_id = ?1 ORDER BY version",
        )?;
        let rows = stmt
            .query_map([assessment_id], |r| {
                let snapshot: String = r.get(5)?;
                let snap: FinalizedSnapshot =
                    serde_json::from_str(&snapshot).unwrap_or(FinalizedSnapshot {
                        answers: vec![],
                        files: vec![],
                        rule: None,
                    });
                Ok(FinalizedVersion {
                    version: r.get(0)?,
                    finalized_by: r.get(1)?,
                    finalized_at: r.get(2)?,
                    score_hundredths: r.get::<_, i64>(3)?.max(0) as u64,
                    band: r.get(4)?,
                    rule: snap.rule(),
                    answers: snap.answers,
                    files: snap.files,
                    reopened_by: r.get(6)?,
                    reopened_at: r.get(7)?,
                    reopen_reason: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
        })
    }

    /// How each evidence file stands now against its recorded SHA-256 (`sha256` fingerprints a
    /// file as `attach_evidence` did).
    pub fn evidence_states(
        &self,
        assessment_id: &str,
        sha256: impl Fn(&std::path::Path) -> std::io::Result<String>,
    ) -> Result<Vec<(EvidenceFile, FileState)>> {
        self.states_of(self.evidence_files(assessment_id)?, sha256)
    }

    /// [`Store::evidence_states`] for the files of one criterion only.
    pub fn evidence_states_of(
        &self,
        assessment_id: &str,
        criterion_id: &str,
        sha256: impl Fn(&std::path::Path) -> std::io::Result<String>,
    ) -> Result<Vec<(EvidenceFile, FileState)>> {
        let mut files = self.evidence_files(assessment_id)?;
        files.retain(|f| f.criterion_id == criterion_id);
        self.states_of(files, sha256)
    }

    fn states_of(
        &self,
        files: Vec<EvidenceFile>,
        sha256: impl Fn(&std::path::Path) -> std::io::Result<String>,
    ) -> Result<Vec<(EvidenceFile, FileState)>> {
        Ok(files
            .into_iter()
            .map(|f| {
                let state = match sha256(std::path::Path::new(&f.path)) {
                    Ok(h) if h == f.sha256 => FileState::Unchanged,
                    Ok(_) => FileState::Changed,
                    Err(_) => FileState::Missing,
                };
                (f, state)
            })
            .collect())
    }
}
