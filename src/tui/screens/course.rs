//! A course: its lesson list, and the reader that scrolls through a lesson.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, List, ListItem, ListState, Paragraph, Scrollbar, ScrollbarOrientation,
    ScrollbarState,
};
use ratatui::Frame;

use crate::domain::content::markdown;
use crate::domain::content::Course;
use crate::tui::app::{Action, App, Screen};
use crate::tui::layout;
use crate::tui::wrap::{self, WrappedLine};

#[derive(Debug, Clone)]
pub struct LessonsState {
    pub course: usize,
    pub selected: usize,
    /// Which lessons are read (same order as the course's lessons).
    pub read: Vec<bool>,
}

impl LessonsState {
    /// Open a course's lesson list on the lesson the person opened last.
    pub fn open(app: &App, course: usize) -> LessonsState {
        let c = &app.pack.courses[course];
        let pid = app.person_id().unwrap_or_default();
        let rows = app.store.course_progress(&pid, &c.id).unwrap_or_default();
        let read = c
            .lessons
            .iter()
            .map(|l| {
                rows.iter()
                    .any(|r| r.lesson_id == l.id && r.completed_at.is_some())
            })
            .collect();
        let selected = app
            .store
            .last_opened(&pid, &c.id)
            .ok()
            .flatten()
            .and_then(|p| c.lessons.iter().position(|l| l.id == p.lesson_id))
            .unwrap_or(0);
        LessonsState {
            course,
            selected,
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
pub fn lesson_lines(app: &App, course: &Course, lesson: usize, width: usize) -> Vec<WrappedLine> {
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

/// Open the reader on a lesson, at a block (or at the saved position when `at_block` is None).
pub fn open_reader(app: &mut App, course: usize, lesson: usize, at_block: Option<usize>) {
    let (width, _) = layout::reader_text_size(app.size);
    let c = &app.pack.courses[course];
    let pid = app.person_id().unwrap_or_default();
    let saved = app
        .store
        .course_progress(&pid, &c.id)
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.lesson_id == c.lessons[lesson].id);
    let block = at_block
        .or(saved.as_ref().map(|s| s.top_block))
        .unwrap_or(0);
    let lines = lesson_lines(app, c, lesson, width as usize);
    let top = lines.iter().position(|l| l.block >= block).unwrap_or(0);
    app.screen = Screen::Reader(ReaderState {
        course,
        lesson,
        top,
        lines,
        saved_block: None,
        completed: saved.is_some_and(|s| s.completed_at.is_some()),
    });
    after_scroll(app);
    app.save_last_screen();
}

/// Re-wrap after a resize or a language change, keeping the block at the top.
pub fn rewrap(app: &mut App) {
    let (width, _) = layout::reader_text_size(app.size);
    let Screen::Reader(r) = &app.screen else {
        return;
    };
    let block = r.top_block();
    let lines = lesson_lines(app, &app.pack.courses[r.course], r.lesson, width as usize);
    let top = lines.iter().position(|l| l.block >= block).unwrap_or(0);
    if let Screen::Reader(r) = &mut app.screen {
        r.lines = lines;
        r.top = top;
    }
    after_scroll(app);
}

/// Save the position when its block changed, and mark the lesson read once its end is on screen.
fn after_scroll(app: &mut App) {
    let (_, height) = layout::reader_text_size(app.size);
    let Some(pid) = app.person_id() else { return };
    let Screen::Reader(r) = &mut app.screen else {
        return;
    };
    r.top = r.top.min(r.max_top(height as usize));
    let course = &app.pack.courses[r.course];
    let lesson = &course.lessons[r.lesson];
    let block = r.top_block();
    let at_end = r.top + height as usize >= r.lines.len();
    let mut result = Ok(());
    if r.saved_block != Some(block) {
        result = app
            .store
            .save_position(&pid, &course.id, &course.version, &lesson.id, block);
        if result.is_ok() {
            r.saved_block = Some(block);
        }
    }
    let mut newly_read = None;
    if at_end && !r.completed && result.is_ok() {
        result = app
            .store
            .mark_lesson_complete(&pid, &course.id, &course.version, &lesson.id);
        if result.is_ok() {
            r.completed = true;
            newly_read = Some(course.id.clone());
        }
    }
    if let (Some(course_id), Ok(())) = (newly_read, &result) {
        // Reading the last lesson after passing the quiz completes the course.
        result =
            crate::service::learning::check_completion(&mut app.store, &app.pack, &pid, &course_id)
                .map(|_| ());
    }
    if let Err(e) = result {
        app.error(&e.msg());
    }
}

pub fn update_reader(app: &mut App, action: Action) {
    let (_, height) = layout::reader_text_size(app.size);
    let page = (height as usize).saturating_sub(2).max(1);
    let Screen::Reader(r) = &mut app.screen else {
        return;
    };
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
        Action::NextLesson | Action::PrevLesson => {
            let (course, lesson) = (r.course, r.lesson);
            let count = app.pack.courses[course].lessons.len();
            let next = if action == Action::NextLesson {
                (lesson + 1 < count).then_some(lesson + 1)
            } else {
                lesson.checked_sub(1)
            };
            match next {
                Some(n) => open_reader(app, course, n, Some(0)),
                None => app.info(&crate::domain::i18n::Msg::new(
                    if action == Action::NextLesson {
                        "reader-last-lesson"
                    } else {
                        "reader-first-lesson"
                    },
                )),
            }
            return;
        }
        Action::Back => {
            let (course, lesson) = (r.course, r.lesson);
            let mut state = LessonsState::open(app, course);
            state.selected = lesson;
            app.screen = Screen::Lessons(state);
            app.save_last_screen();
            return;
        }
        _ => return,
    }
    after_scroll(app);
}

pub fn update_lessons(app: &mut App, action: Action) {
    let Screen::Lessons(s) = &mut app.screen else {
        return;
    };
    let n = app.pack.courses[s.course].lessons.len();
    match action {
        Action::Up | Action::ScrollUp => s.selected = s.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => s.selected = (s.selected + 1).min(n.saturating_sub(1)),
        Action::Top => s.selected = 0,
        Action::Bottom => s.selected = n.saturating_sub(1),
        Action::PageUp => s.selected = s.selected.saturating_sub(10),
        Action::PageDown => s.selected = (s.selected + 10).min(n.saturating_sub(1)),
        Action::Enter => {
            let (c, l) = (s.course, s.selected);
            open_reader(app, c, l, None);
        }
        Action::Back => {
            app.go_home();
            app.save_last_screen();
        }
        Action::Certificate => {
            let course = app.pack.courses[s.course].id.clone();
            print_certificate(app, &course);
        }
        _ => {}
    }
}

pub fn view_lessons(app: &App, s: &LessonsState, frame: &mut Frame, area: Rect) {
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
    let mut state = ListState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(list, list_area, &mut state);
}

pub fn view_reader(app: &App, r: &ReaderState, frame: &mut Frame, area: Rect) {
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
    let title = format!(
        " {mark}{} ",
        crate::domain::text::truncate(
            lesson.title.get(lang),
            (area.width as usize).saturating_sub(crate::domain::text::width(&position) + 8)
        )
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

/// Write the certificate of a completed course beside the database, for the official to print.
/// Officials can always print their own: no passphrase.
pub fn print_certificate(app: &mut App, course: &str) {
    let Some(pid) = app.person_id() else {
        return;
    };
    print_certificate_of(app, &pid, course);
}

/// Write the certificate of `person`'s completed `course` in `reports/` (a trainer prints them
/// for the people on the records screen).
pub fn print_certificate_of(app: &mut App, pid: &str, course: &str) {
    let pid = pid.to_string();
    let result = crate::service::certificates::certificate_html(
        &app.store, &app.pack, &app.i18n, &pid, course,
    )
    .map_err(|e| app.i18n.msg(&e.msg()))
    .and_then(|html| {
        let path = crate::io::report::new_report_paths(
            app.store.path(),
            &format!("giay-chung-nhan-{course}"),
            &["html"],
        )?
        .remove(0);
        crate::io::file::write_new(&path, html.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    });
    match result {
        Ok(path) => app.info(
            &crate::domain::i18n::Msg::new("certificate-written").arg("path", path.display()),
        ),
        Err(detail) => app
            .error(&crate::domain::i18n::Msg::new("certificate-not-written").arg("detail", detail)),
    }
}
