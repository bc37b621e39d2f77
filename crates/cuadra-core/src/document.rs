//! The result document (SPEC §5.5): the one truth for the page, the CLI and the portal.
