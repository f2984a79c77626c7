//! Moodle GIFT → quiz TOML (being written).
