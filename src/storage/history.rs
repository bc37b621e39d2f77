//! A closing's verification history as the trend chart reads it: one point per attempt,
//! first to last.

use cuadra_core::document::ClosingState;
use cuadra_core::Group;

use super::model::AttemptRecord;

/// One attempt on the trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub attempt: u32,
    pub started_at_ms: f64,
    pub total: usize,
    /// Indexed like `Group::ALL`.
    pub by_group: [usize; 2],
    pub final_state: ClosingState,
    /// A worker failed or the run did not start: the point is not a real count.
    pub partial: bool,
    pub duration_ms: f64,
}

/// The trend of a closing's attempts, ordered by attempt number.
pub fn trend(attempts: &[AttemptRecord]) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = attempts
        .iter()
        .map(|attempt| TrendPoint {
            attempt: attempt.attempt,
            started_at_ms: attempt.started_at_ms,
            total: attempt.total,
            by_group: Group::ALL
                .map(|group| attempt.totals_by_group.get(&group).copied().unwrap_or(0)),
            final_state: attempt.final_state,
            partial: attempt.incomplete || attempt.error.is_some(),
            duration_ms: attempt.duration_ms,
        })
        .collect();
    points.sort_by_key(|point| point.attempt);
    points
}

/// The change in discrepancies from the first complete attempt to the last one
/// (negative: fewer now), or `None` with fewer than two complete attempts.
pub fn trend_delta(points: &[TrendPoint]) -> Option<i64> {
    let mut complete = points.iter().filter(|point| !point.partial);
    let first = complete.next()?;
    let last = complete.next_back()?;
    Some(last.total as i64 - first.total as i64)
}
