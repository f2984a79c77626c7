//! A quiz attempt and its answers as recorded: status, paper, timing and score.

use crate::quiz::{Paper, Response};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptStatus {
    Open,
    Submitted,
    TimedOut,
    /// The quiz changed while the attempt was open: closed and graded on the answers given.
    ClosedChanged,
}

impl AttemptStatus {
    pub fn key(self) -> &'static str {
        match self {
            AttemptStatus::Open => "open",
            AttemptStatus::Submitted => "submitted",
            AttemptStatus::TimedOut => "timed-out",
            AttemptStatus::ClosedChanged => "closed-changed",
        }
    }

    /// The Fluent id of the status in words.
    pub fn msg_id(self) -> &'static str {
        match self {
            AttemptStatus::Open => "attempt-status-open",
            AttemptStatus::Submitted => "attempt-status-submitted",
            AttemptStatus::TimedOut => "attempt-status-timed-out",
            AttemptStatus::ClosedChanged => "attempt-status-closed-changed",
        }
    }

    /// The status a stored key names; an unknown key reads as submitted.
    pub fn parse(s: &str) -> AttemptStatus {
        match s {
            "open" => AttemptStatus::Open,
            "timed-out" => AttemptStatus::TimedOut,
            "closed-changed" => AttemptStatus::ClosedChanged,
            _ => AttemptStatus::Submitted,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub id: String,
    pub person_id: String,
    pub quiz_id: String,
    pub quiz_version: String,
    pub content_hash: String,
    pub paper: Paper,
    pub practice: bool,
    pub status: AttemptStatus,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub active_ms: u64,
    pub earned: Option<u32>,
    pub max_points: Option<u32>,
    pub passed: Option<bool>,
}

impl Attempt {
    pub fn percent(&self) -> Option<f64> {
        match (self.earned, self.max_points) {
            (Some(e), Some(m)) if m > 0 => Some(e as f64 * 100.0 / m as f64),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub position: usize,
    pub bank_id: String,
    pub question_id: String,
    pub response: Response,
    pub correct: bool,
    pub earned: u32,
    pub answered_at: String,
    pub active_ms: u64,
}
