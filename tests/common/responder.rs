//! What a real terminal answers and vt100 does not: the cursor position (CSI 6n) and the
//! primary device attributes (CSI c, which crossterm sends after a keyboard-enhancement query).
//! Shared by the pseudo-terminal tests and the first-frame bench.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// The pseudo-terminal's input side, shared by the test and the responder.
pub type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

pub struct Responder {
    pub writer: Writer,
}

impl vt100::Callbacks for Responder {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        let first = params.first().and_then(|p| p.first()).copied().unwrap_or(0);
        let reply = match (i1, c) {
            (None, 'n') if first == 6 => {
                let (row, col) = screen.cursor_position();
                format!("\x1b[{};{}R", row + 1, col + 1)
            }
            (None, 'c') if first == 0 => "\x1b[?62;22c".to_string(),
            _ => return,
        };
        let mut w = self.writer.lock().unwrap();
        let _ = w.write_all(reply.as_bytes());
        let _ = w.flush();
    }
}
