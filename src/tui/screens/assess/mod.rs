//! The yearly self-assessment: the unit's years, the ten tasks, one criterion at a time with its
//! evidence, the summary with last year's comparison, finalizing and reopening.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Clear, List, ListItem, ListState, Paragraph,
};
use ratatui::Frame;

use crate::domain::assessment::record::{
    Assessment, AssessmentStatus, CriterionAnswer, Edit, FileState,
};
use crate::domain::assessment::{display, Answer, Score};
use crate::domain::content::{Checklist, Criterion, CriterionKind};
use crate::domain::i18n::Msg;
use crate::domain::people::Unit;
use crate::service;
use crate::tui::app::{Action, App, Screen};
use crate::tui::widgets::TextField;
use crate::tui::wrap::wrap_plain;

/// The unit's years.
pub struct YearsState {
    pub unit: Unit,
    pub rows: Vec<(Assessment, Score)>,
    pub selected: usize,
}

/// One assessment being worked: its tasks, and what is open on top of them.
pub struct WorkState {
    pub unit: Unit,
    pub assessment: Assessment,
    pub answers: Vec<CriterionAnswer>,
    pub score: Score,
    pub previous: Option<Score>,
    pub view: WorkView,
    pub task: usize,
    pub modal: Option<Modal>,
}

pub enum WorkView {
    Tasks,
    Criterion(CriterionEdit),
    Summary { scroll: u16 },
}

pub enum Modal {
    /// Finalize? Lists what is still unanswered.
    ConfirmFinalize,
    /// Reopen: a reason is required.
    Reopen(TextField),
    /// The trainer's passphrase, asked before reopening when one is set.
    Guard(TextField),
}

/// Reopening is a trainer's action: behind the passphrase when one is set.
fn ask_reopen(store: &crate::store::Store) -> Modal {
    if store.has_trainer_passphrase().unwrap_or(false) {
        Modal::Guard(TextField::default())
    } else {
        Modal::Reopen(TextField::default())
    }
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
    /// This criterion's evidence files and how each stands now (hashed when the criterion opens
    /// or a file is attached, not on every frame).
    pub files: Vec<(crate::domain::assessment::record::EvidenceFile, FileState)>,
}

impl WorkState {
    pub fn is_final(&self) -> bool {
        self.assessment.status == AssessmentStatus::Final
    }

    pub fn answer(&self, criterion: &str) -> Option<&CriterionAnswer> {
        self.answers.iter().find(|a| a.criterion_id == criterion)
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

pub fn focus_is_text(w: &WorkState) -> bool {
    match (&w.modal, &w.view) {
        (Some(Modal::Reopen(_) | Modal::Guard(_)), _) => true,
        (Some(_), _) => false,
        (None, WorkView::Criterion(e)) => !w.is_final() && e.focus != Focus::Answer,
        _ => false,
    }
}

pub fn open_years(app: &mut App) {
    let unit = app
        .person
        .as_ref()
        .and_then(|p| p.unit_id.clone())
        .and_then(|id| app.store.unit(&id).ok().flatten());
    let Some(unit) = unit else {
        app.error(&Msg::new("assess-no-unit"));
        return;
    };
    if service::assessment::checklist(&app.pack).is_none() {
        app.error(&Msg::new("assess-no-checklist"));
        return;
    }
    app.screen = Screen::AssessYears(load_years(app, unit, 0));
}

fn load_years(app: &App, unit: Unit, selected: usize) -> YearsState {
    let rows = app
        .store
        .assessments_of_unit(&unit.id)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| {
            let c = service::assessment::checklist(&app.pack)?;
            let answers = app.store.criterion_answers(&a.id).ok()?;
            let s = service::assessment::score(c, &unit, &answers);
            Some((a, s))
        })
        .collect();
    YearsState {
        unit,
        rows,
        selected,
    }
}

fn open_work(app: &mut App, unit: Unit, assessment: Assessment) {
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let answers = app
        .store
        .criterion_answers(&assessment.id)
        .unwrap_or_default();
    let score = service::assessment::score(c, &unit, &answers);
    let previous = app
        .store
        .assessment_for(&unit.id, assessment.year - 1, &c.id)
        .ok()
        .flatten()
        .map(|p| {
            service::assessment::score(
                c,
                &unit,
                &app.store.criterion_answers(&p.id).unwrap_or_default(),
            )
        });
    app.screen = Screen::AssessWork(Box::new(WorkState {
        unit,
        assessment,
        answers,
        score,
        previous,
        view: WorkView::Tasks,
        task: 0,
        modal: None,
    }));
}

pub fn update_years(app: &mut App, action: Action) {
    let Screen::AssessYears(s) = &mut app.screen else {
        return;
    };
    let n = s.rows.len();
    match action {
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => s.selected = (s.selected + 1).min(n.saturating_sub(1)),
        Action::Enter => {
            if let Some((a, _)) = s.rows.get(s.selected) {
                let (unit, a) = (s.unit.clone(), a.clone());
                open_work(app, unit, a);
            }
        }
        Action::NewProfile | Action::Practice => {
            // `n`: a new year, empty; `c`: a new year from last year's answers.
            let from_last_year = action == Action::Practice;
            let unit = s.unit.clone();
            let year = crate::service::learning::today().year();
            let Some(c) = service::assessment::checklist(&app.pack).cloned() else {
                return;
            };
            match service::assessment::start(&mut app.store, &c, &unit, year, from_last_year) {
                Ok(a) => open_work(app, unit, a),
                Err(e) => app.error(&e.msg()),
            }
        }
        Action::Back => app.go_home(),
        _ => {}
    }
}

/// Re-read the answers and the score after a change.
fn refresh(app: &mut App) {
    let Screen::AssessWork(w) = &mut app.screen else {
        return;
    };
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    w.answers = app
        .store
        .criterion_answers(&w.assessment.id)
        .unwrap_or_default();
    w.score = service::assessment::score(c, &w.unit, &w.answers);
    if let Ok(Some(a)) = app.store.assessment(&w.assessment.id) {
        w.assessment = a;
    }
}

fn criterion_files(
    store: &crate::store::Store,
    w: &WorkState,
    criterion: &str,
) -> Vec<(crate::domain::assessment::record::EvidenceFile, FileState)> {
    store
        .evidence_states(&w.assessment.id)
        .unwrap_or_default()
        .into_iter()
        .filter(|(f, _)| f.criterion_id == criterion)
        .collect()
}

fn editor(
    store: &crate::store::Store,
    w: &WorkState,
    criterion: &Criterion,
    index: usize,
) -> CriterionEdit {
    let a = w.answer(&criterion.id);
    let value = match a.map(|a| a.answer) {
        Some(Answer::Value(v)) => v.to_string(),
        _ => String::new(),
    };
    CriterionEdit {
        index,
        focus: Focus::Answer,
        value: TextField::with_value(&value),
        evidence: TextField::with_value(a.map(|a| a.evidence.as_str()).unwrap_or("")),
        note: TextField::with_value(a.map(|a| a.note.as_str()).unwrap_or("")),
        file: TextField::default(),
        dirty: false,
        files: criterion_files(store, w, &criterion.id),
    }
}

/// Save the typed evidence and note if they changed.
fn save_text(app: &mut App) {
    let pid = app.person_id();
    let Screen::AssessWork(w) = &mut app.screen else {
        return;
    };
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &mut w.view else {
        return;
    };
    if !e.dirty || w.assessment.status == AssessmentStatus::Final {
        return;
    }
    let Some(criterion) = applicable(c, w.task, &w.unit)
        .get(e.index)
        .map(|c| c.id.clone())
    else {
        return;
    };
    let edit = Edit {
        evidence: Some(e.evidence.value().to_string()),
        note: Some(e.note.value().to_string()),
        ..Default::default()
    };
    match app
        .store
        .edit_criterion(&w.assessment.id, &criterion, &edit, pid.as_deref())
    {
        Ok(()) => {
            e.dirty = false;
            refresh(app);
        }
        Err(err) => app.error(&err.msg()),
    }
}

fn set_answer(app: &mut App, answer: Answer) {
    let pid = app.person_id();
    let Screen::AssessWork(w) = &app.screen else {
        return;
    };
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &w.view else {
        return;
    };
    let Some(criterion) = applicable(c, w.task, &w.unit)
        .get(e.index)
        .map(|c| c.id.clone())
    else {
        return;
    };
    let id = w.assessment.id.clone();
    let edit = Edit {
        answer: Some(answer),
        ..Default::default()
    };
    match app
        .store
        .edit_criterion(&id, &criterion, &edit, pid.as_deref())
    {
        Ok(()) => refresh(app),
        Err(err) => app.error(&err.msg()),
    }
}

fn move_criterion(app: &mut App, forward: bool) {
    save_text(app);
    let Screen::AssessWork(w) = &mut app.screen else {
        return;
    };
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let WorkView::Criterion(e) = &w.view else {
        return;
    };
    let count = applicable(c, w.task, &w.unit).len();
    let (mut task, mut index) = (w.task, e.index);
    if forward {
        if index + 1 < count {
            index += 1;
        } else if task + 1 < c.tasks.len() {
            task += 1;
            index = 0;
        }
    } else if index > 0 {
        index -= 1;
    } else if task > 0 {
        task -= 1;
        index = applicable(c, task, &w.unit).len().saturating_sub(1);
    }
    w.task = task;
    if let Some(criterion) = applicable(c, task, &w.unit).get(index).copied() {
        let ed = editor(&app.store, w, criterion, index);
        w.view = WorkView::Criterion(ed);
    }
}

fn export(app: &mut App) {
    let Screen::AssessWork(w) = &app.screen else {
        return;
    };
    let (unit, year) = (w.unit.clone(), w.assessment.year);
    let result = (|| -> Result<std::path::PathBuf, String> {
        let data = service::assessment::report_data(&app.store, &app.pack, &unit, year)
            .map_err(|e| app.i18n.msg(&e.msg()))?;
        let stem = format!("bao-cao-tu-danh-gia-{}-{year}", unit.code);
        // A new pair of files each time: an earlier report is never overwritten.
        let paths = super::new_report_paths(app, &stem, &["html", "md"])?;
        let place =
            crate::io::report::place_from_unit_name(&unit.name).unwrap_or_else(|| "……".into());
        let write = |path: &std::path::Path, text: String| {
            crate::io::report::write_new(path, text.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        write(&paths[0], crate::io::report::html(&data, &app.i18n, &place))?;
        write(&paths[1], crate::io::report::markdown(&data, &app.i18n))?;
        Ok(paths[0].clone())
    })();
    match result {
        Ok(path) => app.info(&Msg::new("assess-exported").arg("path", path.display())),
        Err(detail) => app.error(&Msg::new("assess-export-failed").arg("detail", detail)),
    }
}

pub fn update_work(app: &mut App, action: Action) {
    let pid = app.person_id();
    let Screen::AssessWork(w) = &mut app.screen else {
        return;
    };
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    if action == Action::Tick {
        save_text(app);
        return;
    }
    // A modal takes every key.
    if let Some(modal) = &mut w.modal {
        match modal {
            Modal::ConfirmFinalize => match action {
                Action::Enter | Action::Confirm => {
                    w.modal = None;
                    let (unit, a) = (w.unit.clone(), w.assessment.clone());
                    let c = c.clone();
                    match service::assessment::finalize(
                        &mut app.store,
                        &c,
                        &unit,
                        &a,
                        pid.as_deref(),
                    ) {
                        Ok(_) => {
                            refresh(app);
                            app.info(&Msg::new("assess-finalized"));
                        }
                        Err(e) => app.error(&e.msg()),
                    }
                }
                Action::Back | Action::Deny => w.modal = None,
                _ => {}
            },
            Modal::Guard(secret) => match action {
                Action::Input(ch) => secret.insert(ch),
                Action::Backspace => secret.backspace(),
                Action::Enter => {
                    if app
                        .store
                        .check_trainer_passphrase(secret.value())
                        .unwrap_or(false)
                    {
                        w.modal = Some(Modal::Reopen(TextField::default()));
                    } else {
                        secret.clear();
                        app.error(&Msg::new("trainer-wrong"));
                    }
                }
                Action::Back => w.modal = None,
                _ => {}
            },
            Modal::Reopen(reason) => match action {
                Action::Input(ch) => reason.insert(ch),
                Action::Backspace => reason.backspace(),
                Action::Enter => {
                    let text = reason.value().to_string();
                    let id = w.assessment.id.clone();
                    match app.store.reopen_assessment(&id, pid.as_deref(), &text) {
                        Ok(()) => {
                            if let Screen::AssessWork(w) = &mut app.screen {
                                w.modal = None;
                            }
                            refresh(app);
                            app.info(&Msg::new("assess-reopened"));
                        }
                        Err(e) => app.error(&e.msg()),
                    }
                }
                Action::Back => w.modal = None,
                _ => {}
            },
        }
        return;
    }
    match &mut w.view {
        WorkView::Tasks => match action {
            Action::Up | Action::ScrollUp => w.task = w.task.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                w.task = (w.task + 1).min(c.tasks.len().saturating_sub(1))
            }
            Action::Enter => {
                if let Some(first) = applicable(c, w.task, &w.unit).first().copied() {
                    let ed = editor(&app.store, w, first, 0);
                    w.view = WorkView::Criterion(ed);
                }
            }
            Action::Summary => w.view = WorkView::Summary { scroll: 0 },
            Action::Finalize if !w.is_final() => w.modal = Some(Modal::ConfirmFinalize),
            Action::Reopen if w.is_final() => w.modal = Some(ask_reopen(&app.store)),
            Action::Export => export(app),
            Action::Back => {
                let unit = w.unit.clone();
                let year = w.assessment.year;
                let mut years = load_years(app, unit, 0);
                years.selected = years
                    .rows
                    .iter()
                    .position(|(a, _)| a.year == year)
                    .unwrap_or(0);
                app.screen = Screen::AssessYears(years);
            }
            _ => {}
        },
        WorkView::Summary { scroll } => match action {
            Action::Down | Action::ScrollDown => *scroll = scroll.saturating_add(1),
            Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
            Action::Finalize if !w.is_final() => w.modal = Some(Modal::ConfirmFinalize),
            Action::Reopen if w.is_final() => w.modal = Some(ask_reopen(&app.store)),
            Action::Export => export(app),
            Action::Back | Action::Summary => w.view = WorkView::Tasks,
            _ => {}
        },
        WorkView::Criterion(e) => {
            let Some(criterion) = applicable(c, w.task, &w.unit)
                .get(e.index)
                .copied()
                .cloned()
            else {
                return;
            };
            let locked = w.assessment.status == AssessmentStatus::Final;
            let fields: Vec<Focus> = if criterion.kind == CriterionKind::YesNo {
                vec![Focus::Answer, Focus::Evidence, Focus::File, Focus::Note]
            } else {
                vec![
                    Focus::Answer,
                    Focus::Value,
                    Focus::Evidence,
                    Focus::File,
                    Focus::Note,
                ]
            };
            let at = fields.iter().position(|f| *f == e.focus).unwrap_or(0);
            match action {
                Action::NextField | Action::PrevField => {
                    let next = if action == Action::NextField {
                        (at + 1) % fields.len()
                    } else {
                        (at + fields.len() - 1) % fields.len()
                    };
                    e.focus = fields[next];
                    save_text(app);
                }
                Action::PageDown | Action::NextLesson => move_criterion(app, true),
                Action::PageUp | Action::PrevLesson => move_criterion(app, false),
                Action::Back => {
                    save_text(app);
                    if let Screen::AssessWork(w) = &mut app.screen {
                        w.view = WorkView::Tasks;
                    }
                }
                _ if locked => {
                    if matches!(
                        action,
                        Action::Input(_) | Action::Pick(_) | Action::Backspace
                    ) {
                        let year = w.assessment.year;
                        app.error(&Msg::new("store-locked").arg("what", year));
                    }
                }
                Action::Pick(n) if e.focus == Focus::Answer => {
                    let answer = match (criterion.kind, n) {
                        (CriterionKind::YesNo, 0) => Some(Answer::Yes),
                        (CriterionKind::YesNo, 1) => Some(Answer::Partly),
                        (CriterionKind::YesNo, 2) => Some(Answer::No),
                        (_, 3) => Some(Answer::NotApplicable),
                        _ => None,
                    };
                    if let Some(a) = answer {
                        set_answer(app, a);
                    } else {
                        // A count or percentage: type it in the value field.
                        e.focus = Focus::Value;
                    }
                }
                Action::Enter if e.focus == Focus::Answer => {
                    // Confirms an answer copied from last year.
                    let current = w
                        .answer(&criterion.id)
                        .map(|a| a.answer)
                        .unwrap_or(Answer::Unanswered);
                    if current.is_answered() {
                        set_answer(app, current);
                    }
                }
                Action::Input(ch) => match e.focus {
                    Focus::Value if ch.is_ascii_digit() => e.value.insert(ch),
                    Focus::Value => {}
                    Focus::Evidence => {
                        e.evidence.insert(ch);
                        e.dirty = true;
                    }
                    Focus::Note => {
                        e.note.insert(ch);
                        e.dirty = true;
                    }
                    Focus::File => e.file.insert(ch),
                    Focus::Answer => {}
                },
                Action::Backspace => match e.focus {
                    Focus::Value => e.value.backspace(),
                    Focus::Evidence => {
                        e.evidence.backspace();
                        e.dirty = true;
                    }
                    Focus::Note => {
                        e.note.backspace();
                        e.dirty = true;
                    }
                    Focus::File => e.file.backspace(),
                    Focus::Answer => {}
                },
                Action::PasteNewline if e.focus == Focus::Evidence => {
                    e.evidence.insert_newline();
                    e.dirty = true;
                }
                Action::Enter => match e.focus {
                    Focus::Evidence => {
                        e.evidence.insert_newline();
                        e.dirty = true;
                    }
                    Focus::Value => {
                        if let Ok(v) = e.value.value().trim().parse::<u32>() {
                            let v = if criterion.kind == CriterionKind::Percent {
                                v.min(100)
                            } else {
                                v
                            };
                            set_answer(app, Answer::Value(v));
                        } else {
                            app.info(&Msg::new("assess-type-number"));
                        }
                    }
                    Focus::File => {
                        let path = std::path::PathBuf::from(e.file.value().trim());
                        let id = w.assessment.id.clone();
                        match app
                            .store
                            .attach_evidence(&id, &criterion.id, &path, pid.as_deref())
                        {
                            Ok(_) => {
                                if let Screen::AssessWork(w) = &mut app.screen {
                                    let files = criterion_files(&app.store, w, &criterion.id);
                                    if let WorkView::Criterion(e) = &mut w.view {
                                        e.file.clear();
                                        e.files = files;
                                    }
                                }
                                app.info(
                                    &Msg::new("assess-file-attached").arg("path", path.display()),
                                );
                            }
                            Err(err) => app.error(&err.msg()),
                        }
                    }
                    Focus::Note => save_text(app),
                    Focus::Answer => {}
                },
                Action::Left if e.focus != Focus::Answer => match e.focus {
                    Focus::Value => e.value.left(),
                    Focus::Evidence => e.evidence.left(),
                    Focus::Note => e.note.left(),
                    Focus::File => e.file.left(),
                    Focus::Answer => {}
                },
                Action::Right if e.focus != Focus::Answer => match e.focus {
                    Focus::Value => e.value.right(),
                    Focus::Evidence => e.evidence.right(),
                    Focus::Note => e.note.right(),
                    Focus::File => e.file.right(),
                    Focus::Answer => {}
                },
                _ => {}
            }
        }
    }
}

/// Make sure nothing typed is lost when the app quits on this screen.
pub fn before_quit(app: &mut App) {
    if matches!(app.screen, Screen::AssessWork(_)) {
        save_text(app);
    }
}

// ---- drawing ----

fn answer_text(app: &App, criterion: &Criterion, a: Option<&CriterionAnswer>) -> String {
    let vi = app.lang().is_vi();
    match a.map(|a| a.answer).unwrap_or(Answer::Unanswered) {
        Answer::Unanswered => app.t("assess-unanswered"),
        Answer::Yes => app.t("assess-yes"),
        Answer::Partly => app.t("assess-partly"),
        Answer::No => app.t("assess-no"),
        Answer::NotApplicable => app.t("assess-na"),
        Answer::Value(v) => {
            let unit = if criterion.kind == CriterionKind::Percent {
                "%"
            } else {
                ""
            };
            let _ = vi;
            app.i18n.ta(
                "assess-value-target",
                &[
                    ("value", format!("{v}{unit}").into()),
                    (
                        "target",
                        format!("{}{unit}", criterion.target.unwrap_or(0)).into(),
                    ),
                ],
            )
        }
    }
}

fn band_label(app: &App, c: &Checklist, band: Option<&str>) -> String {
    band.and_then(|b| c.rubric.bands.iter().find(|x| x.id == b))
        .map(|b| b.label.get(app.lang()).to_string())
        .unwrap_or_default()
}

pub fn view_years(app: &App, s: &YearsState, frame: &mut Frame, area: Rect) {
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let vi = app.lang().is_vi();
    let today = crate::service::learning::today();
    let deadline = service::assessment::deadline(c, today.year())
        .map(crate::domain::dates::day_month_year)
        .unwrap_or_default();
    let days = service::assessment::days_left(c, today).unwrap_or(0);
    let recipient = c.recipient.get(app.lang()).to_string();
    let due = if days >= 0 {
        app.i18n.ta(
            "assess-days-left",
            &[
                ("days", days.into()),
                ("date", deadline.into()),
                ("recipient", recipient.into()),
            ],
        )
    } else {
        app.i18n.ta(
            "assess-overdue",
            &[("date", deadline.into()), ("recipient", recipient.into())],
        )
    };
    let [head, list_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                format!(" {} ({})", s.unit.name, s.unit.code),
                Style::new().add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                format!(" {due}"),
                Style::new().fg(if (0..=14).contains(&days) {
                    Color::Yellow
                } else {
                    Color::Gray
                }),
            )),
        ]),
        head,
    );
    let items: Vec<ListItem> = s
        .rows
        .iter()
        .map(|(a, score)| {
            let status = app.t(if a.status == AssessmentStatus::Final {
                "assess-status-final"
            } else {
                "assess-status-draft"
            });
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!("{}  ", a.year),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!(
                    "{}  ·  {}  ·  {}",
                    display(score.hundredths, vi),
                    band_label(app, c, score.band.as_deref()),
                    status
                )),
            ]))
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.t("home-assessment")));
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", app.t("assess-none-yet"))).block(block),
            list_area,
        );
        return;
    }
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().fg(Color::Yellow))
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(list, list_area, &mut state);
}

fn title_line(app: &App, w: &WorkState, c: &Checklist) -> String {
    let vi = app.lang().is_vi();
    let status = app.t(if w.is_final() {
        "assess-status-final"
    } else {
        "assess-status-draft"
    });
    format!(
        " {} {} · {} · {} · {} ",
        app.t("home-assessment"),
        w.assessment.year,
        display(w.score.hundredths, vi),
        band_label(app, c, w.score.band.as_deref()),
        status
    )
}

pub fn view_work(app: &App, w: &WorkState, frame: &mut Frame, area: Rect) {
    let Some(c) = service::assessment::checklist(&app.pack) else {
        return;
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        crate::domain::text::truncate(
            &title_line(app, w, c),
            area.width.saturating_sub(4) as usize,
        ),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &w.view {
        WorkView::Tasks => view_tasks(app, w, c, frame, inner),
        WorkView::Criterion(e) => view_criterion(app, w, c, e, frame, inner),
        WorkView::Summary { scroll } => view_summary(app, w, c, *scroll, frame, inner),
    }
    if let Some(m) = &w.modal {
        view_modal(app, w, c, m, frame, area);
    }
}

fn view_tasks(app: &App, w: &WorkState, c: &Checklist, frame: &mut Frame, area: Rect) {
    let vi = app.lang().is_vi();
    let width = area.width.saturating_sub(4) as usize;
    let items: Vec<ListItem> = c
        .tasks
        .iter()
        .zip(&w.score.tasks)
        .map(|(t, ts)| {
            let score = ts
                .percent_hundredths()
                .map(|h| display(h, vi))
                .unwrap_or_else(|| "—".into());
            let progress = format!("{}/{}", ts.answered, ts.applicable);
            let head = format!("{:>2}. ", t.number);
            let tail = format!("  {progress}  {score}");
            let title = crate::domain::text::truncate(
                t.title.get(app.lang()),
                width.saturating_sub(
                    crate::domain::text::width(&head) + crate::domain::text::width(&tail),
                ),
            );
            let pad = width.saturating_sub(
                crate::domain::text::width(&head)
                    + crate::domain::text::width(&title)
                    + crate::domain::text::width(&tail),
            );
            let done = ts.answered == ts.applicable;
            ListItem::new(Line::from(vec![
                Span::raw(head),
                Span::raw(title),
                Span::raw(" ".repeat(pad)),
                Span::styled(
                    tail,
                    Style::new().fg(if done { Color::Green } else { Color::Gray }),
                ),
            ]))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(w.task));
    frame.render_stateful_widget(list, area, &mut state);
}

fn view_criterion(
    app: &App,
    w: &WorkState,
    c: &Checklist,
    e: &CriterionEdit,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = app.lang();
    let crits = applicable(c, w.task, &w.unit);
    let Some(criterion) = crits.get(e.index).copied() else {
        return;
    };
    let task = &c.tasks[w.task];
    let width = area.width.saturating_sub(2) as usize;
    let answer = w.answer(&criterion.id);
    let label = |f: Focus, id: &str| {
        let style = if e.focus == f {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Cyan)
        };
        Span::styled(format!(" {}: ", app.t(id)), style)
    };
    let mut lines: Vec<Line> = vec![Line::from(Span::styled(
        format!(
            " {} {} · {} {}/{}{}",
            app.t("assess-task"),
            task.number,
            app.t("assess-criterion"),
            e.index + 1,
            crits.len(),
            if criterion.critical {
                format!(" · {}", app.t("assess-critical"))
            } else {
                String::new()
            }
        ),
        Style::new().fg(Color::Gray),
    ))];
    lines.extend(wrap_plain(
        criterion.text.get(lang),
        width,
        Style::new().add_modifier(Modifier::BOLD),
        " ",
        " ",
    ));
    lines.extend(wrap_plain(
        &format!("“{}”", criterion.clause.get(lang)),
        width,
        Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        "   ",
        "   ",
    ));
    lines.extend(wrap_plain(
        &format!(
            "{}: {}",
            app.t("assess-evidence-hint"),
            criterion.evidence.get(lang)
        ),
        width,
        Style::new().fg(Color::Gray),
        " ",
        " ",
    ));
    let mut answer_spans = vec![
        label(Focus::Answer, "assess-answer"),
        Span::styled(
            answer_text(app, criterion, answer),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
    if answer.is_some_and(|a| a.from_last_year) {
        answer_spans.push(Span::styled(
            format!("  ({})", app.t("assess-from-last-year")),
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::from(answer_spans));
    if criterion.kind != CriterionKind::YesNo {
        let shown = if e.focus == Focus::Value {
            e.value.with_cursor_mark('▏')
        } else {
            e.value.value().to_string()
        };
        lines.push(Line::from(vec![
            label(Focus::Value, "assess-value"),
            Span::raw(shown),
        ]));
    }
    lines.push(Line::from(label(Focus::Evidence, "assess-evidence")));
    let evidence = if e.focus == Focus::Evidence {
        e.evidence.with_cursor_mark('▏')
    } else {
        e.evidence.value().to_string()
    };
    for para in evidence.split('\n') {
        lines.extend(wrap_plain(
            para,
            width.saturating_sub(2),
            Style::default(),
            "   ",
            "   ",
        ));
    }
    let files = &e.files;
    let shown_file = if e.focus == Focus::File {
        e.file.with_cursor_mark('▏')
    } else {
        e.file.value().to_string()
    };
    lines.push(Line::from(vec![
        label(Focus::File, "assess-files"),
        Span::raw(shown_file),
    ]));
    for (f, state) in files.iter().filter(|(f, _)| f.criterion_id == criterion.id) {
        let (mark, color) = match state {
            FileState::Unchanged => ("✓", Color::Green),
            FileState::Changed => ("!", Color::Red),
            FileState::Missing => ("?", Color::Red),
        };
        let note = match state {
            FileState::Unchanged => String::new(),
            FileState::Changed => format!(" ({})", app.t("assess-file-changed")),
            FileState::Missing => format!(" ({})", app.t("assess-file-missing")),
        };
        lines.push(Line::from(Span::styled(
            crate::domain::text::truncate(&format!("   {mark} {}{note}", f.path), width),
            Style::new().fg(color),
        )));
    }
    let note = if e.focus == Focus::Note {
        e.note.with_cursor_mark('▏')
    } else {
        e.note.value().to_string()
    };
    lines.push(Line::from(vec![
        label(Focus::Note, "assess-note"),
        Span::raw(note),
    ]));
    if let Some(a) = answer {
        lines.push(Line::from(Span::styled(
            format!(
                " {}",
                app.i18n.ta(
                    "assess-changed-at",
                    &[(
                        "at",
                        crate::domain::present::local_time(&a.changed_at).into()
                    )]
                )
            ),
            Style::new().fg(Color::DarkGray),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn view_summary(
    app: &App,
    w: &WorkState,
    c: &Checklist,
    scroll: u16,
    frame: &mut Frame,
    area: Rect,
) {
    let vi = app.lang().is_vi();
    let [chart_area, rest] =
        Layout::vertical([Constraint::Length(8), Constraint::Min(3)]).areas(area);
    let bars: Vec<Bar> = w
        .score
        .tasks
        .iter()
        .map(|ts| {
            let h = ts.percent_hundredths().unwrap_or(0);
            Bar::default()
                .value(h / 100)
                .label(Line::from(format!("{}", ts.number)))
                .text_value(format!("{}", h / 100))
                .style(Style::new().fg(if h >= 7000 {
                    Color::Green
                } else if h >= 5000 {
                    Color::Yellow
                } else {
                    Color::Red
                }))
        })
        .collect();
    let bar_width = ((chart_area.width.saturating_sub(2) / 10).saturating_sub(1)).clamp(1, 6);
    frame.render_widget(
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::BOTTOM)
                    .title(format!(" {}", app.t("assess-task-scores"))),
            )
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .max(100),
        chart_area,
    );
    let mut lines: Vec<Line> = Vec::new();
    // Last year, task by task.
    match &w.previous {
        Some(prev) => {
            lines.push(Line::from(Span::styled(
                format!(
                    " {}: {} → {}",
                    app.i18n.ta(
                        "assess-compare",
                        &[("year", (w.assessment.year - 1).into())]
                    ),
                    display(prev.hundredths, vi),
                    display(w.score.hundredths, vi)
                ),
                Style::new().add_modifier(Modifier::BOLD),
            )));
            for (now, before) in w.score.tasks.iter().zip(&prev.tasks) {
                let (a, b) = (now.percent_hundredths(), before.percent_hundredths());
                let (arrow, color) = match (a, b) {
                    (Some(x), Some(y)) if x > y => ("▲", Color::Green),
                    (Some(x), Some(y)) if x < y => ("▼", Color::Red),
                    _ => ("=", Color::Gray),
                };
                let f = |v: Option<u64>| v.map(|h| display(h, vi)).unwrap_or_else(|| "—".into());
                let title = c
                    .tasks
                    .iter()
                    .find(|t| t.number == now.number)
                    .map(|t| t.title.get(app.lang()))
                    .unwrap_or("");
                lines.push(Line::from(vec![
                    Span::styled(format!("  {arrow} "), Style::new().fg(color)),
                    Span::raw(format!(
                        "{:>2}. {:>6} → {:<6} {}",
                        now.number,
                        f(b),
                        f(a),
                        crate::domain::text::truncate(
                            title,
                            area.width.saturating_sub(30) as usize
                        )
                    )),
                ]));
            }
        }
        None => lines.push(Line::from(format!(" {}", app.t("assess-no-previous")))),
    }
    lines.push(Line::default());
    let unanswered: Vec<(u8, &Criterion)> = c
        .criteria()
        .filter(|(_, cr)| cr.applies_to_kind(w.unit.kind.key()))
        .filter(|(_, cr)| !w.answer(&cr.id).is_some_and(|a| a.answer.is_answered()))
        .map(|(t, cr)| (t.number, cr))
        .collect();
    lines.push(Line::from(Span::styled(
        format!(
            " {}",
            app.i18n.ta(
                "assess-unanswered-count",
                &[("count", unanswered.len().into())]
            )
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for (n, cr) in unanswered {
        lines.extend(wrap_plain(
            &format!("{n}. {}", cr.text.get(app.lang())),
            area.width.saturating_sub(2) as usize,
            Style::new().fg(Color::Gray),
            "  – ",
            "    ",
        ));
    }
    if !w.score.failed_critical.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", app.t("assess-critical-failed")),
            Style::new().fg(Color::Red),
        )));
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), rest);
}

fn view_modal(app: &App, w: &WorkState, c: &Checklist, m: &Modal, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(8).min(70);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 3,
        width,
        height: area.height.saturating_sub(6).min(14),
    };
    frame.render_widget(Clear, popup);
    let inner_width = width.saturating_sub(4) as usize;
    let (title, mut lines) = match m {
        Modal::ConfirmFinalize => {
            let unanswered = w.score.unanswered;
            let mut lines = wrap_plain(
                &app.i18n.ta(
                    "assess-finalize-question",
                    &[
                        ("year", w.assessment.year.into()),
                        (
                            "score",
                            display(w.score.hundredths, app.lang().is_vi()).into(),
                        ),
                    ],
                ),
                inner_width,
                Style::default(),
                " ",
                " ",
            );
            if unanswered > 0 {
                lines.extend(wrap_plain(
                    &app.i18n
                        .ta("assess-unanswered-count", &[("count", unanswered.into())]),
                    inner_width,
                    Style::new().fg(Color::Yellow),
                    " ",
                    " ",
                ));
                for (t, cr) in c
                    .criteria()
                    .filter(|(_, cr)| cr.applies_to_kind(w.unit.kind.key()))
                    .filter(|(_, cr)| !w.answer(&cr.id).is_some_and(|a| a.answer.is_answered()))
                    .take(5)
                {
                    lines.push(Line::from(crate::domain::text::truncate(
                        &format!("  – {}. {}", t.number, cr.text.get(app.lang())),
                        inner_width,
                    )));
                }
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(" {}", app.t("assess-finalize-keys")),
                Style::new().fg(Color::Gray),
            )));
            (app.t("assess-finalize"), lines)
        }
        Modal::Guard(secret) => {
            let dots = "•".repeat(
                unicode_segmentation::UnicodeSegmentation::graphemes(secret.value(), true).count(),
            );
            let lines = vec![
                Line::from(format!(" {}", app.t("trainer-ask"))),
                Line::from(Span::styled(
                    format!(" {dots}▏"),
                    Style::new().bg(Color::DarkGray).fg(Color::White),
                )),
                Line::default(),
                Line::from(Span::styled(
                    format!(" {}", app.t("assess-reopen-keys")),
                    Style::new().fg(Color::Gray),
                )),
            ];
            (app.t("trainer-guard-title"), lines)
        }
        Modal::Reopen(reason) => {
            let mut lines = wrap_plain(
                &app.t("assess-reopen-why"),
                inner_width,
                Style::default(),
                " ",
                " ",
            );
            lines.push(Line::from(Span::styled(
                format!(" {}", reason.with_cursor_mark('▏')),
                Style::new().bg(Color::DarkGray).fg(Color::White),
            )));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(" {}", app.t("assess-reopen-keys")),
                Style::new().fg(Color::Gray),
            )));
            (app.t("assess-reopen"), lines)
        }
    };
    lines.truncate(popup.height.saturating_sub(2) as usize);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(Color::Yellow))
                .title(format!(" {title} ")),
        ),
        popup,
    );
}
