//! `view`: draws the whole screen from the state, and nothing else.

use std::borrow::Cow;

use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::action::Action;
use super::app::App;
use super::footer::{self, Entry, Slot};
use super::keymap::Binding;
use super::layout;

/// The keymap table of the screen on top.
pub fn bindings(app: &App) -> Cow<'static, [Binding]> {
    app.screen.bindings(&app.session.pack)
}

/// Whether the `NO_COLOR` variable asks for no colour: any value but an empty one (no-color.org).
pub fn no_color_wanted(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Take the colours out of a drawn frame, keeping bold, reverse and the rest. A cell that had a
/// background colour (a selected row, a key in the footer, a text field, the header) is shown
/// reversed instead, so what stood out still does.
pub fn strip_colour(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
        cell.underline_color = Color::Reset;
    }
}

pub fn view(app: &App, frame: &mut Frame) {
    draw(app, frame);
    if app.session.no_color {
        strip_colour(frame.buffer_mut());
    }
}

fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small((area.width, area.height)) {
        let msg = app.session.i18n.ta(
            "too-small",
            &[
                ("width", layout::MIN_WIDTH.into()),
                ("height", layout::MIN_HEIGHT.into()),
            ],
        );
        frame.render_widget(
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center)
                .style(Style::new().fg(Color::Yellow)),
            area,
        );
        return;
    }
    let a = layout::areas(area);
    draw_header(app, frame, a.header);
    app.screen.draw(&app.session, frame, a.body);
    if let Some((text, is_error)) = &app.session.status {
        let style = if *is_error {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Green)
        };
        let lines = status_lines(text, a.status.width, style);
        let area = status_area(lines.len(), a.status);
        frame.render_widget(Clear, area);
        frame.render_widget(Paragraph::new(lines), area);
    }
    draw_footer(app, frame, a.footer);
    if app.help_open {
        draw_help(app, frame, area);
    }
}

/// Most rows a status message takes: a longer one wraps onto the rows above its own, over the
/// bottom of the screen, until the next key clears it.
const STATUS_ROWS: usize = 3;

/// The status message wrapped to the window, at most [`STATUS_ROWS`] rows, the last one ending
/// in "…" when even those do not hold it all.
fn status_lines(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let width = (width as usize).max(2);
    let mut lines = crate::tui::wrap::wrap_plain(text, width, style, " ", " ");
    if lines.len() > STATUS_ROWS {
        lines.truncate(STATUS_ROWS);
        if let Some(last) = lines.last_mut() {
            let shown: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let cut = crate::domain::text::truncate(&format!("{shown} …"), width);
            *last = Line::from(Span::styled(cut, style));
        }
    }
    lines
}

/// Where a status message of `lines` rows goes: its own row, and the rows above it that a long
/// one needs.
fn status_area(lines: usize, row: Rect) -> Rect {
    let rows = (lines.max(1) as u16).min(row.y + 1);
    Rect {
        y: row.y + 1 - rows,
        height: rows,
        ..row
    }
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    // A damaged file is named on every screen, in place of the title: nothing is written to it.
    if app.session.store.damage().is_some() {
        let text = app.session.i18n.msg(&app.session.damaged_msg());
        let style = Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD);
        let text = crate::domain::text::truncate(&format!(" {text}"), area.width as usize);
        frame.render_widget(Paragraph::new(text).style(style), area);
        return;
    }
    // A demo database is marked on every screen, in red.
    let style = Style::new().fg(Color::White).bg(if app.session.demo {
        Color::Red
    } else {
        Color::Blue
    });
    let title = if app.session.demo {
        format!(
            " {} · {} ",
            app.session.t("app-title"),
            app.session.t("demo-banner")
        )
    } else {
        format!(" {} ", app.session.t("app-title"))
    };
    let who = app
        .session
        .person
        .as_ref()
        .map(|p| p.full_name.clone())
        .unwrap_or_default();
    let right = crate::domain::text::truncate(
        &format!("{who}  [{}] ", app.session.lang().code().to_uppercase()),
        area.width as usize / 2,
    );
    let right_w = crate::domain::text::width(&right);
    // The title takes what the name leaves, ending in "…" when that is not all of it.
    let title =
        crate::domain::text::truncate(&title, (area.width as usize).saturating_sub(right_w));
    let left = Span::styled(title, style.add_modifier(Modifier::BOLD));
    let fill =
        (area.width as usize).saturating_sub(crate::domain::text::width(&left.content) + right_w);
    let line = Line::from(vec![
        left,
        Span::styled(" ".repeat(fill), style),
        Span::styled(right, style),
    ]);
    frame.render_widget(Paragraph::new(line).style(style), area);
}

/// The footer: the current screen's keys, drawn from its keymap table (all of them, before
/// fitting; `draw_footer` shows what fits).
pub fn footer_spans(app: &App) -> Vec<Span<'static>> {
    footer_items(app)
        .into_iter()
        .flat_map(|(item, _)| item)
        .collect()
}

/// One item per key: the key and what it does, kept together on a row; and the binding.
fn footer_items(app: &App) -> Vec<([Span<'static>; 2], Binding)> {
    bindings(app)
        .iter()
        .filter(|b| b.footer)
        .map(|b| {
            (
                [
                    Span::styled(
                        format!(" {} ", b.label),
                        Style::new().fg(Color::Black).bg(Color::Gray),
                    ),
                    Span::raw(format!(" {}", app.session.t(b.help))),
                ],
                *b,
            )
        })
        .collect()
}

fn span_width(spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|s| crate::domain::text::width(&s.content))
        .sum()
}

/// The keys that fit in the footer's rows (see `footer::fit`), and the cue to `?` when some do not.
fn draw_footer(app: &App, frame: &mut Frame, area: Rect) {
    let items = footer_items(app);
    let entries: Vec<Entry> = items
        .iter()
        .map(|(spans, b)| Entry {
            width: span_width(spans),
            keep: b.always_shown(),
            help: b.action == Action::Help,
        })
        .collect();
    let has_help = bindings(app).iter().any(|b| b.action == Action::Help);
    let cue = Span::styled(
        app.session.t("footer-more"),
        Style::new().add_modifier(Modifier::BOLD),
    );
    let cue_width = has_help.then(|| span_width(std::slice::from_ref(&cue)));
    let rows = footer::fit(
        &entries,
        cue_width,
        area.width as usize,
        area.height as usize,
    );
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let mut spans = Vec::new();
            for (n, slot) in row.iter().enumerate() {
                if n > 0 {
                    spans.push(Span::raw(" ".repeat(footer::GAP)));
                }
                match slot {
                    Slot::Item(i) => spans.extend(items[*i].0.iter().cloned()),
                    Slot::More => spans.push(cue.clone()),
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The `?` help: every key of the screen's table. As wide as its longest line needs; when the
/// rows do not fit the height, the blank line before the closing hint goes, then the keys go
/// into two columns if the width allows, so a busy screen's help is still whole at 80×24.
fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    use crate::domain::text::width as w;
    let table = bindings(app);
    let rows: Vec<&Binding> = table.iter().filter(|b| b.in_help).collect();
    let label_w = rows.iter().map(|b| w(b.label)).max().unwrap_or(4);
    let key_style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    let items: Vec<(String, String)> = rows
        .iter()
        .map(|b| {
            let pad = " ".repeat(label_w.saturating_sub(w(b.label)));
            (format!(" {}{pad} ", b.label), app.session.t(b.help))
        })
        .collect();
    let item_width = |(k, t): &(String, String)| w(k) + w(t) + 1;
    // Each column as wide as its own widest item: one long description does not keep the
    // others from fitting in two columns.
    let column_widths = |columns: usize| -> Vec<usize> {
        let per = items.len().div_ceil(columns.max(1)).max(1);
        items
            .chunks(per)
            .map(|c| c.iter().map(item_width).max().unwrap_or(0))
            .collect()
    };
    let hint = format!(" {}", app.session.t("help-close"));
    let inner_h = area.height.saturating_sub(2) as usize;
    let inner_w = area.width.saturating_sub(2) as usize;
    let two_wide = column_widths(2).iter().sum::<usize>() + 1;
    let (columns, blank) = if items.len() + 2 <= inner_h {
        (1, true)
    } else if items.len() < inner_h || two_wide > inner_w {
        (1, false)
    } else {
        (2, false)
    };
    let widths = column_widths(columns);
    let per_column = items.len().div_ceil(columns);
    let mut lines: Vec<Line> = (0..per_column)
        .map(|r| {
            let mut spans = Vec::new();
            for (c, col_w) in widths.iter().enumerate() {
                let Some((key, text)) = items.get(c * per_column + r) else {
                    continue;
                };
                if c > 0 {
                    spans.push(Span::raw(" "));
                }
                spans.push(Span::styled(key.clone(), key_style));
                let fill = if c + 1 < columns {
                    col_w.saturating_sub(w(key) + w(text))
                } else {
                    0
                };
                spans.push(Span::raw(format!("{text}{}", " ".repeat(fill))));
            }
            Line::from(spans)
        })
        .collect();
    if blank {
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        hint.clone(),
        Style::new().fg(Color::DarkGray),
    )));
    let content_w = (widths.iter().sum::<usize>() + columns - 1).max(w(&hint) + 1);
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = ((content_w + 2).max(56) as u16).min(area.width);
    let [v] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(v);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(Color::Yellow))
                .title(crate::tui::widgets::title(
                    &app.session.t("help-title"),
                    popup.width,
                    0,
                )),
        ),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::Msg;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view(app, f)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect()
    }

    #[test]
    fn a_long_status_message_wraps_above_the_footer_and_is_never_cut_silently() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = crate::tui::app::test_app(dir.path());
        let words: Vec<String> = (1..=30).map(|i| format!("từ{i}")).collect();
        app.session
            .error(&Msg::new("records-export-failed").arg("detail", words.join(" ")));
        let rows = screen(&app, 80, 24);
        // Rows 19–21 (above the two footer rows) hold the message; every word is on screen.
        let text: String = rows[19..22].join(" ");
        for w in &words {
            assert!(
                text.split_whitespace()
                    .any(|x| x.trim_matches(|c: char| !c.is_alphanumeric()) == w),
                "{w} missing from {rows:#?}"
            );
        }
        // Far too long for three rows: the third ends in "…".
        let many: Vec<String> = (1..=200).map(|i| format!("từ{i}")).collect();
        app.session
            .error(&Msg::new("records-export-failed").arg("detail", many.join(" ")));
        let rows = screen(&app, 80, 24);
        assert!(rows[21].trim_end().ends_with('…'), "{rows:#?}");
        assert!(rows[20].contains("từ"), "{rows:#?}");
        // A short one keeps to its own row.
        app.session.info(&Msg::new("reader-last-lesson"));
        let rows = screen(&app, 80, 24);
        assert!(
            !rows[20].contains("từ") && !rows[21].trim().is_empty(),
            "{rows:#?}"
        );
    }
}
