//! Text handling on the shared Vietnamese test data: NFC/NFD, folding, display width.

use danvan::domain::text::{fold, nfc, width};

fn rows(name: &str) -> Vec<Vec<String>> {
    let path = format!("{}/../shared/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // the header row
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn every_letter_folds_and_is_one_cell_wide() {
    let letters = rows("vietnamese-letters.tsv");
    assert!(
        letters.len() >= 130,
        "expected every vowel with every tone, got {}",
        letters.len()
    );
    for row in letters {
        let (nfc_form, code_points, folded) = (&row[0], &row[1], &row[2]);
        let nfd: String = code_points
            .split_whitespace()
            .map(|cp| {
                char::from_u32(u32::from_str_radix(cp.trim_start_matches("U+"), 16).unwrap())
                    .unwrap()
            })
            .collect();
        assert_eq!(&nfc(&nfd), nfc_form, "NFC of {code_points}");
        assert_eq!(&fold(nfc_form), &folded.to_lowercase(), "fold {nfc_form}");
        assert_eq!(fold(&nfd), fold(nfc_form));
        assert_eq!(width(nfc_form), 1, "{nfc_form}");
        assert_eq!(width(&nfd), 1, "{code_points}");
    }
}

#[test]
fn phrases_fold_alike_in_nfc_and_nfd() {
    let phrases = rows("vietnamese-phrases.tsv");
    assert!(!phrases.is_empty());
    for row in phrases {
        let (nfc_form, nfd_form, folded) = (&row[0], &row[1], &row[2]);
        assert_ne!(nfc_form, nfd_form, "the NFD column is decomposed");
        assert_eq!(&nfc(nfd_form), nfc_form);
        assert_eq!(&fold(nfc_form), folded);
        assert_eq!(&fold(nfd_form), folded);
        assert_eq!(width(nfc_form), width(nfd_form));
    }
}
