//! Profiles: the first-run form and the switcher. Several officials share one PC.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph};
use ratatui::Frame;

use crate::domain::i18n::Msg;
use crate::domain::people::{NewPerson, NewUnit, Unit, UnitKind};
use crate::domain::records::{PersonRecord, RecordFilter, RecordSort, SortKeyValue};
use crate::domain::text::{CODE_LIMIT, NAME_LIMIT, POSITION_LIMIT};
use crate::tui::action::Action;
use crate::tui::nav::Nav;
use crate::tui::session::Session;
use crate::tui::widgets::TextField;

/// A typed date (26/11/2026 or 2026-11-26) is short; more is a paste gone wrong.
const DATE_LIMIT: usize = 32;

/// The learner chooser: one screenful of people read by key from the records summary (in the
/// Vietnamese order), never everyone; `/` finds a name through the words index.
pub struct ProfilesState {
    /// The people on screen, in order.
    pub rows: Vec<PersonRecord>,
    pub cursor: usize,
    /// Whether there is a page before or after this one (asked when it was read).
    pub more_above: bool,
    pub more_below: bool,
    /// The name search; `finding` while it has focus.
    pub search: TextField,
    pub finding: bool,
    /// Someone is signed in, so Esc goes back home.
    pub can_go_back: bool,
    /// Rows read by the last key (a page and one row to look past each end).
    pub fetched: usize,
    page: usize,
}

/// The rows a page holds at this terminal size (the list's borders and the hint line left out).
pub fn profile_rows(size: (u16, u16)) -> usize {
    let body = crate::tui::layout::areas(Rect::new(0, 0, size.0, size.1)).body;
    body.height.saturating_sub(3).max(1) as usize
}

/// The sort key of a person's row in the chooser's order (`RecordSort::Name`): the stored
/// `name_key` and the id, made here from the name, so their page is found without a scan.
fn key_of(full_name: &str, id: &str) -> Vec<SortKeyValue> {
    vec![
        SortKeyValue::Blob(crate::domain::names::sort_key(full_name)),
        SortKeyValue::Text(id.to_string()),
    ]
}

impl ProfilesState {
    /// The page that holds the person signed in (or the first page).
    pub fn load(app: &Session) -> ProfilesState {
        let mut s = ProfilesState {
            rows: Vec::new(),
            cursor: 0,
            more_above: false,
            more_below: false,
            search: TextField::default().with_limit(crate::tui::screens::search::QUERY_LIMIT),
            finding: false,
            can_go_back: app.person.is_some(),
            fetched: 0,
            page: profile_rows(app.size),
        };
        match app.person.as_ref() {
            Some(p) => {
                // From just before the signed-in person: they are the first row, if they exist.
                let mut key = key_of(&p.full_name, &p.id);
                key[1] = SortKeyValue::Text(String::new());
                s.read_from(app, Some(key), false);
                if let Some(i) = s.rows.iter().position(|r| r.person_id == p.id) {
                    s.cursor = i;
                } else {
                    s.read_from(app, None, false);
                }
            }
            None => {
                s.read_from(app, None, false);
            }
        }
        s
    }

    fn filter(&self) -> RecordFilter {
        let q = self.search.value().trim();
        RecordFilter {
            name: (!q.is_empty()).then(|| q.to_string()),
            ..Default::default()
        }
    }

    /// Read a page after (or, `backwards`, before) `key`; from the start (or the end) without
    /// one. One row more than a page is asked for, to know whether more lie beyond.
    fn read_from(
        &mut self,
        app: &Session,
        key: Option<Vec<SortKeyValue>>,
        backwards: bool,
    ) -> bool {
        let filter = self.filter();
        let mut rows = app.read(app.store.records_page(
            &filter,
            RecordSort::Name,
            key.as_deref(),
            backwards,
            self.page + 1,
        ));
        self.fetched = rows.len();
        if rows.is_empty() && key.is_some() {
            return false; // at an end: stay on this page
        }
        let beyond = rows.len() > self.page;
        if beyond {
            if backwards {
                rows.remove(0);
            } else {
                rows.pop();
            }
        }
        let anchored = key.is_some();
        self.rows = rows;
        if backwards {
            self.more_above = beyond;
            self.more_below = anchored;
            self.cursor = self.rows.len().saturating_sub(1);
        } else {
            self.more_below = beyond;
            // Read from a key: whether anyone comes before this page (one row, by the index).
            self.more_above = match (anchored, self.first_key()) {
                (true, Some(first)) => {
                    let before = app.read(app.store.records_page(
                        &filter,
                        RecordSort::Name,
                        Some(&first),
                        true,
                        1,
                    ));
                    self.fetched += before.len();
                    !before.is_empty()
                }
                _ => false,
            };
            self.cursor = 0;
        }
        true
    }

    fn first_key(&self) -> Option<Vec<SortKeyValue>> {
        self.rows.first().map(|r| r.key.clone())
    }

    fn last_key(&self) -> Option<Vec<SortKeyValue>> {
        self.rows.last().map(|r| r.key.clone())
    }

    fn next_page(&mut self, app: &Session) {
        if self.more_below {
            let key = self.last_key();
            self.read_from(app, key, false);
        }
    }

    fn previous_page(&mut self, app: &Session) {
        if self.more_above {
            let key = self.first_key();
            self.read_from(app, key, true);
        }
    }

    /// After the search changed: its first page.
    fn searched(&mut self, app: &Session) {
        self.read_from(app, None, false);
    }
}

/// The terminal changed size: a page of the new size from the same first row, search kept.
pub fn resized(s: &mut ProfilesState, app: &Session) {
    s.page = profile_rows(app.size);
    let selected = s.rows.get(s.cursor).map(|r| r.person_id.clone());
    match s.rows.first().map(|r| r.key.clone()) {
        Some(mut key) => {
            // Just before the first row, so it stays first.
            key[1] = SortKeyValue::Text(String::new());
            s.read_from(app, Some(key), false);
        }
        None => s.searched(app),
    }
    if let Some(i) = selected.and_then(|id| s.rows.iter().position(|r| r.person_id == id)) {
        s.cursor = i;
    }
}

pub fn update_list(s: &mut ProfilesState, app: &mut Session, action: Action) -> Nav {
    if s.finding {
        match action {
            Action::Input(c) => {
                s.search.insert(c);
                // During a paste the search waits for its end.
                if !app.pasting {
                    s.searched(app);
                }
                return Nav::Stay;
            }
            Action::PasteEnd => {
                s.searched(app);
                return Nav::Stay;
            }
            Action::Backspace => {
                s.search.backspace();
                s.searched(app);
                return Nav::Stay;
            }
            Action::Left => {
                s.search.left();
                return Nav::Stay;
            }
            Action::Right => {
                s.search.right();
                return Nav::Stay;
            }
            Action::Back => {
                // Esc closes the search and shows everyone again.
                s.finding = false;
                s.search.clear();
                s.searched(app);
                return Nav::Stay;
            }
            // Letters type while the search is open: no key sends these.
            Action::NewProfile | Action::FindName => return Nav::Stay,
            _ => {}
        }
    }
    match action {
        Action::Up | Action::ScrollUp => {
            if s.cursor > 0 {
                s.cursor -= 1;
            } else {
                s.previous_page(app);
            }
        }
        Action::Down | Action::ScrollDown => {
            if s.cursor + 1 < s.rows.len() {
                s.cursor += 1;
            } else {
                s.next_page(app);
            }
        }
        Action::PageDown => s.next_page(app),
        Action::PageUp => s.previous_page(app),
        Action::Top => {
            s.read_from(app, None, false);
        }
        Action::Bottom => {
            s.read_from(app, None, true);
        }
        Action::FindName => s.finding = true,
        Action::Enter => {
            let Some(row) = s.rows.get(s.cursor) else {
                if !s.search.value().trim().is_empty() {
                    app.info(&Msg::new("profiles-none-found"));
                }
                return Nav::Stay;
            };
            match app.store.person(&row.person_id) {
                Ok(Some(person)) => {
                    return Nav::SignIn {
                        person,
                        saying: None,
                    }
                }
                Ok(None) => s.searched(app),
                Err(e) => app.error(&e.msg()),
            }
        }
        Action::NewProfile => return Nav::NewProfile,
        Action::Back if app.person.is_some() => return Nav::HomeAgain,
        _ => {}
    }
    Nav::Stay
}

pub fn view_list(app: &Session, s: &ProfilesState, frame: &mut Frame, area: Rect) {
    let query = s.search.value();
    // With the search open, its label leaves at least half the border to the search box.
    let title = if s.finding || !query.trim().is_empty() {
        let label = format!("{} · {}:", app.t("profiles-title"), app.t("profiles-find"));
        crate::tui::widgets::title(&label, area.width / 2 + 2, 0)
    } else {
        crate::tui::widgets::title(&app.t("profiles-title"), area.width, 0)
    };
    let block = Block::default().borders(Borders::ALL).title(title.clone());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if s.finding || !query.trim().is_empty() {
        // The search box sits in the title line, after its label.
        let x = area.x + 1 + crate::domain::text::width(&title) as u16;
        let field = Rect {
            x,
            y: area.y,
            width: area.right().saturating_sub(x + 1),
            height: 1,
        };
        s.search
            .render(frame, field, s.finding, Style::new().fg(Color::Yellow), "");
    }
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let width = list_area.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = s
        .rows
        .iter()
        .map(|p| {
            let name = crate::domain::text::truncate(&p.full_name, width);
            let rest = format!(
                "  {}  {}",
                p.staff_code.as_deref().unwrap_or(""),
                p.unit_name.as_deref().unwrap_or("")
            );
            let room = width.saturating_sub(crate::domain::text::width(&name));
            ListItem::new(Line::from(vec![
                Span::styled(name, Style::new().add_modifier(Modifier::BOLD)),
                Span::styled(
                    crate::domain::text::truncate(&rest, room),
                    Style::new().fg(Color::Gray),
                ),
            ]))
        })
        .collect();
    let list = List::new(items)
        .highlight_style(Style::new().fg(Color::Black).bg(Color::Yellow))
        .highlight_symbol("▶ ");
    let mut state = ratatui::widgets::ListState::default()
        .with_selected((!s.rows.is_empty()).then_some(s.cursor));
    frame.render_stateful_widget(list, list_area, &mut state);
    let mut hint = Vec::new();
    if s.rows.is_empty() && !query.trim().is_empty() {
        hint.push(app.t("profiles-none-found"));
    }
    if s.more_above {
        hint.push(app.t("profiles-more-above"));
    }
    if s.more_below {
        hint.push(app.t("profiles-more-below"));
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(" {}", hint.join("   ")),
            Style::new().fg(Color::Gray),
        )),
        hint_area,
    );
}

/// The fields of the profile form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    StaffCode,
    Unit,
    UnitCode,
    UnitName,
    UnitKind,
    Position,
    Appointed,
}

const FIELDS: [Field; 8] = [
    Field::Name,
    Field::StaffCode,
    Field::Unit,
    Field::UnitCode,
    Field::UnitName,
    Field::UnitKind,
    Field::Position,
    Field::Appointed,
];

pub struct ProfileForm {
    pub first_run: bool,
    pub focus: Field,
    pub name: TextField,
    pub staff_code: TextField,
    /// Existing units; the choice index runs over: none, each unit, "a new unit".
    pub units: Vec<Unit>,
    pub unit_choice: usize,
    pub unit_code: TextField,
    pub unit_name: TextField,
    pub unit_kind: usize,
    pub position: TextField,
    pub appointed: TextField,
    /// The field at fault and the message, after a failed save.
    pub error: Option<(Field, String)>,
    /// Esc was pressed once with something typed: a second Esc discards it, any other key
    /// goes back to the form (nothing typed is lost to one key).
    pub confirm_discard: bool,
}

impl ProfileForm {
    pub fn new(app: &Session, first_run: bool) -> ProfileForm {
        let units = app.read(app.store.units());
        // Choice 1 is the first unit, or "a new unit" when there is none yet.
        let unit_choice = 1;
        ProfileForm {
            first_run,
            focus: Field::Name,
            // The store's limits, so what the form takes is what it can save.
            name: TextField::default().with_limit(NAME_LIMIT.max),
            staff_code: TextField::default().with_limit(CODE_LIMIT.max),
            unit_choice,
            units,
            unit_code: TextField::default().with_limit(CODE_LIMIT.max),
            unit_name: TextField::default().with_limit(NAME_LIMIT.max),
            unit_kind: 1, // commune: most users are commune officials
            position: TextField::default().with_limit(POSITION_LIMIT.max),
            appointed: TextField::default().with_limit(DATE_LIMIT),
            error: None,
            confirm_discard: false,
        }
    }

    fn new_unit_choice(&self) -> usize {
        self.units.len() + 1
    }

    pub fn adding_unit(&self) -> bool {
        self.unit_choice == self.new_unit_choice()
    }

    /// Fields on screen now: the new-unit fields only when adding a unit.
    pub fn visible(&self) -> Vec<Field> {
        FIELDS
            .into_iter()
            .filter(|f| {
                self.adding_unit()
                    || !matches!(f, Field::UnitCode | Field::UnitName | Field::UnitKind)
            })
            .collect()
    }

    pub fn focus_is_text(&self) -> bool {
        !matches!(self.focus, Field::Unit | Field::UnitKind)
    }

    fn text_mut(&mut self, f: Field) -> Option<&mut TextField> {
        match f {
            Field::Name => Some(&mut self.name),
            Field::StaffCode => Some(&mut self.staff_code),
            Field::UnitCode => Some(&mut self.unit_code),
            Field::UnitName => Some(&mut self.unit_name),
            Field::Position => Some(&mut self.position),
            Field::Appointed => Some(&mut self.appointed),
            Field::Unit | Field::UnitKind => None,
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let fields = self.visible();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let j = if forward {
            (i + 1).min(fields.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.focus = fields[j];
    }

    /// Whether anything was typed or chosen that leaving would lose.
    pub fn typed_anything(&self) -> bool {
        [
            &self.name,
            &self.staff_code,
            &self.unit_code,
            &self.unit_name,
            &self.position,
            &self.appointed,
        ]
        .iter()
        .any(|t| !t.value().trim().is_empty())
    }

    fn is_last(&self) -> bool {
        self.visible().last() == Some(&self.focus)
    }
}

pub fn update_form(f: &mut ProfileForm, app: &mut Session, action: Action) -> Nav {
    let options = f.units.len() + 2;
    // Any key but a second Esc keeps the form and what was typed.
    let asked = std::mem::take(&mut f.confirm_discard);
    match action {
        Action::Input(c) => {
            if let Some(t) = f.text_mut(f.focus) {
                t.insert(c);
            }
        }
        Action::Backspace => {
            if let Some(t) = f.text_mut(f.focus) {
                t.backspace();
            }
        }
        Action::Left | Action::Right => {
            let forward = action == Action::Right;
            match f.focus {
                Field::Unit => {
                    f.unit_choice = if forward {
                        (f.unit_choice + 1) % options
                    } else {
                        (f.unit_choice + options - 1) % options
                    }
                }
                Field::UnitKind => {
                    let n = UnitKind::ALL.len();
                    f.unit_kind = if forward {
                        (f.unit_kind + 1) % n
                    } else {
                        (f.unit_kind + n - 1) % n
                    }
                }
                other => {
                    if let Some(t) = f.text_mut(other) {
                        if forward {
                            t.right()
                        } else {
                            t.left()
                        }
                    }
                }
            }
        }
        Action::NextField => f.move_focus(true),
        Action::PrevField => f.move_focus(false),
        Action::Enter => {
            if f.is_last() {
                return save(f, app);
            }
            f.move_focus(true);
        }
        Action::Back if f.typed_anything() && !asked => f.confirm_discard = true,
        Action::Back => {
            return if f.first_run {
                Nav::Quit
            } else {
                Nav::Profiles
            }
        }
        _ => {}
    }
    Nav::Stay
}

/// Save the profile and sign it in, or point at the field at fault.
fn save(f: &mut ProfileForm, app: &mut Session) -> Nav {
    f.error = None;
    let fail = |f: &mut ProfileForm, field: Field, text: String| {
        f.error = Some((field, text));
        f.focus = field;
    };
    if f.name.value().trim().is_empty() {
        let m = app.i18n.t("profile-error-name");
        fail(f, Field::Name, m);
        return Nav::Stay;
    }
    let appointed = if f.appointed.value().trim().is_empty() {
        None
    } else {
        match crate::domain::text::parse_date(f.appointed.value()) {
            Some(d) => Some(d),
            None if crate::domain::text::date_does_not_exist(f.appointed.value()) => {
                let m = app.i18n.ta(
                    "profile-error-date-absent",
                    &[("value", f.appointed.value().trim().to_string().into())],
                );
                fail(f, Field::Appointed, m);
                return Nav::Stay;
            }
            None => {
                let m = app.i18n.t("profile-error-date");
                fail(f, Field::Appointed, m);
                return Nav::Stay;
            }
        }
    };
    let unit_id = if f.adding_unit() {
        if f.unit_code.value().trim().is_empty() && f.unit_name.value().trim().is_empty() {
            None
        } else {
            let new_unit = NewUnit {
                code: f.unit_code.value().to_string(),
                name: f.unit_name.value().to_string(),
                kind: UnitKind::ALL[f.unit_kind],
                parent_id: None,
            };
            if new_unit.code.trim().is_empty() {
                let m = app.i18n.t("profile-error-unit-code");
                fail(f, Field::UnitCode, m);
                return Nav::Stay;
            }
            if new_unit.name.trim().is_empty() {
                let m = app.i18n.t("profile-error-unit-name");
                fail(f, Field::UnitName, m);
                return Nav::Stay;
            }
            match app.store.add_unit(&new_unit) {
                Ok(u) => {
                    let id = u.id.clone();
                    f.units.push(u);
                    // The new unit now sits in the list: select it, in case the person save fails.
                    f.unit_choice = f.units.len();
                    Some(id)
                }
                Err(e) => {
                    let m = app.i18n.msg(&e.msg());
                    fail(f, Field::UnitCode, m);
                    return Nav::Stay;
                }
            }
        }
    } else if f.unit_choice == 0 {
        None
    } else {
        f.units.get(f.unit_choice - 1).map(|u| u.id.clone())
    };
    let person = NewPerson {
        full_name: f.name.value().to_string(),
        staff_code: Some(f.staff_code.value().to_string()),
        unit_id,
        position: f.position.value().to_string(),
        appointed_on: appointed,
    };
    match app.store.add_person(&person) {
        Ok(p) => {
            let saying = Msg::new("profile-saved").arg("name", p.full_name.clone());
            Nav::SignIn {
                person: p,
                saying: Some(saying),
            }
        }
        Err(e) => {
            let field = match &e {
                crate::store::StoreError::Duplicate {
                    field: "staff_code",
                    ..
                } => Field::StaffCode,
                _ => Field::Name,
            };
            let m = app.i18n.msg(&e.msg());
            fail(f, field, m);
            Nav::Stay
        }
    }
}

fn field_label(f: Field) -> &'static str {
    match f {
        Field::Name => "profile-name",
        Field::StaffCode => "profile-staff-code",
        Field::Unit => "profile-unit",
        Field::UnitCode => "profile-unit-code",
        Field::UnitName => "profile-unit-name",
        Field::UnitKind => "profile-unit-kind",
        Field::Position => "profile-position",
        Field::Appointed => "profile-appointed",
    }
}

pub fn view_form(app: &Session, f: &ProfileForm, frame: &mut Frame, area: Rect) {
    let title = if f.first_run {
        "profile-welcome"
    } else {
        "profile-new"
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        crate::tui::widgets::title(&app.t(title), area.width, 0),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let fields = f.visible();
    let mut constraints = vec![Constraint::Length(2)];
    constraints.extend(std::iter::repeat_n(Constraint::Length(1), fields.len()));
    constraints.push(Constraint::Length(1));
    constraints.push(Constraint::Min(0));
    let rows = Layout::vertical(constraints).split(inner);
    let intro = crate::tui::wrap::wrap_plain(
        &app.t("profile-intro"),
        inner.width.saturating_sub(2) as usize,
        Style::new().fg(Color::Gray),
        " ",
        " ",
    );
    frame.render_widget(Paragraph::new(intro), rows[0]);
    let label_width = fields
        .iter()
        .map(|fl| crate::domain::text::width(&app.t(field_label(*fl))))
        .max()
        .unwrap_or(10) as u16
        + 3;
    for (i, field) in fields.iter().enumerate() {
        let row = rows[1 + i];
        let focused = f.focus == *field;
        let [label_area, value_area] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)]).areas(row);
        let label_style = if focused {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!(" {}:", app.t(field_label(*field))),
                label_style,
            )),
            label_area,
        );
        let value_style = if focused {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().fg(Color::Cyan)
        };
        match field {
            Field::Unit => {
                let text = if f.unit_choice == 0 {
                    app.t("profile-unit-none")
                } else if f.adding_unit() {
                    app.t("profile-unit-add")
                } else {
                    let u = &f.units[f.unit_choice - 1];
                    format!("{} ({})", u.name, u.code)
                };
                frame.render_widget(
                    Paragraph::new(Span::styled(format!("◀ {text} ▶"), value_style)),
                    value_area,
                );
            }
            Field::UnitKind => {
                let text = app.t(UnitKind::ALL[f.unit_kind].msg_id());
                frame.render_widget(
                    Paragraph::new(Span::styled(format!("◀ {text} ▶"), value_style)),
                    value_area,
                );
            }
            other => {
                let tf = match other {
                    Field::Name => &f.name,
                    Field::StaffCode => &f.staff_code,
                    Field::UnitCode => &f.unit_code,
                    Field::UnitName => &f.unit_name,
                    Field::Position => &f.position,
                    _ => &f.appointed,
                };
                let placeholder = match other {
                    Field::Appointed => app.t("profile-date-hint"),
                    Field::StaffCode => app.t("profile-optional"),
                    _ => String::new(),
                };
                tf.render(frame, value_area, focused, value_style, &placeholder);
            }
        }
    }
    if f.confirm_discard {
        let ask = if f.first_run {
            "profile-discard-quit"
        } else {
            "profile-discard-back"
        };
        let lines = crate::tui::wrap::wrap_plain(
            &app.t(ask),
            inner.width.saturating_sub(2) as usize,
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            " ",
            " ",
        );
        let below = rows[1 + fields.len()];
        let area = Rect {
            height: (inner.bottom().saturating_sub(below.y)).min(lines.len() as u16),
            ..below
        };
        frame.render_widget(Paragraph::new(lines), area);
    } else if let Some((_, msg)) = &f.error {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!(" {msg}"),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            )),
            rows[1 + fields.len()],
        );
    }
}
