//! Certificates written from the TUI: an official prints their own from a lesson list, a trainer
//! prints anyone's from the records screen. Both issue it through the service (signed and stored)
//! and write a new file in `reports/`.

use crate::domain::i18n::Msg;
use crate::tui::session::Session;

/// Write the certificate of the signed-in official's completed course, for them to print.
/// Officials can always print their own: no passphrase.
pub fn print_own(app: &mut Session, course: &str) {
    let Some(pid) = app.person_id() else {
        return;
    };
    print_for(app, &pid, course);
}

/// Write the certificate of `person`'s completed `course` in `reports/` (a trainer prints them
/// for the people on the records screen).
pub fn print_for(app: &mut Session, pid: &str, course: &str) {
    let pid = pid.to_string();
    // Issued as `danvan certificate` issues it: signed, stored, the same code again for an
    // unchanged record.
    let result = crate::service::certificates::key_dir()
        .and_then(|key_dir| {
            crate::service::certificates::issue_html(
                &mut app.store,
                &app.pack,
                &app.i18n,
                &key_dir,
                &pid,
                course,
            )
        })
        .map_err(|e| app.i18n.msg(&e.msg()))
        .and_then(|html| {
            let path = crate::io::report::new_report_paths(
                app.store.path(),
                &format!("giay-chung-nhan-{course}"),
                &["html"],
            )
            .map_err(|e| app.i18n.msg(&e.msg()))?
            .remove(0);
            crate::io::file::write_new(&path, html.as_bytes())
                .map_err(|e| app.i18n.msg(&e.msg()))?;
            Ok(path)
        });
    match result {
        Ok(path) => app.info(&Msg::new("certificate-written").arg("path", path.display())),
        Err(detail) => app.error(&Msg::new("certificate-not-written").arg("detail", detail)),
    }
}
