//! What a key (or the mouse, the clock, the terminal) asks of the TUI. The keymap turns keys into
//! these; each screen's `update` says what they do there. A leaf: it imports nothing of the TUI.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing to do (a key no table binds, a key release).
    None,
    /// Move the cursor up one row, or scroll up one line.
    Up,
    /// Move the cursor down one row, or scroll down one line.
    Down,
    /// One screenful up.
    PageUp,
    /// One screenful down.
    PageDown,
    /// To the first row or the top of the text.
    Top,
    /// To the last row or the end of the text.
    Bottom,
    /// Open, choose, answer or confirm what is under the cursor.
    Enter,
    /// Leave this screen or close what is open on it.
    Back,
    /// Quit the kit (outside a text field).
    Quit,
    /// Ctrl+C: quit even while a text field has focus.
    ForceQuit,
    /// Open or close the help listing this screen's keys.
    Help,
    /// Search across every lesson.
    Search,
    /// Find a person by name in a list of people (the learner chooser).
    FindName,
    /// The profile switcher.
    Profiles,
    /// A new profile; on the assessment's years, a new year.
    NewProfile,
    /// Switch between Vietnamese and English.
    ToggleLang,
    /// The reader: the next lesson; the criterion editor: the next criterion.
    NextLesson,
    /// The reader: the previous lesson; the criterion editor: the previous criterion.
    PrevLesson,
    /// Focus the next field of a form.
    NextField,
    /// Focus the previous field of a form.
    PrevField,
    /// Move the text cursor left, or choose the previous option of a field.
    Left,
    /// Move the text cursor right, or choose the next option of a field.
    Right,
    /// A character typed into the focused text field.
    Input(char),
    /// Delete the character before the text cursor.
    Backspace,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// The mouse wheel turned up.
    ScrollUp,
    /// The mouse wheel turned down.
    ScrollDown,
    /// Choose option n (0-based, in display order).
    Pick(u8),
    /// Tick or untick the option under the cursor (multiple choice); take or put down the item
    /// under the cursor (ordering).
    Toggle,
    /// Matching: give the left item under the cursor the right item n (0-based, as shown).
    Match(u8),
    /// Practise the missed questions of the selected quiz; on the assessment's years, a new year
    /// copied from last year.
    Practice,
    /// Time passes (the quiz timer, saving typed evidence, polling a background export).
    Tick,
    /// The self-assessment: its summary.
    Summary,
    /// The self-assessment: finalize the year.
    Finalize,
    /// The self-assessment: reopen a finalized year.
    Reopen,
    /// Export: the assessment report; on the records screen, the records as CSV.
    Export,
    /// Yes in a confirmation.
    Confirm,
    /// No in a confirmation.
    Deny,
    /// A newline inside pasted text: only a multi-line field takes it.
    PasteNewline,
    /// The last character of a paste was handed over (each came as `Input`, with
    /// `Session::pasting` set): work a screen does once per change of a field, such as
    /// searching, is done now, once for the whole paste.
    PasteEnd,
    /// Records: the next sort order.
    SortNext,
    /// Records: the next course filter.
    CourseNext,
    /// Records: the next status filter.
    StatusNext,
    /// Records: completion rates per unit.
    Rates,
    /// Records: grant the person one more attempt at a quiz.
    Grant,
    /// Print the certificate of a completed course.
    Certificate,
    /// Records: import or merge a file.
    Import,
    /// Records: delete the person on screen.
    Delete,
    /// Records: show one unit (and the units under it).
    UnitFilter,
    /// Records: a range of completion dates.
    CompletedRange,
    /// Records: a range of appointment dates.
    AppointedRange,
    /// Records: export as Excel.
    ExportXlsx,
    /// Records: export as a records bundle.
    ExportJson,
    /// Records: export as xAPI statements.
    ExportXapi,
    /// Records: push xAPI statements to a learning record store.
    Push,
    /// Records: the question statistics (facility, discrimination) of official attempts.
    QuestionStats,
}
