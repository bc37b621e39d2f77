//! The value rules of SPEC §3, one module each: RUT, amounts, dates, days and text keys.

pub mod amount;
pub mod date;
pub mod rut;
pub mod text;
