//! Writing the generated rows through the store's bulk API ([`crate::store::bulk`]), in the order
//! the schema's summary triggers need.

use super::assessments::DemoAssessment;
use super::generate::{AttemptRow, DemoUnit, Gen, PersonRows};
use super::DemoSummary;
use crate::domain::assessment::record::FinalizedSnapshot;
use crate::domain::content::Checklist;
use crate::store::bulk::{
    Bulk, BulkAnswer, BulkAssessment, BulkAssessmentVersion, BulkAttempt, BulkCompletion,
    BulkLesson, BulkPerson,
};
use crate::store::Result;

/// Why a finalized demo assessment was reopened once.
const REOPEN_REASON: &str = "Bổ sung minh chứng theo đề nghị của Sở Nội vụ";

pub(super) fn write_person(
    b: &Bulk,
    g: &Gen,
    p: &PersonRows,
    units: &[DemoUnit],
    summary: &mut DemoSummary,
) -> Result<()> {
    b.person(&BulkPerson {
        id: &p.id,
        full_name: &p.full_name,
        staff_code: &p.staff_code,
        unit_id: &units[p.unit].unit.id,
        position: &p.position,
        appointed_on: &p.appointed_on,
        created_at: &p.created_at,
    })?;
    // Attempts outside any course (the final exam) fire no summary trigger, so they go in before
    // the rows that do: the person's last activity then counts them.
    let (exam, course): (Vec<&AttemptRow>, Vec<&AttemptRow>) = p
        .attempts
        .iter()
        .partition(|a| g.quizzes[a.quiz].course.is_none());
    for a in exam {
        write_attempt(b, g, &p.id, a, summary)?;
    }
    for l in &p.lessons {
        let c = g.courses[l.course];
        b.lesson(&BulkLesson {
            person_id: &p.id,
            course_id: &c.id,
            course_version: &c.version,
            lesson_id: &c.lessons[l.lesson].id,
            top_block: l.top_block,
            completed_at: l.completed_at.as_deref(),
            opened_at: &l.opened_at,
        })?;
        summary.lessons_read += l.completed_at.is_some() as usize;
    }
    for a in course {
        write_attempt(b, g, &p.id, a, summary)?;
    }
    for c in &p.completions {
        let course = g.courses[c.course];
        b.completion(&BulkCompletion {
            person_id: &p.id,
            course_id: &course.id,
            course_version: &course.version,
            completed_at: &c.completed_at,
            best_percent: c.best,
        })?;
        summary.completions += 1;
    }
    for (bank, question, due) in &p.misses {
        b.practice_card(&p.id, bank, question, due)?;
    }
    Ok(())
}

fn write_attempt(
    b: &Bulk,
    g: &Gen,
    person: &str,
    a: &AttemptRow,
    summary: &mut DemoSummary,
) -> Result<()> {
    let info = &g.quizzes[a.quiz];
    // The content hash covers the questions on this paper (domain::content::canon).
    let paper = crate::domain::quiz::Paper::decode(&info.quiz.id, a.seed, &a.paper);
    let hash = paper
        .map(|p| crate::domain::quiz::attempt_hash(g.pack, info.quiz, &p))
        .unwrap_or_default();
    b.attempt(&BulkAttempt {
        id: &a.id,
        person_id: person,
        quiz_id: &info.quiz.id,
        quiz_version: &info.quiz.version,
        content_hash: &hash,
        seed: a.seed,
        paper: &a.paper,
        status: a.status,
        started_at: &a.started_at,
        ended_at: a.ended_at.as_deref(),
        active_ms: a.active_ms,
        grade: a.grade,
        course_id: info.course.map(|c| g.courses[c].id.as_str()),
    })?;
    for r in &a.answers {
        b.answer(&BulkAnswer {
            attempt_id: &a.id,
            position: r.position,
            bank_id: &r.bank,
            question_id: &r.question,
            response: &r.response,
            correct: r.correct,
            earned: r.earned,
            answered_at: &r.answered_at,
            active_ms: r.active_ms,
        })?;
    }
    summary.attempts += 1;
    summary.answers += a.answers.len();
    Ok(())
}

/// An assessment with its answers and, when final, its versions: a reopened one has the version
/// that was reopened first.
pub(super) fn write_assessment(
    b: &Bulk,
    c: &Checklist,
    hash: &str,
    a: &DemoAssessment,
) -> Result<()> {
    b.assessment(&BulkAssessment {
        id: &a.id,
        unit_id: &a.unit.id,
        year: a.year,
        checklist_id: &c.id,
        checklist_version: &c.version,
        content_hash: hash,
        finalized: a
            .final_
            .then_some((a.by.as_deref(), a.finalized_at.as_str())),
        created_at: &a.created_at,
        updated_at: &a.updated_at,
    })?;
    for ans in &a.answers {
        b.assessment_answer(&a.id, ans)?;
    }
    if !a.final_ {
        return Ok(());
    }
    let score = crate::service::assessment::score(c, &a.unit, &a.answers);
    let snapshot = serde_json::to_string(&FinalizedSnapshot {
        answers: a.answers.clone(),
        files: vec![],
        rule: Some(score.rule.key().to_string()),
    })
    .unwrap_or_default();
    let mut version = BulkAssessmentVersion {
        id: &a.version_ids[0],
        assessment_id: &a.id,
        version: 1,
        finalized_by: a.by.as_deref(),
        finalized_at: &a.finalized_at,
        score_hundredths: score.hundredths,
        band: score.band.as_deref(),
        snapshot: &snapshot,
        reopened: None,
    };
    if a.reopened {
        b.assessment_version(&BulkAssessmentVersion {
            id: &a.version_ids[1],
            finalized_at: &a.created_at,
            reopened: Some((a.by.as_deref(), &a.updated_at, REOPEN_REASON)),
            ..version
        })?;
        version.version += 1;
    }
    b.assessment_version(&version)
}
