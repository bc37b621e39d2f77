//! Hostile input and failure (issue 12): exports that never arm a formula, readers that
//! never crash, hang or lie on a malformed-input corpus, values at their edges, and the
//! limits that keep time linear and memory bounded.

mod corpus;
mod exports;
mod fuzz;
