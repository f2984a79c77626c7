//! Exports from the records screen, run as a service job: started here, their progress drawn on
//! the table's bottom border, their end reported on the tick.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::Frame;

use super::RecordsState;
use crate::domain::i18n::Msg;
use crate::service::jobs::{ExportKind, Job, RecordsExport};
use crate::tui::session::Session;

/// An export running in its own thread (with its own connection), so the screen keeps drawing
/// its progress.
pub struct ExportJob {
    pub path: std::path::PathBuf,
    pub job: Job<Result<u64, String>>,
}

/// Start an export of the rows the filter shows, to a new file in `reports/`; one at a time.
pub(super) fn start(s: &mut RecordsState, app: &mut Session, kind: ExportKind) {
    if s.job.is_some() {
        return;
    }
    let path =
        match crate::io::report::new_report_paths(app.store.path(), kind.stem(), &[kind.ext()]) {
            Ok(mut p) => p.remove(0),
            Err(e) => {
                let detail = app.i18n.msg(&e.msg());
                app.error(&Msg::new("records-export-failed").arg("detail", detail));
                return;
            }
        };
    // The bundle and xAPI take the unit by its code.
    let unit_code = s
        .filter
        .unit_id
        .as_ref()
        .and_then(|id| app.read(app.store.unit(id)))
        .map(|u| u.code);
    let job = RecordsExport {
        db: app.store.path().to_path_buf(),
        pack: app.pack.clone(),
        filter: s.filter.clone(),
        unit_code,
        lang: app.lang(),
        kind,
        path: path.clone(),
    }
    .spawn();
    s.job = Some(ExportJob { path, job });
}

/// On every tick: when the export has ended, say so.
pub(super) fn poll(s: &mut RecordsState, app: &mut Session) {
    let finished = s
        .job
        .as_ref()
        .and_then(|j| j.job.take_outcome().map(|r| (j.path.clone(), r)));
    if let Some((path, outcome)) = finished {
        s.job = None;
        match outcome {
            Ok(rows) => app.info(
                &Msg::new("records-exported")
                    .arg("rows", rows)
                    .arg("path", path.display()),
            ),
            Err(detail) => {
                // Nothing half-written is left behind.
                let _ = std::fs::remove_file(&path);
                app.error(&Msg::new("records-export-failed").arg("detail", detail))
            }
        }
    }
}

/// The export's progress, on the bottom border of the records' box.
pub(super) fn view_progress(app: &Session, job: &ExportJob, frame: &mut Frame, area: Rect) {
    let (done, total) = job.job.progress();
    let label = app.i18n.ta(
        "records-exporting",
        &[("done", done.into()), ("total", total.into())],
    );
    draw_job_gauge(frame, area, (done, total), label, Color::Green);
}

/// A background job's progress as a gauge on the bottom border of the records' box.
pub(super) fn draw_job_gauge(
    frame: &mut Frame,
    area: Rect,
    (done, total): (u64, u64),
    label: String,
    color: Color,
) {
    let ratio = if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let gauge_area = Rect {
        x: area.x + 1,
        y: area.y + area.height.saturating_sub(1),
        width: area.width.saturating_sub(2),
        height: 1,
    };
    frame.render_widget(
        ratatui::widgets::Gauge::default()
            .gauge_style(Style::new().fg(color).bg(Color::Black))
            .ratio(ratio)
            .label(label),
        gauge_area,
    );
}
