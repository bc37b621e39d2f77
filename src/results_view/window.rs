//! The visible window of a long list: which rows are in the DOM and the space around them.

/// Which rows of a long list are in the DOM: the visible ones plus an overscan on each
/// side, and the blank space above and below them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowWindow {
    /// First rendered row (position in the filtered list).
    pub start: usize,
    /// One past the last rendered row.
    pub end: usize,
    pub space_above_px: u64,
    pub space_below_px: u64,
}

impl RowWindow {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The `aria-rowindex` of the row rendered at `slot` of the window (1-based, counting
    /// the table's one header row), so a screen reader says "row 5,002 of 100,001" for a
    /// recycled row: the index follows the position the row shows, not its element.
    pub fn aria_row_index(&self, slot: usize) -> usize {
        self.start + slot + 1 + HEADER_ROWS
    }
}

/// Rows of the list's `<thead>`: they count in `aria-rowcount` and `aria-rowindex`.
pub const HEADER_ROWS: usize = 1;

/// The table's `aria-rowcount` for a list of `n_rows` rows (the header row included): the
/// whole list, of which only a window is in the DOM.
pub fn aria_row_count(n_rows: usize) -> usize {
    n_rows + HEADER_ROWS
}

/// The window for a list of `n_rows` rows of `row_height_px`, scrolled to `scroll_top_px`
/// in a viewport `viewport_px` high.
pub fn row_window(
    n_rows: usize,
    scroll_top_px: f64,
    viewport_px: f64,
    row_height_px: u32,
    overscan: usize,
) -> RowWindow {
    let row_height = f64::from(row_height_px.max(1));
    // Float to index: clamped to the list, so a stale or negative scroll position is safe.
    let first_visible = (scroll_top_px.max(0.0) / row_height).floor() as usize;
    let n_visible = (viewport_px.max(0.0) / row_height).ceil() as usize + 1;
    let start = first_visible.saturating_sub(overscan).min(n_rows);
    let end = first_visible
        .saturating_add(n_visible)
        .saturating_add(overscan)
        .min(n_rows)
        .max(start);
    let px = |rows: usize| rows as u64 * u64::from(row_height_px);
    RowWindow {
        start,
        end,
        space_above_px: px(start),
        space_below_px: px(n_rows - end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aria_row_indices_follow_the_window_and_count_the_header() {
        assert_eq!(aria_row_count(0), 1);
        assert_eq!(aria_row_count(100_000), 100_001);
        let top = row_window(100_000, 0.0, 480.0, 32, 5);
        // The header is row 1; the first discrepancy is row 2.
        assert_eq!(top.aria_row_index(0), 2);
        let middle = row_window(100_000, 32.0 * 50_000.0, 480.0, 32, 5);
        assert_eq!(middle.start, 49_995);
        // Slot 5 of this window shows position 50,000 (0-based): row 50,002 of 100,001.
        assert_eq!(middle.aria_row_index(5), 50_002);
        let bottom = row_window(100_000, 32.0 * 100_000.0, 480.0, 32, 5);
        let last_slot = bottom.range().len() - 1;
        assert_eq!(bottom.aria_row_index(last_slot), aria_row_count(100_000));
    }

    #[test]
    fn window_at_top_middle_bottom_and_empty() {
        // 100,000 rows of 32 px in a 480 px viewport, overscan 5.
        let top = row_window(100_000, 0.0, 480.0, 32, 5);
        assert_eq!((top.start, top.end), (0, 21));
        assert_eq!(top.space_above_px, 0);
        assert_eq!(top.space_below_px, (100_000 - 21) * 32);

        let middle = row_window(100_000, 32.0 * 50_000.0 + 10.0, 480.0, 32, 5);
        assert_eq!((middle.start, middle.end), (49_995, 50_021));
        assert_eq!(
            middle.space_above_px + middle.space_below_px + middle.range().len() as u64 * 32,
            100_000 * 32,
            "spacers and rows always add up to the full height"
        );

        let bottom = row_window(100_000, 32.0 * 100_000.0 - 480.0, 480.0, 32, 5);
        assert_eq!(bottom.end, 100_000);
        assert_eq!(bottom.space_below_px, 0);
        assert!(bottom.range().len() < 30);

        // Scrolled past the end (the list just shrank): nothing breaks.
        let past = row_window(10, 1.0e9, 480.0, 32, 5);
        assert_eq!((past.start, past.end), (10, 10));
        assert_eq!((past.space_above_px, past.space_below_px), (320, 0));

        let empty = row_window(0, 0.0, 480.0, 32, 5);
        assert_eq!((empty.start, empty.end), (0, 0));
        assert_eq!((empty.space_above_px, empty.space_below_px), (0, 0));

        let short = row_window(3, -40.0, 480.0, 32, 5);
        assert_eq!((short.start, short.end), (0, 3));
    }
}
