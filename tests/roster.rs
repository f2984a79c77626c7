//! Importing and exporting units and rosters: the library on real SQLite files in temporary
//! folders, and `danvan units|roster import|export` through the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use danvan::domain::people::NewPerson;
use danvan::domain::roster::PersonRow;
use danvan::io::roster;
use danvan::store::roster::ImportReport;
use danvan::store::Store;
use rusqlite::Connection;

// ---- helpers ----

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roster")
        .join(name)
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn danvan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--lang", "vi"])
        .env_remove("DANVAN_DB")
        .env_remove("DANVAN_LANG")
        .env_remove("DANVAN_CONTENT")
        .output()
        .expect("run danvan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn import_units(store: &mut Store, file: &str) -> ImportReport {
    let rows = roster::read_units(&fixture(file)).expect("units file reads");
    store.import_units(&rows).expect("units import")
}

fn import_people(store: &mut Store, file: &str) -> ImportReport {
    let rows = roster::read_people(&fixture(file)).expect("roster reads");
    store.import_people(&rows).expect("roster import")
}

/// Both tables, every column, in a stable order: what "the database is identical" means.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare(
            "SELECT id, code, name, kind, parent_id, created_at, updated_at FROM units ORDER BY id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "unit|{}|{}|{}|{}|{:?}|{}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    let mut stmt = conn
        .prepare(
            "SELECT id, full_name, staff_code, unit_id, position, appointed_on, created_at, updated_at
             FROM people ORDER BY id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "person|{}|{}|{:?}|{:?}|{}|{:?}|{}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    out
}

/// The same tables without timestamps (ids kept): what a round trip into another database keeps.
fn dump_without_times(db: &Path) -> Vec<String> {
    dump(db)
        .into_iter()
        .map(|l| {
            let mut parts: Vec<&str> = l.split('|').collect();
            parts.truncate(parts.len() - 2);
            parts.join("|")
        })
        .collect()
}

/// The data as a person reads it: units by code and people by staff code, with codes instead of
/// ids (ids differ between two imports of files without an ID column).
fn content(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare(
            "SELECT u.code, u.name, u.kind, p.code FROM units u
             LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.code",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "unit|{}|{}|{}|{:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    let mut stmt = conn
        .prepare(
            "SELECT p.full_name, p.staff_code, u.code, p.position, p.appointed_on FROM people p
             LEFT JOIN units u ON u.id = p.unit_id ORDER BY p.staff_code, p.full_name",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "person|{}|{:?}|{:?}|{}|{:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    out
}

// ---- the fixtures import ----

#[test]
fn good_files_import() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let mut store = Store::open(&db).unwrap();
    let units = import_units(&mut store, "units.csv");
    assert_eq!(
        (units.added, units.updated, units.unchanged, units.bad.len()),
        (5, 0, 0, 0),
        "{units:?}"
    );
    let people = import_people(&mut store, "people.csv");
    assert_eq!(
        (
            people.added,
            people.updated,
            people.unchanged,
            people.bad.len()
        ),
        (5, 0, 0, 0),
        "{people:?}"
    );
    assert_eq!(people.units_added, 1, "PVHXH-ĐN is created from its name");
    assert_eq!(people.unkeyed, 0);
    drop(store);

    let c = content(&db);
    assert!(
        c.contains(
            &"unit|TTLT|Trung tâm Lưu trữ lịch sử tỉnh|public-service|Some(\"SNV\")".to_string()
        ),
        "{c:#?}"
    );
    assert!(c.contains(
        &"unit|UBND-ĐN|UBND phường Đông Ngàn, thành phố Từ Sơn|commune|None".to_string()
    ));
    assert!(c.contains(
        &"unit|VP-DU|Văn phòng Đảng ủy xã Tân Tiến \"khối cơ quan\"|other|Some(\"UBND-TT\")"
            .to_string()
    ));
    assert!(
        c.contains(&"unit|PVHXH-ĐN|Phòng Văn hóa - Xã hội phường Đông Ngàn|other|None".to_string())
    );
    assert!(c.contains(&"person|Nguyễn Thị Hoa|Some(\"CB001\")|Some(\"UBND-TT\")|Công chức Văn phòng - Thống kê|Some(\"2024-03-01\")".to_string()), "{c:#?}");
    assert!(c.contains(&"person|Trần Văn Bình|Some(\"CB002\")|Some(\"SNV\")|Chuyên viên phòng Xây dựng chính quyền|Some(\"2023-07-15\")".to_string()));
    assert!(c.contains(&"person|Lê Thị Thu Hà|Some(\"CB003\")|Some(\"UBND-ĐN\")|Phó Chủ tịch UBND phường, phụ trách văn hóa - xã hội|Some(\"2022-09-01\")".to_string()));
    assert!(c.contains(&"person|Hoàng Thị Mai|Some(\"CB005\")|None|Kế toán|None".to_string()));
}

#[test]
fn bom_semicolon_file_gives_the_same_data_as_the_comma_one() {
    let dir = tmp();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let mut sa = Store::open(&a).unwrap();
    let mut sb = Store::open(&b).unwrap();
    let ra = import_units(&mut sa, "units.csv");
    let rb = import_units(&mut sb, "units-bom-semicolon.csv");
    assert_eq!((ra.added, ra.bad.len()), (5, 0));
    assert_eq!((rb.added, rb.bad.len()), (5, 0), "{rb:?}");
    drop((sa, sb));
    assert_eq!(content(&a), content(&b));
    // The header starts right after the BOM: the first column is still "Mã đơn vị".
    let table = roster::read_table(&fixture("units-bom-semicolon.csv")).unwrap();
    assert_eq!(table.header[0], "Mã đơn vị");
    assert_eq!(table.rows.last().unwrap().line, 6);
}

#[test]
fn xlsx_imports_like_the_csv() {
    let dir = tmp();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for (db, file) in [(&a, "people.csv"), (&b, "people.xlsx")] {
        let mut s = Store::open(db).unwrap();
        import_units(&mut s, "units.csv");
        let r = import_people(&mut s, file);
        assert_eq!(
            (r.added, r.bad.len(), r.units_added),
            (5, 0, 1),
            "{file}: {r:?}"
        );
    }
    assert_eq!(content(&a), content(&b));
    // Rows carry their spreadsheet row numbers.
    let rows = roster::read_people(&fixture("people.xlsx")).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6]
    );
}

#[test]
fn legacy_code_page_is_refused_naming_the_file() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let file = fixture("people-legacy.csv");
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let err = roster::read_people(&file).unwrap_err();
    assert!(matches!(err, roster::ReadError::LegacyEncoding { .. }));

    let out = danvan(&db, &["roster", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("people-legacy.csv"), "{err}");
    assert!(err.contains("CSV UTF-8"), "{err}");
    assert!(stdout(&out).is_empty());
    // Nothing was written: the file is refused before the database is opened.
    assert!(!db.exists());
}

#[test]
fn bad_rows_are_reported_with_their_lines_and_good_rows_imported() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let mut store = Store::open(&db).unwrap();
    import_units(&mut store, "units.csv");
    let r = import_people(&mut store, "people-bad-rows.csv");
    let bad: Vec<(usize, &str)> = r.bad.iter().map(|b| (b.line, b.msg.id)).collect();
    assert_eq!(
        bad,
        [
            (3, "roster-missing-name"),
            (4, "roster-no-such-date"),
            (7, "roster-unknown-unit"),
            (8, "roster-duplicate-staff-code"),
        ]
    );
    assert_eq!(r.bad[1].msg.args, [("value", "31/02/2024".to_string())]);
    assert_eq!(
        r.bad[3].msg.args,
        [("code", "CB101".to_string()), ("first", "2".to_string())]
    );
    assert_eq!((r.added, r.updated, r.unchanged), (3, 0, 0));
    drop(store);
    let c = content(&db);
    assert!(c.contains(&"person|Lê Văn Cường|Some(\"CB104\")|Some(\"SNV\")|Chuyên viên\nphòng Tổ chức - Biên chế|None".to_string()), "{c:#?}");
    assert!(c
        .iter()
        .all(|l| !l.contains("Đỗ Thị Dung") && !l.contains("Vũ Văn Em")));

    // The same through the binary: FILE:LINE: error: message, a summary, exit 1.
    let dir = tmp();
    let db = dir.path().join("x.db");
    let units = fixture("units.csv");
    let out = danvan(&db, &["units", "import", units.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = fixture("people-bad-rows.csv");
    let out = danvan(&db, &["roster", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let f = file.display();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{f}:3: error: Thiếu họ và tên."),
            format!("{f}:4: error: Ngày bổ nhiệm \"31/02/2024\" không có trên lịch: hãy kiểm tra lại ngày và tháng."),
            format!("{f}:7: error: Không có đơn vị mã \"KHONG-CO\": hãy thêm tên đơn vị vào dòng này để tạo đơn vị mới, hoặc nhập danh sách đơn vị trước."),
            format!("{f}:8: error: Mã cán bộ \"CB101\" đã có ở dòng 2 của tệp."),
        ],
        "{err}"
    );
    assert_eq!(
        stdout(&out).trim(),
        "Cán bộ: thêm 3, cập nhật 0, không đổi 0, từ chối 4."
    );
}

#[test]
fn importing_the_same_files_twice_changes_nothing() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let mut store = Store::open(&db).unwrap();
    import_units(&mut store, "units.csv");
    import_people(&mut store, "people.csv");
    drop(store);
    let before = dump(&db);

    let mut store = Store::open(&db).unwrap();
    let u = import_units(&mut store, "units.csv");
    let p = import_people(&mut store, "people.csv");
    assert_eq!((u.added, u.updated, u.unchanged, u.bad.len()), (0, 0, 5, 0));
    assert_eq!(
        (p.added, p.updated, p.unchanged, p.bad.len(), p.units_added),
        (0, 0, 5, 0, 0)
    );
    // The Vietnamese-header copy of the same units matches by code: still nothing to change.
    let u = import_units(&mut store, "units-bom-semicolon.csv");
    assert_eq!((u.added, u.updated, u.unchanged), (0, 0, 5));
    drop(store);
    assert_eq!(dump(&db), before);
}

#[test]
fn a_changed_field_updates_only_that_record() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let mut store = Store::open(&db).unwrap();
    import_units(&mut store, "units.csv");
    import_people(&mut store, "people.csv");
    let before = store.person_by_staff_code("CB002").unwrap().unwrap();
    // Same staff code, new position: matched by staff code, never by name.
    let rows = vec![
        PersonRow {
            line: 2,
            full_name: "Trần Văn Bình".into(),
            staff_code: "CB002".into(),
            position: "Phó Trưởng phòng".into(),
            ..Default::default()
        },
        PersonRow {
            line: 3,
            full_name: "Nguyễn Thị Hoa".into(),
            ..Default::default()
        },
    ];
    let r = store.import_people(&rows).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged, r.unkeyed), (1, 1, 0, 1));
    let after = store.person_by_staff_code("CB002").unwrap().unwrap();
    assert_eq!(after.id, before.id);
    assert_eq!(after.position, "Phó Trưởng phòng");
    // Empty cells never erase: unit and date are kept.
    assert_eq!(after.unit_id, before.unit_id);
    assert_eq!(after.appointed_on, before.appointed_on);
    // A row with a name alone is a new person, even though someone has that name.
    let hoa = store
        .people()
        .unwrap()
        .into_iter()
        .filter(|p| p.full_name == "Nguyễn Thị Hoa")
        .count();
    assert_eq!(hoa, 2);
}

// ---- export ----

#[test]
fn export_then_import_round_trips_exactly() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let mut store = Store::open(&db).unwrap();
    import_units(&mut store, "units.csv");
    import_people(&mut store, "people.csv");
    let unit = store.unit_by_code("UBND-TT").unwrap().unwrap();
    for (name, code, position) in [
        ("=HYPERLINK(\"x\")", "CB900", "@mention"),
        ("-1+2", "CB901", "+84 912 345 678"),
    ] {
        store
            .add_person(&NewPerson {
                full_name: name.into(),
                staff_code: Some(code.into()),
                unit_id: Some(unit.id.clone()),
                position: position.into(),
                appointed_on: Some("2025-12-31".into()),
            })
            .unwrap();
    }
    drop(store);

    // CSV to a file and to standard output.
    let units_csv = dir.path().join("don-vi.csv");
    let out = danvan(
        &db,
        &["units", "export", "--out", units_csv.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = danvan(&db, &["roster", "export"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let people_csv = dir.path().join("can-bo.csv");
    std::fs::write(&people_csv, &out.stdout).unwrap();

    let units_bytes = std::fs::read(&units_csv).unwrap();
    assert!(units_bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with("\u{feff}ID,Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Loại đơn vị,Chức vụ,Ngày bổ nhiệm\r\n"),
        "{text}"
    );
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"x\"\")\",CB900,"),
        "{text}"
    );
    assert!(text.contains(",'-1+2,CB901,"), "{text}");
    assert!(text.contains(",'@mention,") && text.contains(",'+84 912 345 678,"));
    assert!(text.contains("Phó Chủ tịch UBND phường, phụ trách văn hóa - xã hội"));
    assert!(text.contains(",2024-03-01\r\n"), "ISO dates: {text}");
    let units_text = String::from_utf8(units_bytes).unwrap();
    assert!(
        units_text.contains("Sở, ban, ngành cấp tỉnh"),
        "{units_text}"
    );

    // Into a new database: the same records, UUIDs included.
    let db2 = dir.path().join("y.db");
    let out = danvan(&db2, &["units", "import", units_csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = danvan(&db2, &["roster", "import", people_csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Cán bộ: thêm 7, cập nhật 0, không đổi 0, từ chối 0."
    );
    assert_eq!(dump_without_times(&db2), dump_without_times(&db));

    // Back into the first: nothing changes at all.
    let before = dump(&db);
    let out = danvan(&db, &["units", "import", units_csv.to_str().unwrap()]);
    assert_eq!(
        stdout(&out).trim(),
        "Đơn vị: thêm 0, cập nhật 0, không đổi 6, từ chối 0."
    );
    let out = danvan(&db, &["roster", "import", people_csv.to_str().unwrap()]);
    assert_eq!(
        stdout(&out).trim(),
        "Cán bộ: thêm 0, cập nhật 0, không đổi 7, từ chối 0."
    );
    assert_eq!(dump(&db), before);

    // XLSX: Vietnamese headers, dates as Excel dates, and the same records back.
    let units_xlsx = dir.path().join("don-vi.xlsx");
    let people_xlsx = dir.path().join("can-bo.xlsx");
    for (what, path) in [("units", &units_xlsx), ("roster", &people_xlsx)] {
        let out = danvan(
            &db,
            &[
                what,
                "export",
                "--format",
                "xlsx",
                "--out",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let table = roster::read_table(&people_xlsx).unwrap();
    assert_eq!(table.header[1], "Họ và tên");
    assert!(table
        .rows
        .iter()
        .any(|r| r.cells.get(7) == Some(&roster::Cell::Date("2024-03-01".into()))));
    let db3 = dir.path().join("z.db");
    for (what, path) in [("units", &units_xlsx), ("roster", &people_xlsx)] {
        let out = danvan(&db3, &[what, "import", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(dump_without_times(&db3), dump_without_times(&db));
}

#[test]
fn export_never_overwrites_and_xlsx_needs_out() {
    let dir = tmp();
    let db = dir.path().join("x.db");
    let units = fixture("units.csv");
    let out = danvan(&db, &["units", "import", units.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));

    let existing = dir.path().join("old.csv");
    std::fs::write(&existing, "keep me").unwrap();
    let out = danvan(
        &db,
        &["units", "export", "--out", existing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("old.csv"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    let out = danvan(&db, &["roster", "export", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));

    // --out FILE.xlsx picks the format by itself.
    let x = dir.path().join("u.xlsx");
    let out = danvan(&db, &["units", "export", "--out", x.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&x).unwrap().starts_with(b"PK"));

    // A missing file is a clear error, not a crash.
    let out = danvan(&db, &["roster", "import", "khong-co.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("khong-co.csv"), "{}", stderr(&out));
}

// ---- the XLSX fixture ----

/// tests/fixtures/roster/people.xlsx was written by this code: the people of people.csv with
/// English headers in another order, an ignored column, Excel dates and a date typed as text.
/// The test writes it again into a temp folder and checks it reads exactly like the fixture.
#[test]
fn the_xlsx_fixture_is_what_its_writer_makes() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sach").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let headers = [
        "Staff code",
        "Full name",
        "Note",
        "Position",
        "Unit code",
        "Unit name",
        "Appointed",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    enum D {
        Excel(u16, u8, u8),
        Text(&'static str),
        None,
    }
    let rows = [
        (
            "CB001",
            "Nguyễn Thị Hoa",
            "",
            "Công chức Văn phòng - Thống kê",
            "UBND-TT",
            "",
            D::Excel(2024, 3, 1),
        ),
        (
            "CB002",
            "Trần Văn Bình",
            "ghi chú",
            "Chuyên viên phòng Xây dựng chính quyền",
            "SNV",
            "",
            D::Text("15/7/2023"),
        ),
        (
            "CB003",
            "Lê Thị Thu Hà",
            "",
            "Phó Chủ tịch UBND phường, phụ trách văn hóa - xã hội",
            "UBND-ĐN",
            "",
            D::Excel(2022, 9, 1),
        ),
        (
            "CB004",
            "Phạm Minh Đức",
            "",
            "Chuyên viên",
            "PVHXH-ĐN",
            "Phòng Văn hóa - Xã hội phường Đông Ngàn",
            D::None,
        ),
        ("CB005", "Hoàng Thị Mai", "", "Kế toán", "", "", D::None),
    ];
    for (i, (code, name, note, position, unit, unit_name, appointed)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, v) in [code, name, note, position, unit, unit_name]
            .iter()
            .enumerate()
        {
            if !v.is_empty() {
                ws.write_string(r, c as u16, **v).unwrap();
            }
        }
        match appointed {
            D::Excel(y, m, d) => {
                let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                ws.write_date_with_format(r, 6, &dt, &date).unwrap();
            }
            D::Text(t) => {
                ws.write_string(r, 6, *t).unwrap();
            }
            D::None => {}
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("people.xlsx");
    wb.save(&fresh).unwrap();
    let again = danvan::io::roster::read_people(&fresh).unwrap();
    let committed = danvan::io::roster::read_people(&fixture("people.xlsx")).unwrap();
    assert_eq!(again, committed);
    assert_eq!(committed.len(), 5);
}
