//! The unit's self-assessments, one row per year with its score, band and status, and the days
//! left before the report is due. `n` starts this year empty, `c` from last year's answers.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph};
use ratatui::Frame;

use super::band_label;
use crate::domain::assessment::record::{Assessment, AssessmentStatus};
use crate::domain::assessment::{display, Score};
use crate::domain::i18n::Msg;
use crate::domain::people::Unit;
use crate::service;
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;

/// The unit's years.
pub struct YearsState {
    pub unit: Unit,
    pub rows: Vec<(Assessment, Score)>,
    pub cursor: ListCursor,
}

impl YearsState {
    /// The signed-in person's unit's years; None (and why, on the status line) when the person
    /// has no unit or the pack no checklist.
    pub fn open(app: &mut Session) -> Option<YearsState> {
        let unit = app
            .person
            .as_ref()
            .and_then(|p| p.unit_id.clone())
            .and_then(|id| app.read(app.store.unit(&id)));
        let Some(unit) = unit else {
            app.error(&Msg::new("assess-no-unit"));
            return None;
        };
        if service::assessment::checklist(&app.pack).is_none() {
            app.error(&Msg::new("assess-no-checklist"));
            return None;
        }
        Some(YearsState::load(app, unit, None))
    }

    /// A unit's years, with the cursor on `year` (else on the first row).
    pub fn load(app: &Session, unit: Unit, year: Option<i32>) -> YearsState {
        let rows: Vec<(Assessment, Score)> = app
            .read(app.store.assessments_of_unit(&unit.id))
            .into_iter()
            .filter_map(|a| {
                let c = service::assessment::checklist(&app.pack)?;
                let answers = app.read(app.store.criterion_answers(&a.id));
                let s = super::shown_score(app, c, &unit, &a, &answers);
                Some((a, s))
            })
            .collect();
        let selected = year
            .and_then(|y| rows.iter().position(|(a, _)| a.year == y))
            .unwrap_or(0);
        YearsState {
            unit,
            rows,
            cursor: ListCursor::at(selected),
        }
    }
}

pub fn update(s: &mut YearsState, app: &mut Session, action: Action) -> Nav {
    if s.cursor.navigate(action, s.rows.len()) {
        return Nav::Stay;
    }
    match action {
        Action::Enter => match s.rows.get(s.cursor.selected()) {
            Some((a, _)) => Nav::AssessWork {
                unit: s.unit.clone(),
                assessment: a.clone(),
            },
            None => Nav::Stay,
        },
        Action::NewProfile | Action::Practice => {
            // `n`: a new year, empty; `c`: a new year from last year's answers.
            let from_last_year = action == Action::Practice;
            let unit = s.unit.clone();
            let year = crate::service::learning::today().year();
            let Some(c) = service::assessment::checklist(&app.pack).cloned() else {
                return Nav::Stay;
            };
            match service::assessment::start(&mut app.store, &c, &unit, year, from_last_year) {
                Ok(assessment) => Nav::AssessWork { unit, assessment },
                Err(e) => {
                    app.error(&e.msg());
                    Nav::Stay
                }
            }
        }
        Action::Back => Nav::HomeAgain,
        _ => Nav::Stay,
    }
}

// ---- drawing ----

pub fn view(app: &Session, s: &YearsState, frame: &mut Frame, area: Rect) {
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
        .title(crate::tui::widgets::title(
            &app.t("home-assessment"),
            list_area.width,
            0,
        ));
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
    let mut state = s.cursor.list_state();
    frame.render_stateful_widget(list, list_area, &mut state);
}
