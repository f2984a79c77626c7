//! The shape a statement is written in: typed parts whose keys are declared in the order a JSON
//! object sorts them (so the bytes are those of the same statement as a `serde_json::Value`),
//! the parts that repeat across statements (activities, verbs) rendered once as raw JSON at the
//! depth they sit at, and the pretty printer the streamed array uses, one level in.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// One statement. Its fields are in key order: `serde_json::to_value` of it equals the map the
/// statement was built as before, and pretty-printed it has the same bytes.
#[derive(Serialize)]
pub(super) struct Statement<'s> {
    pub actor: Agent<'s>,
    pub context: Context,
    pub id: &'s str,
    pub object: Part,
    pub result: Outcome,
    pub timestamp: &'s str,
    pub verb: Part,
    pub version: &'static str,
}

/// A rendered part, shared by every statement that has it.
#[derive(Clone)]
pub(super) struct Part(Arc<RawValue>);

impl Serialize for Part {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// The official as an xAPI agent.
#[derive(Serialize)]
pub(super) struct Agent<'s> {
    pub account: Account<'s>,
    pub name: &'s str,
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
}

#[derive(Serialize)]
pub(super) struct Account<'s> {
    #[serde(rename = "homePage")]
    pub home_page: &'s str,
    pub name: &'s str,
}

#[derive(Serialize)]
pub(super) struct Context {
    #[serde(rename = "contextActivities", skip_serializing_if = "Option::is_none")]
    pub activities: Option<Part>,
    pub language: &'static str,
    pub platform: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
}

impl Context {
    pub fn new(activities: Option<Part>, registration: Option<&str>) -> Context {
        Context {
            activities,
            language: "vi-VN",
            platform: "danvan",
            registration: registration.map(str::to_string),
        }
    }
}

/// A statement's `result`.
#[derive(Serialize, Default)]
pub(super) struct Outcome {
    pub completion: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
}

/// How deep a repeated part sits in a statement of the streamed array (the array is level 0,
/// a statement's braces level 1): `object` and `verb` are values of the statement, the
/// context's activities a value of `context`.
pub(super) const STATEMENT_VALUE: usize = 2;
pub(super) const CONTEXT_VALUE: usize = 3;

/// The parts that repeat across statements, each rendered once: what an activity says depends
/// only on the pack and the home page, not on who did it. Bounded by the pack, not by people.
#[derive(Default)]
pub(super) struct Fragments {
    rendered: HashMap<String, Part>,
}

impl Fragments {
    /// The part under `key`, rendered at `depth` from `make` the first time it is asked for.
    pub fn get(&mut self, key: &str, depth: usize, make: impl FnOnce() -> Value) -> Part {
        if let Some(done) = self.rendered.get(key) {
            return done.clone();
        }
        let done = render(&make(), depth);
        self.rendered.insert(key.to_string(), done.clone());
        done
    }
}

/// `v` pretty-printed as it reads at `depth` inside the streamed array.
fn render(v: &Value, depth: usize) -> Part {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, Indented::at(depth));
    // A Value always serializes, and a Vec never refuses a write.
    v.serialize(&mut ser)
        .expect("a JSON value serializes into memory");
    let text = String::from_utf8(buf).expect("serde_json writes UTF-8");
    Part(Arc::from(
        RawValue::from_string(text).expect("serde_json writes valid JSON"),
    ))
}

/// serde_json's pretty printer (two spaces a level) starting `level` levels in, so a statement
/// of the array is written in place instead of printed alone and indented afterwards.
pub(super) struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    pub fn at(level: usize) -> Indented {
        Indented {
            level,
            has_value: false,
        }
    }
}

fn indent<W: ?Sized + io::Write>(w: &mut W, level: usize) -> io::Result<()> {
    const SPACES: &[u8] = b"                                ";
    let mut n = level * 2;
    while n > 0 {
        let step = n.min(SPACES.len());
        w.write_all(&SPACES[..step])?;
        n -= step;
    }
    Ok(())
}

impl Indented {
    /// An array or object opens: one level in, nothing in it yet.
    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// It closes on a line of its own, unless it stayed empty (`[]`, `{}`).
    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.level)?;
        }
        w.write_all(bracket)
    }

    /// Each element or key starts a line at the current level.
    fn entry<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.level)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.entry(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.entry(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes one statement of the streamed array: two spaces, then the statement one level in.
pub(super) fn write_statement<W: io::Write + ?Sized>(w: &mut W, s: &Statement) -> io::Result<()> {
    w.write_all(b"  ")?;
    let mut ser = serde_json::Serializer::with_formatter(w, Indented::at(1));
    s.serialize(&mut ser).map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_level_in_is_the_pretty_print_indented_by_two_spaces() {
        let v = json!({ "b": [1, { "c": [] }, {}], "a": { "x": "y" }, "e": [] });
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let by_hand: Vec<String> = pretty.lines().map(|l| format!("  {l}")).collect();
        let mut out = Vec::new();
        out.extend_from_slice(b"  ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Indented::at(1));
        v.serialize(&mut ser).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), by_hand.join("\n"));
    }

    #[test]
    fn a_fragment_is_rendered_once_and_reads_back_as_its_value() {
        let mut f = Fragments::default();
        let mut made = 0;
        for _ in 0..3 {
            let raw = f.get("k", STATEMENT_VALUE, || {
                made += 1;
                json!({ "id": "x", "n": [1, 2] })
            });
            let back: Value = serde_json::from_str(raw.0.get()).unwrap();
            assert_eq!(back, json!({ "id": "x", "n": [1, 2] }));
        }
        assert_eq!(made, 1);
    }
}
