//! Content hashes: SHA-256 over a canonical form of exactly what grading and scoring use, so an
//! upgrade that only changes the model types (a field added, a derive changed) changes no hash.
//! Stored as `v2:<64 lowercase hex digits>`.
//!
//! The canonical form is a sequence of fields. Each field is written as its name, `=`, the byte
//! length of its value in decimal, `:`, the value (UTF-8, as loaded: NFC) and a newline, so no
//! value can be read as another. A form starts with a field `form` naming it. Absent values are
//! written `-`; booleans `0`/`1`; lists in file order, one field per item.
//!
//! - `v2-question`: `bank`, `id`, `kind` (`single` / `multiple` / `true-false` / `text`),
//!   `points`; per option: `option` (its id), `correct`, `credit` (`-` or a signed integer);
//!   `answer` (true-false); per accepted answer: `accept`; `ignore_diacritics`; then per pair of a
//!   matching question: `pair` (its id, which binds its left and right sides), and per item of an
//!   ordering question, in the right order: `item` (its id). Other kinds have neither, so their
//!   form (and hash) is as it was before these kinds existed.
//!   Texts shown to the learner (prompt, options' wording and feedback, explanation), the lesson
//!   and the citations are left out: rewording a question does not close an attempt. So is
//!   `same_as`, which only steers future draws: it changes neither a paper already drawn nor its
//!   grading.
//! - `v2-quiz` (the quiz's settings): `pass_mark`, `questions_per_attempt` (`-` or n); per draw
//!   rule: `draw_from`, `draw_count`.
//! - `v2-attempt` (what an attempt was drawn and will be graded on): `quiz` (the quiz's settings
//!   hash), then per paper item in paper order: `question` (that question's hash, or
//!   `missing:<bank>/<id>` when the pack no longer has it). Editing a question that is not on the
//!   paper leaves the attempt's hash as it was.
//! - `v2-checklist`: `id`; rubric: `partly_percent`, `below_target` (`proportional` / `zero`),
//!   per band `band` (id) and `band_min`, `critical_cap` (`-` or a band id), `rescale`
//!   (`within-task` / `all-criteria`: the rule for rescaling over what counts); per task: `task`
//!   (number), `task_points`; per criterion: `criterion` (id), `kind`, `points`, `target`,
//!   per unit kind: `applies_to`, then `critical`. Wording, evidence hints and citations are left out.

use sha2::{Digest, Sha256};

use super::model::{BelowTarget, Checklist, Question, Quiz};

/// The version tag of the stored hashes this module writes.
pub const HASH_VERSION: &str = "v2";

/// Builds a canonical form field by field and hashes it.
pub struct Canon {
    hasher: Sha256,
    #[cfg(test)]
    text: String,
}

impl Canon {
    pub fn new(form: &str) -> Canon {
        let mut c = Canon {
            hasher: Sha256::new(),
            #[cfg(test)]
            text: String::new(),
        };
        c.field("form", form);
        c
    }

    pub fn field(&mut self, name: &str, value: &str) -> &mut Canon {
        let line = format!("{name}={}:{value}\n", value.len());
        self.hasher.update(line.as_bytes());
        #[cfg(test)]
        self.text.push_str(&line);
        self
    }

    pub fn num(&mut self, name: &str, value: impl std::fmt::Display) -> &mut Canon {
        self.field(name, &value.to_string())
    }

    pub fn opt(&mut self, name: &str, value: Option<impl std::fmt::Display>) -> &mut Canon {
        match value {
            Some(v) => self.field(name, &v.to_string()),
            None => self.field(name, "-"),
        }
    }

    pub fn flag(&mut self, name: &str, value: bool) -> &mut Canon {
        self.field(name, if value { "1" } else { "0" })
    }

    /// `v2:<hex>`.
    pub fn finish(self) -> String {
        let digest = self.hasher.finalize();
        let mut out = String::with_capacity(3 + 64);
        out.push_str(HASH_VERSION);
        out.push(':');
        for b in digest {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }

    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }
}

fn question_canon(bank: &str, q: &Question) -> Canon {
    let mut c = Canon::new("v2-question");
    c.field("bank", bank)
        .field("id", &q.id)
        .field("kind", q.kind.key())
        .num("points", q.points);
    for o in &q.options {
        c.field("option", &o.id)
            .flag("correct", o.correct)
            .opt("credit", o.credit);
    }
    c.opt("answer", q.answer);
    for a in &q.accept {
        c.field("accept", a);
    }
    c.flag("ignore_diacritics", q.ignore_diacritics);
    for p in &q.pairs {
        c.field("pair", &p.id);
    }
    for i in &q.items {
        c.field("item", &i.id);
    }
    c
}

/// The hash of one question of bank `bank`.
pub fn question_hash(bank: &str, q: &Question) -> String {
    question_canon(bank, q).finish()
}

/// The hash of a quiz's settings (not of its questions).
pub fn quiz_settings_hash(quiz: &Quiz) -> String {
    let mut c = Canon::new("v2-quiz");
    c.num("pass_mark", quiz.pass_mark)
        .opt("questions_per_attempt", quiz.questions_per_attempt);
    for d in &quiz.draw {
        c.field("draw_from", &d.from).num("draw_count", d.count);
    }
    c.finish()
}

/// The hash of an attempt: the quiz's settings hash and each drawn question's hash (or its
/// `missing:` marker), in paper order.
pub fn attempt_hash<'a>(
    settings_hash: &str,
    questions: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut c = Canon::new("v2-attempt");
    c.field("quiz", settings_hash);
    for q in questions {
        c.field("question", q);
    }
    c.finish()
}

/// The marker an attempt's hash holds for a drawn question the pack no longer has.
pub fn missing_question(bank: &str, id: &str) -> String {
    format!("missing:{bank}/{id}")
}

fn checklist_canon(c: &Checklist) -> Canon {
    let mut k = Canon::new("v2-checklist");
    let r = &c.rubric;
    k.field("id", &c.id)
        .num("partly_percent", r.partly_percent)
        .field(
            "below_target",
            match r.below_target {
                BelowTarget::Proportional => "proportional",
                BelowTarget::Zero => "zero",
            },
        );
    for b in &r.bands {
        k.field("band", &b.id).num("band_min", b.min);
    }
    k.opt("critical_cap", r.critical_cap.as_deref())
        .field("rescale", r.rescale.key());
    for t in &c.tasks {
        k.num("task", t.number).num("task_points", t.points);
        for cr in &t.criteria {
            k.field("criterion", &cr.id)
                .field("kind", cr.kind.key())
                .num("points", cr.points)
                .opt("target", cr.target);
            for u in &cr.applies_to {
                k.field("applies_to", u);
            }
            k.flag("critical", cr.critical);
        }
    }
    k
}

/// The hash of a checklist and its scoring rule.
pub fn checklist_hash(c: &Checklist) -> String {
    checklist_canon(c).finish()
}

/// Every hash of a pack as TSV lines (`question\tbank\tid\thash`, `quiz\tid\thash` with the
/// settings hash, `checklist\tid\thash`): the form of `store/schema/released_hashes.tsv`.
pub fn hash_table(pack: &super::model::Pack) -> String {
    let mut out = String::new();
    for quiz in &pack.quizzes {
        out.push_str(&format!(
            "quiz\t{}\t{}\n",
            quiz.id,
            quiz_settings_hash(quiz)
        ));
        for q in &quiz.questions {
            out.push_str(&format!(
                "question\t{}\t{}\t{}\n",
                quiz.id,
                q.id,
                question_hash(&quiz.id, q)
            ));
        }
    }
    for c in &pack.checklists {
        out.push_str(&format!("checklist\t{}\t{}\n", c.id, checklist_hash(c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{AnswerOption, QuestionKind, Text};

    fn question() -> Question {
        Question {
            id: "q1".into(),
            kind: QuestionKind::Single,
            lesson: "c/l".into(),
            points: 1,
            prompt: Text::new("Hỏi?", None),
            explanation: Text::new("Vì.", None),
            options: vec![
                AnswerOption {
                    id: "a".into(),
                    text: Text::new("Một", None),
                    correct: true,
                    credit: None,
                    feedback: None,
                },
                AnswerOption {
                    id: "b".into(),
                    text: Text::new("Hai", None),
                    correct: false,
                    credit: Some(-50),
                    feedback: None,
                },
            ],
            answer: None,
            accept: vec![],
            ignore_diacritics: false,
            pairs: vec![],
            items: vec![],
            cites: vec![],
            same_as: None,
        }
    }

    #[test]
    fn the_canonical_form_is_as_documented() {
        let c = question_canon("bank", &question());
        assert_eq!(
            c.text(),
            "form=11:v2-question\nbank=4:bank\nid=2:q1\nkind=6:single\npoints=1:1\n\
             option=1:a\ncorrect=1:1\ncredit=1:-\noption=1:b\ncorrect=1:0\ncredit=3:-50\n\
             answer=1:-\nignore_diacritics=1:0\n"
        );
        let h = c.finish();
        assert!(h.starts_with("v2:") && h.len() == 67, "{h}");
    }

    /// The same question as a model with one more field (a stand-in for a feature that adds
    /// one): hashed through its canonical form, the hash does not move.
    #[derive(Debug)]
    struct QuestionWithMore {
        inner: Question,
        #[allow(dead_code)]
        difficulty: u8,
    }

    #[test]
    fn a_model_change_leaves_the_hash_and_a_grading_change_moves_it() {
        let q = question();
        let more = QuestionWithMore {
            inner: q.clone(),
            difficulty: 3,
        };
        assert_ne!(format!("{q:?}"), format!("{more:?}"), "Debug text differs");
        assert_eq!(question_hash("b", &q), question_hash("b", &more.inner));

        let mut reworded = q.clone();
        reworded.prompt = Text::new("Hỏi lại?", Some("Asked again?"));
        reworded.options[0].text = Text::new("Một (1)", None);
        assert_eq!(question_hash("b", &q), question_hash("b", &reworded));

        let mut moved = q.clone();
        moved.options[0].correct = false;
        moved.options[1].correct = true;
        assert_ne!(question_hash("b", &q), question_hash("b", &moved));
        let mut credit = q.clone();
        credit.options[1].credit = Some(-25);
        assert_ne!(question_hash("b", &q), question_hash("b", &credit));
        assert_ne!(question_hash("b", &q), question_hash("other", &q));
    }

    #[test]
    fn matching_pairs_and_the_order_of_items_are_in_the_form() {
        use crate::content::{OrderItem, Pair};
        let mut m = question();
        m.kind = QuestionKind::Matching;
        m.options.clear();
        m.pairs = ["x", "y"]
            .iter()
            .map(|id| Pair {
                id: id.to_string(),
                left: Text::new(id, None),
                right: Text::new("phải", None),
            })
            .collect();
        assert_eq!(
            question_canon("b", &m).text(),
            "form=11:v2-question\nbank=1:b\nid=2:q1\nkind=8:matching\npoints=1:1\n\
             answer=1:-\nignore_diacritics=1:0\npair=1:x\npair=1:y\n"
        );
        let mut reworded = m.clone();
        reworded.pairs[1].right = Text::new("khác", Some("other"));
        assert_eq!(question_hash("b", &m), question_hash("b", &reworded));
        let mut fewer = m.clone();
        fewer.pairs.pop();
        assert_ne!(question_hash("b", &m), question_hash("b", &fewer));

        let mut o = question();
        o.kind = QuestionKind::Ordering;
        o.options.clear();
        o.items = ["c", "a", "b"]
            .iter()
            .map(|id| OrderItem {
                id: id.to_string(),
                text: Text::new(id, None),
            })
            .collect();
        assert!(question_canon("b", &o)
            .text()
            .ends_with("item=1:c\nitem=1:a\nitem=1:b\n"));
        let mut swapped = o.clone();
        swapped.items.swap(0, 1);
        assert_ne!(
            question_hash("b", &o),
            question_hash("b", &swapped),
            "the order is the key"
        );
    }

    #[test]
    fn option_feedback_is_not_grading_and_leaves_the_hash() {
        let q = question();
        let mut with = q.clone();
        with.options[1].feedback = Some(Text::new("Không phải.", Some("It is not.")));
        assert_eq!(
            question_canon("b", &q).text(),
            question_canon("b", &with).text()
        );
        assert_eq!(question_hash("b", &q), question_hash("b", &with));
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let a = Canon::new("x")
            .field("accept", "ab")
            .field("accept", "c")
            .text()
            .to_string();
        let b = Canon::new("x")
            .field("accept", "a")
            .field("accept", "bc")
            .text()
            .to_string();
        assert_ne!(a, b);
        let h = |q: &[&str]| attempt_hash("s", q.iter().copied());
        assert_ne!(h(&["a", "b"]), h(&["b", "a"]), "paper order counts");
        assert_ne!(h(&["a"]), h(&["a", "b"]));
    }
}
