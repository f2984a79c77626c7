//! File formats: what the kit reads from and writes for people outside it — records bundles,
//! rosters, reports, certificates, xAPI, records exports and Moodle GIFT; gzip for bundles.

pub mod bundle;
pub mod certificate;
pub mod compress;
pub mod file;
pub mod gift;
pub mod html;
pub mod keys;
pub mod lrs;
pub mod qr;
pub mod question_stats;
pub mod records_export;
pub mod report;
pub mod roster;
pub mod seal;
pub mod xapi;
