//! Drawing, shuffling and grading. Everything is decided by the seed, so an attempt can be
//! replayed exactly; points are kept in hundredths so no rounding can flip a pass.

use std::collections::HashSet;

use crate::content::{Pack, Question, QuestionKind, Quiz};
use crate::text::{fold, normalize_answer};

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A seed for a new attempt, from the clock and the process.
pub fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    Rng::new(t ^ ((std::process::id() as u64) << 32)).next_u64()
}

/// One question of an attempt: where it comes from and the order its options are shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperItem {
    /// The quiz (bank) that holds the question.
    pub bank: String,
    pub question: String,
    /// Indices into the question's options, in display order.
    pub order: Vec<usize>,
    /// The question's points, in hundredths.
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    pub quiz: String,
    pub seed: u64,
    pub items: Vec<PaperItem>,
}

impl Paper {
    /// One line per item: `bank|question|max|2,0,1`.
    pub fn encode(&self) -> String {
        self.items
            .iter()
            .map(|i| {
                let order: Vec<String> = i.order.iter().map(|o| o.to_string()).collect();
                format!("{}|{}|{}|{}", i.bank, i.question, i.max, order.join(","))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn decode(quiz: &str, seed: u64, s: &str) -> Option<Paper> {
        let mut items = Vec::new();
        for line in s.lines().filter(|l| !l.is_empty()) {
            let mut p = line.split('|');
            let bank = p.next()?.to_string();
            let question = p.next()?.to_string();
            let max = p.next()?.parse().ok()?;
            let order = p
                .next()?
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|x| x.parse().ok())
                .collect::<Option<Vec<usize>>>()?;
            items.push(PaperItem {
                bank,
                question,
                order,
                max,
            });
        }
        Some(Paper {
            quiz: quiz.to_string(),
            seed,
            items,
        })
    }

    /// How many items a paper's text holds, or `None` where [`Paper::decode`] gives none: the
    /// same checks, nothing built (a merge checks every attempt's answer positions by it).
    pub fn count_items(s: &str) -> Option<usize> {
        let mut items = 0;
        for line in s.lines().filter(|l| !l.is_empty()) {
            let mut p = line.split('|');
            p.next()?;
            p.next()?;
            p.next()?.parse::<u32>().ok()?;
            for x in p.next()?.split(',').filter(|x| !x.is_empty()) {
                x.parse::<usize>().ok()?;
            }
            items += 1;
        }
        Some(items)
    }

    pub fn max_total(&self) -> u32 {
        self.items.iter().map(|i| i.max).sum()
    }
}

/// Find a paper item's question in the pack.
pub fn question<'a>(pack: &'a Pack, item: &PaperItem) -> Option<&'a Question> {
    pack.quiz(&item.bank)?
        .questions
        .iter()
        .find(|q| q.id == item.question)
}

/// `count` questions of `bank` in a random order, skipping any whose `same_as` label is already
/// on the paper (`taken`, shared by every bank of a draw). Only a bank that cannot fill `count`
/// otherwise gives a skipped question back, so a paper never comes up short. The shuffle is the
/// same as without labels, so a bank without them draws the papers it always drew.
fn pick<'a>(
    bank: &'a Quiz,
    count: usize,
    rng: &mut Rng,
    taken: &mut HashSet<&'a str>,
) -> Vec<(usize, &'a Question)> {
    let mut idx: Vec<usize> = (0..bank.questions.len()).collect();
    rng.shuffle(&mut idx);
    let mut out = Vec::with_capacity(count.min(idx.len()));
    let mut skipped = Vec::new();
    for i in idx {
        if out.len() == count {
            break;
        }
        let q = &bank.questions[i];
        match q.same_as.as_deref() {
            Some(group) if !taken.insert(group) => skipped.push(i),
            _ => out.push((i, q)),
        }
    }
    for i in skipped {
        if out.len() == count {
            break;
        }
        out.push((i, &bank.questions[i]));
    }
    out
}

/// Draw the questions of an attempt from `seed`. The same seed always gives the same paper.
pub fn draw(pack: &Pack, quiz: &Quiz, seed: u64) -> Paper {
    let mut rng = Rng::new(seed);
    // (bank position, question position) keeps the written order when questions are not shuffled.
    let mut chosen: Vec<((usize, usize), &Quiz, &Question)> = Vec::new();
    let mut taken = HashSet::new();
    if quiz.draw.is_empty() {
        let n = quiz
            .questions_per_attempt
            .map(|n| n as usize)
            .unwrap_or(quiz.questions.len());
        for (i, q) in pick(quiz, n, &mut rng, &mut taken) {
            chosen.push(((0, i), quiz, q));
        }
    } else {
        for (b, d) in quiz.draw.iter().enumerate() {
            if let Some(bank) = pack.quiz(&d.from) {
                for (i, q) in pick(bank, d.count as usize, &mut rng, &mut taken) {
                    chosen.push(((b, i), bank, q));
                }
            }
        }
    }
    if quiz.shuffle_questions {
        rng.shuffle(&mut chosen);
    } else {
        chosen.sort_by_key(|(k, _, _)| *k);
    }
    let items = chosen
        .into_iter()
        .map(|(_, bank, q)| {
            let order = match q.kind {
                QuestionKind::Matching => scrambled(q.pairs.len(), &mut rng),
                QuestionKind::Ordering => scrambled(q.items.len(), &mut rng),
                _ => {
                    let mut order: Vec<usize> = (0..q.options.len()).collect();
                    if quiz.shuffle_options {
                        rng.shuffle(&mut order);
                    }
                    order
                }
            };
            PaperItem {
                bank: bank.id.clone(),
                question: q.id.clone(),
                order,
                max: q.points * 100,
            }
        })
        .collect();
    Paper {
        quiz: quiz.id.clone(),
        seed,
        items,
    }
}

/// The right-hand column of a matching question, or the items of an ordering one, as first
/// shown: always shuffled (in file order they would give the answer away), and never left in
/// file order when there are two or more.
fn scrambled(n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    if n > 1 && order.iter().enumerate().all(|(i, &o)| i == o) {
        order.rotate_left(1);
    }
    order
}

/// What a person answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Option ids chosen (one for single choice).
    Choice(Vec<String>),
    Bool(bool),
    Text(String),
    /// Matching: (left pair id, the pair id of the right side chosen for it).
    Pairs(Vec<(String, String)>),
    /// Ordering: item ids in the order given.
    Order(Vec<String>),
}

impl Response {
    /// As stored: `choice:a,c`, `bool:true`, `text:…`, `pairs:a=c,b=a`, `order:c,a,b`.
    pub fn encode(&self) -> String {
        match self {
            Response::Choice(ids) => format!("choice:{}", ids.join(",")),
            Response::Bool(b) => format!("bool:{b}"),
            Response::Text(t) => format!("text:{}", crate::text::nfc(t)),
            Response::Pairs(p) => {
                let p: Vec<String> = p.iter().map(|(l, r)| format!("{l}={r}")).collect();
                format!("pairs:{}", p.join(","))
            }
            Response::Order(ids) => format!("order:{}", ids.join(",")),
        }
    }

    pub fn decode(s: &str) -> Option<Response> {
        if let Some(rest) = s.strip_prefix("choice:") {
            Some(Response::Choice(
                rest.split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect(),
            ))
        } else if let Some(rest) = s.strip_prefix("pairs:") {
            rest.split(',')
                .filter(|x| !x.is_empty())
                .map(|x| {
                    let (l, r) = x.split_once('=')?;
                    Some((l.to_string(), r.to_string()))
                })
                .collect::<Option<Vec<_>>>()
                .map(Response::Pairs)
        } else if let Some(rest) = s.strip_prefix("order:") {
            Some(Response::Order(
                rest.split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect(),
            ))
        } else if let Some(rest) = s.strip_prefix("bool:") {
            rest.parse().ok().map(Response::Bool)
        } else {
            s.strip_prefix("text:")
                .map(|t| Response::Text(t.to_string()))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    pub correct: bool,
    /// Points earned, in hundredths.
    pub earned: u32,
    pub max: u32,
}

/// Grade one answer. Partial credit comes from the `credit` written in the file, and for matching
/// and ordering questions from each pair or position: points × (pairs matched right, or items at
/// their right position) ÷ (pairs or items), rounded down to hundredths of a point; right only
/// when all are.
pub fn grade(q: &Question, r: &Response) -> Grade {
    let max = q.points * 100;
    let all = |correct: bool| Grade {
        correct,
        earned: if correct { max } else { 0 },
        max,
    };
    match (q.kind, r) {
        (QuestionKind::Single, Response::Choice(ids)) => {
            all(ids.len() == 1 && q.options.iter().any(|o| o.correct && o.id == ids[0]))
        }
        (QuestionKind::Multiple, Response::Choice(ids)) => {
            let chosen = |id: &str| ids.iter().any(|x| x == id);
            let exact = q.options.iter().all(|o| o.correct == chosen(&o.id));
            if q.options.iter().any(|o| o.credit.is_some()) {
                let credit: i64 = q
                    .options
                    .iter()
                    .filter(|o| chosen(&o.id))
                    .map(|o| o.credit.unwrap_or(0) as i64)
                    .sum();
                let credit = credit.clamp(0, 100) as u32;
                Grade {
                    correct: exact,
                    earned: if exact { max } else { max * credit / 100 },
                    max,
                }
            } else {
                all(exact)
            }
        }
        (QuestionKind::Matching, Response::Pairs(given)) => {
            // The first right side given for a left item counts; a left item not given is wrong.
            let right = q
                .pairs
                .iter()
                .filter(|p| {
                    given
                        .iter()
                        .find(|(l, _)| *l == p.id)
                        .is_some_and(|(_, r)| *r == p.id)
                })
                .count();
            share(max, right, q.pairs.len())
        }
        (QuestionKind::Ordering, Response::Order(given)) => {
            let right = q
                .items
                .iter()
                .zip(given)
                .filter(|(item, id)| item.id == **id)
                .count();
            share(max, right, q.items.len())
        }
        (QuestionKind::TrueFalse, Response::Bool(b)) => all(q.answer == Some(*b)),
        (QuestionKind::Text, Response::Text(t)) => {
            let given = normalize_answer(t);
            let ok = q.accept.iter().any(|a| {
                normalize_answer(a) == given || (q.ignore_diacritics && fold(a) == fold(&given))
            });
            all(ok && !given.is_empty())
        }
        _ => all(false),
    }
}

/// `right` of `n` parts right: that share of `max`, rounded down; right when all are.
fn share(max: u32, right: usize, n: usize) -> Grade {
    let earned = if n == 0 {
        0
    } else {
        (max as u64 * right as u64 / n as u64) as u32
    };
    Grade {
        correct: n > 0 && right == n,
        earned,
        max,
    }
}

/// The right answer of a question, as a response (for reviews and tests).
pub fn right_response(q: &Question) -> Response {
    match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => Response::Choice(
            q.options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.id.clone())
                .collect(),
        ),
        QuestionKind::TrueFalse => Response::Bool(q.answer.unwrap_or(true)),
        QuestionKind::Text => Response::Text(q.accept.first().cloned().unwrap_or_default()),
        QuestionKind::Matching => Response::Pairs(
            q.pairs
                .iter()
                .map(|p| (p.id.clone(), p.id.clone()))
                .collect(),
        ),
        QuestionKind::Ordering => Response::Order(q.items.iter().map(|i| i.id.clone()).collect()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub earned: u32,
    pub max: u32,
    pub passed: bool,
}

impl Score {
    /// Percent, for display.
    pub fn percent(&self) -> f64 {
        if self.max == 0 {
            0.0
        } else {
            self.earned as f64 * 100.0 / self.max as f64
        }
    }
}

/// Total the grades of a paper. Unanswered questions count as zero; compared in integers.
pub fn score(earned: u32, max: u32, pass_mark: u32) -> Score {
    Score {
        earned,
        max,
        passed: max > 0 && earned as u64 * 100 >= pass_mark as u64 * max as u64,
    }
}

/// The content hash of an attempt on `paper` (see [`crate::content::canon`]): the quiz's
/// settings and the questions drawn, in paper order. Resuming compares it with the stored one.
pub fn attempt_hash(pack: &Pack, quiz: &Quiz, paper: &Paper) -> String {
    use crate::content::canon;
    let questions: Vec<String> = paper
        .items
        .iter()
        .map(|item| match question(pack, item) {
            Some(q) => canon::question_hash(&item.bank, q),
            None => canon::missing_question(&item.bank, &item.question),
        })
        .collect();
    canon::attempt_hash(
        &canon::quiz_settings_hash(quiz),
        questions.iter().map(String::as_str),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_papers_items_are_counted_as_decoding_it_would_find_them() {
        let texts = [
            "",
            "\n",
            "b|q1|100|2,0,1",
            "b|q1|100|2,0,1\nb|q2|50|",
            "b|q1|100|2,0,1\n\nb|q2|50|1,0\n",
            "b|q1|100|2,0,1\nb|q2",
            "b|q1|x|2,0,1",
            "b|q1|100|2,a,1",
            "b|q1|-5|0",
            "b|q1|100",
            "b|q1|100|0|extra",
            "b|q1|100|,,",
            "bq1100",
        ];
        for text in texts {
            assert_eq!(
                Paper::count_items(text),
                Paper::decode("quiz", 7, text).map(|p| p.items.len()),
                "{text:?}"
            );
        }
    }

    use super::*;
    use crate::content::{AnswerOption, Text};

    fn opt(id: &str, correct: bool, credit: Option<i32>) -> AnswerOption {
        AnswerOption {
            id: id.into(),
            text: Text::new(id, None),
            correct,
            credit,
            feedback: None,
        }
    }

    fn q(kind: QuestionKind, options: Vec<AnswerOption>) -> Question {
        Question {
            id: "q1".into(),
            kind,
            lesson: "c/l".into(),
            points: 2,
            prompt: Text::new("?", None),
            explanation: Text::new("!", None),
            options,
            answer: Some(false),
            accept: vec!["Dân vận khéo".into(), "30/11".into()],
            ignore_diacritics: true,
            pairs: vec![],
            items: vec![],
            cites: vec![],
            same_as: None,
        }
    }

    fn choice(ids: &[&str]) -> Response {
        Response::Choice(ids.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn grades_each_kind() {
        let single = q(
            QuestionKind::Single,
            vec![opt("a", false, None), opt("b", true, None)],
        );
        assert_eq!(grade(&single, &choice(&["b"])).earned, 200);
        assert_eq!(grade(&single, &choice(&["a"])).earned, 0);
        assert!(!grade(&single, &choice(&["a", "b"])).correct);

        let multi = q(
            QuestionKind::Multiple,
            vec![
                opt("a", true, Some(50)),
                opt("b", true, Some(50)),
                opt("c", false, Some(-50)),
            ],
        );
        assert_eq!(
            grade(&multi, &choice(&["a", "b"])),
            Grade {
                correct: true,
                earned: 200,
                max: 200
            }
        );
        assert_eq!(grade(&multi, &choice(&["a"])).earned, 100);
        assert_eq!(grade(&multi, &choice(&["a", "c"])).earned, 0);
        assert_eq!(grade(&multi, &choice(&["c"])).earned, 0, "never below zero");

        let all_or_nothing = q(
            QuestionKind::Multiple,
            vec![opt("a", true, None), opt("b", true, None)],
        );
        assert_eq!(grade(&all_or_nothing, &choice(&["a"])).earned, 0);

        let tf = q(QuestionKind::TrueFalse, vec![]);
        assert!(grade(&tf, &Response::Bool(false)).correct);
        assert!(!grade(&tf, &Response::Bool(true)).correct);

        let text = q(QuestionKind::Text, vec![]);
        for ok in ["dân vận khéo", "  DÂN  VẬN KHÉO ", "dan van kheo", "30/11"] {
            assert!(grade(&text, &Response::Text(ok.into())).correct, "{ok}");
        }
        assert!(!grade(&text, &Response::Text("".into())).correct);
        let mut strict = text.clone();
        strict.ignore_diacritics = false;
        assert!(!grade(&strict, &Response::Text("dan van kheo".into())).correct);
    }

    #[test]
    fn pass_mark_is_compared_without_rounding() {
        assert!(score(80, 100, 80).passed);
        assert!(!score(79, 100, 80).passed);
        // 2/3 = 66.67% passes 66 but not 67
        assert!(score(200, 300, 66).passed);
        assert!(!score(200, 300, 67).passed);
    }

    #[test]
    fn responses_round_trip() {
        for r in [
            choice(&["a", "c"]),
            Response::Bool(true),
            Response::Text("Đảng, dân".into()),
            Response::Pairs(vec![("a".into(), "c".into()), ("b-2".into(), "a".into())]),
            Response::Order(vec!["c".into(), "a".into(), "b".into()]),
        ] {
            assert_eq!(Response::decode(&r.encode()), Some(r));
        }
        assert_eq!(Response::decode("pairs:a=b,c"), None);
    }

    fn matching(ids: &[&str]) -> Question {
        let mut m = q(QuestionKind::Matching, vec![]);
        m.pairs = ids
            .iter()
            .map(|id| crate::content::Pair {
                id: id.to_string(),
                left: Text::new(id, None),
                right: Text::new(id, None),
            })
            .collect();
        m
    }

    fn pairs(p: &[(&str, &str)]) -> Response {
        Response::Pairs(
            p.iter()
                .map(|(l, r)| (l.to_string(), r.to_string()))
                .collect(),
        )
    }

    #[test]
    fn matching_earns_points_per_pair_rounded_down() {
        // 2 points = 200 hundredths; 3 pairs.
        let m = matching(&["a", "b", "c"]);
        let g = |r| grade(&m, &r);
        assert_eq!(g(pairs(&[("a", "a"), ("b", "b"), ("c", "c")])).earned, 200);
        assert!(
            g(pairs(&[("c", "c"), ("a", "a"), ("b", "b")])).correct,
            "any order"
        );
        let two = g(pairs(&[("a", "a"), ("b", "b"), ("c", "b")]));
        assert_eq!((two.correct, two.earned), (false, 133), "2 × 2/3 = 1.333…");
        assert_eq!(g(pairs(&[("a", "a")])).earned, 66, "the others unanswered");
        assert_eq!(g(pairs(&[("a", "b"), ("b", "a"), ("c", "c")])).earned, 66);
        // The first answer for a left item counts.
        assert_eq!(g(pairs(&[("a", "b"), ("a", "a")])).earned, 0);
        assert_eq!(g(pairs(&[])).earned, 0);
        assert_eq!(
            g(Response::Order(vec!["a".into()])).earned,
            0,
            "wrong shape"
        );
        assert_eq!(g(right_response(&m)).earned, 200);
    }

    #[test]
    fn ordering_earns_points_per_item_in_its_place() {
        let mut o = q(QuestionKind::Ordering, vec![]);
        o.items = ["a", "b", "c", "d"]
            .iter()
            .map(|id| crate::content::OrderItem {
                id: id.to_string(),
                text: Text::new(id, None),
            })
            .collect();
        let g = |ids: &[&str]| {
            grade(
                &o,
                &Response::Order(ids.iter().map(|s| s.to_string()).collect()),
            )
        };
        assert!(g(&["a", "b", "c", "d"]).correct);
        assert_eq!(g(&["a", "b", "c", "d"]).earned, 200);
        assert_eq!(g(&["a", "b", "d", "c"]).earned, 100);
        assert_eq!(
            g(&["b", "c", "d", "a"]).earned,
            0,
            "positions, not neighbours"
        );
        assert_eq!(g(&["a", "a", "a", "a"]).earned, 50);
        assert_eq!(g(&["a"]).earned, 50, "short: the rest is wrong");
        assert_eq!(
            g(&["a", "b", "c", "d", "e"]).earned,
            200,
            "ids past the last place are not read"
        );
        assert_eq!(grade(&o, &right_response(&o)).earned, 200);
    }

    #[test]
    fn matching_and_ordering_are_always_shown_scrambled() {
        let mut rng = Rng::new(3);
        for n in 2..8 {
            for _ in 0..50 {
                let order = scrambled(n, &mut rng);
                let mut sorted = order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..n).collect::<Vec<_>>());
                assert_ne!(order, sorted, "never in the file's order");
            }
        }
        assert_eq!(scrambled(1, &mut rng), vec![0]);
    }
}
