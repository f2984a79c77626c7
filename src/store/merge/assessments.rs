//! Merging self-assessments as whole versions: which side's head wins, the finalized history
//! added to, and two different finalized versions kept aside as a conflict. An assessment of a
//! unit here that would change anything is held unless the bundle speaks for the unit (its
//! origin, or a collector: `trust`).

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rusqlite::{params, OptionalExtension};

use super::trust::NOT_FROM_ORIGIN;
use super::{cmp_time, Conflict, Merger};
use crate::domain::bundle::{BundleAssessment, BundleVersion, NAMESPACE};
use crate::domain::i18n::Msg;
use crate::store::bundle_reads::load_assessment;
use crate::store::Result;

/// Whether merging `inc` into `local` would add a finalized version or a reopening to the
/// local history (what [`Merger::merge_versions`] writes).
fn adds_versions(local: &BundleAssessment, inc: &BundleAssessment) -> bool {
    inc.versions
        .iter()
        .any(|v| match local.versions.iter().find(|m| m.id == v.id) {
            None => true,
            Some(mine) => mine.reopened_at.is_none() && v.reopened_at.is_some(),
        })
}

/// How an incoming self-assessment meets the local one.
enum Outcome {
    /// Keep the local head (adding any finalized versions it lacks).
    Keep,
    /// Take the incoming head (answers, evidence, status), keeping the local row's id.
    Take,
    /// Two different finalized versions.
    Conflict,
}

impl Merger<'_, '_> {
    /// The incoming assessment with its references mapped to local ids (for comparing and
    /// writing).
    fn localize(&self, a: &BundleAssessment) -> BundleAssessment {
        let mut a = a.clone();
        a.unit_id = self.unit_id(&a.unit_id);
        // From a 0.1.0 machine: the legacy checklist hash becomes the v2 one, as on upgrade.
        if let Some(h) =
            crate::store::schema::upgraded_checklist_hash(&a.checklist_id, &a.content_hash)
        {
            a.content_hash = h;
        }
        a.finalized_by = self.person_ref(&a.finalized_by);
        for x in &mut a.answers {
            x.changed_by = self.person_ref(&x.changed_by);
        }
        for f in &mut a.evidence_files {
            f.added_by = self.person_ref(&f.added_by);
        }
        for v in &mut a.versions {
            v.finalized_by = self.person_ref(&v.finalized_by);
            v.reopened_by = self.person_ref(&v.reopened_by);
        }
        a
    }

    pub(super) fn assessment(&mut self, original: &BundleAssessment) -> Result<()> {
        let inc = self.localize(original);
        let mut local = load_assessment(self.tx, &inc.id)?;
        if let Some(l) = &local {
            if (&l.unit_id, l.year, &l.checklist_id) != (&inc.unit_id, inc.year, &inc.checklist_id)
            {
                self.refuse(
                    "assessments",
                    &inc.id,
                    Msg::new("merge-assessment-elsewhere").arg("id", &inc.id),
                );
                return Ok(());
            }
        } else {
            let id: Option<String> = self.query_row(
                    "SELECT id FROM assessments WHERE unit_id = ?1 AND year = ?2 AND checklist_id = ?3",
                    params![inc.unit_id, inc.year, inc.checklist_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = id {
                local = load_assessment(self.tx, &id)?;
            }
        }
        let allowed = self.speaks_for_unit(&inc.unit_id)?;
        let Some(l) = local else {
            if !allowed {
                return self.hold_assessment(original, &inc);
            }
            self.insert_assessment(&inc)?;
            return Ok(());
        };
        let outcome = outcome(&l, &inc);
        if !allowed && (!matches!(outcome, Outcome::Keep) || adds_versions(&l, &inc)) {
            return self.hold_assessment(original, &inc);
        }
        match outcome {
            Outcome::Keep => {
                let head = head_version(&l).map(|v| v.id.clone());
                self.merge_versions(&l, &inc.versions, head.as_deref())?;
                self.s.assessments.skipped += 1;
            }
            Outcome::Take => {
                self.exec(
                    "UPDATE assessments SET checklist_version = ?2, content_hash = ?3, status = ?4,
                         finalized_by = ?5, finalized_at = ?6, updated_at = ?7
                     WHERE id = ?1",
                    params![
                        l.id,
                        inc.checklist_version,
                        inc.content_hash,
                        inc.status,
                        inc.finalized_by,
                        inc.finalized_at,
                        inc.updated_at
                    ],
                )?;
                self.exec(
                    "DELETE FROM assessment_answers WHERE assessment_id = ?1",
                    [&l.id],
                )?;
                self.exec(
                    "DELETE FROM evidence_files WHERE assessment_id = ?1",
                    [&l.id],
                )?;
                self.insert_head_parts(&l.id, &inc)?;
                let head = head_version(&inc).map(|v| v.id.clone());
                self.merge_versions(&l, &inc.versions, head.as_deref())?;
                self.s.assessments.updated += 1;
            }
            Outcome::Conflict => self.conflict(&l, original)?,
        }
        Ok(())
    }

    /// Keep an assessment from a database that does not speak for its unit in `merge_pending`,
    /// with its unit as known here (so accepting it finds the unit even when the bundle's unit
    /// was matched by code).
    fn hold_assessment(
        &mut self,
        original: &BundleAssessment,
        inc: &BundleAssessment,
    ) -> Result<()> {
        let held = BundleAssessment {
            unit_id: inc.unit_id.clone(),
            ..original.clone()
        };
        self.hold("assessments", &original.id, None, NOT_FROM_ORIGIN, &held)
    }

    fn insert_head_parts(&mut self, id: &str, a: &BundleAssessment) -> Result<()> {
        for x in &a.answers {
            self.exec(
                "INSERT INTO assessment_answers (assessment_id, criterion_id, answer, evidence, note,
                     from_last_year, changed_by, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    x.criterion_id,
                    x.answer,
                    x.evidence,
                    x.note,
                    x.from_last_year,
                    x.changed_by,
                    x.changed_at
                ],
            )?;
        }
        for f in &a.evidence_files {
            self.exec(
                "INSERT INTO evidence_files (assessment_id, criterion_id, path, sha256, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, f.criterion_id, f.path, f.sha256, f.added_by, f.added_at],
            )?;
        }
        Ok(())
    }

    fn insert_version(
        &mut self,
        assessment_id: &str,
        v: &BundleVersion,
        number: i64,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO assessment_versions (id, assessment_id, version, finalized_by, finalized_at,
                 score_hundredths, band, snapshot, reopened_by, reopened_at, reopen_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                v.id,
                assessment_id,
                number,
                v.finalized_by,
                v.finalized_at,
                v.score_hundredths as i64,
                v.band,
                v.snapshot,
                v.reopened_by,
                v.reopened_at,
                v.reopen_reason
            ],
        )?;
        self.s.assessment_versions.added += 1;
        Ok(())
    }

    fn insert_assessment(&mut self, a: &BundleAssessment) -> Result<()> {
        self.exec(
            "INSERT INTO assessments (id, unit_id, year, checklist_id, checklist_version, content_hash,
                 status, finalized_by, finalized_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                a.id,
                a.unit_id,
                a.year,
                a.checklist_id,
                a.checklist_version,
                a.content_hash,
                a.status,
                a.finalized_by,
                a.finalized_at,
                a.created_at,
                a.updated_at
            ],
        )?;
        self.insert_head_parts(&a.id, a)?;
        for v in &a.versions {
            if self.version_elsewhere(&a.id, v)? {
                continue;
            }
            self.insert_version(&a.id, v, v.version)?;
        }
        self.s.assessments.added += 1;
        Ok(())
    }

    /// A finalized version whose id belongs to another assessment here: refused.
    fn version_elsewhere(&mut self, assessment_id: &str, v: &BundleVersion) -> Result<bool> {
        let owner: Option<String> = self
            .query_row(
                "SELECT assessment_id FROM assessment_versions WHERE id = ?1",
                [&v.id],
                |r| r.get(0),
            )
            .optional()?;
        match owner {
            Some(o) if o != assessment_id => {
                self.refuse(
                    "assessments",
                    &v.id,
                    Msg::new("merge-assessment-elsewhere").arg("id", &v.id),
                );
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Add the finalized versions the local history lacks, and reopenings it has not heard of.
    /// `head` is the version the assessment now stands on (when finalized): it stays the highest.
    fn merge_versions(
        &mut self,
        local: &BundleAssessment,
        incoming: &[BundleVersion],
        head: Option<&str>,
    ) -> Result<()> {
        let mut numbers: BTreeSet<i64> = local.versions.iter().map(|v| v.version).collect();
        let mut renumber = false;
        let mut added = false;
        for v in incoming {
            if let Some(mine) = local.versions.iter().find(|m| m.id == v.id) {
                if mine.reopened_at.is_none() && v.reopened_at.is_some() {
                    self.exec(
                        "UPDATE assessment_versions SET reopened_by = ?2, reopened_at = ?3,
                             reopen_reason = ?4
                         WHERE id = ?1",
                        params![v.id, v.reopened_by, v.reopened_at, v.reopen_reason],
                    )?;
                    self.s.assessment_versions.updated += 1;
                } else {
                    self.s.assessment_versions.skipped += 1;
                }
                continue;
            }
            if self.version_elsewhere(&local.id, v)? {
                continue;
            }
            let number = if numbers.contains(&v.version) {
                renumber = true;
                numbers.last().copied().unwrap_or(0) + 1
            } else {
                v.version
            };
            numbers.insert(number);
            self.insert_version(&local.id, v, number)?;
            added = true;
        }
        let head_is_highest = match head {
            None => true,
            Some(h) => {
                let top: Option<String> = self
                    .query_row(
                        "SELECT id FROM assessment_versions WHERE assessment_id = ?1
                         ORDER BY version DESC LIMIT 1",
                        [&local.id],
                        |r| r.get(0),
                    )
                    .optional()?;
                top.as_deref() == Some(h)
            }
        };
        if added && (renumber || !head_is_highest) {
            self.renumber(&local.id, head)?;
        }
        Ok(())
    }

    /// Number a history that met another machine's: by finalization time, the version the
    /// assessment stands on last. Both machines number the same set the same way.
    fn renumber(&mut self, assessment_id: &str, head: Option<&str>) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, finalized_at FROM assessment_versions WHERE assessment_id = ?1",
        )?;
        let mut all = stmt
            .query_map([assessment_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        all.sort_by(|a, b| {
            let is_head = |id: &str| head == Some(id);
            is_head(&a.0)
                .cmp(&is_head(&b.0))
                .then_with(|| cmp_time(&a.1, &b.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        // Through negative numbers, so UNIQUE (assessment_id, version) holds at every step.
        for (i, (id, _)) in all.iter().enumerate() {
            self.exec(
                "UPDATE assessment_versions SET version = ?2 WHERE id = ?1",
                params![id, -(i as i64) - 1],
            )?;
        }
        self.exec(
            "UPDATE assessment_versions SET version = -version WHERE assessment_id = ?1",
            [assessment_id],
        )?;
        Ok(())
    }

    fn conflict(&mut self, local: &BundleAssessment, incoming: &BundleAssessment) -> Result<()> {
        let json = serde_json::to_string(incoming).unwrap_or_default();
        let content = serde_json::to_string(&(
            &incoming.status,
            &incoming.answers,
            &incoming.evidence_files,
            head_version(incoming).map(|v| &v.id),
        ))
        .unwrap_or_default();
        let id = uuid::Uuid::new_v5(
            &NAMESPACE,
            format!(
                "assessment-conflict {} {} {}",
                local.id,
                incoming.id,
                crate::domain::text::fingerprint(&content)
            )
            .as_bytes(),
        )
        .to_string();
        let n = self.exec(
            "INSERT OR IGNORE INTO assessment_conflicts (id, assessment_id, incoming_json, source_db, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, local.id, json, self.source_db, self.now],
        )?;
        let unit_code: String = self
            .query_row(
                "SELECT code FROM units WHERE id = ?1",
                [&local.unit_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        self.s.assessments.skipped += 1;
        self.s.conflicts.push(Conflict {
            id,
            assessment_id: local.id.clone(),
            unit_code,
            year: local.year,
            checklist_id: local.checklist_id.clone(),
            local_finalized_at: local.finalized_at.clone(),
            incoming_finalized_at: incoming.finalized_at.clone(),
            new: n > 0,
        });
        Ok(())
    }
}

const FINAL: &str = "final";

/// The finalized version an assessment stands on (its highest), when it is finalized.
fn head_version(a: &BundleAssessment) -> Option<&BundleVersion> {
    if a.status != FINAL {
        return None;
    }
    a.versions.iter().max_by_key(|v| v.version)
}

/// Whether `a` holds `version` and has moved on from it: reopened it, or finalized a later one.
fn moved_on_from(a: &BundleAssessment, version: &BundleVersion) -> bool {
    match a.versions.iter().find(|v| v.id == version.id) {
        Some(mine) => {
            mine.reopened_at.is_some() || a.versions.iter().any(|v| v.version > mine.version)
        }
        None => false,
    }
}

fn same_content(a: &BundleAssessment, b: &BundleAssessment) -> bool {
    a.status == b.status && a.answers == b.answers && a.evidence_files == b.evidence_files
}

fn outcome(local: &BundleAssessment, inc: &BundleAssessment) -> Outcome {
    if same_content(local, inc) {
        return Outcome::Keep;
    }
    if head_version(inc).is_some_and(|h| moved_on_from(local, h)) {
        return Outcome::Keep;
    }
    if head_version(local).is_some_and(|h| moved_on_from(inc, h)) {
        return Outcome::Take;
    }
    match (local.status == FINAL, inc.status == FINAL) {
        (false, true) => Outcome::Take,
        (true, false) => Outcome::Keep,
        (false, false) => {
            let key = |a: &BundleAssessment| {
                serde_json::to_string(&(&a.answers, &a.evidence_files)).unwrap_or_default()
            };
            let newer = cmp_time(&inc.updated_at, &local.updated_at)
                .then_with(|| key(inc).cmp(&key(local)));
            if newer == Ordering::Greater {
                Outcome::Take
            } else {
                Outcome::Keep
            }
        }
        (true, true) => Outcome::Conflict,
    }
}
