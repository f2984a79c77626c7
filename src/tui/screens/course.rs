//! A course: its lesson list, and the reader that scrolls through a lesson.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, List, ListItem, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use ratatui::Frame;

use crate::domain::content::markdown;
use crate::domain::content::Course;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::ListCursor;
use crate::tui::wrap::{self, WrappedLine};

#[derive(Debug, Clone)]
pub struct LessonsState {
    pub course: usize,
    pub cursor: ListCursor,
    /// Which lessons are read (same order as the course's lessons).
    pub read: Vec<bool>,
}

impl LessonsState {
    /// Open a course's lesson list on the lesson the person opened last.
    pub fn open(app: &Session, course: usize) -> LessonsState {
        let c = &app.pack.courses[course];
        let pid = app.person_id().unwrap_or_default();
        let rows = app.read(app.store.course_progress(&pid, &c.id));
        let read = c
            .lessons
            .iter()
            .map(|l| {
                rows.iter()
                    .any(|r| r.lesson_id == l.id && r.completed_at.is_some())
            })
            .collect();
        let selected = app
            .read(app.store.last_opened(&pid, &c.id))
            .and_then(|p| c.lessons.iter().position(|l| l.id == p.lesson_id))
            .unwrap_or(0);
        LessonsState {
            course,
            cursor: ListCursor::at(selected),
            read,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReaderState {
    pub course: usize,
    pub lesson: usize,
    /// First visible wrapped line.
    pub top: usize,
    pub lines: Vec<WrappedLine>,
    /// The block last saved as the position, to save only on change.
    pub saved_block: Option<usize>,
    pub completed: bool,
    /// The block a search hit was found in, marked in the margin.
    pub marked: Option<usize>,
}

impl ReaderState {
    pub fn top_block(&self) -> usize {
        self.lines.get(self.top).map(|l| l.block).unwrap_or(0)
    }

    fn max_top(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height)
    }
}

/// The wrapped lines of a lesson: its body, then its sources.
pub fn lesson_lines(
    app: &Session,
    course: &Course,
    lesson: usize,
    width: usize,
) -> Vec<WrappedLine> {
    let lang = app.lang();
    let l = &course.lessons[lesson];
    let blocks = markdown::parse(l.body.get(lang));
    let mut lines = wrap::wrap_blocks(&blocks, width);
    let sources_block = blocks.len();
    lines.push(WrappedLine {
        line: Line::default(),
        block: sources_block,
    });
    lines.push(WrappedLine {
        line: Line::from(Span::styled(
            app.t("reader-sources"),
            wrap::heading_style(2),
        )),
        block: sources_block,
    });
    for c in &l.cites {
        let text = crate::domain::present::citation_text(
            &app.pack,
            &app.i18n,
            &c.source,
            c.reference.as_deref(),
        );
        for line in wrap::wrap_plain(&text, width, Style::default(), "  • ", "    ") {
            lines.push(WrappedLine {
                line,
                block: sources_block,
            });
        }
    }
    lines.push(WrappedLine {
        line: Line::default(),
        block: sources_block,
    });
    lines.push(WrappedLine {
        line: Line::from(Span::styled(
            app.t("reader-end"),
            Style::new().fg(Color::DarkGray),
        )),
        block: sources_block,
    });
    lines
}

impl ReaderState {
    /// The reader on a lesson, at a block (or at the saved position when `at_block` is None).
    pub fn open(
        app: &mut Session,
        course: usize,
        lesson: usize,
        at_block: Option<usize>,
    ) -> ReaderState {
        let (width, _) = layout::reader_text_size(app.size);
        let c = &app.pack.courses[course];
        let pid = app.person_id().unwrap_or_default();
        // A read error shows on the status line; the lesson then opens at its top.
        let saved = app
            .read(app.store.course_progress(&pid, &c.id))
            .into_iter()
            .find(|p| p.lesson_id == c.lessons[lesson].id);
        let block = at_block
            .or(saved.as_ref().map(|s| s.top_block))
            .unwrap_or(0);
        let lines = lesson_lines(app, c, lesson, width as usize);
        let top = lines.iter().position(|l| l.block >= block).unwrap_or(0);
        let mut r = ReaderState {
            course,
            lesson,
            top,
            lines,
            saved_block: None,
            completed: saved.is_some_and(|s| s.completed_at.is_some()),
            marked: None,
        };
        after_scroll(&mut r, app);
        // Opening a lesson is recorded at once (the lessons list and home show the last one).
        save_position(&mut r, app);
        r
    }
}

/// Re-wrap after a resize or a language change, keeping the block at the top.
pub fn rewrap(r: &mut ReaderState, app: &mut Session) {
    let (width, _) = layout::reader_text_size(app.size);
    let block = r.top_block();
    let lines = lesson_lines(app, &app.pack.courses[r.course], r.lesson, width as usize);
    r.top = lines.iter().position(|l| l.block >= block).unwrap_or(0);
    r.lines = lines;
    after_scroll(r, app);
}

/// Save the reading position when its block changed since it was last saved. Scrolling does not
/// write: this runs on opening, on the tick, on leaving the lesson and on quitting.
pub fn save_position(r: &mut ReaderState, app: &mut Session) {
    let Some(pid) = app.person_id() else { return };
    let block = r.top_block();
    if r.saved_block == Some(block) {
        return;
    }
    let course = &app.pack.courses[r.course];
    let lesson = &course.lessons[r.lesson];
    match app
        .store
        .save_position(&pid, &course.id, &course.version, &lesson.id, block)
    {
        Ok(()) => r.saved_block = Some(block),
        Err(e) => app.error(&e.msg()),
    }
}

/// Keep the view within the text, and mark the lesson read once its end is on screen.
fn after_scroll(r: &mut ReaderState, app: &mut Session) {
    let (_, height) = layout::reader_text_size(app.size);
    let Some(pid) = app.person_id() else { return };
    r.top = r.top.min(r.max_top(height as usize));
    let course = &app.pack.courses[r.course];
    let lesson = &course.lessons[r.lesson];
    let at_end = r.top + height as usize >= r.lines.len();
    let mut result = Ok(());
    if at_end && !r.completed {
        // Reading the last lesson after passing the quiz completes the course.
        let (course_id, lesson_id) = (course.id.clone(), lesson.id.clone());
        result = crate::service::learning::mark_lesson_read(
            &mut app.store,
            &app.pack,
            &pid,
            &course_id,
            &lesson_id,
        )
        .map(|_| ());
        if result.is_ok() {
            r.completed = true;
        }
    }
    if let Err(e) = result {
        app.error(&e.msg());
    }
}

pub fn update_reader(r: &mut ReaderState, app: &mut Session, action: Action) -> Nav {
    let (_, height) = layout::reader_text_size(app.size);
    let page = (height as usize).saturating_sub(2).max(1);
    let max_top = r.max_top(height as usize);
    match action {
        Action::Up => r.top = r.top.saturating_sub(1),
        Action::Down => r.top = (r.top + 1).min(max_top),
        Action::ScrollUp => r.top = r.top.saturating_sub(3),
        Action::ScrollDown => r.top = (r.top + 3).min(max_top),
        Action::PageUp => r.top = r.top.saturating_sub(page),
        Action::PageDown => r.top = (r.top + page).min(max_top),
        Action::Top => r.top = 0,
        Action::Bottom => r.top = max_top,
        Action::Tick => {
            save_position(r, app);
            return Nav::Stay;
        }
        Action::NextLesson | Action::PrevLesson => {
            save_position(r, app);
            let (course, lesson) = (r.course, r.lesson);
            let count = app.pack.courses[course].lessons.len();
            let next = if action == Action::NextLesson {
                (lesson + 1 < count).then_some(lesson + 1)
            } else {
                lesson.checked_sub(1)
            };
            return match next {
                Some(n) => Nav::Reader {
                    course,
                    lesson: n,
                    block: Some(0),
                },
                None => {
                    app.info(&crate::domain::i18n::Msg::new(
                        if action == Action::NextLesson {
                            "reader-last-lesson"
                        } else {
                            "reader-first-lesson"
                        },
                    ));
                    Nav::Stay
                }
            };
        }
        Action::Back => {
            save_position(r, app);
            return Nav::Lessons {
                course: r.course,
                lesson: Some(r.lesson),
            };
        }
        _ => return Nav::Stay,
    }
    after_scroll(r, app);
    Nav::Stay
}

pub fn update_lessons(s: &mut LessonsState, app: &mut Session, action: Action) -> Nav {
    let n = app.pack.courses[s.course].lessons.len();
    if s.cursor.navigate(action, n) {
        return Nav::Stay;
    }
    match action {
        Action::Enter => Nav::Reader {
            course: s.course,
            lesson: s.cursor.selected(),
            block: None,
        },
        Action::Back => Nav::Home { selected: s.course },
        Action::Certificate => {
            let course = app.pack.courses[s.course].id.clone();
            crate::tui::certificate::print_own(app, &course);
            Nav::Stay
        }
        _ => Nav::Stay,
    }
}

pub fn view_lessons(app: &Session, s: &LessonsState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let course = &app.pack.courses[s.course];
    let read = s.read.iter().filter(|r| **r).count();
    let title = format!(
        " {} — {} ",
        course.title.get(lang),
        app.i18n.ta(
            "home-lessons-read",
            &[
                ("read", read.into()),
                ("total", course.lessons.len().into())
            ]
        )
    );
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        // Cut at a word of the course's title rather than after the dash.
        crate::domain::text::truncate(&title, area.width.saturating_sub(4) as usize),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let summary = wrap::wrap_plain(
        course.summary.get(lang),
        inner.width.saturating_sub(2) as usize,
        Style::new().fg(Color::Gray),
        " ",
        " ",
    );
    let summary_height = (summary.len() as u16).min(inner.height / 3);
    let [top, list_area] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(summary_height + 1),
        ratatui::layout::Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(summary), top);
    let items: Vec<ListItem> = course
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let done = s.read.get(i).copied().unwrap_or(false);
            let mark = if done {
                Span::styled(
                    "✓ ",
                    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                )
            } else {
                Span::styled("· ", Style::new().fg(Color::DarkGray))
            };
            let text = format!("{:>2}. {}", i + 1, l.title.get(lang));
            ListItem::new(Line::from(vec![
                mark,
                Span::raw(crate::domain::text::truncate(
                    &text,
                    list_area.width.saturating_sub(4) as usize,
                )),
            ]))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow))
        .highlight_symbol("▶");
    let mut state = s.cursor.list_state();
    frame.render_stateful_widget(list, list_area, &mut state);
}

pub fn view_reader(app: &Session, r: &ReaderState, frame: &mut Frame, area: Rect) {
    let lang = app.lang();
    let course = &app.pack.courses[r.course];
    let lesson = &course.lessons[r.lesson];
    let (_, height) = layout::reader_text_size(app.size);
    let height = height as usize;
    let progress = if r.lines.len() <= height {
        100.0
    } else {
        ((r.top + height).min(r.lines.len()) as f64 / r.lines.len() as f64) * 100.0
    };
    let position = format!(
        " {}/{} · {} ",
        r.lesson + 1,
        course.lessons.len(),
        crate::domain::text::percent(progress, lang.is_vi())
    );
    let mark = if r.completed { "✓ " } else { "" };
    // The lesson's title gets what its position on the right leaves.
    let title = crate::tui::widgets::title(
        &format!("{mark}{}", lesson.title.get(lang)),
        area.width,
        crate::domain::text::width(&position) + 1,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            title,
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .title(Line::from(position).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_area = layout::reader_text_rect(inner);
    let visible: Vec<Line> = r
        .lines
        .iter()
        .skip(r.top)
        .take(height)
        .map(|l| l.line.clone())
        .collect();
    frame.render_widget(Paragraph::new(visible), text_area);
    // The search hit's block: a bar in the margin, beside each of its lines (a symbol, not only
    // a colour).
    if let (Some(marked), Some(x)) = (r.marked, text_area.x.checked_sub(1)) {
        let rows = r.lines.iter().skip(r.top).take(height).enumerate();
        for (i, _) in rows.filter(|(_, l)| l.block == marked) {
            let y = text_area.y + i as u16;
            if y < text_area.bottom() {
                frame.render_widget(
                    Paragraph::new(Span::styled("▌", Style::new().fg(Color::Yellow))),
                    Rect::new(x, y, 1, 1),
                );
            }
        }
    }
    if r.lines.len() > height {
        let mut sb = ScrollbarState::new(r.lines.len().saturating_sub(height)).position(r.top);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            inner,
            &mut sb,
        );
    }
}
