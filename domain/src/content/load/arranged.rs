//! Matching and ordering questions: their pairs and items, and the fields each kind of question
//! may hold (pairs only on matching, items only on ordering, options only on choice).

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::cx::{FileCx, SStr, SText};
use crate::content::model::{OrderItem, Pair, QuestionKind};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPair {
    id: SStr,
    left: SText,
    right: SText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    id: SStr,
    text: SText,
}

/// A question's kind-specific parts as written, with where the question starts.
pub(super) struct Arranged<'a> {
    pub(super) kind: QuestionKind,
    pub(super) qid: &'a str,
    /// Where the question's table starts, and its id.
    pub(super) q_start: usize,
    pub(super) id_at: usize,
    pub(super) pairs: &'a [Spanned<RawPair>],
    pub(super) items: &'a [Spanned<RawItem>],
    pub(super) has_options: bool,
    pub(super) has_key: bool,
}

/// The pairs and items of a question; errors for fewer than two, duplicate ids, and fields
/// its kind does not take.
pub(super) fn convert_arranged(cx: &mut FileCx, a: &Arranged) -> (Vec<Pair>, Vec<OrderItem>) {
    let question = || ("question", a.qid.to_string());
    let not_for_kind = |cx: &mut FileCx, field: &str| {
        cx.error(
            a.id_at,
            "check-field-not-allowed",
            vec![
                question(),
                ("field", field.to_string()),
                ("kind", a.kind.key().to_string()),
            ],
        );
    };
    if a.kind != QuestionKind::Matching && !a.pairs.is_empty() {
        not_for_kind(cx, "pairs");
    }
    if a.kind != QuestionKind::Ordering && !a.items.is_empty() {
        not_for_kind(cx, "items");
    }
    let mut ids = HashSet::new();
    let mut unique = |cx: &mut FileCx, id: &SStr| {
        let value = cx.id(id);
        if !ids.insert(value.clone()) {
            cx.error(
                id.span().start,
                "check-duplicate-id",
                vec![("id", value.clone())],
            );
        }
        value
    };
    let pairs: Vec<Pair> = a
        .pairs
        .iter()
        .map(|p| {
            let p = p.get_ref();
            Pair {
                id: unique(cx, &p.id),
                left: cx.text(&p.left, "left"),
                right: cx.text(&p.right, "right"),
            }
        })
        .collect();
    let items: Vec<OrderItem> = a
        .items
        .iter()
        .map(|i| {
            let i = i.get_ref();
            OrderItem {
                id: unique(cx, &i.id),
                text: cx.text(&i.text, "text"),
            }
        })
        .collect();
    let (count, few) = match a.kind {
        QuestionKind::Matching => (pairs.len(), "check-few-pairs"),
        QuestionKind::Ordering => (items.len(), "check-few-items"),
        _ => return (pairs, items),
    };
    if count < 2 {
        cx.error(a.q_start, few, vec![question()]);
    }
    if a.has_options {
        cx.error(a.q_start, "check-options-not-allowed", vec![question()]);
    }
    if a.has_key {
        not_for_kind(cx, "answer/accept");
    }
    (pairs, items)
}
