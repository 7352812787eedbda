//! Alerts (placeholder, filled in next).

/// An alert.
pub struct Alert;
/// State.
pub enum AlertState {}
/// Subject.
pub enum AlertSubject {}
