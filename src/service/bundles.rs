//! Records that travel as files: the records bundle and xAPI statements, read from the store and
//! written in their formats (`io::bundle`, `io::xapi`).

use serde_json::Value;

use crate::domain::bundle::{Bundle, BundleFilter};
use crate::domain::content::Pack;
use crate::io::{bundle, xapi};
use crate::store::{Result, Store};

/// The bundle of the records `filter` selects, with its JSON text (the caller tells what it
/// holds).
pub fn bundle_json(store: &Store, filter: &BundleFilter) -> Result<(Bundle, String)> {
    let b = store.bundle_records(filter)?;
    let text = bundle::to_json(&b);
    Ok((b, text))
}

/// The xAPI statements for the records `filter` selects, oldest first.
pub fn xapi_statements(
    store: &Store,
    pack: &Pack,
    filter: &BundleFilter,
    homepage: &str,
) -> Result<Vec<Value>> {
    Ok(xapi::statements(
        &store.bundle_records(filter)?,
        pack,
        homepage,
    ))
}
