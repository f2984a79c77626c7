//! One keymap, really: on every screen, each key its table binds does something there, and
//! every action the screen answers to has a key in its table (nothing acts unseen, no key is dead).

use std::path::{Path, PathBuf};

use super::*;
use danvan::tui::keymap::KeyPat;

/// Every action a key can send. The match has no wildcard, so a new action must be placed here
/// (and so walked) before the tests build.
fn sent_by_a_key(a: Action) -> bool {
    use Action::*;
    match a {
        // Not keys of a table: nothing, Ctrl+C, typed and pasted text, the terminal, the mouse
        // wheel (it follows the arrows), the clock.
        None | ForceQuit | Input(_) | PasteNewline | PasteEnd | Resize(..) | ScrollUp
        | ScrollDown | Tick => false,
        Up | Down | PageUp | PageDown | Top | Bottom | Enter | Back | Quit | Help | Search
        | FindName | Profiles | NewProfile | ToggleLang | NextLesson | PrevLesson | NextField
        | PrevField | Left | Right | Backspace | Pick(_) | Toggle | Match(_) | Practice
        | Summary | Finalize | Reopen | Export | Confirm | Deny | SortNext | CourseNext
        | StatusNext | Rates | Grant | Certificate | Import | Delete | UnitFilter
        | CompletedRange | AppointedRange | ExportXlsx | ExportJson | ExportXapi | Push
        | QuestionStats => true,
    }
}

fn every_key_action() -> Vec<Action> {
    use Action::*;
    let mut all = vec![
        Up,
        Down,
        PageUp,
        PageDown,
        Top,
        Bottom,
        Enter,
        Back,
        Quit,
        Help,
        Search,
        FindName,
        Profiles,
        NewProfile,
        ToggleLang,
        NextLesson,
        PrevLesson,
        NextField,
        PrevField,
        Left,
        Right,
        Backspace,
        Toggle,
        Practice,
        Summary,
        Finalize,
        Reopen,
        Export,
        Confirm,
        Deny,
        SortNext,
        CourseNext,
        StatusNext,
        Rates,
        Grant,
        Certificate,
        Import,
        Delete,
        UnitFilter,
        CompletedRange,
        AppointedRange,
        ExportXlsx,
        ExportJson,
        ExportXapi,
        Push,
        QuestionStats,
    ];
    all.extend((0..9).map(Pick));
    all.extend((0..9).map(Match));
    assert!(all.iter().all(|a| sent_by_a_key(*a)));
    all
}

/// What the person sees: the whole screen with its styles, and whether the kit quit.
fn seen(app: &App) -> (String, bool) {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| danvan::tui::view::view(app, f)).unwrap();
    (format!("{:?}", t.backend().buffer()), app.quit)
}

fn event(k: &KeyPat) -> KeyEvent {
    match k {
        KeyPat::Char(c) => KeyEvent::new(KeyCode::Char(*c), KeyModifiers::NONE),
        KeyPat::Code(c) => KeyEvent::new(*c, KeyModifiers::NONE),
    }
}

/// A database made once, copied for each fresh start (an `App` cannot be cloned).
struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Fixture {
    /// `build` makes the database in a folder; the app it returns is dropped (and the file closed).
    fn new(build: impl FnOnce(&Path) -> Option<App>) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        drop(build(dir.path()));
        let db = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "db"))
            .expect("the fixture made a database");
        Fixture { _dir: dir, db }
    }

    /// A new app on a copy of the database, in a folder of its own (exports go beside it).
    fn open(&self, pack: &danvan::domain::content::Pack) -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(self.db.file_name().unwrap());
        std::fs::copy(&self.db, &db).unwrap();
        let store = Store::open(&db).unwrap();
        (dir, App::new(store, pack.clone(), Lang::Vi, (80, 24)))
    }
}

/// A screen state to walk: how to reach it from a fresh start, and the keys of its table that
/// rightly do nothing there (with why).
struct Place<'a> {
    what: &'static str,
    fixture: &'a Fixture,
    /// The pack the app opens with (the built-in one, or one with a matching question).
    pack: Option<&'a danvan::domain::content::Pack>,
    reach: Box<dyn Fn(&mut App) + 'a>,
    quiet: &'static [(Action, &'static str)],
}

fn place<'a>(
    what: &'static str,
    fixture: &'a Fixture,
    reach: impl Fn(&mut App) + 'a,
    quiet: &'static [(Action, &'static str)],
) -> Place<'a> {
    Place {
        what,
        fixture,
        pack: None,
        reach: Box::new(reach),
        quiet,
    }
}

/// Walk one place; the problems found, in words.
fn walk(p: &Place, pack: &danvan::domain::content::Pack) -> Vec<String> {
    let pack = p.pack.unwrap_or(pack);
    let fresh = || {
        let (dir, mut app) = p.fixture.open(pack);
        (p.reach)(&mut app);
        // What reaching the place said is not the place: any key would clear it.
        app.session.status = None;
        (dir, app)
    };
    let mut problems = Vec::new();
    let (_d, app) = fresh();
    let table: Vec<danvan::tui::keymap::Binding> = danvan::tui::view::bindings(&app).to_vec();
    let text_focus = app.screen.has_text_focus(&app.session.pack);
    drop(app);
    for (action, why) in p.quiet {
        if !table.iter().any(|b| b.action == *action) {
            problems.push(format!(
                "{}: {action:?} is said to be quiet ({why}) but no key sends it",
                p.what
            ));
        }
    }
    // Each key of the table is read as its action here, and does something.
    for b in table.iter().filter(|b| b.action != Action::None) {
        for key in b.keys {
            let (_d, mut app) = fresh();
            let before = seen(&app);
            let action = danvan::tui::input::translate(&app, event(key));
            if action != b.action {
                problems.push(format!(
                    "{}: {key:?} ({}) is read as {action:?}, not {:?}",
                    p.what, b.label, b.action
                ));
                continue;
            }
            app.update(action);
            let acted = seen(&app) != before;
            let quiet = p.quiet.iter().any(|(a, _)| *a == b.action);
            if !acted && !quiet {
                problems.push(format!(
                    "{}: {key:?} ({}, {:?}) does nothing",
                    p.what, b.label, b.action
                ));
            }
            if acted && quiet {
                problems.push(format!(
                    "{}: {:?} is said to be quiet but acts",
                    p.what, b.action
                ));
            }
        }
    }
    // Every action the screen answers to has a key: one no key sends changes nothing.
    let (mut _d, mut app) = fresh();
    for action in every_key_action() {
        if table.iter().any(|b| b.action == action) {
            continue;
        }
        // In a text field Backspace edits whatever the table says (input methods need it).
        if text_focus && action == Action::Backspace {
            continue;
        }
        let before = seen(&app);
        app.update(action);
        if seen(&app) != before {
            problems.push(format!(
                "{}: {action:?} acts, but no key of the screen's table sends it",
                p.what
            ));
            (_d, app) = fresh();
        }
    }
    problems
}

fn press(app: &mut App, codes: &[KeyCode]) {
    keys(app, codes);
}

fn times(app: &mut App, code: KeyCode, n: usize) {
    for _ in 0..n {
        keys(app, &[code]);
    }
}

fn records_table(app: &App) -> &danvan::tui::screens::records::RecordsState {
    match &app.screen {
        Screen::Records(r) => r,
        _ => panic!("not the records: {}", screen_text(app, 80, 24)),
    }
}

/// Two more finished attempts for the first person of the records table, so their attempts list
/// has three rows to move through.
fn more_attempts(app: &mut App) {
    let pid = records_table(app).rows[0].person_id.clone();
    let s = &mut app.session;
    let quiz = s.pack.quiz("q-mot-cua").unwrap().clone();
    let today = time::macros::date!(2026 - 11 - 26);
    for seed in [5, 6, 7] {
        let attempt =
            danvan::service::learning::start(&mut s.store, &s.pack, &pid, &quiz, seed).unwrap();
        danvan::service::learning::finish(
            &mut s.store,
            &s.pack,
            &attempt,
            danvan::domain::attempt::AttemptStatus::Submitted,
            4000,
            today,
        )
        .unwrap();
    }
}

/// The quiz list's row of `q-mot-cua`, from home.
fn to_quiz_list(app: &mut App) {
    times(app, KeyCode::Down, 3);
    press(app, &[KeyCode::Enter]);
    assert!(matches!(app.screen, Screen::Quizzes(_)));
}

fn resume_quiz(app: &mut App) {
    to_quiz_list(app);
    let Screen::Quizzes(s) = &app.screen else {
        unreachable!()
    };
    let row = s
        .rows
        .iter()
        .position(|r| app.session.pack.quizzes[r.quiz].id == "q-mot-cua")
        .unwrap();
    times(app, KeyCode::Down, row);
    press(app, &[KeyCode::Enter]);
    let Screen::QuizRun(r) = &mut app.screen else {
        panic!("the quiz did not resume")
    };
    r.shown_at = None;
}

/// The first criterion of `task` that is yes/no (or takes a value); of a finalized year, the first.
/// The fixture quiz with a matching and an ordering question, resumed.
fn resume_arranged(app: &mut App) {
    to_quiz_list(app);
    let Screen::Quizzes(s) = &app.screen else {
        unreachable!()
    };
    let row = s
        .rows
        .iter()
        .position(|r| app.session.pack.quizzes[r.quiz].id == "q-ghep")
        .unwrap();
    times(app, KeyCode::Down, row);
    press(app, &[KeyCode::Enter]);
    let Screen::QuizRun(r) = &mut app.screen else {
        panic!("the quiz did not resume")
    };
    r.shown_at = None;
}

fn to_criterion_of_task(app: &mut App, task: usize, yes_no: bool) {
    times(app, KeyCode::Down, task);
    press(app, &[KeyCode::Enter]);
    if let Screen::AssessWork(w) = &app.screen {
        if w.is_final() {
            return;
        }
    }
    for _ in 0..12 {
        let is_yes_no = danvan::tui::view::bindings(app)
            .iter()
            .any(|b| b.help == "key-assess-yes");
        if is_yes_no == yes_no {
            return;
        }
        press(app, &[KeyCode::PageDown]);
    }
    panic!("no such criterion: {}", screen_text(app, 80, 24));
}

const ROSTER_HEADER: &str = "Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n";

/// A roster whose `rows` rows all give a day that does not exist.
pub(super) fn refused_roster(dir: &Path, rows: usize) -> PathBuf {
    let file = dir.join("refused.csv");
    let mut text = String::from(ROSTER_HEADER);
    for i in 0..rows {
        text.push_str(&format!("Người {i},X{i},UBND-HB,,Công chức,31/02/2026\n"));
    }
    std::fs::write(&file, text).unwrap();
    file
}

/// The trainer's database (`here.db`, behind a passphrase) that pinned another machine's key
/// from its first bundle, and that machine's next bundle signed with a new key: merging it asks
/// the trainer to accept the new key. Returns the second bundle's path.
fn pinned_then_new_key(dir: &Path) -> PathBuf {
    use danvan::domain::people::NewPerson;
    let keys_dir = dir.join("keys");
    // Not `.db`: the fixture's database is the trainer's.
    let other = dir.join("other.sqlite");
    let add = |name: &str, code: &str| {
        Store::open(&other)
            .unwrap()
            .add_person(&NewPerson {
                full_name: name.into(),
                staff_code: Some(code.into()),
                unit_id: None,
                position: String::new(),
                appointed_on: None,
            })
            .unwrap();
    };
    let export = |name: &str| {
        let file = dir.join(name);
        let store = Store::open(&other).unwrap();
        danvan::service::bundles::export_signed(
            &store,
            &danvan::domain::bundle::BundleFilter::default(),
            &keys_dir,
            std::fs::File::create(&file).unwrap(),
        )
        .unwrap();
        file
    };
    add("Trần Văn Nam", "A001");
    let other_id = Store::open(&other).unwrap().database_id().unwrap();
    let first = export("first.json");
    let mut store = common::store_with_person(dir);
    store.set_trainer_passphrase("mật khẩu dài").unwrap();
    let pack = common::pack();
    danvan::service::bundles::merge_file(
        &mut store,
        &first,
        danvan::service::bundles::MergeOptions {
            unsigned: false,
            pack: Some(&pack),
            accept_new_key: false,
        },
    )
    .unwrap();
    danvan::io::keys::rotate(&keys_dir, &other_id).unwrap();
    add("Lê Thị Hoa", "A002");
    export("second.json")
}

const AT_TOP: &[(Action, &str)] = &[
    (Action::Up, "the cursor is on the first row"),
    (Action::PageUp, "the cursor is on the first row"),
    (Action::Top, "the cursor is on the first row"),
];
const AT_BOTTOM: &[(Action, &str)] = &[
    (Action::Down, "the cursor is on the last row"),
    (Action::PageDown, "the cursor is on the last row"),
    (Action::Bottom, "the cursor is on the last row"),
];

#[test]
fn every_key_of_every_screen_acts_and_every_action_has_a_key() {
    std::env::set_var(
        danvan::service::bundles::KEY_DIR_ENV,
        std::env::temp_dir().join("danvan-keys-walk"),
    );
    let pack = common::pack();
    let one = Fixture::new(|dir| {
        common::store_with_person(dir);
        None
    });
    let quiz = Fixture::new(|dir| Some(app_in_quiz(dir, Lang::Vi)));
    let years = Fixture::new(|dir| Some(app_with_two_years(dir, Lang::Vi)));
    let records = Fixture::new(|dir| {
        let mut app = app_with_records(dir, Lang::Vi);
        more_attempts(&mut app);
        Some(app)
    });
    let guarded = Fixture::new(|dir| {
        let mut app = app_with_records(dir, Lang::Vi);
        app.session
            .store
            .set_trainer_passphrase("mật khẩu dài")
            .unwrap();
        Some(app)
    });
    let years_guarded = Fixture::new(|dir| {
        let mut app = app_with_two_years(dir, Lang::Vi);
        app.session
            .store
            .set_trainer_passphrase("mật khẩu dài")
            .unwrap();
        Some(app)
    });
    let new_key = Fixture::new(|dir| {
        pinned_then_new_key(dir);
        None
    });
    let second_bundle = new_key.db.parent().unwrap().join("second.json");
    let demo = Fixture::new(|dir| Some(chooser(dir, Lang::Vi, 120)));
    let arranged = arranged_pack();
    let arranged_quiz =
        Fixture::new(|dir| Some(app_in_quiz_of(dir, Lang::Vi, arranged_pack(), "q-ghep")));
    let on_arranged = |what, reach: fn(&mut App), quiet| Place {
        pack: Some(&arranged),
        ..place(what, &arranged_quiz, reach, quiet)
    };
    let to_records = |app: &mut App| {
        times(app, KeyCode::Down, 5);
        press(app, &[KeyCode::Enter]);
    };
    let to_years = |app: &mut App| {
        times(app, KeyCode::Down, 4);
        press(app, &[KeyCode::Enter]);
        assert!(matches!(app.screen, Screen::AssessYears(_)));
    };
    let to_tasks = move |app: &mut App| {
        to_years(app);
        press(app, &[KeyCode::Enter]);
    };
    let to_final_tasks = move |app: &mut App| {
        to_years(app);
        press(app, &[KeyCode::Down, KeyCode::Enter]);
    };
    let to_result = |app: &mut App| {
        resume_quiz(app);
        answer_wrong(app);
        wrong_to_the_result(app);
        press(app, &[KeyCode::Down, KeyCode::Down]);
    };
    let places = vec![
        place(
            "home",
            &one,
            |a| press(a, &[KeyCode::Down, KeyCode::Down]),
            &[],
        ),
        place(
            "lesson list",
            &one,
            |a| press(a, &[KeyCode::Enter, KeyCode::Down, KeyCode::Down]),
            &[],
        ),
        place(
            "reader",
            &one,
            |a| {
                press(a, &[KeyCode::Enter, KeyCode::Down, KeyCode::Down]);
                press(a, &[KeyCode::Enter, KeyCode::PageDown]);
            },
            &[],
        ),
        place(
            "learners",
            &demo,
            |a| {
                press(a, &[KeyCode::Enter, KeyCode::Char('p')]);
                press(a, &[KeyCode::PageDown, KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "learners, first start",
            &demo,
            |a| press(a, &[KeyCode::PageDown, KeyCode::Down, KeyCode::Down]),
            &[],
        ),
        place(
            "learners, finding a name",
            &demo,
            |a| {
                press(a, &[KeyCode::Char('/'), KeyCode::PageDown]);
                press(a, &[KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "profile form",
            &one,
            |a| {
                press(a, &[KeyCode::Char('p'), KeyCode::Char('n')]);
                type_text(a, "Lan");
                press(a, &[KeyCode::Tab]);
                type_text(a, "CB9");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
        place(
            "search",
            &one,
            |a| {
                press(a, &[KeyCode::Char('/')]);
                type_text(a, "dan van");
                press(a, &[KeyCode::Left, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "quiz list",
            &quiz,
            |a| {
                to_quiz_list(a);
                press(a, &[KeyCode::Down]);
            },
            &[],
        ),
        place(
            "single choice",
            &quiz,
            |a| {
                resume_quiz(a);
                go_to_question(a, danvan::domain::content::QuestionKind::Single, None);
            },
            &[],
        ),
        place(
            "multiple choice",
            &quiz,
            |a| {
                resume_quiz(a);
                go_to_question(a, danvan::domain::content::QuestionKind::Multiple, None);
            },
            &[],
        ),
        place(
            "true or false",
            &quiz,
            |a| {
                resume_quiz(a);
                go_to_question(a, danvan::domain::content::QuestionKind::TrueFalse, None);
            },
            &[],
        ),
        place(
            "short answer",
            &quiz,
            |a| {
                resume_quiz(a);
                go_to_question(a, danvan::domain::content::QuestionKind::Text, None);
                type_text(a, "abc");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
        place(
            "feedback",
            &quiz,
            |a| {
                resume_quiz(a);
                answer_wrong(a);
                press(a, &[KeyCode::Down]);
            },
            &[],
        ),
        place("quiz result", &quiz, to_result, &[]),
        on_arranged(
            "matching",
            |a| {
                resume_arranged(a);
                go_to_question(a, danvan::domain::content::QuestionKind::Matching, None);
                // The first item matched, and chosen again.
                press(a, &[KeyCode::Char('1'), KeyCode::Up]);
            },
            &[
                (Action::Pick(0), "the first item is the one chosen"),
                (Action::Up, "the first item is the one chosen"),
            ],
        ),
        on_arranged(
            "ordering",
            |a| {
                resume_arranged(a);
                go_to_question(a, danvan::domain::content::QuestionKind::Ordering, None);
                press(a, &[KeyCode::Down]);
            },
            &[],
        ),
        place("assessment years", &years, to_years, AT_TOP),
        place(
            "assessment years, last row",
            &years,
            move |a| {
                to_years(a);
                press(a, &[KeyCode::Down]);
            },
            AT_BOTTOM,
        ),
        place(
            "assessment tasks",
            &years,
            move |a| {
                to_tasks(a);
                press(a, &[KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "a finalized year's tasks",
            &years,
            move |a| {
                to_final_tasks(a);
                press(a, &[KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "assessment summary",
            &years,
            move |a| {
                to_tasks(a);
                press(a, &[KeyCode::Char('s'), KeyCode::Down]);
            },
            &[],
        ),
        place(
            "criterion, yes/no",
            &years,
            move |a| {
                to_tasks(a);
                to_criterion_of_task(a, 8, true);
            },
            &[(
                Action::Enter,
                "Enter confirms an answer copied from last year; this one is unanswered",
            )],
        ),
        place(
            "criterion, a count",
            &years,
            move |a| {
                to_tasks(a);
                to_criterion_of_task(a, 8, false);
            },
            &[(
                Action::Enter,
                "Enter confirms an answer copied from last year; this one is unanswered",
            )],
        ),
        place(
            "criterion, evidence",
            &years,
            move |a| {
                to_tasks(a);
                to_criterion_of_task(a, 8, true);
                press(a, &[KeyCode::Tab]);
                type_text(a, "abc");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
        place(
            "a finalized year's criterion",
            &years,
            move |a| {
                to_final_tasks(a);
                to_criterion_of_task(a, 0, true);
                press(a, &[KeyCode::PageDown]);
            },
            &[],
        ),
        place(
            "finalize dialog",
            &years,
            move |a| {
                to_tasks(a);
                press(a, &[KeyCode::Char('f')]);
            },
            &[],
        ),
        place(
            "reopen dialog",
            &years,
            move |a| {
                to_final_tasks(a);
                press(a, &[KeyCode::Char('o')]);
            },
            &[],
        ),
        place(
            "reopen, the trainer's passphrase",
            &years_guarded,
            move |a| {
                to_final_tasks(a);
                press(a, &[KeyCode::Char('o')]);
                type_text(a, "abc");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
        place(
            "accept a bundle's new key?",
            &new_key,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Char('i')]);
                type_text(a, "mật khẩu dài");
                press(a, &[KeyCode::Enter]);
                type_text(a, &second_bundle.display().to_string());
                press(a, &[KeyCode::Enter]);
                wait_for_jobs(a);
                assert!(
                    matches!(
                        records_table(a).prompt,
                        Some(danvan::tui::screens::records::Prompt::AcceptKey(_))
                    ),
                    "{}",
                    screen_text(a, 80, 24)
                );
            },
            &[],
        ),
        place(
            "records",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::PageDown, KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "rates by unit",
            &demo,
            move |a| {
                press(a, &[KeyCode::Enter]);
                to_records(a);
                press(a, &[KeyCode::Char('u'), KeyCode::Down]);
            },
            &[],
        ),
        place(
            "a person's record",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Enter, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "question statistics",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Char('Q')]);
                wait_for_stats(a);
                press(a, &[KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "import a file",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Char('i')]);
                type_text(a, "abc");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
        place(
            "the rows an import refused",
            &records,
            move |a| {
                to_records(a);
                let dir = a.session.store.path().parent().unwrap().to_path_buf();
                let file = refused_roster(&dir, 12);
                press(a, &[KeyCode::Char('i')]);
                type_text(a, &file.display().to_string());
                press(a, &[KeyCode::Enter]);
                wait_for_jobs(a);
                press(a, &[KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "a job running",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::PageDown, KeyCode::Down, KeyCode::Down]);
                let dir = a.session.store.path().parent().unwrap().to_path_buf();
                let file = refused_roster(&dir, 12);
                press(a, &[KeyCode::Char('i')]);
                type_text(a, &file.display().to_string());
                press(a, &[KeyCode::Enter]);
                // Ended but not yet read (no tick): the job still runs as far as the screen
                // knows, and its gauge no longer moves under the walk.
                let started = std::time::Instant::now();
                loop {
                    let job = records_table(a).import.as_ref().expect("the import runs");
                    let (done, total) = job.job.progress();
                    if total > 0 && done == total {
                        break;
                    }
                    assert!(started.elapsed() < std::time::Duration::from_secs(60));
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
            },
            &[],
        ),
        place(
            "the unit filter",
            &demo,
            move |a| {
                press(a, &[KeyCode::Enter]);
                to_records(a);
                press(a, &[KeyCode::Char('f')]);
                type_text(a, "ubnd");
                press(a, &[KeyCode::Left, KeyCode::Down, KeyCode::Down]);
            },
            &[],
        ),
        place(
            "a date range",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Char('d')]);
                type_text(a, "01/01/2026");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
        place(
            "the trainer's passphrase",
            &guarded,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Char('i')]);
            },
            &[],
        ),
        place(
            "delete a person?",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Enter, KeyCode::Char('d')]);
            },
            &[],
        ),
        place(
            "push form",
            &records,
            move |a| {
                to_records(a);
                press(a, &[KeyCode::Char('P')]);
                type_text(a, "http://x");
                press(a, &[KeyCode::Left]);
            },
            &[],
        ),
    ];
    let mut problems = Vec::new();
    for p in &places {
        problems.extend(walk(p, &pack));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
