//! The records screen's count is right with and without filters, now that it counts without the
//! joins a page needs: it equals the number of rows the pages hold, one page after another.

use danvan::demo::{self, DemoOptions};
use danvan::domain::content::{embedded_files, load};
use danvan::domain::records::{CourseStatusFilter, RecordFilter, RecordSort};
use danvan::store::Store;
use time::macros::date;

fn rows_paged(store: &Store, filter: &RecordFilter) -> u64 {
    let mut n = 0;
    let mut key = None;
    loop {
        let page = store
            .records_page(filter, RecordSort::Name, key.as_deref(), false, 17)
            .unwrap();
        if page.is_empty() {
            return n;
        }
        n += page.len() as u64;
        key = Some(page.last().unwrap().key.clone());
    }
}

#[test]
fn the_count_equals_the_rows_paged_for_every_kind_of_filter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let pack = load(&embedded_files()).pack.unwrap();
    let opts = DemoOptions {
        people: 150,
        seed: 3,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&path, &pack, &opts).unwrap();
    let store = Store::open(&path).unwrap();
    let everyone: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))
        .unwrap();
    let course: String = store
        .conn()
        .query_row(
            "SELECT course_id FROM course_completions GROUP BY course_id ORDER BY COUNT(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let unit: String = store
        .conn()
        .query_row(
            "SELECT unit_id FROM people WHERE unit_id IS NOT NULL GROUP BY unit_id
             ORDER BY COUNT(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut filters = vec![RecordFilter::default()];
    for status in [
        None,
        Some(CourseStatusFilter::Completed),
        Some(CourseStatusFilter::InProgress),
        Some(CourseStatusFilter::NotStarted),
    ] {
        for course_id in [None, Some(course.clone())] {
            filters.push(RecordFilter {
                course_id: course_id.clone(),
                status,
                ..Default::default()
            });
            filters.push(RecordFilter {
                course_id,
                status,
                unit_id: Some(unit.clone()),
                completed_from: Some("2025-01-01".into()),
                ..Default::default()
            });
        }
    }
    filters.push(RecordFilter {
        name: Some("nguyen".into()),
        appointed_from: Some("2010-01-01".into()),
        ..Default::default()
    });
    filters.push(RecordFilter {
        course_id: Some(course.clone()),
        completed_to: Some("2026-01-01".into()),
        ..Default::default()
    });
    let mut some_but_not_all = 0;
    for f in &filters {
        let n = store.records_count(f).unwrap();
        assert_eq!(n, rows_paged(&store, f), "{f:?}");
        if n > 0 && n < everyone as u64 {
            some_but_not_all += 1;
        }
    }
    assert_eq!(
        store.records_count(&RecordFilter::default()).unwrap(),
        everyone as u64
    );
    assert!(some_but_not_all >= 8, "the filters select something");
}
