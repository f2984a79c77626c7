//! Unit tests of the signing module.

use super::*;
use serde_json::json;
use sha2::Sha512;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

const SOURCE: BundleSource<'static> = BundleSource {
    source_db: "0b9f3c2e-1d4a-4f7e-9a61-2c5d8e7f0a13",
    exported_at: "2026-11-26T07:05:09Z",
    demo: false,
};

fn bundle(records: &[serde_json::Value]) -> Vec<u8> {
    let mut signer = BundleSigner::new(Vec::new(), &key(7), &SOURCE).expect("header");
    for r in records {
        signer.write_record(r).expect("record");
    }
    signer.finish().expect("finish").out
}

fn sample() -> Vec<u8> {
    bundle(&[
        json!({"kind": "person", "id": "p1", "name": "Nguyễn Văn A"}),
        json!({"kind": "attempt", "id": "a1", "score": 5, "max": 6}),
    ])
}

fn read_all(bytes: &[u8]) -> Result<(Vec<(u64, String)>, VerifiedBundle), BundleError> {
    let mut verifier = BundleVerifier::new(bytes)?;
    let mut records = Vec::new();
    while let Some(r) = verifier.next_record()? {
        records.push((r.line, r.json.to_string()));
    }
    Ok((records, verifier.finish()?))
}

#[test]
fn a_signed_bundle_reads_back_with_its_header_and_records() {
    let bytes = sample();
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert_eq!(text.lines().count(), 4);
    assert!(text.ends_with("\"}\n"));
    let (records, verified) = read_all(&bytes).expect("valid");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].0, 2);
    let person: serde_json::Value = serde_json::from_str(&records[0].1).expect("json");
    assert_eq!(person["name"], "Nguyễn Văn A");
    assert_eq!(verified.header.source_db, SOURCE.source_db);
    assert_eq!(verified.header.version, 2);
    assert_eq!(verified.public_key, key(7).verifying_key());
    assert_eq!(verified.records, 2);
}

#[test]
fn the_signature_is_plain_ed25519_over_the_tag_and_the_sha512_of_the_lines() {
    let bytes = sample();
    let trailer_start = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("lines")
        + 1;
    let digest: [u8; 64] = Sha512::digest(&bytes[..trailer_start]).into();
    let mut message = b"danvan-bundle-v2\0".to_vec();
    message.extend_from_slice(&digest);
    assert_eq!(message.len(), 81);
    let verified = verify_stream(&bytes[..]).expect("valid");
    assert_eq!(verified.digest.as_bytes(), &digest);
    key(7)
        .verifying_key()
        .verify_strict(&message, &verified.signature)
        .expect("plain Ed25519 over the message");
}

#[test]
fn two_readings_of_the_same_bytes_give_the_same_digest() {
    let bytes = sample();
    let first = verify_stream(&bytes[..]).expect("first");
    let second = verify_stream(&bytes[..]).expect("second");
    assert_eq!(first.digest, second.digest);
    let other = bundle(&[json!({"kind": "person", "id": "p2"})]);
    assert_ne!(
        verify_stream(&other[..]).expect("other").digest,
        first.digest
    );
}

#[test]
fn an_edited_record_is_changed_after_export_at_the_trailer_line() {
    let text = String::from_utf8(sample()).expect("utf-8");
    let edited = text.replace("\"score\":5", "\"score\":6");
    assert_ne!(edited, text);
    let err = read_all(edited.as_bytes()).expect_err("edited");
    assert!(
        matches!(err, BundleError::ChangedAfterExport { line: 4 }),
        "{err}"
    );
    assert!(err.is_changed_after_export());
    assert!(err.to_string().contains("changed after export"));
}

#[test]
fn crlf_line_endings_a_removed_record_or_a_swapped_key_are_all_changes() {
    let text = String::from_utf8(sample()).expect("utf-8");
    let crlf = text.replace('\n', "\r\n");
    assert!(read_all(crlf.as_bytes())
        .expect_err("crlf")
        .is_changed_after_export());

    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(2);
    let removed = lines.join("\n") + "\n";
    assert!(read_all(removed.as_bytes())
        .expect_err("removed")
        .is_changed_after_export());

    // Someone re-signs the header with their own key but keeps the original signature.
    let other = public_key_to_text(&key(8).verifying_key());
    let mine = public_key_to_text(&key(7).verifying_key());
    let swapped = text.replace(&mine, &other);
    assert!(read_all(swapped.as_bytes())
        .expect_err("swapped")
        .is_changed_after_export());
}

#[test]
fn a_bundle_without_its_trailer_is_truncated() {
    let bytes = sample();
    let text = String::from_utf8(bytes).expect("utf-8");
    let cut: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    let err = read_all(cut.as_bytes()).expect_err("cut");
    assert!(matches!(err, BundleError::Truncated { lines: 3 }), "{err}");
    let half = &text.as_bytes()[..text.len() - 30];
    assert!(read_all(half).is_err());
}

#[test]
fn anything_after_the_trailer_is_refused() {
    let mut bytes = sample();
    bytes.extend_from_slice(b"{\"kind\":\"person\",\"id\":\"p9\"}\n");
    let err = read_all(&bytes).expect_err("appended");
    assert!(
        matches!(err, BundleError::DataAfterTrailer { line: 5 }),
        "{err}"
    );
    // Without the final newline the trailer still reads.
    let mut bytes = sample();
    bytes.pop();
    read_all(&bytes).expect("no final newline");
}

#[test]
fn versions_zero_one_and_newer_say_what_they_are() {
    let v0 = br#"{"format":"danvan-records","version":0,"source_db":"x"}"#;
    let err = read_all(v0).expect_err("v0");
    assert!(matches!(err, BundleError::UnknownVersion { .. }), "{err}");
    assert!(!err.to_string().contains("newer"), "{err}");

    let v3 = br#"{"format":"danvan-records","version":3}"#;
    let err = read_all(v3).expect_err("v3");
    assert!(
        matches!(err, BundleError::NewerVersion { found: 3 }),
        "{err}"
    );
    assert!(err.to_string().contains("newer danvan"));

    // Format 1 as danvan wrote it: a pretty-printed document.
    let v1 = "{\n  \"format\": \"danvan-records\",\n  \"version\": 1,\n  \"exported_at\": \"2026-11-26T07:05:09Z\",\n  \"units\": []\n}\n";
    let err = read_all(v1.as_bytes()).expect_err("v1");
    assert!(matches!(err, BundleError::UnsignedFormat1), "{err}");
    assert!(!err.to_string().contains("newer"), "{err}");
    let pretty_v0 = v1.replace("\"version\": 1", "\"version\": 0");
    assert!(matches!(
        read_all(pretty_v0.as_bytes()).expect_err("pretty v0"),
        BundleError::UnknownVersion { .. }
    ));
    let compact_v1 = br#"{"format":"danvan-records","version":1,"units":[]}"#;
    assert!(matches!(
        read_all(compact_v1).expect_err("compact v1"),
        BundleError::UnsignedFormat1
    ));
    let text_version = br#"{"format":"danvan-records","version":"2"}"#;
    assert!(matches!(
        read_all(text_version).expect_err("text version"),
        BundleError::UnknownVersion { .. }
    ));
}

#[test]
fn other_files_are_not_bundles() {
    for bytes in [
        &b""[..],
        b"name,staff_code\nA,1\n",
        b"\xff\xfe\x00\x00",
        br#"{"format":"something-else","version":2}"#,
        br#"{"version":2}"#,
        b"[1,2,3]\n",
    ] {
        let err = read_all(bytes).expect_err("not a bundle");
        assert!(matches!(err, BundleError::NotABundle { .. }), "{err}");
    }
}

#[test]
fn a_bad_header_field_is_reported_on_line_one() {
    let text = String::from_utf8(sample()).expect("utf-8");
    let bad_key = text.replacen(&public_key_to_text(&key(7).verifying_key()), "AAAA", 1);
    let err = read_all(bad_key.as_bytes()).expect_err("bad key");
    assert!(
        matches!(err, BundleError::Malformed { line: 1, .. }),
        "{err}"
    );
    let bad_time = text.replacen("2026-11-26T07:05:09Z", "yesterday", 1);
    let err = read_all(bad_time.as_bytes()).expect_err("bad time");
    assert!(err.to_string().contains("exported_at"), "{err}");
}

#[test]
fn a_line_over_the_limit_is_refused_without_reading_it_whole() {
    let bytes = bundle(&[json!({"text": "x".repeat(500)})]);
    let mut verifier = BundleVerifier::with_max_line(&bytes[..], 400).expect("header fits");
    let err = verifier.next_record().expect_err("too long");
    assert!(
        matches!(
            err,
            BundleError::LineTooLong {
                line: 2,
                limit: 400
            }
        ),
        "{err}"
    );
    // The same bundle reads with the normal limit.
    read_all(&bytes).expect("fits");
}

#[test]
fn the_writer_refuses_records_it_could_not_read_back() {
    let mut signer = BundleSigner::new(Vec::new(), &key(7), &SOURCE).expect("header");
    let err = signer
        .write_record(&json!({"danvan_signature": "x"}))
        .expect_err("trailer look-alike");
    assert!(matches!(err, BundleError::BadRecord { .. }));
    assert_eq!(signer.records(), 0);
    let bad = BundleSource {
        source_db: "",
        ..SOURCE
    };
    assert!(BundleSigner::new(Vec::new(), &key(7), &bad).is_err());
    let bad = BundleSource {
        exported_at: "now",
        ..SOURCE
    };
    assert!(BundleSigner::new(Vec::new(), &key(7), &bad).is_err());
}

#[test]
fn a_blank_line_is_malformed() {
    let text = String::from_utf8(sample()).expect("utf-8");
    let blank = text.replacen('\n', "\n\n", 1);
    let err = read_all(blank.as_bytes()).expect_err("blank");
    assert!(
        matches!(err, BundleError::Malformed { line: 2, .. }),
        "{err}"
    );
}

#[test]
fn fingerprints_read_back_however_they_are_typed() {
    let fingerprint = KeyFingerprint::of(&key(7).verifying_key());
    let shown = fingerprint.to_string();
    assert_eq!(shown.len(), 39);
    assert_eq!(shown.split('-').count(), 8);
    assert!(shown.split('-').all(|g| g.len() == 4));
    assert_eq!(KeyFingerprint::parse(&shown), Ok(fingerprint));
    assert_eq!(
        KeyFingerprint::parse(&shown.to_lowercase().replace('-', " ")),
        Ok(fingerprint)
    );
    assert_eq!(
        KeyFingerprint::parse(&shown.replace('-', "")),
        Ok(fingerprint)
    );
    assert_ne!(KeyFingerprint::of(&key(8).verifying_key()), fingerprint);
    assert_eq!(
        KeyFingerprint::parse(&shown[..30]),
        Err(FingerprintError::WrongLength { symbols: 24 })
    );
    assert!(matches!(
        KeyFingerprint::parse(&format!("{shown}U")),
        Err(FingerprintError::BadCharacter { character: 'U' })
    ));
}

#[test]
fn public_keys_round_trip_as_text() {
    let public = key(7).verifying_key();
    let text = public_key_to_text(&public);
    assert_eq!(text.len(), 44);
    assert_eq!(public_key_from_text(&text), Some(public));
    assert_eq!(public_key_from_text("not a key"), None);
}
