//! The interface language: Fluent bundles for Vietnamese (default) and English, embedded.

// The concurrent bundle is `Send`, so `I18n` (the bundle behind a lock) can be made on the
// kit's start-up thread and used from any other.
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

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

/// The messages of one language. Each is parsed the first time it is asked for, not all at
/// start: the kit's first frame needs a few dozen of the file's thousand (parsing the whole
/// file took about half a millisecond of it).
pub struct I18n {
    lang: Lang,
    src: &'static str,
    /// Where each message's entry lies in `src` (byte range), from a scan of its lines.
    entries: HashMap<&'static str, Range<usize>>,
    /// The messages parsed so far.
    bundle: Mutex<FluentBundle<FluentResource>>,
}

/// The byte range of every message in an .ftl source: from the line that names it to the next
/// line that starts another entry or a comment. Lines that go on a message (indented text,
/// variants, a select's closing `}` at the start of a line, blank lines) stay in its range.
fn entry_ranges(src: &'static str) -> HashMap<&'static str, Range<usize>> {
    let mut entries = HashMap::with_capacity(1024);
    let mut open: Option<(&'static str, usize)> = None;
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let starts_entry =
            line.starts_with(|c: char| c.is_ascii_lowercase() || c == '-' || c == '#');
        if starts_entry {
            if let Some((id, start)) = open.take() {
                entries.insert(id, start..at);
            }
            open = message_id(line).map(|id| (id, at));
        }
        at += line.len();
    }
    if let Some((id, start)) = open {
        entries.insert(id, start..at);
    }
    entries
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        let (id, src) = match lang {
            Lang::Vi => (langid!("vi"), VI_FTL),
            Lang::En => (langid!("en"), EN_FTL),
        };
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No U+2068/U+2069 around placeables: they would end up in files and comparisons.
        bundle.set_use_isolating(false);
        I18n {
            lang,
            src,
            entries: entry_ranges(src),
            bundle: Mutex::new(bundle),
        }
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
        let mut bundle = self.bundle.lock().unwrap_or_else(|p| p.into_inner());
        if !bundle.has_message(id) {
            let Some(range) = self.entries.get(id) else {
                return id.to_string();
            };
            // The embedded files are checked by tests; a broken entry still yields what parsed.
            let resource = FluentResource::try_new(self.src[range.clone()].to_string())
                .unwrap_or_else(|(res, _)| res);
            let _ = bundle.add_resource(resource);
        }
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        let out = bundle.format_pattern(
            pattern,
            if args.is_empty() { None } else { Some(&fargs) },
            &mut errors,
        );
        crate::text::nfc(&out)
    }

    pub fn has(&self, id: &str) -> bool {
        self.entries.contains_key(id)
    }
}

/// The id of the message a line of an .ftl source opens (not a term, comment or attribute).
fn message_id(line: &str) -> Option<&str> {
    if !line.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    line.split_once('=').map(|(id, _)| id.trim())
}

/// Message ids defined in an .ftl source (top-level messages, not terms or attributes).
pub fn message_ids(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter_map(message_id)
        .map(str::to_string)
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

    /// Every message of both files, asked for one at a time, reads exactly as the whole file
    /// parsed at once gives it, with numbers and with words for its variables.
    #[test]
    fn a_message_parsed_alone_reads_as_the_whole_file_gives_it() {
        for (lang, src) in [(Lang::Vi, VI_FTL), (Lang::En, EN_FTL)] {
            let whole = FluentResource::try_new(src.to_string()).expect("parses");
            let locale = match lang {
                Lang::Vi => langid!("vi"),
                Lang::En => langid!("en"),
            };
            let mut eager = FluentBundle::new_concurrent(vec![locale]);
            eager.set_use_isolating(false);
            eager.add_resource(whole).expect("no clashes");
            let ids = message_ids(src);
            assert_eq!(
                ids.len(),
                I18n::new(lang).entries.len(),
                "every message indexed"
            );
            for value in [
                FluentValue::from(1),
                FluentValue::from(3),
                FluentValue::from("not-found"),
            ] {
                // A fresh set each round, so messages are parsed in a different order.
                let lazy = I18n::new(lang);
                for id in ids.iter().rev() {
                    let pattern = eager.get_message(id).and_then(|m| m.value()).expect(id);
                    let mut args = FluentArgs::new();
                    let mut named = Vec::new();
                    for var in src[lazy.entries[id.as_str()].clone()].split('$').skip(1) {
                        let name: String = var
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                            .collect();
                        args.set(name.clone(), value.clone());
                        named.push(name);
                    }
                    let want =
                        crate::text::nfc(&eager.format_pattern(pattern, Some(&args), &mut vec![]));
                    let given: Vec<(&str, FluentValue)> =
                        named.iter().map(|n| (n.as_str(), value.clone())).collect();
                    assert_eq!(lazy.ta(id, &given), want, "{lang:?} {id}");
                    assert!(lazy.has(id));
                }
                assert!(!lazy.has("no-such-message"));
                assert_eq!(lazy.t("no-such-message"), "no-such-message");
            }
        }
    }

    #[test]
    fn an_entry_runs_to_the_next_entry_or_comment() {
        let src: &'static str =
            "# c\none = Một\ntwo = { $n ->\n    [one] x\n   *[other] y\n}\n\n## s\nthree =\n    ba\n";
        let e = entry_ranges(src);
        assert_eq!(&src[e["one"].clone()], "one = Một\n");
        assert_eq!(
            &src[e["two"].clone()],
            "two = { $n ->\n    [one] x\n   *[other] y\n}\n\n"
        );
        assert_eq!(&src[e["three"].clone()], "three =\n    ba\n");
        assert_eq!(e.len(), 3);
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
