//! A story's timeline drawn as SVG on the event page: one dot an event along a date axis
//! (its size by the number of independent origins), the current event highlighted, undated
//! events after the axis. Only numbers and escaped text go into the template.

use parallax_model::{Day, EventId, Story};

use crate::links;

/// Width of the drawing, in SVG units (it scales to the page).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 96.0;
const LEFT: f64 = 24.0;
const RIGHT: f64 = 24.0;
/// The axis line.
const AXIS_Y: f64 = 52.0;
/// Room kept at the right for undated events.
const UNDATED_ROOM: f64 = 90.0;
/// The most events a timeline draws: the ones nearest the current event in the story order.
const MAX_POINTS: usize = 60;

/// One event on the drawing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimelinePoint {
    pub x: String,
    pub y: String,
    pub r: String,
    pub href: String,
    /// "2023-11-03 · Blinken meets Netanyahu · 4 articles, 4 independent".
    pub label: String,
    pub current: bool,
}

/// A date written under the axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimelineTick {
    pub x: String,
    pub label: String,
    pub anchor: &'static str,
}

/// One event in the list under the drawing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimelineRow {
    pub date: String,
    pub title: String,
    pub href: String,
    pub current: bool,
    pub articles: usize,
}

/// What the event page draws of the story around an event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimelineView {
    pub title: String,
    pub width: String,
    pub height: String,
    pub axis_y: String,
    pub axis_start: String,
    pub axis_end: String,
    pub points: Vec<TimelinePoint>,
    pub ticks: Vec<TimelineTick>,
    pub rows: Vec<TimelineRow>,
    /// Events of the story left off the drawing.
    pub hidden: usize,
}

fn number(value: f64) -> String {
    format!("{value:.1}")
}

impl TimelineView {
    /// The timeline of `story` around `current`, or nothing for a story of one event.
    pub(crate) fn new(story: &Story, current: &EventId) -> Option<Self> {
        if story.timeline.len() < 2 {
            return None;
        }
        let at = story.timeline.iter().position(|entry| &entry.event == current).unwrap_or(0);
        let start = at.saturating_sub(MAX_POINTS / 2).min(story.timeline.len().saturating_sub(MAX_POINTS));
        let shown = &story.timeline[start..(start + MAX_POINTS).min(story.timeline.len())];
        let dated: Vec<Day> = shown.iter().filter_map(|entry| entry.date).collect();
        let has_undated = dated.len() < shown.len();
        let axis_end = WIDTH - RIGHT - if has_undated { UNDATED_ROOM } else { 0.0 };
        let (first, last) = (dated.iter().min().copied(), dated.iter().max().copied());
        let span = match (first, last) {
            (Some(first), Some(last)) => (last - first).num_days().max(1) as f64,
            _ => 1.0,
        };
        let x_of = |day: Day| -> f64 {
            let first = first.unwrap_or(day);
            if first == last.unwrap_or(day) {
                (LEFT + axis_end) / 2.0
            } else {
                LEFT + (axis_end - LEFT) * (day - first).num_days() as f64 / span
            }
        };
        let mut points = Vec::new();
        let mut undated = 0;
        // Events of the same day are stacked upward.
        let mut stacked: Vec<(Day, usize)> = Vec::new();
        for entry in shown {
            let radius = 4.0 + (entry.independent_origin_count.max(1) as f64).sqrt() * 2.0;
            let (x, y) = match entry.date {
                Some(day) => {
                    let level = match stacked.iter_mut().find(|(d, _)| *d == day) {
                        Some((_, count)) => {
                            *count += 1;
                            *count - 1
                        }
                        None => {
                            stacked.push((day, 1));
                            0
                        }
                    };
                    (x_of(day), AXIS_Y - level as f64 * 14.0)
                }
                None => {
                    undated += 1;
                    (axis_end + 24.0 + ((undated - 1) % 4) as f64 * 16.0, AXIS_Y - ((undated - 1) / 4) as f64 * 14.0)
                }
            };
            let date = entry.date.map_or_else(|| "undated".to_string(), |d| d.to_string());
            points.push(TimelinePoint {
                x: number(x),
                y: number(y.max(radius + 2.0)),
                r: number(radius.min(12.0)),
                href: links::event_page(&entry.event.0),
                label: format!(
                    "{date} · {} · {} article{}, {} independent",
                    entry.title,
                    entry.article_count,
                    if entry.article_count == 1 { "" } else { "s" },
                    entry.independent_origin_count
                ),
                current: &entry.event == current,
            });
        }
        let mut ticks = Vec::new();
        if let (Some(first), Some(last)) = (first, last) {
            ticks.push(TimelineTick { x: number(x_of(first)), label: first.to_string(), anchor: "start" });
            if last != first {
                ticks.push(TimelineTick { x: number(x_of(last)), label: last.to_string(), anchor: "end" });
            } else {
                ticks[0].anchor = "middle";
            }
        }
        if has_undated {
            ticks.push(TimelineTick { x: number(axis_end + 48.0), label: "undated".to_string(), anchor: "middle" });
        }
        let rows = shown
            .iter()
            .map(|entry| TimelineRow {
                date: entry.date.map_or_else(|| "date unknown".to_string(), |d| d.to_string()),
                title: entry.title.clone(),
                href: links::event_page(&entry.event.0),
                current: &entry.event == current,
                articles: entry.article_count,
            })
            .collect();
        Some(Self {
            title: story.title.clone(),
            width: number(WIDTH),
            height: number(HEIGHT),
            axis_y: number(AXIS_Y),
            axis_start: number(LEFT),
            axis_end: number(axis_end),
            points,
            ticks,
            rows,
            hidden: story.timeline.len() - shown.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use parallax_model::{StoryId, TimelineEntry};

    use super::*;

    fn entry(id: &str, date: Option<&str>, origins: usize) -> TimelineEntry {
        TimelineEntry {
            event: EventId(id.into()),
            date: date.map(|d| d.parse().expect("date")),
            title: format!("Event <{id}>"),
            article_count: origins,
            independent_origin_count: origins,
            outlets: Vec::new(),
        }
    }

    fn story(timeline: Vec<TimelineEntry>) -> Story {
        Story {
            id: StoryId("st-1".into()),
            title: "Lindqvist, Orlan Dam".into(),
            events: timeline.iter().map(|e| e.event.clone()).collect(),
            timeline,
        }
    }

    #[test]
    fn dots_follow_the_dates_and_undated_events_come_after_the_axis() {
        let story = story(vec![
            entry("a", Some("2024-01-01"), 1),
            entry("b", Some("2024-01-11"), 4),
            entry("c", Some("2024-01-31"), 2),
            entry("d", None, 1),
        ]);
        let view = TimelineView::new(&story, &EventId("b".into())).expect("a timeline");
        let xs: Vec<f64> = view.points.iter().map(|p| p.x.parse().expect("x")).collect();
        let axis_end: f64 = view.axis_end.parse().expect("axis end");
        assert!(xs[0] < xs[1] && xs[1] < xs[2], "in date order: {xs:?}");
        assert!(((xs[1] - xs[0]) / (xs[2] - xs[0]) - 1.0 / 3.0).abs() < 0.01, "spaced by days: {xs:?}");
        assert!(xs[3] > axis_end, "undated after the axis");
        assert_eq!(view.points.iter().filter(|p| p.current).count(), 1);
        assert!(view.points[1].current);
        let radius = |i: usize| view.points[i].r.parse::<f64>().expect("r");
        assert!(radius(1) > radius(0), "more origins, bigger dot");
        assert_eq!(
            view.ticks.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
            ["2024-01-01", "2024-01-31", "undated"]
        );
        assert_eq!(view.rows[1].title, "Event <b>", "titles stay text: the template escapes them");
    }

    #[test]
    fn a_story_of_one_event_has_no_timeline_and_same_day_events_stack() {
        assert!(TimelineView::new(&story(vec![entry("a", Some("2024-01-01"), 1)]), &EventId("a".into())).is_none());
        let view = TimelineView::new(
            &story(vec![entry("a", Some("2024-01-01"), 1), entry("b", Some("2024-01-01"), 1)]),
            &EventId("a".into()),
        )
        .expect("a timeline");
        assert_eq!(view.points[0].x, view.points[1].x);
        assert_ne!(view.points[0].y, view.points[1].y);
    }

    #[test]
    fn long_stories_draw_the_events_around_the_current_one() {
        let timeline: Vec<TimelineEntry> = (0..200)
            .map(|i| {
                let day = Day::from_num_days_from_ce_opt(737_425 + i).expect("day");
                entry(&format!("e{i}"), Some(&day.to_string()), 1)
            })
            .collect();
        let view = TimelineView::new(&story(timeline), &EventId("e150".into())).expect("a timeline");
        assert_eq!(view.points.len(), MAX_POINTS);
        assert_eq!(view.hidden, 200 - MAX_POINTS);
        assert!(view.points.iter().any(|p| p.current));
    }
}
