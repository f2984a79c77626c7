//! Questions that ask the same thing: `same_as` labels checked across banks, and a warning for
//! near-identical prompts that share no label (two of them could land on one paper).

use std::collections::{BTreeSet, HashMap};

use crate::content::model::Pack;

/// Word-set overlap (Jaccard, on folded Vietnamese prompts) at or above which two prompts are
/// near-identical. Calibrated on the built-in banks: every rewording of one question the
/// content review found scores 0,61–0,93, and the closest pair of different questions 0,59.
pub const NEAR_IDENTICAL: f64 = 0.6;

/// The words of a prompt, folded (no diacritics, lower case), as a set.
pub fn words(prompt: &str) -> BTreeSet<String> {
    crate::text::fold(prompt)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// |a ∩ b| / |a ∪ b|; 0 for two empty sets.
pub fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let both = a.intersection(b).count();
    let either = a.len() + b.len() - both;
    if either == 0 {
        0.0
    } else {
        both as f64 / either as f64
    }
}

/// Where one question is written: its file, and the offsets of its id and of its `same_as`.
pub(super) struct Spot {
    pub(super) file: usize,
    pub(super) id_at: usize,
    pub(super) same_as_at: Option<usize>,
}

/// A warning to report: file, offset, message id and its arguments.
pub(super) type Warning = (usize, usize, &'static str, Vec<(&'static str, String)>);

/// Warn on a `same_as` label no other question carries (a typo, most often), and on each pair
/// of near-identical prompts without a shared label (at the later of the two, and at the other
/// too when it is in another file).
pub(super) fn check(pack: &Pack, spots: &HashMap<(String, String), Spot>) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut members: HashMap<&str, usize> = HashMap::new();
    for q in pack.quizzes.iter().flat_map(|z| &z.questions) {
        if let Some(g) = &q.same_as {
            *members.entry(g.as_str()).or_default() += 1;
        }
    }
    let questions: Vec<(&str, &crate::content::Question, BTreeSet<String>)> = pack
        .quizzes
        .iter()
        .flat_map(|z| {
            z.questions
                .iter()
                .map(move |q| (z.id.as_str(), q, words(&q.prompt.vi)))
        })
        .collect();
    for (bank, q, _) in &questions {
        let (Some(g), Some(spot)) = (&q.same_as, spots.get(&(bank.to_string(), q.id.clone())))
        else {
            continue;
        };
        if members.get(g.as_str()) == Some(&1) {
            out.push((
                spot.file,
                spot.same_as_at.unwrap_or(spot.id_at),
                "check-same-as-alone",
                vec![
                    ("group", g.clone()),
                    ("question", format!("{bank}/{}", q.id)),
                ],
            ));
        }
    }
    for (i, (bank_a, a, wa)) in questions.iter().enumerate() {
        for (bank_b, b, wb) in &questions[i + 1..] {
            if a.same_as.is_some() && a.same_as == b.same_as {
                continue;
            }
            let share = overlap(wa, wb);
            if share < NEAR_IDENTICAL {
                continue;
            }
            let spot_a = spots.get(&(bank_a.to_string(), a.id.clone()));
            let spot_b = spots.get(&(bank_b.to_string(), b.id.clone()));
            let mut warn =
                |spot: &Spot, (bank, q): (&str, &str), (other_bank, other): (&str, &str)| {
                    out.push((
                        spot.file,
                        spot.id_at,
                        "check-near-identical",
                        vec![
                            ("question", format!("{bank}/{q}")),
                            ("other", format!("{other_bank}/{other}")),
                            ("percent", format!("{:.0}", share * 100.0)),
                        ],
                    ));
                };
            if let Some(sb) = spot_b {
                warn(sb, (bank_b, &b.id), (bank_a, &a.id));
            }
            // In two files (a bank imported beside the built-in ones, say), each file's writer
            // is told; in one file, once is enough.
            if let Some(sa) = spot_a.filter(|sa| spot_b.is_none_or(|sb| sb.file != sa.file)) {
                warn(sa, (bank_a, &a.id), (bank_b, &b.id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewordings_overlap_and_different_questions_do_not() {
        let a = words("Theo Chỉ thị (mục 3), các biện pháp nâng cao chất lượng giải quyết thủ tục hành chính hướng đến xây dựng nền hành chính như thế nào?");
        let b = words("Các biện pháp nâng cao chất lượng giải quyết thủ tục hành chính ở mục 3 hướng đến xây dựng nền hành chính như thế nào?");
        let c = words("Người đứng đầu có trực tiếp tiếp công dân định kỳ theo quy định không?");
        assert!(overlap(&a, &b) >= NEAR_IDENTICAL, "{}", overlap(&a, &b));
        assert!(overlap(&a, &c) < 0.2);
        // Diacritics and case do not make words differ.
        assert_eq!(words("Việt NAM"), words("viet nam"));
        assert_eq!(overlap(&BTreeSet::new(), &BTreeSet::new()), 0.0);
    }
}
