//! Builders of the records the checks store.

use parallax_model::{ArticleId, CleanArticle, EventId, EventReport, Extraction, Story, StoryId};

pub fn article(id: &str, body: &str) -> CleanArticle {
    CleanArticle {
        id: ArticleId(id.into()),
        title: Some(format!("Title {id}")),
        subtitle: None,
        outlet: Some("Harbour Herald".into()),
        url: None,
        published: chrono::NaiveDate::from_ymd_opt(2025, 3, 14),
        published_source: None,
        modified: None,
        language: Some("en".into()),
        authors: Vec::new(),
        paragraphs: vec![body.to_string()],
        removed: Vec::new(),
        content_hash: parallax_model::short_hash(body),
    }
}

/// A batch row: the article, an empty extraction, and `<id>.txt` as its source.
pub fn row(id: &str, body: &str) -> (CleanArticle, Extraction, String) {
    (article(id, body), Extraction::default(), format!("{id}.txt"))
}

pub fn event(id: &str, date: Option<&str>, articles: &[&str]) -> EventReport {
    EventReport {
        id: EventId(id.into()),
        title: format!("Event {id}"),
        date: date.map(|d| d.parse().expect("date")),
        articles: articles.iter().map(|a| ArticleId((*a).into())).collect(),
        outlets: Vec::new(),
        article_count: articles.len(),
        independent_origin_count: articles.len(),
        people: Vec::new(),
        places: Vec::new(),
        organizations: Vec::new(),
        summary: Vec::new(),
        quotes: Vec::new(),
        figures: Vec::new(),
        agreements: Vec::new(),
        conflicts: Vec::new(),
        updates: Vec::new(),
        statements: Vec::new(),
        wording: Vec::new(),
        story: None,
        history: Vec::new(),
        entities: Vec::new(),
        report_key: String::new(),
    }
}

pub fn story(id: &str, events: &[&str]) -> Story {
    Story {
        id: StoryId(id.into()),
        title: format!("Story {id}"),
        events: events.iter().map(|e| EventId((*e).into())).collect(),
        timeline: Vec::new(),
    }
}

pub fn ids(ids: &[&str]) -> Vec<ArticleId> {
    ids.iter().map(|id| ArticleId((*id).into())).collect()
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_string()).collect()
}
