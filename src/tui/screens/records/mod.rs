//! The trainer's records (table, per-unit rates, a person's attempts, imports, exports, deletes):
//! the screen's state, and each key sent to the view on top; each view lives in a file beside it.

mod accept_key;
mod export;
mod person;
mod prompt;
mod push;
mod rates;
mod refused;
mod stats;
mod table;
mod unit_pick;
mod work;

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::domain::records::{CourseRecord, PersonRecord, RecordFilter, RecordSort};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;

pub use export::ExportJob;
pub use person::PersonDetail;
pub use push::{PushForm, PushJob, LRS_URL, LRS_USER};
pub use rates::RatesView;
pub use refused::RefusedView;
pub use stats::StatsView;
pub use unit_pick::{UnitPicker, MAX_ROWS as UNIT_PICK_ROWS};
pub use work::ImportJob;

pub enum RecordsView {
    Table,
    Rates(Box<RatesView>),
    Person(Box<PersonDetail>),
    /// The question statistics, computed on entering.
    Stats(Box<StatsView>),
    /// The rows an import refused, and why.
    Refused(Box<RefusedView>),
}

pub struct RecordsState {
    pub filter: RecordFilter,
    pub sort: RecordSort,
    /// The rows on screen, and their courses.
    pub rows: Vec<PersonRecord>,
    pub courses: Vec<CourseRecord>,
    pub selected: usize,
    pub total: u64,
    /// Index of the first row on screen in the whole list (for "41–60 of 100 000").
    pub offset: u64,
    pub view: RecordsView,
    /// How many rows the store returned for the last page (a test checks it stays small).
    pub fetched: usize,
    /// A CSV export running in the background.
    pub job: Option<ExportJob>,
    /// A push to a learning record store running in the background.
    pub push: Option<PushJob>,
    /// An import or a merge running in the background.
    pub import: Option<ImportJob>,
    /// A passphrase, a path or a confirmation being asked.
    pub prompt: Option<Prompt>,
    /// The name of the unit the filter shows (kept here so drawing reads nothing).
    pub unit_name: Option<String>,
    /// The new key the trainer accepted, until the passphrase is given.
    pub accepting: Option<Box<accept_key::NewKey>>,
}

/// What waits for the trainer's passphrase or a file path.
pub enum Prompt {
    /// The passphrase, then the action.
    Guard(TextField, Pending),
    /// A file to import (units or roster, CSV or XLSX) or merge (a .json records bundle).
    Path(TextField),
    /// Delete the person on screen? (y / n)
    ConfirmDelete,
    /// The unit to show (with the units under it), picked from those matching what is typed.
    Unit(Box<UnitPicker>),
    /// A date range, "from to" (dd/mm/yyyy), for completions or appointments; empty for any.
    Dates(TextField, DateRange),
    /// Where to push the filtered records (an LRS's address, user and password).
    Push(PushForm),
    /// Accept the new key of a bundle's database? (y / n; then the passphrase)
    AcceptKey(Box<accept_key::NewKey>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRange {
    Completed,
    Appointed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Import,
    Delete,
    Grant,
    Push,
    /// Merge again, pinning the new key (`RecordsState::accepting`).
    AcceptKey,
}

/// Rows that fit on screen for a terminal of `size`.
pub fn visible_rows(size: (u16, u16)) -> usize {
    let body = layout::areas(Rect::new(0, 0, size.0, size.1)).body;
    // Borders, the table's header and the filter line.
    body.height.saturating_sub(4).max(1) as usize
}

/// Read a page of rows: the first (no `key`), or the page after (before) the row with `key`.
fn load_page(
    app: &Session,
    s: &mut RecordsState,
    key: Option<Vec<crate::domain::records::SortKeyValue>>,
    backwards: bool,
) {
    let n = visible_rows(app.size);
    match app
        .store
        .records_page(&s.filter, s.sort, key.as_deref(), backwards, n)
    {
        Ok(rows) if rows.is_empty() && key.is_some() => {} // at an end: stay
        Ok(rows) => {
            s.fetched = rows.len();
            if key.is_some() {
                if backwards {
                    s.offset = s.offset.saturating_sub(rows.len() as u64);
                } else {
                    s.offset += s.rows.len() as u64;
                }
            } else {
                s.offset = 0;
            }
            let ids: Vec<&str> = rows.iter().map(|r| r.person_id.as_str()).collect();
            s.courses = app.read(app.store.course_records(&ids));
            s.rows = rows;
            s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        }
        Err(e) => app.read::<()>(Err(e)),
    }
}

impl RecordsState {
    /// The table from its first page, with no filter.
    pub fn open(app: &Session) -> RecordsState {
        let mut s = RecordsState {
            filter: RecordFilter::default(),
            sort: RecordSort::Name,
            rows: Vec::new(),
            courses: Vec::new(),
            selected: 0,
            total: 0,
            offset: 0,
            view: RecordsView::Table,
            fetched: 0,
            job: None,
            push: None,
            import: None,
            prompt: None,
            unit_name: None,
            accepting: None,
        };
        reload(app, &mut s);
        s
    }
}

/// The terminal changed size: the same filter, sort, view, prompt and background jobs; the page
/// is read again in place, from the same first row, as many rows as now fit.
pub fn resized(app: &Session, s: &mut RecordsState) {
    let selected = s.rows.get(s.selected).map(|r| r.person_id.clone());
    let offset = s.offset;
    // The row before the first on screen (none on the first page), to read on from it.
    let before = s.rows.first().and_then(|r| {
        app.read(
            app.store
                .records_page(&s.filter, s.sort, Some(&r.key), true, 1),
        )
        .pop()
    });
    s.rows.clear();
    match before {
        Some(b) => load_page(app, s, Some(b.key), false),
        None => load_page(app, s, None, false),
    }
    s.offset = offset;
    if let Some(i) = selected.and_then(|id| s.rows.iter().position(|r| r.person_id == id)) {
        s.selected = i;
    }
}

/// After a change of filter or sort: count once, and read the first page.
fn reload(app: &Session, s: &mut RecordsState) {
    s.total = app.read(app.store.records_count(&s.filter));
    s.selected = 0;
    s.rows.clear();
    load_page(app, s, None, false);
}

impl RecordsState {
    /// Whether a background job (an export, a push, an import or a merge) is running: then
    /// `Esc` cancels it, and no other starts.
    pub fn busy(&self) -> bool {
        self.job.is_some() || self.push.is_some() || self.import.is_some()
    }

    /// Ask every running job to stop (their ends are read on the tick as usual).
    fn cancel_jobs(&mut self) {
        if let Some(j) = &self.job {
            j.job.cancel();
        }
        if let Some(j) = &self.push {
            j.job.cancel();
        }
        if let Some(j) = &self.import {
            j.job.cancel();
        }
    }
}

/// The kit quits: the running jobs are cancelled and waited for, so a cancelled import or
/// merge has rolled back (and a half-written export is removed) before the process ends.
pub fn before_quit(s: &mut RecordsState) {
    s.cancel_jobs();
    if let Some(mut j) = s.job.take() {
        let _ = j.job.wait();
    }
    if let Some(mut j) = s.push.take() {
        j.wait();
    }
    if let Some(mut j) = s.import.take() {
        j.wait();
    }
}

pub fn focus_is_text(s: &RecordsState) -> bool {
    matches!(
        s.prompt,
        Some(
            Prompt::Guard(..)
                | Prompt::Path(_)
                | Prompt::Unit(_)
                | Prompt::Dates(..)
                | Prompt::Push(_)
        )
    )
}

pub fn update(s: &mut RecordsState, app: &mut Session, action: Action) -> Nav {
    if action == Action::Tick {
        export::poll(s, app);
        push::poll(s, app);
        work::poll(s, app);
        stats::poll(s, app);
        return Nav::Stay;
    }
    if s.prompt.is_some() {
        prompt::update(s, app, action);
        return Nav::Stay;
    }
    // While a job runs, only its table's keys act (`keymap::JOB_RUNNING`: one job at a time),
    // and Esc cancels it rather than leaving.
    if s.busy() {
        if action == Action::Back {
            s.cancel_jobs();
            return Nav::Stay;
        }
        if !crate::tui::keymap::JOB_RUNNING
            .iter()
            .any(|b| b.action == action)
        {
            return Nav::Stay;
        }
    }
    let scrolled = match &mut s.view {
        RecordsView::Person(_) => {
            person::update(s, app, action);
            return Nav::Stay;
        }
        RecordsView::Stats(_) => {
            stats::update(s, action);
            return Nav::Stay;
        }
        RecordsView::Table => return table::update(s, app, action),
        RecordsView::Rates(v) => rates::navigate(v, action),
        RecordsView::Refused(v) => refused::navigate(v, action),
    };
    if !scrolled && action == Action::Back {
        s.view = RecordsView::Table;
    }
    Nav::Stay
}

pub fn view(app: &Session, s: &RecordsState, frame: &mut Frame, area: Rect) {
    match &s.view {
        RecordsView::Table => table::view(app, s, frame, area),
        RecordsView::Rates(v) => rates::view(app, s, v, frame, area),
        RecordsView::Person(d) => person::view(app, d, frame, area),
        RecordsView::Stats(v) => stats::view(app, v, frame, area),
        RecordsView::Refused(v) => refused::view(app, v, frame, area),
    }
    if let Some(job) = &s.job {
        export::view_progress(app, job, frame, area);
    } else if let Some(job) = &s.push {
        push::view_progress(app, job, frame, area);
    } else if let Some(job) = &s.import {
        work::view_progress(app, job, frame, area);
    }
    prompt::view(app, s, frame, area);
}
