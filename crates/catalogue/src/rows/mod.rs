//! The entries, one constant per row, grouped by area.

pub mod api;
pub mod environment;
pub mod loader;
pub mod locale;
pub mod resolver;
pub mod seeds;
