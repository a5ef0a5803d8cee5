//! Story timelines: each event of a story with its date, title and how widely it was
//! reported, and each event marked with its story.

use std::collections::HashMap;

use parallax_model::{EventId, EventReport, Story, StoryId, TimelineEntry};

/// Fills each story's timeline from the reports of its events (in the story's date order),
/// and names on each report the story it belongs to. Events a story names but no report
/// covers are left off its timeline.
pub fn attach_timelines(stories: &mut [Story], events: &mut [EventReport]) {
    let story_of: HashMap<EventId, StoryId> =
        stories.iter().flat_map(|story| story.events.iter().map(|event| (event.clone(), story.id.clone()))).collect();
    for event in events.iter_mut() {
        event.story = story_of.get(&event.id).cloned();
    }
    let entries: HashMap<EventId, TimelineEntry> = events.iter().map(|e| (e.id.clone(), timeline_entry(e))).collect();
    fill_timelines(stories, &entries);
}

/// What a story's timeline shows of an event.
pub fn timeline_entry(event: &EventReport) -> TimelineEntry {
    TimelineEntry {
        event: event.id.clone(),
        date: event.date,
        title: event.title.clone(),
        article_count: event.article_count,
        independent_origin_count: event.independent_origin_count,
        outlets: event.outlets.clone(),
    }
}

/// Sets each story's timeline from the entries of its events, in the story's order (events
/// without an entry are left out). A story whose events name no actor to call it by takes its
/// first event's title.
pub fn fill_timelines(stories: &mut [Story], entries: &HashMap<EventId, TimelineEntry>) {
    for story in stories {
        story.timeline = story.events.iter().filter_map(|id| entries.get(id).cloned()).collect();
        if story.title.trim().is_empty()
            && let Some(first) = story.timeline.first()
        {
            story.title = first.title.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use parallax_model::{Day, StoryId};

    use super::*;
    use crate::test_support::empty_report;

    #[test]
    fn timelines_follow_the_story_order_and_events_name_their_story() {
        let day = |d: u32| Day::from_ymd_opt(2024, 1, d);
        let mut events = vec![empty_report("ev-b", day(20)), empty_report("ev-a", day(3)), empty_report("ev-c", None)];
        events[0].outlets = vec!["Northwire".into(), "Valley Voice".into()];
        let mut stories = vec![Story {
            id: StoryId("st-1".into()),
            title: "Lindqvist".into(),
            events: vec![EventId("ev-a".into()), EventId("ev-b".into()), EventId("ev-missing".into())],
            timeline: Vec::new(),
        }];
        attach_timelines(&mut stories, &mut events);
        let timeline = &stories[0].timeline;
        assert_eq!(timeline.iter().map(|e| e.event.0.as_str()).collect::<Vec<_>>(), ["ev-a", "ev-b"]);
        assert_eq!(timeline[0].date, day(3));
        assert_eq!(timeline[1].outlets, ["Northwire", "Valley Voice"]);
        assert_eq!(events[0].story, Some(StoryId("st-1".into())));
        assert_eq!(events[2].story, None);
        assert_eq!(stories[0].title, "Lindqvist");
    }

    #[test]
    fn a_story_without_actors_takes_its_first_events_title() {
        let mut events = vec![empty_report("ev-a", None)];
        events[0].title = "Harbour wall repaired".into();
        let mut stories = vec![Story {
            id: StoryId("st-1".into()),
            title: String::new(),
            events: vec![EventId("ev-a".into())],
            timeline: Vec::new(),
        }];
        attach_timelines(&mut stories, &mut events);
        assert_eq!(stories[0].title, "Harbour wall repaired");
    }
}
