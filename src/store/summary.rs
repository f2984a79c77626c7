//! The summary of a year across units: every unit with its assessment of that year and the
//! assessment's answers, for the service to score.

use super::{Result, Store};
use crate::domain::assessment::report_data::UnitYear;

impl Store {
    /// Every unit, in the order of [`Store::units`], with its assessment of `year` against the
    /// checklist `checklist_id` and that assessment's answers, when it has one.
    pub fn year_across_units(&self, year: i32, checklist_id: &str) -> Result<Vec<UnitYear>> {
        self.reading(|| {
            let mut out = Vec::new();
            for unit in self.units()? {
                let assessment = match self.assessment_for(&unit.id, year, checklist_id)? {
                    Some(a) => {
                        let answers = self.criterion_answers(&a.id)?;
                        Some((a, answers))
                    }
                    None => None,
                };
                out.push(UnitYear { unit, assessment });
            }
            Ok(out)
        })
    }
}
