//! The verification history's trend chart as plain Rust: where each attempt's point goes
//! in a small SVG, so the page draws lines and circles and the geometry is tested natively
//! (no chart library: a polyline and a few labels are all it takes).

use crate::storage::history::TrendPoint;

/// The chart's drawing area, in SVG user units (the page scales it to its width).
pub const WIDTH: f64 = 320.0;
pub const HEIGHT: f64 = 120.0;
/// Room left for the axis labels.
const PAD_LEFT: f64 = 36.0;
const PAD_RIGHT: f64 = 12.0;
const PAD_TOP: f64 = 12.0;
const PAD_BOTTOM: f64 = 22.0;

/// One attempt on the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub attempt: u32,
    pub total: usize,
    pub x: f64,
    pub y: f64,
    /// A worker failed or the run did not start: drawn hollow, its count is not the truth.
    pub partial: bool,
}

/// Everything the page draws.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    pub points: Vec<ChartPoint>,
    /// The `points` attribute of the line through the attempts.
    pub polyline: String,
    /// The largest count, labelled at the top of the axis (0 at the bottom).
    pub y_max: usize,
    /// The baseline's height, for the axis line and the 0 label.
    pub y_zero: f64,
}

/// The chart of a closing's attempts, first to last; `None` before the first attempt.
pub fn trend_chart(points: &[TrendPoint]) -> Option<TrendChart> {
    if points.is_empty() {
        return None;
    }
    let y_max = points.iter().map(|point| point.total).max().unwrap_or(0);
    let plot_width = WIDTH - PAD_LEFT - PAD_RIGHT;
    let plot_height = HEIGHT - PAD_TOP - PAD_BOTTOM;
    let y_zero = PAD_TOP + plot_height;
    // One attempt sits in the middle; more spread over the width, first at the left.
    let step = if points.len() > 1 {
        plot_width / (points.len() - 1) as f64
    } else {
        0.0
    };
    let chart_points: Vec<ChartPoint> = points
        .iter()
        .enumerate()
        .map(|(idx, point)| {
            let x = if points.len() > 1 {
                PAD_LEFT + step * idx as f64
            } else {
                PAD_LEFT + plot_width / 2.0
            };
            // A closing whose every attempt found nothing draws on the baseline.
            let share = if y_max == 0 {
                0.0
            } else {
                point.total as f64 / y_max as f64
            };
            ChartPoint {
                attempt: point.attempt,
                total: point.total,
                x: round1(x),
                y: round1(y_zero - share * plot_height),
                partial: point.partial,
            }
        })
        .collect();
    let polyline = chart_points
        .iter()
        .map(|point| format!("{},{}", point.x, point.y))
        .collect::<Vec<_>>()
        .join(" ");
    Some(TrendChart {
        points: chart_points,
        polyline,
        y_max,
        y_zero,
    })
}

/// One decimal is plenty on a 320-unit chart and keeps the markup short.
fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuadra_core::document::ClosingState;

    fn point(attempt: u32, total: usize, partial: bool) -> TrendPoint {
        TrendPoint {
            attempt,
            started_at_ms: f64::from(attempt) * 1000.0,
            total,
            by_group: [total, 0],
            final_state: ClosingState::WithDiscrepancies,
            partial,
            duration_ms: 10.0,
        }
    }

    #[test]
    fn no_attempts_no_chart() {
        assert_eq!(trend_chart(&[]), None);
    }

    #[test]
    fn attempts_spread_from_left_to_right_and_scale_to_the_largest_count() {
        let chart = trend_chart(&[point(1, 40, false), point(2, 10, true), point(3, 0, false)])
            .expect("three attempts");
        assert_eq!(chart.y_max, 40);
        let xs: Vec<f64> = chart.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, vec![PAD_LEFT, 172.0, WIDTH - PAD_RIGHT]);
        let [first, second, third] = [&chart.points[0], &chart.points[1], &chart.points[2]];
        assert_eq!(first.y, PAD_TOP, "the largest count is at the top");
        assert_eq!(third.y, chart.y_zero, "zero is on the baseline");
        assert_eq!(second.y, 76.5, "a quarter of the height above the baseline");
        assert!(second.partial);
        assert_eq!(chart.polyline, "36,12 172,76.5 308,98");
    }

    #[test]
    fn one_attempt_sits_in_the_middle_and_all_zero_on_the_baseline() {
        let chart = trend_chart(&[point(1, 0, false)]).expect("one attempt");
        assert_eq!(chart.points[0].x, 172.0);
        assert_eq!(chart.points[0].y, chart.y_zero);
        assert_eq!(chart.y_max, 0);
    }
}
