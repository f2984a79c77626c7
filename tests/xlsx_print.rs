//! Exported workbooks print: the page setup is read back from the sheet XML inside the XLSX zip
//! (A4 = paperSize 9, orientation, fit to one page wide, the header row repeated as print
//! titles, the frozen header, page numbers in the footer).

mod common;

use std::io::{Cursor, Read};

use danvan::domain::i18n::{I18n, Lang};
use danvan::io::report;
use danvan::io::roster::{to_xlsx, OutCell, OutTable};

/// (sheet1.xml, workbook.xml) of a workbook's bytes.
fn sheet_xml(bytes: &[u8]) -> (String, String) {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the zip"))
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    (read("xl/worksheets/sheet1.xml"), read("xl/workbook.xml"))
}

fn assert_prints(bytes: &[u8], landscape: bool) {
    let (sheet, workbook) = sheet_xml(bytes);
    let orientation = if landscape { "landscape" } else { "portrait" };
    assert!(sheet.contains("paperSize=\"9\""), "A4: {sheet}");
    assert!(
        sheet.contains(&format!("orientation=\"{orientation}\"")),
        "{orientation}: {sheet}"
    );
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    assert!(
        sheet.contains("fitToHeight=\"0\""),
        "one page wide: {sheet}"
    );
    assert!(!sheet.contains("fitToWidth=\"0\""), "{sheet}");
    assert!(
        sheet.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "frozen header: {sheet}"
    );
    assert!(
        sheet.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"),
        "{sheet}"
    );
    // Print titles: the header row on every page.
    assert!(
        workbook.contains("name=\"_xlnm.Print_Titles\"")
            && workbook.contains("!$1:$1</definedName>"),
        "{workbook}"
    );
}

#[test]
fn the_roster_workbook_prints_on_a4_one_page_wide_with_its_header_on_every_page() {
    let wide = OutTable {
        headers: [
            "Mã cán bộ",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Ngày bổ nhiệm",
            "Ghi chú",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: (0..300)
            .map(|i| {
                vec![
                    OutCell::Text(format!("CB{i:03}")),
                    OutCell::Text("Nguyễn Thị Hoàng Yến".into()),
                    OutCell::Text("Phó Trưởng phòng Tổ chức – Hành chính".into()),
                    OutCell::Text("Ủy ban nhân dân xã Thanh Trì".into()),
                    OutCell::Date("2024-03-01".into()),
                    OutCell::Text("Đã hoàn thành bồi dưỡng".into()),
                ]
            })
            .collect(),
    };
    assert_prints(&to_xlsx(&wide, "Cán bộ", Lang::Vi).unwrap(), true);
    let narrow = OutTable {
        headers: vec!["Mã".into(), "Tên đơn vị".into()],
        rows: vec![vec![
            OutCell::Text("SO-NV".into()),
            OutCell::Text("Sở Nội vụ".into()),
        ]],
    };
    assert_prints(&to_xlsx(&narrow, "Đơn vị", Lang::Vi).unwrap(), false);
}

#[test]
fn the_summary_workbook_prints_landscape_one_page_wide() {
    let pack = common::pack();
    let checklist = &pack.checklists[0];
    let bytes = report::summary_xlsx_bytes(&[], checklist, 2026, &I18n::new(Lang::Vi)).unwrap();
    assert_prints(&bytes, true);
}

#[test]
fn the_shared_page_setup_prints_portrait_when_asked() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Nhiệm vụ").unwrap();
    report::print_setup(ws, false).unwrap();
    assert_prints(&wb.save_to_buffer().unwrap(), false);
}

#[test]
fn the_records_workbook_prints_on_a4_landscape_one_page_wide_with_its_header_on_every_page() {
    use danvan::io::records_export::RecordsWorkbook;
    let i18n = I18n::new(Lang::Vi);
    let bytes = RecordsWorkbook::new(&i18n)
        .unwrap()
        .finish(&[], &[], &i18n)
        .unwrap();
    let (sheet, workbook) = sheet_xml(&bytes);
    assert!(sheet.contains("paperSize=\"9\""), "A4: {sheet}");
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    assert!(
        sheet.contains("fitToHeight=\"0\""),
        "one page wide: {sheet}"
    );
    assert!(
        sheet.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"),
        "{sheet}"
    );
    // The header row and the name columns stay frozen on screen.
    assert!(
        sheet.contains("ySplit=\"1\"")
            && sheet.contains("xSplit=\"4\"")
            && sheet.contains("state=\"frozen\""),
        "{sheet}"
    );
    assert!(
        workbook.contains("name=\"_xlnm.Print_Titles\"")
            && workbook.contains("!$1:$1</definedName>"),
        "{workbook}"
    );
}
