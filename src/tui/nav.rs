//! Where a screen sends the person next: a value each screen's `update` returns. Only `app`
//! turns it into a screen, so no screen needs to know another.

use crate::domain::assessment::record::Assessment;
use crate::domain::attempt::{Attempt, StoredAnswer};
use crate::domain::i18n::Msg;
use crate::domain::people::{Person, Unit};

pub enum Nav {
    /// Stay on this screen (its state may have changed).
    Stay,
    /// Quit at once (nothing to save on this screen).
    Quit,
    /// Back to the screen the search was opened from.
    LeaveSearch,
    /// Home, with the cursor on entry `selected`.
    Home { selected: usize },
    /// Back home, with the cursor where it was when home was left (records, quizzes, the
    /// assessment, profiles).
    HomeAgain,
    /// A course's lesson list, on `lesson` or else on the lesson opened last.
    Lessons {
        course: usize,
        lesson: Option<usize>,
    },
    /// The reader on a lesson, at `block` or else at the saved position.
    Reader {
        course: usize,
        lesson: usize,
        block: Option<usize>,
    },
    /// The profile switcher.
    Profiles,
    /// The profile form, to add one more profile.
    NewProfile,
    /// Sign `person` in and go home; then show `saying`.
    SignIn { person: Person, saying: Option<Msg> },
    /// The quiz list, with the cursor on quiz `selected`.
    Quizzes { selected: usize },
    /// A quiz begun or resumed, with the answers given so far.
    QuizRun {
        quiz: usize,
        attempt: Attempt,
        answers: Vec<StoredAnswer>,
    },
    /// The result of a finished attempt.
    QuizResult {
        quiz: usize,
        attempt: Attempt,
        /// Practice: the Leitner box moves of this sitting (see `RunState::moves`).
        moves: Vec<(usize, Option<u8>, crate::domain::quiz::practice::Card)>,
    },
    /// The signed-in person's unit's self-assessments.
    Assessment,
    /// A unit's self-assessments, with the cursor on `year`.
    AssessYears { unit: Unit, year: i32 },
    /// One assessment, on its tasks.
    AssessWork { unit: Unit, assessment: Assessment },
    /// The trainer's records.
    Records,
}
