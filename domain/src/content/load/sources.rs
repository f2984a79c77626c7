//! Legal sources (`courses/sources.toml`) and citations of them: converting, and checking every
//! citation once all sources are known.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::cx::{valid_date, FileCx, PendingCites, SStr, SText};
use crate::content::model::{Citation, Source, SourceKind, SourceStatus};
use crate::text::nfc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCite {
    source: SStr,
    #[serde(rename = "ref")]
    reference: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSources {
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: SStr,
    kind: SStr,
    number: Option<String>,
    date: Option<SStr>,
    issuer: SText,
    title: SText,
    status: SStr,
    replaced_by: Option<SStr>,
    replaced_from: Option<SStr>,
}

pub(super) fn convert_cites(raw: Vec<RawCite>, pending: &mut PendingCites) -> Vec<Citation> {
    raw.into_iter()
        .map(|c| {
            let source = nfc(c.source.get_ref());
            pending.items.push((source.clone(), c.source.span().start));
            Citation {
                source,
                reference: c.reference.map(|r| nfc(r.trim())).filter(|r| !r.is_empty()),
            }
        })
        .collect()
}

/// Unknown sources are errors; a replaced source cited without its replacement is a warning.
pub(super) fn check_cites(
    cx: &mut FileCx,
    items: &[(String, usize)],
    sources: &HashMap<&str, &Source>,
) {
    // The group is the citations of one lesson or question: they sit between the markers
    // pushed as ("", offset). A replaced source is fine when its replacement is in the same group.
    for group in items.split(|(id, _)| id.is_empty()) {
        let ids: HashSet<&str> = group.iter().map(|(id, _)| id.as_str()).collect();
        for (id, offset) in group {
            match sources.get(id.as_str()) {
                None => cx.error(
                    *offset,
                    "check-unknown-source",
                    vec![("source", id.clone())],
                ),
                Some(src) => {
                    if let SourceStatus::Replaced { by, .. } = &src.status {
                        if !ids.contains(by.as_str()) {
                            cx.warn(
                                *offset,
                                "check-replaced-source",
                                vec![("source", id.clone()), ("replacement", by.clone())],
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The sources file: ids unique, known kinds and statuses, a replaced source names its replacement.
pub(super) fn convert_sources(
    cx: &mut FileCx,
    raw: RawSources,
    out: &mut Vec<Source>,
    pending: &mut PendingCites,
) {
    let mut seen = HashSet::new();
    for s in raw.source {
        let id = cx.id(&s.id);
        if !seen.insert(id.clone()) {
            cx.error(
                s.id.span().start,
                "check-duplicate-id",
                vec![("id", id.clone())],
            );
        }
        let kind = match SourceKind::parse(s.kind.get_ref()) {
            Some(k) => k,
            None => {
                cx.error(
                    s.kind.span().start,
                    "check-bad-value",
                    vec![
                        ("field", "kind".into()),
                        ("value", s.kind.get_ref().clone()),
                    ],
                );
                SourceKind::Luat
            }
        };
        if let Some(d) = &s.date {
            if !valid_date(d.get_ref()) {
                cx.error(
                    d.span().start,
                    "check-bad-date",
                    vec![("value", d.get_ref().clone())],
                );
            }
        }
        let status = match s.status.get_ref().as_str() {
            "in-force" => {
                if let Some(by) = &s.replaced_by {
                    cx.error(by.span().start, "check-replaced-by-in-force", vec![]);
                }
                SourceStatus::InForce
            }
            "replaced" => match &s.replaced_by {
                Some(by) => {
                    // The replacement must exist: checked like a citation, in its own group.
                    pending.items.push((String::new(), 0));
                    pending.items.push((nfc(by.get_ref()), by.span().start));
                    pending.items.push((String::new(), 0));
                    if let Some(from) = &s.replaced_from {
                        if !valid_date(from.get_ref()) {
                            cx.error(
                                from.span().start,
                                "check-bad-date",
                                vec![("value", from.get_ref().clone())],
                            );
                        }
                    }
                    SourceStatus::Replaced {
                        by: nfc(by.get_ref()),
                        from: s.replaced_from.as_ref().map(|f| f.get_ref().clone()),
                    }
                }
                None => {
                    cx.error(s.status.span().start, "check-replaced-without-by", vec![]);
                    SourceStatus::InForce
                }
            },
            other => {
                cx.error(
                    s.status.span().start,
                    "check-bad-value",
                    vec![("field", "status".into()), ("value", other.to_string())],
                );
                SourceStatus::InForce
            }
        };
        out.push(Source {
            id,
            kind,
            number: s.number.map(|n| nfc(&n)),
            date: s.date.map(|d| d.into_inner()),
            issuer: cx.text(&s.issuer, "issuer"),
            title: cx.text(&s.title, "title"),
            status,
        });
    }
}
