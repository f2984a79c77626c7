//! A bundle refused because its database's key changed: the new key's fingerprint beside the
//! one pinned, the trainer's yes (behind the passphrase, as `danvan merge --accept-new-key`),
//! then the same merge again, pinning the new key (the store logs the pin; the merge is logged
//! as the command line logs it).

use std::path::PathBuf;

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::i18n::Msg;
use crate::domain::text::width as text_width;
use crate::service::bundles::Refusal;
use crate::tui::session::Session;
use crate::tui::wrap::wrap_plain;

/// What the trainer is asked to accept.
pub struct NewKey {
    pub path: PathBuf,
    /// The database the bundle speaks for.
    pub db: String,
    /// The key that signed the bundle.
    pub new: String,
    /// The key pinned for that database, and the day it was pinned.
    pub pinned: Option<(String, String)>,
}

/// The refusal a new key gives (`store::merge`'s "merge-key-changed"): the two keys to compare,
/// or None for any other refusal.
pub(super) fn new_key(app: &Session, path: &std::path::Path, r: &Refusal) -> Option<NewKey> {
    if r.msg.id != "merge-key-changed" {
        return None;
    }
    // The refusal names the database and the key that signed the file: nothing to read again.
    let arg = |want: &str| {
        r.msg
            .args
            .iter()
            .find(|(name, _)| *name == want)
            .map(|(_, v)| v.clone())
    };
    let (db, new) = (arg("db")?, arg("fingerprint")?);
    let pinned = app
        .read(app.store.trusted_keys())
        .into_iter()
        .rev()
        .find(|k| k.db_id.as_deref() == Some(db.as_str()))
        .map(|k| {
            let day = k.pinned_at.get(..10).unwrap_or(&k.pinned_at).to_string();
            (k.fingerprint, crate::domain::text::display_date(&day))
        });
    Some(NewKey {
        path: path.to_path_buf(),
        db,
        new,
        pinned,
    })
}

/// Said after the trainer's yes: the new key pinned, and the merge as usual.
pub(super) fn accepted_msg(k: &NewKey) -> Msg {
    Msg::new("records-key-accepted")
        .arg("fingerprint", &k.new)
        .arg("db", &k.db)
}

pub(super) fn view(app: &Session, k: &NewKey, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(76);
    let room = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    lines.extend(wrap_plain(
        &app.i18n.msg(
            &Msg::new("records-key-changed")
                .arg("file", k.path.display())
                .arg("db", &k.db),
        ),
        room,
        Style::default(),
        " ",
        " ",
    ));
    lines.push(Line::default());
    let (pinned, day) = k.pinned.clone().unwrap_or_else(|| ("—".into(), "—".into()));
    let pinned_label = app
        .i18n
        .msg(&Msg::new("records-key-pinned").arg("date", day));
    let new_label = app.t("records-key-new");
    // The two fingerprints one above the other, to compare group by group.
    let label_width = text_width(&pinned_label).max(text_width(&new_label));
    let key_line = |label: &str, fingerprint: &str, style: Style| {
        let fill = " ".repeat(label_width - text_width(label));
        Line::from(vec![
            Span::raw(format!(" {label}{fill} ")),
            Span::styled(fingerprint.to_string(), style),
        ])
    };
    lines.push(key_line(
        &pinned_label,
        &pinned,
        Style::new().add_modifier(Modifier::BOLD),
    ));
    lines.push(key_line(
        &new_label,
        &k.new,
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    ));
    lines.push(Line::default());
    lines.extend(wrap_plain(
        &app.t("records-key-question"),
        room,
        Style::default(),
        " ",
        " ",
    ));
    lines.push(Line::from(Span::styled(
        format!(" {}", app.t("records-key-keys")),
        Style::new().fg(Color::Gray),
    )));
    let height = lines.len() as u16 + 2;
    let inner = crate::tui::widgets::popup(frame, area, width, height, &app.t("records-key-title"));
    frame.render_widget(Paragraph::new(lines), inner);
}
