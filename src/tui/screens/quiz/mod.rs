//! Quizzes: the list with best scores and past attempts, a quiz under way (question, feedback,
//! timer), and the result with a review of every question. Three screens, one folder.

pub mod list;
pub mod result;
pub mod run;
