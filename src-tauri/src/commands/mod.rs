//! Tauri commands, one thin module per screen area. Each command only
//! unpacks its input, calls [`crate::backend::Backend`] and returns
//! `Result<T, AppError>`; all are `async` so they run off the UI thread.

pub mod settings;
pub mod tender;
pub mod verify;
pub mod wallet;
