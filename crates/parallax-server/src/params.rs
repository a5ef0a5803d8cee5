//! Query strings in two phases: raw strings as sent (unknown names refused), then validated
//! settings with a clear message for each bad value.

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use parallax_model::Day;
use serde::Deserialize;

use crate::ApiError;

/// Most events one request may ask for.
pub(crate) const MAX_LIMIT: usize = 1000;
/// Longest text accepted in a text parameter.
const MAX_TEXT: usize = 500;

/// The event filter parameters as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEventQuery {
    from: Option<String>,
    to: Option<String>,
    entity: Option<String>,
    outlet: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    order: Option<String>,
}

/// Which end of the timeline comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// By date, undated events last: the order of `parallax events`.
    Oldest,
    /// Newest date first, undated events last.
    Newest,
}

/// A validated event filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EventQuery {
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub entity: Option<String>,
    pub outlet: Option<String>,
    pub text: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub order: Order,
}

/// What a surface uses when a parameter is not given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EventDefaults {
    pub limit: usize,
    pub max_limit: usize,
    pub order: Order,
}

/// The JSON list: 50 at a time, in the CLI's order.
pub(crate) const API_DEFAULTS: EventDefaults = EventDefaults { limit: 50, max_limit: MAX_LIMIT, order: Order::Oldest };
/// The web page: newest first.
pub(crate) const PAGE_DEFAULTS: EventDefaults = EventDefaults { limit: 50, max_limit: MAX_LIMIT, order: Order::Newest };
/// Feeds: the latest 50.
pub(crate) const FEED_DEFAULTS: EventDefaults = EventDefaults { limit: 50, max_limit: MAX_LIMIT, order: Order::Newest };
/// Exports: everything, in the CLI's order.
pub(crate) const EXPORT_DEFAULTS: EventDefaults =
    EventDefaults { limit: usize::MAX, max_limit: usize::MAX, order: Order::Oldest };

/// Turns axum's query rejection (malformed encoding, unknown or repeated names) into ours.
pub(crate) fn accept<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    match query {
        Ok(Query(value)) => Ok(value),
        Err(rejection) => Err(ApiError::InvalidQuery { message: rejection.body_text() }),
    }
}

impl RawEventQuery {
    pub(crate) fn validate(self, defaults: EventDefaults) -> Result<EventQuery, ApiError> {
        let from = parse_day("from", self.from.as_deref())?;
        let to = parse_day("to", self.to.as_deref())?;
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(ApiError::InvalidParameter { name: "to", reason: format!("{to} is before `from` ({from})") });
        }
        let limit = match non_empty(self.limit.as_deref()) {
            None => defaults.limit,
            Some(text) => parse_count("limit", text, 1, defaults.max_limit)?,
        };
        let offset = match non_empty(self.offset.as_deref()) {
            None => 0,
            Some(text) => parse_count("offset", text, 0, usize::MAX)?,
        };
        let order = match non_empty(self.order.as_deref()) {
            None => defaults.order,
            Some("oldest") => Order::Oldest,
            Some("newest") => Order::Newest,
            Some(other) => {
                return Err(ApiError::InvalidParameter {
                    name: "order",
                    reason: format!("expected `oldest` or `newest`, got `{}`", shorten(other)),
                });
            }
        };
        Ok(EventQuery {
            from,
            to,
            entity: parse_text("entity", self.entity.as_deref())?,
            outlet: parse_text("outlet", self.outlet.as_deref())?,
            text: parse_text("q", self.q.as_deref())?,
            limit,
            offset,
            order,
        })
    }
}

impl EventQuery {
    /// The query string that asks for the same filter at another offset (for page links).
    pub(crate) fn query_string(&self, offset: usize) -> String {
        let mut pairs = Vec::new();
        let mut push = |name: &str, value: String| pairs.push(format!("{name}={}", crate::links::encode_query(&value)));
        if let Some(from) = self.from {
            push("from", from.to_string());
        }
        if let Some(to) = self.to {
            push("to", to.to_string());
        }
        for (name, value) in [("entity", &self.entity), ("outlet", &self.outlet), ("q", &self.text)] {
            if let Some(value) = value {
                push(name, value.clone());
            }
        }
        push("limit", self.limit.to_string());
        push("order", if self.order == Order::Newest { "newest" } else { "oldest" }.to_string());
        push("offset", offset.to_string());
        pairs.join("&")
    }
}

/// `GET /api/search` parameters as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSearchQuery {
    q: Option<String>,
    limit: Option<String>,
}

/// A validated search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchQuery {
    pub text: String,
    pub limit: usize,
}

/// Most search results one request may ask for.
const MAX_SEARCH_LIMIT: usize = 100;
const DEFAULT_SEARCH_LIMIT: usize = 20;

impl RawSearchQuery {
    /// `None` when no query text was given (the search page then shows only its form).
    pub(crate) fn validate_optional(self) -> Result<Option<SearchQuery>, ApiError> {
        let limit = match non_empty(self.limit.as_deref()) {
            None => DEFAULT_SEARCH_LIMIT,
            Some(text) => parse_count("limit", text, 1, MAX_SEARCH_LIMIT)?,
        };
        Ok(parse_text("q", self.q.as_deref())?.map(|text| SearchQuery { text, limit }))
    }

    pub(crate) fn validate(self) -> Result<SearchQuery, ApiError> {
        self.validate_optional()?.ok_or(ApiError::MissingParameter { name: "q" })
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn parse_day(name: &'static str, value: Option<&str>) -> Result<Option<Day>, ApiError> {
    let Some(text) = non_empty(value) else { return Ok(None) };
    Day::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| ApiError::InvalidParameter {
        name,
        reason: format!("expected a date as YYYY-MM-DD, got `{}`", shorten(text)),
    })
}

fn parse_count(name: &'static str, text: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    let range = if max == usize::MAX { format!("at least {min}") } else { format!("from {min} to {max}") };
    match text.parse::<usize>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        _ => Err(ApiError::InvalidParameter {
            name,
            reason: format!("expected a whole number {range}, got `{}`", shorten(text)),
        }),
    }
}

fn parse_text(name: &'static str, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(text) = non_empty(value) else { return Ok(None) };
    if text.chars().count() > MAX_TEXT {
        return Err(ApiError::InvalidParameter { name, reason: format!("longer than {MAX_TEXT} characters") });
    }
    Ok(Some(text.to_string()))
}

/// A bad value echoed back, cut to a readable length.
fn shorten(text: &str) -> String {
    const MAX_ECHO: usize = 40;
    if text.chars().count() <= MAX_ECHO {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX_ECHO).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawEventQuery {
        let mut query = RawEventQuery::default();
        for (name, value) in pairs {
            let value = Some((*value).to_string());
            match *name {
                "from" => query.from = value,
                "to" => query.to = value,
                "limit" => query.limit = value,
                "offset" => query.offset = value,
                "order" => query.order = value,
                "q" => query.q = value,
                _ => unreachable!(),
            }
        }
        query
    }

    fn check(pairs: &[(&str, &str)], expected: Result<&str, &str>) {
        let result = raw(pairs).validate(API_DEFAULTS);
        match (result, expected) {
            (Ok(query), Ok(debug)) => assert!(format!("{query:?}").contains(debug), "{query:?} lacks {debug}"),
            (Err(error), Err(message)) => assert_eq!(error.to_string(), message),
            (result, expected) => panic!("{pairs:?}: got {result:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn event_queries() {
        check(&[], Ok("limit: 50, offset: 0, order: Oldest"));
        check(&[("from", "2025-03-01"), ("to", " 2025-03-31 ")], Ok("from: Some(2025-03-01), to: Some(2025-03-31)"));
        check(&[("from", ""), ("q", "  ")], Ok("from: None, to: None, entity: None, outlet: None, text: None"));
        check(
            &[("from", "2025-13-01")],
            Err("invalid parameter `from`: expected a date as YYYY-MM-DD, got `2025-13-01`"),
        );
        check(
            &[("from", "2025-03-02"), ("to", "2025-03-01")],
            Err("invalid parameter `to`: 2025-03-01 is before `from` (2025-03-02)"),
        );
        check(&[("limit", "0")], Err("invalid parameter `limit`: expected a whole number from 1 to 1000, got `0`"));
        check(
            &[("limit", "1001")],
            Err("invalid parameter `limit`: expected a whole number from 1 to 1000, got `1001`"),
        );
        check(&[("offset", "-1")], Err("invalid parameter `offset`: expected a whole number at least 0, got `-1`"));
        check(&[("order", "up")], Err("invalid parameter `order`: expected `oldest` or `newest`, got `up`"));
        check(&[("q", &"x".repeat(501))], Err("invalid parameter `q`: longer than 500 characters"));
    }

    #[test]
    fn page_links_keep_the_filter() {
        let query = raw(&[("from", "2025-03-01"), ("q", "aid & corridor")]).validate(PAGE_DEFAULTS).expect("valid");
        assert_eq!(query.query_string(50), "from=2025-03-01&q=aid%20%26%20corridor&limit=50&order=newest&offset=50");
    }
}
