//! Cuadra browser app.
