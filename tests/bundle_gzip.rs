//! Compressed bundles on real files through the real binary: `export --format json --compress`
//! writes gzip whose inside is the signed bundle, byte for byte (the signature covers the
//! uncompressed bundle), `merge` reads it without being told, also compressed and then sealed,
//! and a damaged or cut-short compressed file is refused naming the file, with nothing merged.

mod common;

use std::io::Read;

use common::machines::{commune_machine, count, Machines};

use danvan::domain::signing;
use danvan::io::{compress, keys};

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn a_compressed_bundle_round_trips_its_signature_verifies_and_merge_reads_it() {
    let m = Machines::new();
    let pack = common::pack();
    commune_machine(&mut m.store("commune.db"), &pack);
    let at = |n: &str| m.dir.path().join(n).to_str().unwrap().to_string();
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--compress",
            "--out",
            &at("b.json.gz"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let packed = std::fs::read(at("b.json.gz")).unwrap();
    assert!(compress::is_gzip(&packed));
    let inner = gunzip(&packed);
    assert!(
        packed.len() < inner.len(),
        "{} {}",
        packed.len(),
        inner.len()
    );
    // The signature is over the bundle's own bytes: they verify once decompressed.
    let verified = signing::verify_stream(&inner[..]).unwrap();
    assert!(verified.records > 0);

    drop(m.store("province.db"));
    let (out, err, code) = m.run("province.db", &["merge", &at("b.json.gz")]);
    assert_eq!(code, 0, "{out}{err}");
    let province = m.store("province.db");
    assert_eq!(count(&province, "SELECT COUNT(*) FROM people"), 1);
    assert!(count(&province, "SELECT COUNT(*) FROM answers") > 0);
    drop(province);

    // Compressed, then sealed for another machine: its merge opens both.
    drop(m.store("district.db"));
    let id = m.store("district.db").database_id().unwrap();
    let key = keys::own_public_key_file(&m.keys(), &id).unwrap();
    key.write(&m.dir.path().join("district.pub")).unwrap();
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--compress",
            "--recipient",
            &at("district.pub"),
            "--out",
            &at("b.json.gz.age"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = m.run("district.db", &["merge", &at("b.json.gz.age")]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        count(&m.store("district.db"), "SELECT COUNT(*) FROM people"),
        1
    );
}

#[test]
fn a_damaged_or_cut_short_compressed_bundle_is_refused_by_name_and_nothing_is_merged() {
    let m = Machines::new();
    let pack = common::pack();
    commune_machine(&mut m.store("commune.db"), &pack);
    let at = |n: &str| m.dir.path().join(n).to_str().unwrap().to_string();
    let (_, err, code) = m.run(
        "commune.db",
        &[
            "export",
            "--format",
            "json",
            "--compress",
            "--out",
            &at("b.json.gz"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let packed = std::fs::read(at("b.json.gz")).unwrap();
    let mut flipped = packed.clone();
    let middle = flipped.len() / 2;
    for b in &mut flipped[middle..middle + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(at("flipped.json.gz"), &flipped).unwrap();
    std::fs::write(at("cut.json.gz"), &packed[..packed.len() * 2 / 3]).unwrap();
    drop(m.store("province.db"));
    for name in ["flipped.json.gz", "cut.json.gz"] {
        let (out, err, code) = m.run("province.db", &["merge", &at(name)]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(err.contains(&at(name)), "{name}: {err}");
        // The decompressor, or the signature behind it, refuses it.
        assert!(err.contains(": error: "), "{name}: {err}");
        let province = m.store("province.db");
        assert_eq!(count(&province, "SELECT COUNT(*) FROM people"), 0, "{name}");
        assert_eq!(count(&province, "SELECT COUNT(*) FROM trusted_keys"), 0);
    }
    // Cut short is the decompressor's to say, before the bundle inside ends.
    let (_, err, _) = m.run("province.db", &["merge", &at("cut.json.gz")]);
    assert!(
        err.contains(
            "the compressed file is damaged or cut short: the compressed data is cut short"
        ),
        "{err}"
    );
}
