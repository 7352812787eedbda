#![allow(dead_code)]
pub mod pdfw;
pub mod synth;
