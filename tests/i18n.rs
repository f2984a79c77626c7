//! Every message id the code uses exists in both languages.

use std::collections::BTreeSet;

use danvan::domain::i18n::{message_ids, EN_FTL, VI_FTL};

/// String literals in the sources that look like message ids ("word-word…", lowercase).
fn literals(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            literals(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, part) in text.split('"').enumerate() {
                let id_like = i % 2 == 1
                    && part.contains('-')
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !part.starts_with('-')
                    && !part.ends_with('-');
                if id_like {
                    out.push((part.to_string(), path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn the_code_uses_only_defined_messages() {
    let ids: BTreeSet<String> = message_ids(VI_FTL).into_iter().collect();
    let en: BTreeSet<String> = message_ids(EN_FTL).into_iter().collect();
    assert_eq!(ids, en, "vi and en define different ids");
    // Prefixes that mark a literal as a message id (content ids like "chi-thi" or "in-force" are not).
    let prefixes: BTreeSet<&str> = ids.iter().map(|id| id.split('-').next().unwrap()).collect();
    let mut found = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    literals(&root.join("src"), &mut found);
    literals(&root.join("domain/src"), &mut found);
    let mut missing = Vec::new();
    let mut used = 0;
    for (lit, file) in found {
        let prefix = lit.split('-').next().unwrap();
        // Unit kinds and source kinds are stored keys, not ids, unless written as the full id.
        if prefixes.contains(prefix) && !["unit", "source", "public"].contains(&prefix)
            || lit.starts_with("unit-kind-")
        {
            used += 1;
            if !ids.contains(&lit) {
                missing.push(format!("{lit} ({file})"));
            }
        }
    }
    assert!(used > 80, "the scan found only {used} ids");
    assert!(
        missing.is_empty(),
        "ids used in code but not in the .ftl files: {missing:#?}"
    );
}

#[test]
fn every_source_kind_and_unit_kind_has_a_name() {
    for (key, _) in danvan::domain::content::SourceKind::ALL {
        assert!(VI_FTL.contains(&format!("source-kind-{key} =")), "{key}");
        assert!(EN_FTL.contains(&format!("source-kind-{key} =")), "{key}");
    }
    let i = danvan::domain::i18n::I18n::new(danvan::domain::i18n::Lang::En);
    for k in danvan::domain::people::UnitKind::ALL {
        assert!(i.has(k.msg_id()));
    }
}
