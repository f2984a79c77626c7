//! The anchor of the first-frame bench (`benches/first_frame.rs`): a bare ratatui program that
//! takes the terminal as the kit does (raw mode, alternate screen), draws one bordered paragraph
//! and waits for a key.

use std::io;

use crossterm::event::{self, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Terminal;

fn main() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    let mut t = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    t.draw(|f| {
        f.render_widget(
            Paragraph::new("danvan-bare").block(Block::default().borders(Borders::ALL)),
            f.area(),
        )
    })?;
    loop {
        if let Event::Key(k) = event::read()? {
            if k.kind == KeyEventKind::Press {
                break;
            }
        }
    }
    execute!(io::stdout(), LeaveAlternateScreen)?;
    terminal::disable_raw_mode()
}
