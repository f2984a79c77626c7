//! Question statistics for trainers: the store's one-pass sums per question, turned into facility
//! and discrimination ([`crate::domain::question_stats`]), joined with the pack (quiz titles,
//! prompts, each question's points) and put in the pack's order; and the same rows written as CSV
//! or XLSX ([`crate::io::question_stats`]).

use std::io::Write;
use std::path::Path;

use crate::domain::content::Pack;
use crate::domain::i18n::I18n;
use crate::domain::question_stats::{self as qs, QuestionStat};
use crate::io::file::{write_new, ExportError};
use crate::service::records::RecordsError;
use crate::store::{Result, Store};

/// Where a row goes in the pack's order: the quiz's place among the pack's quizzes, the bank's,
/// then the question's place in its bank; what the pack no longer has goes last, by id.
fn order_key(pack: &Pack, s: &QuestionStat) -> (usize, usize, usize) {
    let quiz = pack.quizzes.iter().position(|q| q.id == s.quiz_id);
    let bank = pack.quizzes.iter().position(|q| q.id == s.bank_id);
    let question = bank.and_then(|b| {
        pack.quizzes[b]
            .questions
            .iter()
            .position(|q| q.id == s.question_id)
    });
    (
        quiz.unwrap_or(usize::MAX),
        bank.unwrap_or(usize::MAX),
        question.unwrap_or(usize::MAX),
    )
}

/// The statistics of every question of every quiz with official attempts (or of `quiz` alone),
/// sorted by quiz, then by the question's order in its bank. One query pass; the rest is per
/// question, not per person.
pub fn question_stats(store: &Store, pack: &Pack, quiz: Option<&str>) -> Result<Vec<QuestionStat>> {
    let mut rows = Vec::new();
    for s in store.question_sums(quiz)? {
        let question = pack
            .quiz(&s.bank_id)
            .and_then(|b| b.questions.iter().find(|q| q.id == s.question_id));
        // The question's points now (the paper kept them too, but reading each paper would be a
        // second pass); answers store hundredths.
        let max = question.map(|q| q.points.saturating_mul(100));
        let facility = qs::facility(&s, max);
        let discrimination = qs::correlation(&s);
        rows.push(QuestionStat {
            quiz_title: pack.quiz(&s.quiz_id).map(|q| q.title.clone()),
            prompt: question.map(|q| q.prompt.clone()),
            attempts: s.n.max(0) as u64,
            flags: qs::flags(facility, discrimination),
            facility,
            discrimination,
            quiz_id: s.quiz_id,
            bank_id: s.bank_id,
            question_id: s.question_id,
        });
    }
    rows.sort_by_cached_key(|r| {
        (
            order_key(pack, r),
            r.quiz_id.clone(),
            r.bank_id.clone(),
            r.question_id.clone(),
        )
    });
    Ok(rows)
}

/// The statistics as CSV to `writer`. Returns the number of rows (the header not counted).
pub fn csv_to(
    writer: &mut impl Write,
    store: &Store,
    pack: &Pack,
    quiz: Option<&str>,
    i18n: &I18n,
) -> std::result::Result<u64, RecordsError> {
    let rows = question_stats(store, pack, quiz)?;
    writer.write_all(crate::io::question_stats::csv(&rows, i18n).as_bytes())?;
    writer.flush()?;
    Ok(rows.len() as u64)
}

/// The statistics as a new XLSX file at `path` (never overwritten). Returns the number of rows.
pub fn xlsx_to(
    path: &Path,
    store: &Store,
    pack: &Pack,
    quiz: Option<&str>,
    i18n: &I18n,
) -> std::result::Result<u64, RecordsError> {
    if path.exists() {
        return Err(ExportError::Exists(path.into()).into());
    }
    let rows = question_stats(store, pack, quiz)?;
    let bytes = crate::io::question_stats::xlsx(&rows, i18n)?;
    write_new(path, &bytes)?;
    Ok(rows.len() as u64)
}

/// Compute the statistics of every quiz in a thread of its own, with its own connection to the
/// database at `db` (the screen keeps drawing meanwhile). The outcome is the rows, or why not.
pub fn spawn(
    db: std::path::PathBuf,
    pack: Pack,
) -> crate::service::jobs::Job<std::result::Result<Vec<QuestionStat>, crate::domain::i18n::Msg>> {
    crate::service::jobs::Job::spawn(move |_| {
        let store = Store::open(&db).map_err(|e| e.msg())?;
        question_stats(&store, &pack, None).map_err(|e| e.msg())
    })
}
