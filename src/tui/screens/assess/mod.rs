//! The yearly self-assessment (years, tasks, criterion editor, summary, finalize and reopen):
//! the state of an assessment being worked; each view and its keys live in a file beside it.

pub mod criterion;
pub mod modal;
pub mod work;
pub mod years;

use crate::domain::assessment::record::{
    Assessment, AssessmentStatus, CriterionAnswer, EvidenceFile, FileState,
};
use crate::domain::assessment::{Score, ScoreNote};
use crate::domain::content::Rescale;
use crate::domain::content::{Checklist, Criterion};
use crate::domain::people::Unit;
use crate::service;
use crate::tui::session::Session;
use crate::tui::widgets::{ListCursor, TextField};

/// One assessment being worked: its tasks, and what is open on top of them.
pub struct WorkState {
    pub unit: Unit,
    pub assessment: Assessment,
    pub answers: Vec<CriterionAnswer>,
    pub score: Score,
    /// Why the score is not the checklist's rule of today (kept as finalized, or rescored).
    pub note: Option<ScoreNote>,
    pub previous: Option<Score>,
    pub view: WorkView,
    /// The task under the cursor, or the task of the criterion open.
    pub task: ListCursor,
    pub modal: Option<Modal>,
}

pub enum WorkView {
    Tasks,
    /// Boxed: its four text fields would make every view as large.
    Criterion(Box<CriterionEdit>),
    Summary {
        scroll: u16,
    },
}

pub enum Modal {
    /// Finalize? Lists what is still unanswered.
    ConfirmFinalize,
    /// Reopen: a reason is required.
    Reopen(TextField),
    /// The trainer's passphrase, asked before reopening when one is set.
    Guard(TextField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Answer,
    Value,
    Evidence,
    File,
    Note,
}

pub struct CriterionEdit {
    /// Index into the applicable criteria of the task.
    pub index: usize,
    pub focus: Focus,
    pub value: TextField,
    pub evidence: TextField,
    pub note: TextField,
    pub file: TextField,
    /// Typed text not yet saved (saved on the next tick, on leaving the field, or on leaving).
    pub dirty: bool,
    /// A typed count or percentage not yet saved (saved like the text: tick, leaving, quitting).
    pub value_dirty: bool,
    /// This criterion's evidence files and how each stands now (hashed when the criterion opens
    /// or a file is attached, not on every frame).
    pub files: Vec<(EvidenceFile, FileState)>,
}

impl WorkState {
    pub fn is_final(&self) -> bool {
        self.assessment.status == AssessmentStatus::Final
    }

    pub fn answer(&self, criterion: &str) -> Option<&CriterionAnswer> {
        self.answers.iter().find(|a| a.criterion_id == criterion)
    }

    /// Re-read the answers and the score after a change.
    fn refresh(&mut self, app: &Session) {
        let Some(c) = service::assessment::checklist(&app.pack) else {
            return;
        };
        self.answers = app.read(app.store.criterion_answers(&self.assessment.id));
        if let Some(a) = app.read(app.store.assessment(&self.assessment.id)) {
            self.assessment = a;
        }
        self.score = shown_score(app, c, &self.unit, &self.assessment, &self.answers);
        self.note = service::assessment::score_note(c, &self.assessment, &self.score);
    }
}

/// Criteria of a task that apply to the unit.
fn applicable<'a>(c: &'a Checklist, task: usize, unit: &Unit) -> Vec<&'a Criterion> {
    c.tasks
        .get(task)
        .map(|t| {
            t.criteria
                .iter()
                .filter(|x| x.applies_to_kind(unit.kind.key()))
                .collect()
        })
        .unwrap_or_default()
}

/// The criterion open takes a count or a percentage (typed in its value field), not yes/partly/no.
pub fn open_criterion_takes_value(w: &WorkState, pack: &crate::domain::content::Pack) -> bool {
    let (Some(c), WorkView::Criterion(e)) = (service::assessment::checklist(pack), &w.view) else {
        return false;
    };
    applicable(c, w.task.selected(), &w.unit)
        .get(e.index)
        .is_some_and(|x| x.kind != crate::domain::content::CriterionKind::YesNo)
}

pub fn focus_is_text(w: &WorkState) -> bool {
    match (&w.modal, &w.view) {
        (Some(Modal::Reopen(_) | Modal::Guard(_)), _) => true,
        (Some(_), _) => false,
        (None, WorkView::Criterion(e)) => !w.is_final() && e.focus != Focus::Answer,
        _ => false,
    }
}

/// The score shown for an assessment (finalized ones as finalized). If the database cannot be
/// read, the error goes to the status line and the answers are scored as a draft would be.
pub fn shown_score(
    app: &Session,
    c: &Checklist,
    unit: &Unit,
    a: &Assessment,
    answers: &[CriterionAnswer],
) -> Score {
    match service::assessment::shown_score(&app.store, c, unit, a, answers) {
        Ok(s) => s,
        Err(e) => {
            app.read::<()>(Err(e));
            service::assessment::score(c, unit, answers)
        }
    }
}

/// A scoring rule's name in the language on screen.
pub fn rule_label(app: &Session, rule: Rescale) -> String {
    crate::domain::present::rule_label(&app.i18n, rule)
}

/// The one line told to the unit about a score kept as finalized or rescored.
pub fn note_text(app: &Session, note: ScoreNote) -> String {
    crate::domain::present::score_note_text(&app.i18n, note)
}

/// A score band's label in the language on screen ("Tốt", "Khá"…).
fn band_label(app: &Session, c: &Checklist, band: Option<&str>) -> String {
    band.and_then(|b| c.rubric.bands.iter().find(|x| x.id == b))
        .map(|b| b.label.get(app.lang()).to_string())
        .unwrap_or_default()
}
