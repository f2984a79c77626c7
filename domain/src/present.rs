//! Text built from content for people to read, shared by the TUI and the command line.

use crate::assessment::ScoreNote;
use crate::content::{Pack, Rescale, SourceKind, SourceStatus};
use crate::dates;
use crate::i18n::I18n;

/// A citation as a reader expects it: "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ:
/// Về …, mục 2", or for a law "Luật … số 10/2022/QH15 ngày 10/11/2022, Điều 11"; a replaced
/// text says what replaced it.
pub fn citation_text(pack: &Pack, i18n: &I18n, source: &str, reference: Option<&str>) -> String {
    let lang = i18n.lang();
    let Some(src) = pack.source(source) else {
        return source.to_string();
    };
    let date = src.date.as_ref().map(|d| {
        if d.len() == 4 {
            i18n.ta("cite-year", &[("year", d.clone().into())])
        } else {
            i18n.ta(
                "cite-date",
                &[("date", crate::text::display_date(d).into())],
            )
        }
    });
    let number = src
        .number
        .as_ref()
        .map(|n| i18n.ta("cite-number", &[("number", n.clone().into())]));
    let mut s = if src.kind == SourceKind::Luat {
        src.title.get(lang).to_string()
    } else {
        i18n.t(&format!("source-kind-{}", src.kind.key()))
    };
    for part in [number, date].into_iter().flatten() {
        s.push(' ');
        s.push_str(&part);
    }
    if src.kind != SourceKind::Luat {
        s.push(' ');
        s.push_str(&i18n.ta(
            "cite-issuer",
            &[("issuer", src.issuer.get(lang).to_string().into())],
        ));
        s.push_str(": ");
        s.push_str(src.title.get(lang));
    }
    if let Some(r) = reference {
        s.push_str(&format!(", {r}"));
    }
    if let SourceStatus::Replaced { by, from } = &src.status {
        let by_title = pack
            .source(by)
            .map(|b| short_name(b, i18n))
            .unwrap_or_else(|| by.clone());
        let note = match from {
            Some(d) => i18n.ta(
                "reader-replaced-from",
                &[
                    ("by", by_title.into()),
                    ("date", crate::text::display_date(d).into()),
                ],
            ),
            None => i18n.ta("reader-replaced", &[("by", by_title.into())]),
        };
        s.push_str(&format!(" [{note}]"));
    }
    s
}

/// A source named briefly: "Nghị định số 118/2025/NĐ-CP", or a law's title and number.
pub fn short_name(src: &crate::content::Source, i18n: &I18n) -> String {
    let lang = i18n.lang();
    let head = if src.kind == SourceKind::Luat {
        src.title.get(lang).to_string()
    } else {
        i18n.t(&format!("source-kind-{}", src.kind.key()))
    };
    match &src.number {
        Some(n) => format!(
            "{head} {}",
            i18n.ta("cite-number", &[("number", n.clone().into())])
        ),
        None if src.kind == SourceKind::Luat => head,
        None => format!("{head}: {}", src.title.get(lang)),
    }
}

/// Options are labelled a, b, c… in the order shown.
pub fn option_label(i: usize) -> char {
    (b'a' + (i as u8 % 26)) as char
}

/// A response as the person sees it: "b) …, d) …", "Đúng", or the typed text.
pub fn response_text(
    q: &crate::content::Question,
    item: &crate::quiz::PaperItem,
    r: &crate::quiz::Response,
    i18n: &I18n,
) -> String {
    use crate::quiz::Response;
    let lang = i18n.lang();
    match r {
        Response::Choice(ids) => {
            let parts: Vec<String> = item
                .order
                .iter()
                .enumerate()
                .filter_map(|(shown, &i)| {
                    let o = q.options.get(i)?;
                    ids.contains(&o.id)
                        .then(|| format!("{}) {}", option_label(shown), o.text.get(lang)))
                })
                .collect();
            if parts.is_empty() {
                i18n.t("quiz-no-answer")
            } else {
                parts.join("; ")
            }
        }
        Response::Pairs(given) => {
            let parts: Vec<String> = q
                .pairs
                .iter()
                .enumerate()
                .filter_map(|(left, p)| {
                    let (_, r) = given.iter().find(|(l, _)| *l == p.id)?;
                    let (shown, right) = right_side(q, item, r, lang)?;
                    Some(format!(
                        "{}) {} → {}) {}",
                        option_label(left),
                        p.left.get(lang),
                        shown + 1,
                        right
                    ))
                })
                .collect();
            if parts.is_empty() {
                i18n.t("quiz-no-answer")
            } else {
                parts.join("; ")
            }
        }
        Response::Order(ids) => {
            let parts: Vec<String> = ids
                .iter()
                .filter_map(|id| {
                    let i = q.items.iter().position(|x| x.id == *id)?;
                    let shown = item.order.iter().position(|&o| o == i)?;
                    Some(format!(
                        "{}) {}",
                        option_label(shown),
                        q.items[i].text.get(lang)
                    ))
                })
                .collect();
            if parts.is_empty() {
                i18n.t("quiz-no-answer")
            } else {
                parts.join(" → ")
            }
        }
        Response::Bool(true) => i18n.t("quiz-true"),
        Response::Bool(false) => i18n.t("quiz-false"),
        Response::Text(t) => t.clone(),
    }
}

/// A matching question's right side for pair `id`: where it is shown (0-based) and its text.
pub fn right_side(
    q: &crate::content::Question,
    item: &crate::quiz::PaperItem,
    id: &str,
    lang: crate::i18n::Lang,
) -> Option<(usize, String)> {
    let i = q.pairs.iter().position(|p| p.id == id)?;
    let shown = item.order.iter().position(|&o| o == i)?;
    Some((shown, q.pairs[i].right.get(lang).to_string()))
}

/// The feedback written for the options a person chose, as "b) …" in the order shown: what is
/// shown after answering under the message `quiz-option-feedback`. Empty when no chosen option has any.
pub fn chosen_feedback(
    q: &crate::content::Question,
    item: &crate::quiz::PaperItem,
    r: &crate::quiz::Response,
    lang: crate::i18n::Lang,
) -> Vec<String> {
    let crate::quiz::Response::Choice(ids) = r else {
        return Vec::new();
    };
    item.order
        .iter()
        .enumerate()
        .filter_map(|(shown, &i)| {
            let o = q.options.get(i)?;
            let f = o.feedback.as_ref().filter(|_| ids.contains(&o.id))?;
            Some(format!("{}) {}", option_label(shown), f.get(lang)))
        })
        .collect()
}

/// The right answer, shown after answering and in the review.
pub fn right_answer_text(
    q: &crate::content::Question,
    item: &crate::quiz::PaperItem,
    i18n: &I18n,
) -> String {
    use crate::content::QuestionKind;
    match q.kind {
        QuestionKind::Text => q.accept.first().cloned().unwrap_or_default(),
        _ => response_text(q, item, &crate::quiz::engine::right_response(q), i18n),
    }
}

/// Hundredths of a point as shown: "17", "17,5" (vi) or "17.5" (en).
pub fn points(hundredths: u32, vietnamese: bool) -> String {
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    let s = if frac == 0 {
        whole.to_string()
    } else if frac.is_multiple_of(10) {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    };
    if vietnamese {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A stored UTC time (`2026-11-26T07:05:09Z`) in Vietnam's local time: "26/11/2026 14:05".
pub fn local_time(utc: &str) -> String {
    match dates::in_vietnam(utc) {
        Some(t) => dates::day_month_year_time(t),
        None => utc.to_string(),
    }
}

/// A stored UTC time as a date in Vietnam: "26/11/2026" (a plain ISO date is shown as it is).
pub fn local_date(utc: &str) -> String {
    match dates::in_vietnam(utc) {
        Some(t) => dates::day_month_year(t.date()),
        None => crate::text::display_date(utc),
    }
}

/// A scoring rule's name: "mỗi nhiệm vụ giữ trọng số của mình".
pub fn rule_label(i18n: &I18n, rule: Rescale) -> String {
    i18n.t(match rule {
        Rescale::WithinTask => "rule-within-task",
        Rescale::AllCriteria => "rule-all-criteria",
    })
}

/// The one line told to a unit about a score kept as finalized, or a draft rescored.
pub fn score_note_text(i18n: &I18n, note: ScoreNote) -> String {
    let (id, a, b, rule_a, rule_b) = match note {
        ScoreNote::KeptAsFinalized { rule, now } => ("assess-rule-kept", "rule", "now", rule, now),
        ScoreNote::Rescored { from, to } => ("assess-rule-rescored", "from", "to", from, to),
    };
    i18n.ta(
        id,
        &[
            (a, rule_label(i18n, rule_a).into()),
            (b, rule_label(i18n, rule_b).into()),
        ],
    )
}
