//! Exporting the completion records: CSV compared exactly with a golden file (BOM, Vietnamese
//! headers and names, formula-like cells neutralised, RFC 4180 quoting, required and overdue
//! statuses on a fixed day), XLSX read back with calamine cell by cell, the filters from the
//! command-line options, paging through more officials than one page holds, and never
//! overwriting a file.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use danvan::cli::records_export::{export_records, filter_from_args, RecordsFormat};
use danvan::domain::content::{embedded_files, load, Pack};
use danvan::domain::i18n::{I18n, Lang};
use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use danvan::domain::records::RecordFilter;
use danvan::service::records::{self, RecordsError};
use danvan::store::Store;
use time::macros::date;
use time::Date;

const TODAY: Date = date!(2026 - 11 - 26);

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn golden(name: &str, actual: &str) {
    let path = manifest().join("tests/fixtures/records").join(name);
    if std::env::var_os("DANVAN_UPDATE_GOLDEN").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        expected == actual,
        "{name} differs from its golden file (DANVAN_UPDATE_GOLDEN=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

fn pack() -> Pack {
    load(&embedded_files()).pack.expect("built-in pack loads")
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    pack: Pack,
}

fn unit(store: &mut Store, code: &str, name: &str, kind: UnitKind) -> String {
    store
        .add_unit(&NewUnit {
            code: code.into(),
            name: name.into(),
            kind,
            parent_id: None,
        })
        .unwrap()
        .id
}

fn person(
    store: &mut Store,
    name: &str,
    staff: Option<&str>,
    unit: Option<&str>,
    position: &str,
    appointed: Option<&str>,
) -> String {
    store
        .add_person(&NewPerson {
            full_name: name.into(),
            staff_code: staff.map(str::to_string),
            unit_id: unit.map(str::to_string),
            position: position.into(),
            appointed_on: appointed.map(str::to_string),
        })
        .unwrap()
        .id
}

/// A graded attempt at a course's quiz, as the quiz engine leaves it.
fn attempt(store: &Store, who: &str, course: &str, earned: u32, max: u32, passed: bool, at: &str) {
    store
        .conn()
        .execute(
            "INSERT INTO attempts (id, person_id, quiz_id, quiz_version, content_hash, seed, paper,
                practice, status, started_at, ended_at, active_ms, earned, max_points, passed, course_id)
             VALUES (?1, ?2, ?3, '1.0.0', 'h', 1, '', 0, 'submitted', ?4, ?4, 1000, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                uuid::Uuid::new_v4().to_string(),
                who,
                format!("q-{course}"),
                at,
                earned,
                max,
                passed as i64,
                course
            ],
        )
        .unwrap();
}

fn read(store: &mut Store, pack: &Pack, who: &str, course: &str, lessons: usize) {
    let c = pack.course(course).unwrap();
    for l in c.lessons.iter().take(lessons) {
        store
            .mark_lesson_complete(who, course, &c.version, &l.id)
            .unwrap();
    }
}

fn complete(store: &mut Store, pack: &Pack, who: &str, course: &str, at: &str) {
    let n = pack.course(course).unwrap().lessons.len();
    read(store, pack, who, course, n);
    store
        .record_completion(who, course, "1.0.0", at, 100.0)
        .unwrap();
}

/// Three units, five officials (two with names a spreadsheet would run as formulas), some
/// progress, completions on time and late, and courses overdue on 26/11/2026.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("danvan.db");
    let mut store = Store::open(&db).unwrap();
    let pack = pack();
    let commune = unit(&mut store, "UBND-TT", "UBND xã Tân Tiến", UnitKind::Commune);
    let dept = unit(&mut store, "SNV", "Sở Nội vụ", UnitKind::Department);
    let hospital = unit(
        &mut store,
        "TTYT-YD",
        "Trung tâm Y tế huyện Yên Dũng",
        UnitKind::PublicService,
    );

    // Appointed 01/03/2026: the directive completed on time, ethics never opened (due 30/05:
    // overdue), the one-stop course started but due 28/08 (overdue).
    let hoa = person(
        &mut store,
        "Nguyễn Thị Hoa",
        Some("CB001"),
        Some(&commune),
        "Công chức Bộ phận Một cửa",
        Some("2026-03-01"),
    );
    complete(
        &mut store,
        &pack,
        &hoa,
        "chi-thi-dan-van",
        "2026-05-20T03:00:00Z",
    );
    attempt(
        &store,
        &hoa,
        "chi-thi-dan-van",
        171,
        200,
        true,
        "2026-05-20T02:50:00Z",
    );
    read(&mut store, &pack, &hoa, "mot-cua", 2);

    // Appointed 01/10/2026: nothing is due yet (30/12/2026; 30/03/2027 for the one-stop course).
    let binh = person(
        &mut store,
        "Trần Văn Bình",
        Some("CB002"),
        Some(&dept),
        "Chuyên viên",
        Some("2026-10-01"),
    );
    attempt(
        &store,
        &binh,
        "chi-thi-dan-van",
        10,
        20,
        false,
        "2026-11-02T08:00:00Z",
    );
    read(&mut store, &pack, &binh, "dao-duc-cong-vu", 1);

    // A public service unit: the one-stop course is not required of it; the others are overdue.
    person(
        &mut store,
        "=HYPERLINK(\"x\")",
        Some("CB003"),
        Some(&hospital),
        "Viên chức",
        Some("2025-01-01"),
    );

    // No unit, no position, no appointment date: required (every kind) but never overdue.
    person(&mut store, "-1+2", None, None, "", None);

    // Everything completed; the one-stop course late (due 28/11/2025, done 10/03/2026).
    let anh = person(
        &mut store,
        "Lê Thị Ánh",
        Some("CB005"),
        Some(&commune),
        "Phó Chủ tịch, phụ trách \"dân vận\"",
        Some("2025-06-01"),
    );
    complete(
        &mut store,
        &pack,
        &anh,
        "chi-thi-dan-van",
        "2025-08-15T02:00:00Z",
    );
    attempt(
        &store,
        &anh,
        "chi-thi-dan-van",
        60,
        100,
        false,
        "2025-08-14T02:00:00Z",
    );
    attempt(
        &store,
        &anh,
        "chi-thi-dan-van",
        200,
        200,
        true,
        "2025-08-15T01:00:00Z",
    );
    complete(
        &mut store,
        &pack,
        &anh,
        "dao-duc-cong-vu",
        "2025-08-20T04:00:00Z",
    );
    attempt(
        &store,
        &anh,
        "dao-duc-cong-vu",
        2,
        3,
        true,
        "2025-08-20T03:00:00Z",
    );
    complete(&mut store, &pack, &anh, "mot-cua", "2026-03-10T09:30:00Z");
    attempt(&store, &anh, "mot-cua", 9, 10, true, "2026-03-10T09:00:00Z");

    Fixture {
        _dir: dir,
        db,
        store,
        pack,
    }
}

fn csv(f: &Fixture, filter: &RecordFilter, lang: Lang) -> (String, Vec<(u64, u64)>) {
    let mut out = Vec::new();
    let mut calls = Vec::new();
    records::csv_to(
        &mut out,
        &f.store,
        &f.pack,
        filter,
        &I18n::new(lang),
        TODAY,
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    (String::from_utf8(out).expect("UTF-8"), calls)
}

fn lines(csv: &str) -> Vec<&str> {
    let body = csv.strip_prefix('\u{feff}').expect("a BOM");
    let mut l: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(l.pop(), Some(""), "every line ends with CRLF");
    l
}

#[test]
fn csv_matches_the_golden_file() {
    let f = fixture();
    let (text, calls) = csv(&f, &RecordFilter::default(), Lang::Vi);
    golden("records.vi.csv", &text);

    // What the golden file must show (checked here too, so a rewrite cannot hide a regression).
    assert!(text.starts_with('\u{feff}'), "the BOM");
    let l = lines(&text);
    assert_eq!(
        l[0],
        "Mã đơn vị,Tên đơn vị,Mã cán bộ,Họ và tên,Chức vụ,Ngày bổ nhiệm,Mã khóa học,Khóa học,Số bài đã đọc,Tổng số bài,Điểm cao nhất (%),Số lần làm bài,Đạt,Ngày hoàn thành,Bắt buộc,Hạn hoàn thành,Tình trạng"
    );
    assert_eq!(l.len(), 1 + 5 * 3, "a row per official and course");
    assert_eq!(calls, vec![(0, 5), (5, 5)]);
    let row = |name: &str, course: &str| -> Vec<String> {
        let found: Vec<&&str> = l
            .iter()
            .filter(|x| x.contains(name) && x.contains(&format!(",{course},")))
            .collect();
        assert_eq!(found.len(), 1, "{name} {course}");
        split(found[0])
    };
    let lessons = |c: &str| f.pack.course(c).unwrap().lessons.len().to_string();

    // Formula-like names are neutralised; the second is quoted for its quotes.
    let h = row("HYPERLINK", "chi-thi-dan-van");
    assert_eq!(h[3], "'=HYPERLINK(\"x\")");
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"x\"\")\","),
        "RFC 4180 quoting"
    );
    assert_eq!(h[13..].to_vec(), ["", "1", "2025-04-01", "Quá hạn"]);
    let h = row("HYPERLINK", "mot-cua");
    assert_eq!(h[13..].to_vec(), ["", "0", "", "Chưa bắt đầu"]);
    let m = row("'-1+2", "dao-duc-cong-vu");
    assert_eq!(m[3], "'-1+2");
    assert_eq!(m[..3].to_vec(), ["", "", ""], "no unit, no staff code");
    assert_eq!(
        m[13..].to_vec(),
        ["", "1", "", "Chưa bắt đầu"],
        "required, no due date"
    );
    assert_eq!(row("'-1+2", "mot-cua")[14], "0");

    // Vietnamese intact; completed on time with the best attempt; overdue; in progress and overdue.
    let hoa = row("Nguyễn Thị Hoa", "chi-thi-dan-van");
    assert_eq!(
        hoa[..6].to_vec(),
        [
            "UBND-TT",
            "UBND xã Tân Tiến",
            "CB001",
            "Nguyễn Thị Hoa",
            "Công chức Bộ phận Một cửa",
            "2026-03-01"
        ]
    );
    assert_eq!(hoa[8], lessons("chi-thi-dan-van"));
    assert_eq!(hoa[9], lessons("chi-thi-dan-van"));
    assert_eq!(
        hoa[10..].to_vec(),
        [
            "85.5",
            "1",
            "1",
            "2026-05-20",
            "1",
            "2026-05-30",
            "Đã hoàn thành"
        ]
    );
    let hoa = row("Nguyễn Thị Hoa", "dao-duc-cong-vu");
    assert_eq!(
        hoa[8..].to_vec(),
        [
            "0",
            &lessons("dao-duc-cong-vu"),
            "",
            "0",
            "0",
            "",
            "1",
            "2026-05-30",
            "Quá hạn"
        ]
    );
    let hoa = row("Nguyễn Thị Hoa", "mot-cua");
    assert_eq!(hoa[8], "2");
    assert_eq!(hoa[14..].to_vec(), ["1", "2026-08-28", "Quá hạn"]);

    // Nothing due yet: a failed attempt and a lesson read are "in progress".
    let b = row("Trần Văn Bình", "chi-thi-dan-van");
    assert_eq!(
        b[10..].to_vec(),
        ["50", "1", "0", "", "1", "2026-12-30", "Đang học"]
    );
    let b = row("Trần Văn Bình", "dao-duc-cong-vu");
    assert_eq!(b[8], "1");
    assert_eq!(b[16], "Đang học");
    let b = row("Trần Văn Bình", "mot-cua");
    assert_eq!(b[13..].to_vec(), ["", "1", "2027-03-30", "Chưa bắt đầu"]);

    // A position with a comma and quotes; completed late is still completed; 2/3 is 66.67.
    let a = row("Lê Thị Ánh", "mot-cua");
    assert_eq!(a[4], "Phó Chủ tịch, phụ trách \"dân vận\"");
    assert_eq!(
        a[10..].to_vec(),
        [
            "90",
            "1",
            "1",
            "2026-03-10",
            "1",
            "2025-11-28",
            "Đã hoàn thành"
        ]
    );
    assert_eq!(
        row("Lê Thị Ánh", "chi-thi-dan-van")[10..12].to_vec(),
        ["100", "2"]
    );
    assert_eq!(row("Lê Thị Ánh", "dao-duc-cong-vu")[10], "66.67");

    // Officials in the Vietnamese name order (given name first), courses in pack order; names
    // that are no letters (formula-like, made safe) after the letters.
    let names: Vec<String> = l[1..]
        .iter()
        .step_by(3)
        .map(|x| split(x)[3].clone())
        .collect();
    assert_eq!(
        names,
        [
            "Lê Thị Ánh",
            "Trần Văn Bình",
            "Nguyễn Thị Hoa",
            "'-1+2",
            "'=HYPERLINK(\"x\")",
        ]
    );
}

/// Split one CSV line (RFC 4180; no line breaks inside fields here).
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.is_empty() => quoted = true,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn csv_headers_follow_the_language_and_read_back_through_the_roster_reader() {
    let f = fixture();
    let (text, _) = csv(&f, &RecordFilter::default(), Lang::En);
    let l = lines(&text);
    assert_eq!(
        l[0],
        "Unit code,Unit name,Staff code,Full name,Position,Appointment date,Course ID,Course,Lessons read,Lessons in course,Best score (%),Attempts,Passed,Completed on,Required,Due by,Status"
    );
    assert!(text.contains(",Overdue\r\n") && text.contains(",Not started\r\n"));
    // The roster reader takes the apostrophes back off: what was written is what is read.
    let table = danvan::io::roster::parse_csv(text.as_bytes()).unwrap();
    let names: Vec<String> = table.rows.iter().map(|r| r.cells[3].text()).collect();
    assert!(names.contains(&"=HYPERLINK(\"x\")".to_string()));
    assert!(names.contains(&"-1+2".to_string()));
}

fn cell(ws: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    ws.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn s(x: &str) -> Data {
    Data::String(x.to_string())
}

fn date_of(d: &Data) -> String {
    match d {
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        other => panic!("not a date: {other:?}"),
    }
}

#[test]
fn xlsx_has_the_records_and_the_rates_per_unit() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hoso.xlsx");
    let mut calls = Vec::new();
    let rows = records::xlsx_to(
        &path,
        &f.store,
        &f.pack,
        &RecordFilter::default(),
        &I18n::new(Lang::Vi),
        TODAY,
        &mut |d, t| calls.push((d, t)),
    )
    .unwrap();
    assert_eq!(rows, 15);
    assert_eq!(calls.last(), Some(&(5, 5)));

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Hồ sơ hoàn thành", "Tỷ lệ theo đơn vị"]);
    let ws = wb.worksheet_range("Hồ sơ hoàn thành").unwrap();
    assert_eq!(ws.height(), 16);
    let head: Vec<Data> = (0..17).map(|c| cell(&ws, 0, c)).collect();
    assert_eq!(head[3], s("Họ và tên"));
    assert_eq!(head[16], s("Tình trạng"));

    // Row 10: "-1+2", text as written (XLSX text cells are never run as formulas), no dates.
    assert_eq!(cell(&ws, 10, 3), s("-1+2"));
    assert_eq!(cell(&ws, 10, 6), s("chi-thi-dan-van"));
    assert_eq!(cell(&ws, 10, 5), Data::Empty);
    assert_eq!(cell(&ws, 10, 14), s("Có"));
    assert_eq!(cell(&ws, 10, 16), s("Chưa bắt đầu"));
    // Rows 13–15: the formula-like name kept as text.
    assert_eq!(cell(&ws, 13, 3), s("=HYPERLINK(\"x\")"));
    assert_eq!(date_of(&cell(&ws, 13, 5)), "2025-01-01");
    assert_eq!(date_of(&cell(&ws, 13, 15)), "2025-04-01");
    assert_eq!(cell(&ws, 13, 16), s("Quá hạn"));
    assert_eq!(cell(&ws, 15, 14), s("Không"));
    // Rows 7–9: Nguyễn Thị Hoa; numbers as numbers, dates as Excel dates, words for yes and no.
    assert_eq!(cell(&ws, 7, 0), s("UBND-TT"));
    assert_eq!(cell(&ws, 7, 1), s("UBND xã Tân Tiến"));
    assert_eq!(cell(&ws, 7, 3), s("Nguyễn Thị Hoa"));
    let total = f.pack.course("chi-thi-dan-van").unwrap().lessons.len() as f64;
    assert_eq!(cell(&ws, 7, 8), Data::Float(total));
    assert_eq!(cell(&ws, 7, 9), Data::Float(total));
    assert_eq!(cell(&ws, 7, 10), Data::Float(85.5));
    assert_eq!(cell(&ws, 7, 11), Data::Float(1.0));
    assert_eq!(cell(&ws, 7, 12), s("Có"));
    assert_eq!(date_of(&cell(&ws, 7, 13)), "2026-05-20");
    assert_eq!(date_of(&cell(&ws, 7, 15)), "2026-05-30");
    assert_eq!(cell(&ws, 7, 16), s("Đã hoàn thành"));
    assert_eq!(cell(&ws, 8, 10), Data::Empty, "no attempt, no score");
    assert_eq!(cell(&ws, 8, 12), s("Không"));
    assert_eq!(cell(&ws, 8, 16), s("Quá hạn"));
    assert_eq!(cell(&ws, 9, 8), Data::Float(2.0));

    // Rates: units by name, people, then per course the people who completed it and the rate.
    let r = wb.worksheet_range("Tỷ lệ theo đơn vị").unwrap();
    assert_eq!(cell(&r, 0, 0), s("Mã đơn vị"));
    assert_eq!(cell(&r, 0, 2), s("Số người"));
    assert_eq!(
        cell(&r, 0, 3),
        s("Chỉ thị về tăng cường công tác dân vận, thực hiện quy chế dân chủ ở cơ sở: số người hoàn thành")
    );
    assert_eq!(
        cell(&r, 0, 8),
        s("Quy tắc ứng xử của người làm việc tại Bộ phận Một cửa: tỷ lệ hoàn thành")
    );
    let row = |i: u32| -> Vec<Data> { (0..9).map(|c| cell(&r, i, c)).collect() };
    let n = Data::Float;
    assert_eq!(
        row(1),
        [
            s("SNV"),
            s("Sở Nội vụ"),
            n(1.0),
            n(0.0),
            n(0.0),
            n(0.0),
            n(0.0),
            n(0.0),
            n(0.0)
        ]
    );
    assert_eq!(
        row(2),
        [
            s("TTYT-YD"),
            s("Trung tâm Y tế huyện Yên Dũng"),
            n(1.0),
            n(0.0),
            n(0.0),
            n(0.0),
            n(0.0),
            n(0.0),
            n(0.0)
        ]
    );
    assert_eq!(
        row(3),
        [
            s("UBND-TT"),
            s("UBND xã Tân Tiến"),
            n(2.0),
            n(2.0),
            n(1.0),
            n(1.0),
            n(0.5),
            n(1.0),
            n(0.5)
        ]
    );
    // The total over units (the official without a unit is not in any unit's line).
    assert_eq!(
        row(4),
        [
            Data::Empty,
            s("Tổng cộng"),
            n(4.0),
            n(2.0),
            n(0.5),
            n(1.0),
            n(0.25),
            n(1.0),
            n(0.25)
        ]
    );
    assert_eq!(r.height(), 5);

    // Never overwritten.
    let again = records::xlsx_to(
        &path,
        &f.store,
        &f.pack,
        &RecordFilter::default(),
        &I18n::new(Lang::Vi),
        TODAY,
        &mut |_, _| {},
    );
    assert!(matches!(again, Err(RecordsError::Export(_))), "{again:?}");
}

#[test]
fn the_filters_come_from_the_options_and_choose_the_rows() {
    let f = fixture();
    let filter = filter_from_args(&f.store, &f.pack, Some("UBND-TT"), None, None, None).unwrap();
    let (text, calls) = csv(&f, &filter, Lang::Vi);
    let l = lines(&text);
    assert_eq!(l.len(), 1 + 2 * 3);
    assert!(l[1..].iter().all(|x| x.starts_with("UBND-TT,")));
    assert_eq!(calls, vec![(0, 2), (2, 2)]);

    // One course: only its rows.
    let filter = filter_from_args(&f.store, &f.pack, None, Some("mot-cua"), None, None).unwrap();
    let (text, _) = csv(&f, &filter, Lang::Vi);
    let l = lines(&text);
    assert_eq!(l.len(), 1 + 5);
    assert!(l[1..].iter().all(|x| split(x)[6] == "mot-cua"));

    // Completion dates (either way of writing a date): officials with a completion in 2026.
    let filter = filter_from_args(
        &f.store,
        &f.pack,
        None,
        None,
        Some("01/01/2026"),
        Some("2026-12-31"),
    )
    .unwrap();
    assert_eq!(filter.completed_from.as_deref(), Some("2026-01-01"));
    let (text, _) = csv(&f, &filter, Lang::Vi);
    let names: Vec<String> = lines(&text)[1..]
        .iter()
        .map(|x| split(x)[3].clone())
        .collect();
    assert_eq!(names.len(), 6);
    assert!(names
        .iter()
        .all(|n| n == "Lê Thị Ánh" || n == "Nguyễn Thị Hoa"));
    // With a course, the dates are that course's completions.
    let filter = filter_from_args(
        &f.store,
        &f.pack,
        None,
        Some("chi-thi-dan-van"),
        Some("2026-01-01"),
        None,
    )
    .unwrap();
    let (text, _) = csv(&f, &filter, Lang::Vi);
    let l = lines(&text);
    assert_eq!(l.len(), 2);
    assert!(l[1].contains("Nguyễn Thị Hoa"));

    // Each bad option is named.
    let err = |u: Option<&str>, c: Option<&str>, from: Option<&str>, to: Option<&str>| {
        let m = filter_from_args(&f.store, &f.pack, u, c, from, to).unwrap_err();
        I18n::new(Lang::En).msg(&m)
    };
    assert_eq!(
        err(Some("XYZ"), None, None, None),
        I18n::new(Lang::En)
            .msg(&danvan::domain::i18n::Msg::new("report-unknown-unit").arg("code", "XYZ"))
    );
    assert!(err(Some("XYZ"), None, None, None).contains("XYZ"));
    assert_eq!(
        err(None, Some("khong-co"), None, None),
        "There is no course \"khong-co\" in the content pack."
    );
    let bad = err(None, None, None, Some("2026-13-01"));
    assert!(
        bad.contains("\"2026-13-01\"") && bad.contains("--to"),
        "{bad}"
    );
    let bad = err(None, None, Some("hôm qua"), None);
    assert!(
        bad.contains("\"hôm qua\"") && bad.contains("--from"),
        "{bad}"
    );
    let bad = err(None, None, Some("2026-12-01"), Some("2026-01-01"));
    assert!(
        bad.contains("2026-12-01") && bad.contains("2026-01-01"),
        "{bad}"
    );
}

#[test]
fn pages_of_a_thousand_cover_every_official_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let pack = pack();
    const N: usize = 2345;
    let conn = store.conn();
    conn.execute_batch("BEGIN").unwrap();
    for i in 0..N {
        conn.execute(
            "INSERT INTO people (id, full_name, staff_code, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            rusqlite::params![
                uuid::Uuid::new_v4().to_string(),
                format!("Cán bộ {i:05}"),
                format!("CB{i:05}")
            ],
        )
        .unwrap();
    }
    conn.execute_batch("COMMIT").unwrap();
    let f = Fixture {
        _dir: dir,
        db: PathBuf::new(),
        store,
        pack,
    };
    let (text, calls) = csv(&f, &RecordFilter::default(), Lang::Vi);
    assert_eq!(
        calls,
        vec![
            (0, N as u64),
            (1000, N as u64),
            (2000, N as u64),
            (N as u64, N as u64)
        ]
    );
    let l = lines(&text);
    assert_eq!(l.len(), 1 + N * 3);
    let mut codes: Vec<String> = l[1..]
        .iter()
        .step_by(3)
        .map(|x| split(x)[2].clone())
        .collect();
    let in_order = codes.clone();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), N, "every official once");
    assert_eq!(in_order, codes, "in name order across pages");
}

fn context(db: &Path) -> danvan::boot::Context {
    danvan::boot::Context::with_lang(db.to_path_buf(), None, Lang::Vi, true)
}

#[test]
fn the_command_writes_new_files_only_and_xlsx_needs_a_file() {
    let f = fixture();
    let ctx = context(&f.db);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hoso.csv");
    let ok = std::process::ExitCode::SUCCESS;
    assert_eq!(
        export_records(
            &ctx,
            RecordFilter::default(),
            RecordsFormat::Csv,
            Some(&out)
        ),
        ok
    );
    let written = std::fs::read(&out).unwrap();
    assert!(written.starts_with("\u{feff}Mã đơn vị,".as_bytes()));
    // A second run refuses and leaves the file as it was.
    assert_ne!(
        export_records(
            &ctx,
            RecordFilter::default(),
            RecordsFormat::Csv,
            Some(&out)
        ),
        ok
    );
    assert_eq!(std::fs::read(&out).unwrap(), written);
    // XLSX: a file is needed; then it is written once.
    assert_ne!(
        export_records(&ctx, RecordFilter::default(), RecordsFormat::Xlsx, None),
        ok
    );
    let x = dir.path().join("hoso.xlsx");
    assert_eq!(
        export_records(&ctx, RecordFilter::default(), RecordsFormat::Xlsx, Some(&x)),
        ok
    );
    assert_ne!(
        export_records(&ctx, RecordFilter::default(), RecordsFormat::Xlsx, Some(&x)),
        ok
    );
    let wb: Xlsx<_> = open_workbook(&x).unwrap();
    assert_eq!(wb.sheet_names().len(), 2);
}
