//! Sealed bundles on real files: `export --format json --recipient` encrypts the signed bundle to
//! the receiving database's public key (age, X25519), only that database's machine opens it in
//! `merge`, and a plain export says it can be read by anyone who holds it. Each machine has its
//! own keys folder, as on real PCs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use danvan::domain::people::NewPerson;
use danvan::io::keys;
use danvan::service::bundles;
use danvan::store::Store;

/// A machine: its database and its keys folder.
struct Machine {
    db: PathBuf,
    keys: PathBuf,
}

impl Machine {
    fn new(dir: &Path, name: &str) -> Machine {
        let m = Machine {
            db: dir.join(format!("{name}.db")),
            keys: dir.join(format!("{name}-keys")),
        };
        drop(Store::open(&m.db).unwrap());
        m
    }

    fn run(&self, args: &[&str]) -> (String, String, i32) {
        let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .args(["--lang", "en"])
            .env(bundles::KEY_DIR_ENV, &self.keys)
            .env_remove("DANVAN_DB")
            .env_remove("DANVAN_LANG")
            .env_remove("DANVAN_CONTENT")
            .env_remove("DANVAN_TRAINER_PASSPHRASE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code().unwrap_or(-1),
        )
    }

    /// This machine's public key file, written where the other machine can read it.
    fn public_key_file(&self, to: &Path) -> keys::PublicKeyFile {
        let id = Store::open(&self.db).unwrap().database_id().unwrap();
        let file = keys::own_public_key_file(&self.keys, &id).unwrap();
        file.write(to).unwrap();
        file
    }

    fn people(&self) -> Vec<String> {
        Store::open(&self.db)
            .unwrap()
            .people()
            .unwrap()
            .into_iter()
            .map(|p| p.full_name)
            .collect()
    }
}

#[test]
fn a_sealed_bundle_opens_only_on_the_machine_it_was_sealed_for() {
    let dir = tempfile::tempdir().unwrap();
    let commune = Machine::new(dir.path(), "commune");
    let province = Machine::new(dir.path(), "province");
    let stranger = Machine::new(dir.path(), "stranger");
    Store::open(&commune.db)
        .unwrap()
        .add_person(&NewPerson {
            full_name: "Nguyễn Thị Hoa".into(),
            staff_code: Some("CB-HOA-77".into()),
            unit_id: None,
            position: "Công chức".into(),
            appointed_on: None,
        })
        .unwrap();
    let province_pub = dir.path().join("province.pub");
    let province_key = province.public_key_file(&province_pub);

    // Sealed for the province by its public key file.
    let sealed = dir.path().join("to-province.json.age");
    let (_, err, code) = commune.run(&[
        "export",
        "--format",
        "json",
        "--recipient",
        province_pub.to_str().unwrap(),
        "--out",
        sealed.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("sealed for database"), "{err}");
    assert!(!err.contains("not encrypted"), "{err}");
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(bytes.starts_with(danvan::io::seal::AGE_MAGIC));
    for secret in ["Hoa", "CB-HOA-77", "danvan-records"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} readable in the sealed file"
        );
    }

    // Another machine cannot open it, and merges nothing.
    let (_, err, code) = stranger.run(&["merge", sealed.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("sealed"), "{err}");
    assert!(stranger.people().is_empty());
    // A copy of the province's database on that machine cannot either: the key is not there.
    std::fs::copy(&province.db, &stranger.db).unwrap();
    let (_, err, code) = stranger.run(&["merge", sealed.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("no decryption key"), "{err}");

    // Cut short on the way: refused, nothing merged.
    let cut = dir.path().join("cut.json.age");
    std::fs::write(&cut, &bytes[..bytes.len() - 40]).unwrap();
    let (_, err, code) = province.run(&["merge", cut.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(province.people().is_empty());

    // The province opens it and merges it whole (the bundle inside is still signed).
    let (out, err, code) = province.run(&["merge", sealed.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Signature valid"), "{out}");
    assert_eq!(province.people(), ["Nguyễn Thị Hoa"]);

    // Once the province's key file is pinned (trainer trust FILE), its fingerprint is enough.
    let (_, err, code) = commune.run(&["trainer", "trust", province_pub.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let by_fp = dir.path().join("by-fingerprint.json.age");
    let fp = province_key.fingerprint().to_string();
    let (_, err, code) = commune.run(&[
        "export",
        "--format",
        "json",
        "--recipient",
        &fp,
        "--out",
        by_fp.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(&by_fp)
        .unwrap()
        .starts_with(danvan::io::seal::AGE_MAGIC));
    // A fingerprint of no key kept here is refused, naming it, and writes no file.
    let nowhere = dir.path().join("nowhere.json");
    let unknown = "AAAA".repeat(8);
    let (_, err, code) = stranger.run(&[
        "export",
        "--format",
        "json",
        "--recipient",
        &unknown,
        "--out",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("Cannot tell who"), "{err}");
    assert!(!nowhere.exists());
}

#[test]
fn a_plain_export_says_anyone_can_read_it_and_recipient_is_for_bundles_only() {
    let dir = tempfile::tempdir().unwrap();
    let m = Machine::new(dir.path(), "m");
    let out = dir.path().join("plain.json");
    let (_, err, code) = m.run(&["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("not encrypted") && err.contains("13/2023"),
        "{err}"
    );
    let (_, err, code) = m.run(&["export", "--format", "csv", "--recipient", "x.pub"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--recipient is only for --format json"),
        "{err}"
    );
}

#[test]
fn a_database_copied_to_another_machine_becomes_its_own_and_cannot_speak_for_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let original = Machine::new(dir.path(), "original");
    Store::open(&original.db)
        .unwrap()
        .add_person(&NewPerson {
            full_name: "Phạm Văn Minh".into(),
            staff_code: Some("CB-MINH".into()),
            unit_id: None,
            position: String::new(),
            appointed_on: None,
        })
        .unwrap();
    let first = dir.path().join("original.json");
    let (_, err, code) = original.run(&[
        "export",
        "--format",
        "json",
        "--out",
        first.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("copied"), "{err}");
    let original_id = Store::open(&original.db).unwrap().database_id().unwrap();

    // The file copied to another PC, whose keys folder has no key for it.
    let copy = Machine {
        db: dir.path().join("copy.db"),
        keys: dir.path().join("copy-keys"),
    };
    std::fs::copy(&original.db, &copy.db).unwrap();
    let second = dir.path().join("copy.json");
    let (_, err, code) = copy.run(&[
        "export",
        "--format",
        "json",
        "--out",
        second.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("was copied here") && err.contains(&original_id),
        "{err}"
    );
    let copy_store = Store::open(&copy.db).unwrap();
    let copy_id = copy_store.database_id().unwrap();
    assert_ne!(copy_id, original_id);
    assert_eq!(
        copy_store.setting("copied_from").unwrap().as_deref(),
        Some(original_id.as_str())
    );
    // Said once.
    let third = dir.path().join("copy-again.json");
    let (_, err, code) = copy.run(&[
        "export",
        "--format",
        "json",
        "--out",
        third.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("was copied here"), "{err}");
    // The original still signs as itself.
    let (_, err, code) = original.run(&[
        "export",
        "--format",
        "json",
        "--out",
        dir.path().join("original-2.json").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("copied"), "{err}");
    assert_eq!(
        Store::open(&original.db).unwrap().database_id().unwrap(),
        original_id
    );

    // At the province: the original's bundle brings Minh; the copy renaming him is held, as
    // the copy did not create him.
    let province = Machine::new(dir.path(), "province");
    let (out, err, code) = province.run(&["merge", first.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    copy_store
        .conn()
        .execute(
            "UPDATE people SET full_name = 'Phạm Văn Minh Giả', updated_at = '2027-01-01T00:00:00Z'",
            [],
        )
        .unwrap();
    drop(copy_store);
    let renamed = dir.path().join("copy-renamed.json");
    let (_, err, code) = copy.run(&[
        "export",
        "--format",
        "json",
        "--out",
        renamed.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (out, err, _) = province.run(&["merge", renamed.to_str().unwrap()]);
    assert!(out.contains("held") || err.contains("held"), "{out}{err}");
    assert_eq!(province.people(), ["Phạm Văn Minh"]);
}
