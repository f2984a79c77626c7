//! Completion records: the summaries kept by triggers, and the records table read a page at a time.

mod common;

use danvan::domain::people::{NewPerson, NewUnit, UnitKind};
use danvan::domain::records::{CourseStatusFilter, RecordFilter, RecordSort, SortKeyValue};
use danvan::store::Store;

/// A sort key as SQLite orders it: integers before text before blobs, text and blobs by bytes.
fn comparable(key: &[SortKeyValue]) -> Vec<(u8, i64, Vec<u8>)> {
    key.iter()
        .map(|v| match v {
            SortKeyValue::Integer(i) => (0, *i, Vec::new()),
            SortKeyValue::Text(t) => (1, 0, t.as_bytes().to_vec()),
            SortKeyValue::Blob(b) => (2, 0, b.clone()),
            _ => (3, 0, Vec::new()),
        })
        .collect()
}

const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Bùi"];
const GIVEN: [&str; 5] = ["An", "Bình", "Chi", "Dũng", "Hoa"];

/// 30 people: a province department with a sub-unit, and a commune; some progress and completions.
fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("danvan.db")).unwrap();
    let dept = store
        .add_unit(&NewUnit {
            code: "SNV".into(),
            name: "Sở Nội vụ".into(),
            kind: UnitKind::Department,
            parent_id: None,
        })
        .unwrap();
    let sub = store
        .add_unit(&NewUnit {
            code: "SNV-P1".into(),
            name: "Phòng Xây dựng chính quyền".into(),
            kind: UnitKind::Department,
            parent_id: Some(dept.id.clone()),
        })
        .unwrap();
    let commune = store
        .add_unit(&NewUnit {
            code: "UBND-TT".into(),
            name: "UBND xã Tân Tiến".into(),
            kind: UnitKind::Commune,
            parent_id: None,
        })
        .unwrap();
    for i in 0..30 {
        let unit = [&dept, &sub, &commune][i % 3];
        let p = store
            .add_person(&NewPerson {
                full_name: format!("{} Văn {} {i:02}", FAMILY[i % 6], GIVEN[i % 5]),
                staff_code: Some(format!("CB{i:03}")),
                unit_id: Some(unit.id.clone()),
                position: "Chuyên viên".into(),
                appointed_on: Some(format!("2025-{:02}-01", 1 + i % 12)),
            })
            .unwrap();
        if i % 2 == 0 {
            store
                .mark_lesson_complete(&p.id, "mot-cua", "1.0.0", "co-che-mot-cua")
                .unwrap();
        }
        if i % 5 == 0 {
            store
                .record_completion(&p.id, "mot-cua", "1.0.0", "2026-06-15T03:00:00Z", 90.0)
                .unwrap();
        }
    }
    (dir, store)
}

#[test]
fn summaries_follow_every_write() {
    let (_dir, store) = seeded();
    let check: (i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM person_summary), (SELECT SUM(courses_completed) FROM person_summary)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(check, (30, 6));
    let read: i64 = store
        .conn()
        .query_row("SELECT SUM(lessons_read) FROM person_summary", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(read, 15);
}

#[test]
fn pages_cover_everyone_once_in_order_and_fetch_only_what_is_shown() {
    let (_dir, store) = seeded();
    let filter = RecordFilter::default();
    for sort in [RecordSort::Name, RecordSort::Unit, RecordSort::Completed] {
        let mut seen = Vec::new();
        let mut key = None;
        loop {
            let page = store
                .records_page(&filter, sort, key.as_deref(), false, 7)
                .unwrap();
            assert!(page.len() <= 7, "a page never fetches more than asked");
            if page.is_empty() {
                break;
            }
            key = Some(page.last().unwrap().key.clone());
            seen.extend(page);
        }
        assert_eq!(seen.len(), 30, "{sort:?}");
        let mut ids: Vec<_> = seen.iter().map(|r| r.person_id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 30);
        let keys: Vec<_> = seen.iter().map(|r| format!("{:?}", r.key)).collect();
        let mut sorted = seen.clone();
        sorted.sort_by_key(|r| comparable(&r.key));
        assert_eq!(
            keys,
            sorted
                .iter()
                .map(|r| format!("{:?}", r.key))
                .collect::<Vec<_>>(),
            "{sort:?}"
        );
        // Backwards from the end gives the last page in the same order.
        let last = seen.last().unwrap().key.clone();
        let before = store
            .records_page(&filter, sort, Some(&last), true, 5)
            .unwrap();
        assert_eq!(
            before.iter().map(|r| &r.person_id).collect::<Vec<_>>(),
            seen[24..29]
                .iter()
                .map(|r| &r.person_id)
                .collect::<Vec<_>>()
        );
    }
    // Names sort the Vietnamese way, given name (here the last word, a number) first.
    let first = store
        .records_page(&filter, RecordSort::Name, None, false, 30)
        .unwrap();
    let given: Vec<u32> = first
        .iter()
        .map(|r| r.full_name.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(given, (0..30).collect::<Vec<u32>>());
}

#[test]
fn filters_select_by_unit_with_sub_units_course_status_name_and_dates() {
    let (_dir, store) = seeded();
    let units = store.units().unwrap();
    let dept = units.iter().find(|u| u.code == "SNV").unwrap();
    let by_unit = RecordFilter {
        unit_id: Some(dept.id.clone()),
        ..Default::default()
    };
    assert_eq!(
        store.records_count(&by_unit).unwrap(),
        20,
        "the department and its sub-unit"
    );
    let completed = RecordFilter {
        course_id: Some("mot-cua".into()),
        status: Some(CourseStatusFilter::Completed),
        ..Default::default()
    };
    assert_eq!(store.records_count(&completed).unwrap(), 6);
    let in_progress = RecordFilter {
        course_id: Some("mot-cua".into()),
        status: Some(CourseStatusFilter::InProgress),
        ..Default::default()
    };
    // Even-numbered people read a lesson; of them, 0, 10, 20 also completed.
    assert_eq!(store.records_count(&in_progress).unwrap(), 12);
    let not_started = RecordFilter {
        course_id: Some("mot-cua".into()),
        status: Some(CourseStatusFilter::NotStarted),
        ..Default::default()
    };
    assert_eq!(store.records_count(&not_started).unwrap(), 12);
    let name = RecordFilter {
        name: Some("dang van".into()),
        ..Default::default()
    };
    assert_eq!(store.records_count(&name).unwrap(), 5);
    let appointed = RecordFilter {
        appointed_from: Some("2025-01-01".into()),
        appointed_to: Some("2025-03-31".into()),
        ..Default::default()
    };
    assert_eq!(store.records_count(&appointed).unwrap(), 9);
    let when = RecordFilter {
        completed_from: Some("2026-06-15".into()),
        completed_to: Some("2026-06-15".into()),
        ..Default::default()
    };
    assert_eq!(store.records_count(&when).unwrap(), 6);
    let rates = store.unit_rates(&RecordFilter::default()).unwrap();
    let commune = rates.iter().find(|r| r.unit_code == "UBND-TT").unwrap();
    assert_eq!(commune.people, 10);
    assert_eq!(commune.completed, vec![("mot-cua".to_string(), 2)]);
    let people: Vec<String> = store
        .records_page(&completed, RecordSort::Name, None, false, 3)
        .unwrap()
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    let refs: Vec<&str> = people.iter().map(String::as_str).collect();
    let courses = store.course_records(&refs).unwrap();
    assert_eq!(courses.len(), 3);
    assert!(courses
        .iter()
        .all(|c| c.completed_at.is_some() && c.course_id == "mot-cua"));
}

#[test]
fn an_exam_across_courses_counts_as_activity() {
    let (_dir, mut store) = seeded();
    let pack = common::pack();
    let person = store.people().unwrap().pop().unwrap();
    let exam = pack.quiz("final-exam").unwrap().clone();
    let attempt =
        danvan::service::learning::start(&mut store, &pack, &person.id, &exam, 5).unwrap();
    let today = time::macros::date!(2026 - 11 - 26);
    let done = danvan::service::learning::finish(
        &mut store,
        &pack,
        &attempt,
        danvan::domain::attempt::AttemptStatus::Submitted,
        1000,
        today,
    )
    .unwrap();
    let last: Option<String> = store
        .conn()
        .query_row(
            "SELECT last_activity FROM person_summary WHERE person_id = ?1",
            [&person.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, done.ended_at);
}

/// Everyone on every page of `filter`, by id.
fn everyone(store: &Store, filter: &RecordFilter) -> Vec<danvan::domain::records::PersonRecord> {
    let mut all = Vec::new();
    let mut key: Option<Vec<SortKeyValue>> = None;
    loop {
        let page = store
            .records_page(filter, RecordSort::Name, key.as_deref(), false, 97)
            .unwrap();
        let Some(last) = page.last() else { break };
        key = Some(last.key.clone());
        all.extend(page);
    }
    all
}

#[test]
fn the_overdue_filter_selects_whom_the_status_rule_calls_overdue() {
    use danvan::domain::completion::{
        due_date, is_required, overdue_rules, parse_iso_date, status, CourseProgress, RecordStatus,
    };
    use std::collections::{BTreeSet, HashMap};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let pack = common::pack();
    let made = time::macros::date!(2026 - 11 - 26);
    danvan::demo::create(
        &path,
        &pack,
        &danvan::demo::DemoOptions {
            people: 400,
            seed: 11,
            today: made,
        },
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let kinds: HashMap<String, &'static str> = store
        .units()
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.kind.key()))
        .collect();
    let people = everyone(&store, &RecordFilter::default());
    assert_eq!(people.len(), 400);
    let ids: Vec<&str> = people.iter().map(|p| p.person_id.as_str()).collect();
    let records: HashMap<(String, String), danvan::domain::records::CourseRecord> = store
        .course_records(&ids)
        .unwrap()
        .into_iter()
        .map(|r| ((r.person_id.clone(), r.course_id.clone()), r))
        .collect();
    // The built-in content names no positions: a variant that does, to test that part too.
    let mut positioned = pack.clone();
    for c in &mut positioned.courses {
        if let Some(req) = &mut c.required {
            req.positions = vec!["chu tich".into(), "Công chức Văn phòng".into()];
        }
    }
    let later = time::macros::date!(2027 - 06 - 01);
    let mut seen_some = false;
    for (pack, today) in [(&pack, made), (&pack, later), (&positioned, later)] {
        let mut any_course = BTreeSet::new();
        for course in &pack.courses {
            // What the status rule (the one the table's cells and the CSV use) says.
            let expected: BTreeSet<String> = people
                .iter()
                .filter(|p| {
                    let kind = p.unit_id.as_ref().and_then(|u| kinds.get(u)).copied();
                    let c = records.get(&(p.person_id.clone(), course.id.clone()));
                    let progress = CourseProgress {
                        lessons_read: c.map_or(0, |c| c.lessons_read),
                        attempts: c.map_or(0, |c| c.attempts),
                        passed: c.is_some_and(|c| c.passed),
                        completed_at: c.and_then(|c| c.completed_at.as_deref()),
                    };
                    let due = p
                        .appointed_on
                        .as_deref()
                        .and_then(parse_iso_date)
                        .and_then(|d| due_date(course, d));
                    status(
                        &progress,
                        is_required(course, kind, &p.position),
                        due,
                        today,
                    ) == RecordStatus::Overdue
                })
                .map(|p| p.person_id.clone())
                .collect();
            let filter = RecordFilter {
                course_id: Some(course.id.clone()),
                status: Some(CourseStatusFilter::Overdue),
                overdue: overdue_rules(pack, today),
                ..Default::default()
            };
            let got: BTreeSet<String> = everyone(&store, &filter)
                .into_iter()
                .map(|p| p.person_id)
                .collect();
            assert_eq!(got, expected, "course {} on {today}", course.id);
            assert_eq!(store.records_count(&filter).unwrap(), expected.len() as u64);
            seen_some |= !expected.is_empty() && expected.len() < people.len();
            any_course.extend(expected);
        }
        // No course chosen: overdue in any course.
        let filter = RecordFilter {
            status: Some(CourseStatusFilter::Overdue),
            overdue: overdue_rules(pack, today),
            ..Default::default()
        };
        let got: BTreeSet<String> = everyone(&store, &filter)
            .into_iter()
            .map(|p| p.person_id)
            .collect();
        assert_eq!(got, any_course, "any course on {today}");
        assert_eq!(
            store.records_count(&filter).unwrap(),
            any_course.len() as u64
        );
    }
    assert!(
        seen_some,
        "the demo has some overdue and some not, so the test can fail"
    );
}

#[test]
fn officials_are_listed_the_vietnamese_way_and_found_by_the_words_of_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let names = [
        "Bùi Thành Quân",
        "Bùi Thu Liên",
        "Đặng Văn An",
        "Dương Văn An",
        "Lê Thị Ánh",
        "Lê Thị Anh",
        "Nguyễn Văn Ơn",
        "Nguyễn Văn Ôn",
    ];
    let mut ids = std::collections::HashMap::new();
    for (i, n) in names.iter().enumerate() {
        let p = store
            .add_person(&NewPerson {
                full_name: n.to_string(),
                staff_code: Some(format!("CB{i}")),
                unit_id: None,
                position: String::new(),
                appointed_on: None,
            })
            .unwrap();
        ids.insert(*n, p.id);
    }
    let list = |store: &Store, name: Option<&str>| -> Vec<String> {
        store
            .records_page(
                &RecordFilter {
                    name: name.map(str::to_string),
                    ..Default::default()
                },
                RecordSort::Name,
                None,
                false,
                50,
            )
            .unwrap()
            .into_iter()
            .map(|r| r.full_name)
            .collect()
    };
    // Given name first (An, Anh, Ánh, Liên, Ôn, Ơn, Quân), then middle, then family (d < đ).
    assert_eq!(
        list(&store, None),
        [
            "Dương Văn An",
            "Đặng Văn An",
            "Lê Thị Anh",
            "Lê Thị Ánh",
            "Bùi Thu Liên",
            "Nguyễn Văn Ôn",
            "Nguyễn Văn Ơn",
            "Bùi Thành Quân",
        ]
    );
    // Without diacritics every spelling matches; with them, only that spelling.
    assert_eq!(list(&store, Some("dang")), ["Đặng Văn An"]);
    assert_eq!(list(&store, Some("d")), ["Dương Văn An", "Đặng Văn An"]);
    assert_eq!(list(&store, Some("Đặng")), ["Đặng Văn An"]);
    assert_eq!(
        list(&store, Some("an")),
        ["Dương Văn An", "Đặng Văn An", "Lê Thị Anh", "Lê Thị Ánh"]
    );
    assert_eq!(list(&store, Some("Ánh")), ["Lê Thị Ánh"]);
    assert_eq!(list(&store, Some("le anh")), ["Lê Thị Anh", "Lê Thị Ánh"]);
    assert_eq!(list(&store, Some("ơn")), ["Nguyễn Văn Ơn"]);
    assert!(list(&store, Some("zzz")).is_empty());
    // The count agrees with the pages.
    let count = store
        .records_count(&RecordFilter {
            name: Some("an".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(count, 4);
    // A rename moves the person in the list and in the words; a deletion takes them out.
    store
        .conn()
        .execute(
            "UPDATE people SET full_name = 'Đặng Văn Bảo' WHERE id = ?1",
            [&ids["Đặng Văn An"]],
        )
        .unwrap();
    assert_eq!(list(&store, Some("bao")), ["Đặng Văn Bảo"]);
    assert_eq!(list(&store, Some("an")).len(), 3);
    store.delete_person(&ids["Lê Thị Anh"]).unwrap();
    assert_eq!(list(&store, Some("anh")), ["Lê Thị Ánh"]);
    let words: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM person_name_words WHERE person_id = ?1",
            [&ids["Lê Thị Anh"]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(words, 0);
}

#[test]
fn an_older_database_gains_the_sort_keys_and_the_words_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/db/schema7-demo.db"
        ),
        &db,
    )
    .unwrap();
    let store = Store::open(&db).unwrap();
    let (people, keyed, worded): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM people),
                    (SELECT COUNT(*) FROM person_summary WHERE length(name_key) > 0),
                    (SELECT COUNT(DISTINCT person_id) FROM person_name_words)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(people > 0);
    assert_eq!((keyed, worded), (people, people));
    // Every stored key is the one the domain computes.
    let mut stmt = store
        .conn()
        .prepare("SELECT full_name, name_key FROM person_summary")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })
        .unwrap();
    for row in rows {
        let (name, key) = row.unwrap();
        assert_eq!(key, danvan::domain::names::sort_key(&name), "{name}");
    }
}
