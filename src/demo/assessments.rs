//! Yearly self-assessments of a generated unit: last year's and this year's, drafts and finals,
//! answers by the unit's focal official with plausible evidence.

use super::generate::{day_secs, stamp, DemoUnit, Gen, DAY, HOUR};
use crate::domain::assessment::record::CriterionAnswer;
use crate::domain::assessment::Answer;
use crate::domain::content::{Checklist, CriterionKind};
use crate::domain::people::Unit;

impl<'a> Gen<'a> {
    /// Last year's and this year's self-assessments of a unit, as its focal official made them.
    pub(super) fn assessments(
        &mut self,
        c: &'a Checklist,
        u: &DemoUnit,
        by: Option<&str>,
    ) -> Vec<DemoAssessment> {
        let mut out = Vec::new();
        let this_year = self.today.year();
        let deadline = crate::service::assessment::deadline(c, this_year).unwrap_or(self.today);
        let past_deadline = self.today > deadline;
        let quality = 0.45 + 0.5 * self.unit_float();
        for (year, p_has, p_final) in [
            (this_year - 1, 0.85, 0.92),
            (
                this_year,
                if past_deadline { 0.85 } else { 0.6 },
                if past_deadline { 0.85 } else { 0.25 },
            ),
        ] {
            if !self.chance(p_has) {
                continue;
            }
            let final_ = self.chance(p_final);
            let start = day_secs(
                time::Date::from_calendar_date(year, time::Month::September, 1)
                    .unwrap_or(self.today),
            ) + self.range(0, 60 * DAY);
            let start = start.min(self.now - DAY).max(u.created);
            let mut t = start;
            let mut answers = Vec::new();
            for (_, cr) in c.criteria() {
                if !cr.applies_to_kind(u.unit.kind.key()) {
                    continue;
                }
                if !final_ && self.chance(0.35) {
                    continue;
                }
                t += self.range(60, 2 * HOUR);
                let q = (quality + 0.05 * (year - this_year + 1) as f64).min(0.98);
                let answer = if self.chance(0.02) {
                    Answer::NotApplicable
                } else {
                    match cr.kind {
                        CriterionKind::YesNo => {
                            if self.chance(q) {
                                Answer::Yes
                            } else if self.chance(0.5) {
                                Answer::Partly
                            } else {
                                Answer::No
                            }
                        }
                        CriterionKind::Count => {
                            let target = cr.target.unwrap_or(1) as i64;
                            Answer::Value(if self.chance(q) {
                                (target + self.range(0, 3)) as u32
                            } else {
                                self.range(0, target.max(1)) as u32
                            })
                        }
                        CriterionKind::Percent => {
                            let target = cr.target.unwrap_or(100) as i64;
                            Answer::Value(if self.chance(q) {
                                self.range(target, 101).min(100) as u32
                            } else {
                                self.range(40, target.max(41)) as u32
                            })
                        }
                    }
                };
                let evidence = match answer {
                    Answer::No | Answer::NotApplicable | Answer::Unanswered => String::new(),
                    _ => self.evidence(&u.unit.code, year),
                };
                let note = if matches!(answer, Answer::Partly) && self.chance(0.5) {
                    "Đang hoàn thiện, sẽ bổ sung trong quý IV.".to_string()
                } else {
                    String::new()
                };
                answers.push(CriterionAnswer {
                    criterion_id: cr.id.clone(),
                    answer,
                    evidence,
                    note,
                    from_last_year: false,
                    changed_by: by.map(str::to_string),
                    changed_at: stamp(t.min(self.now)),
                });
            }
            // As the store lists them (and snapshots them when finalizing).
            answers.sort_by(|a, b| a.criterion_id.cmp(&b.criterion_id));
            let created_at = stamp(start);
            let updated = stamp(t.min(self.now));
            let finalized_at = stamp((t + self.range(HOUR, 3 * DAY)).min(self.now));
            let reopened = final_ && self.chance(0.05);
            out.push(DemoAssessment {
                id: self.uuid(),
                version_ids: [self.uuid(), self.uuid()],
                unit: u.unit.clone(),
                year,
                final_,
                reopened,
                by: by.map(str::to_string),
                created_at,
                updated_at: updated,
                finalized_at,
                answers,
            });
        }
        out
    }

    fn evidence(&mut self, code: &str, year: i32) -> String {
        let n = self.range(1, 180);
        let d = self.range(1, 28);
        // Dated before the self-assessment starts (in September).
        let m = self.range(1, 9);
        let code = code.replace('-', "");
        match self.rng.below(5) {
            0 => format!("Kế hoạch số {n}/KH-{code} ngày {d:02}/{m:02}/{year}"),
            1 => format!("Báo cáo số {n}/BC-{code} ngày {d:02}/{m:02}/{year}"),
            2 => format!("Quyết định số {n}/QĐ-{code} ngày {d:02}/{m:02}/{year}"),
            3 => format!("Biên bản hội nghị ngày {d:02}/{m:02}/{year}; ảnh chụp bảng niêm yết"),
            _ => format!("Sổ theo dõi năm {year}, trang {n}"),
        }
    }
}

pub(super) struct DemoAssessment {
    pub(super) id: String,
    pub(super) version_ids: [String; 2],
    pub(super) unit: Unit,
    pub(super) year: i32,
    pub(super) final_: bool,
    /// Finalized, reopened with a reason, and finalized again.
    pub(super) reopened: bool,
    pub(super) by: Option<String>,
    pub(super) created_at: String,
    pub(super) updated_at: String,
    pub(super) finalized_at: String,
    pub(super) answers: Vec<CriterionAnswer>,
}
