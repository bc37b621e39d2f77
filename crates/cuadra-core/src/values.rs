//! The value rules of docs/rules.md, one module each: RUT, amounts, dates, days and text keys.

pub mod amount;
pub mod date;
pub mod rut;
pub mod text;
