//! The interface language: Fluent bundles for Vietnamese (default) and English, embedded.

// The concurrent bundle is `Send`: the kit parses the messages on a thread while it starts.
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::langid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn is_vi(self) -> bool {
        self == Lang::Vi
    }
}

pub const VI_FTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../i18n/vi/main.ftl"));
pub const EN_FTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../i18n/en/main.ftl"));

pub struct I18n {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        let (id, src) = match lang {
            Lang::Vi => (langid!("vi"), VI_FTL),
            Lang::En => (langid!("en"), EN_FTL),
        };
        // The embedded files are checked by tests; a broken one still yields the messages that parsed.
        let resource = FluentResource::try_new(src.to_string()).unwrap_or_else(|(res, _)| res);
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No U+2068/U+2069 around placeables: they would end up in files and comparisons.
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(resource);
        I18n { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id`; the id itself when missing (tests make sure none is).
    pub fn t(&self, id: &str) -> String {
        self.ta(id, &[])
    }

    /// The message `id` with arguments.
    pub fn ta(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let Some(msg) = self.bundle.get_message(id) else {
            return id.to_string();
        };
        let Some(pattern) = msg.value() else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        let out = self.bundle.format_pattern(
            pattern,
            if args.is_empty() { None } else { Some(&fargs) },
            &mut errors,
        );
        crate::text::nfc(&out)
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }
}

/// Message ids defined in an .ftl source (top-level messages, not terms or attributes).
pub fn message_ids(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_parse_and_have_the_same_ids() {
        for src in [VI_FTL, EN_FTL] {
            if let Err((_, errs)) = FluentResource::try_new(src.to_string()) {
                panic!("ftl errors: {errs:?}");
            }
        }
        let vi: BTreeSet<_> = message_ids(VI_FTL).into_iter().collect();
        let en: BTreeSet<_> = message_ids(EN_FTL).into_iter().collect();
        let only_vi: Vec<_> = vi.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&vi).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "only vi: {only_vi:?}; only en: {only_en:?}"
        );
        assert!(vi.len() > 50);
    }

    #[test]
    fn no_isolation_marks() {
        let i = I18n::new(Lang::Vi);
        let s = i.ta(
            "home-lessons-read",
            &[("read", 3.into()), ("total", 12.into())],
        );
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
        assert!(s.contains("3") && s.contains("12"));
    }

    #[test]
    fn vietnamese_has_no_plural_variants() {
        // Vietnamese has only the "other" plural category: a selector would be dead weight.
        for line in VI_FTL.lines() {
            assert!(!line.contains("[one]"), "plural variant in vi: {line}");
        }
    }
}

/// A message to show a person: a Fluent id and its arguments, rendered in the UI language.
/// Library errors carry one of these instead of English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// The cause of a file error as a key the messages choose their words by (`$cause` in the
/// translations), so an error reads in the user's language rather than as the system's English.
pub fn io_cause(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "not-found",
        K::PermissionDenied => "permission",
        K::AlreadyExists => "exists",
        K::StorageFull => "full",
        K::ReadOnlyFilesystem => "read-only",
        K::IsADirectory => "is-directory",
        K::NotADirectory => "not-directory",
        _ => "other",
    }
}

impl Msg {
    pub fn new(id: &'static str) -> Self {
        Msg { id, args: vec![] }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

impl I18n {
    pub fn msg(&self, m: &Msg) -> String {
        let args: Vec<(&str, FluentValue)> = m
            .args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.clone())))
            .collect();
        self.ta(m.id, &args)
    }
}
