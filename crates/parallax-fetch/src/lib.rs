//! Fetching pages and feeds over HTTP(S) for `parallax ingest URL`, safely: only public
//! addresses (private, loopback and link-local ones are refused unless allowed, checked at
//! connect time so a DNS answer cannot change between check and use), a bounded number of
//! redirects, a size and a time limit, and robots.txt honoured.
//!
//! The only crate that makes HTTP requests (the server answers them).

mod address;
mod robots;

use std::collections::HashMap;
use std::io::Read;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

pub use address::is_public;
pub use robots::Robots;

/// Settings of a fetcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Fetch from private, loopback and link-local addresses too (never on a shared machine).
    pub allow_private: bool,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Largest body read, in bytes.
    pub max_bytes: u64,
    /// Time for one whole request, connection to last byte.
    pub timeout: Duration,
    pub user_agent: String,
    /// Ask each site's robots.txt first.
    pub respect_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            allow_private: false,
            max_redirects: 5,
            max_bytes: 20 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            user_agent: format!("parallax/{} (+news-event engine)", env!("CARGO_PKG_VERSION")),
            respect_robots: true,
        }
    }
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("`{url}` is not a valid http(s) URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error(
        "`{host}` resolves only to private or local addresses ({addresses}); pass --allow-private to fetch from them"
    )]
    PrivateAddress { host: String, addresses: String },
    #[error("cannot resolve `{host}`: {message}")]
    Resolve { host: String, message: String },
    #[error("robots.txt of {site} disallows {url}")]
    Robots { site: String, url: String },
    #[error("more than {limit} redirects from {url}")]
    TooManyRedirects { url: String, limit: u32 },
    #[error("{url} is larger than the limit of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    #[error("{url} answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("fetching {url} failed: {message}")]
    Transport { url: String, message: String },
}

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL asked for.
    pub url: String,
    /// The URL the body came from, after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A fetcher: one connection pool, one robots.txt cache.
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
    robots: HashMap<String, Robots>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Self {
        let allow_private = config.allow_private;
        let agent = ureq::AgentBuilder::new()
            .timeout(config.timeout)
            .redirects(config.max_redirects)
            .user_agent(&config.user_agent)
            // Every connection, redirects included, goes through this check.
            .resolver(move |address: &str| resolve(address, allow_private))
            .build();
        Self { agent, config, robots: HashMap::new() }
    }

    /// Fetches one URL, after asking its site's robots.txt (once per site).
    pub fn fetch(&mut self, url: &str) -> Result<Fetched, FetchError> {
        let site = site_of(url)?;
        if self.config.respect_robots {
            if !self.robots.contains_key(&site) {
                let robots = self.load_robots(&site)?;
                self.robots.insert(site.clone(), robots);
            }
            let path = path_of(url, &site);
            if self.robots.get(&site).is_some_and(|robots| !robots.allows(&path)) {
                return Err(FetchError::Robots { site, url: url.to_string() });
            }
        }
        self.get(url)
    }

    fn load_robots(&self, site: &str) -> Result<Robots, FetchError> {
        let url = format!("{site}/robots.txt");
        match self.get(&url) {
            Ok(fetched) => Ok(Robots::parse(&String::from_utf8_lossy(&fetched.body), &self.config.user_agent)),
            // No robots.txt (or one that cannot be read as such): everything is allowed.
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => Ok(Robots::allow_all()),
            Err(error) => Err(error),
        }
    }

    fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let response = match self.agent.get(url).call() {
            Ok(response) => response,
            Err(ureq::Error::Status(status, _)) => return Err(FetchError::Status { url: url.to_string(), status }),
            Err(ureq::Error::Transport(transport)) => return Err(transport_error(url, &transport, &self.config)),
        };
        let final_url = response.get_url().to_string();
        let content_type = response.header("content-type").map(str::to_string);
        if let Some(length) = response.header("content-length").and_then(|l| l.trim().parse::<u64>().ok())
            && length > self.config.max_bytes
        {
            return Err(FetchError::TooLarge { url: url.to_string(), limit: self.config.max_bytes });
        }
        let mut body = Vec::new();
        response
            .into_reader()
            .take(self.config.max_bytes + 1)
            .read_to_end(&mut body)
            .map_err(|e| FetchError::Transport { url: url.to_string(), message: e.to_string() })?;
        if body.len() as u64 > self.config.max_bytes {
            return Err(FetchError::TooLarge { url: url.to_string(), limit: self.config.max_bytes });
        }
        Ok(Fetched { url: url.to_string(), final_url, content_type, body })
    }
}

/// Whether an input names a URL to fetch rather than a file.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `scheme://host[:port]` of a URL.
fn site_of(url: &str) -> Result<String, FetchError> {
    let invalid = |reason: &str| FetchError::InvalidUrl { url: url.to_string(), reason: reason.to_string() };
    if !is_url(url) {
        return Err(invalid("only http and https are fetched"));
    }
    let scheme_end = url.find("://").map(|i| i + 3).ok_or_else(|| invalid("no scheme"))?;
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.is_empty() || authority.contains('@') || authority.chars().any(char::is_whitespace) {
        return Err(invalid("no host, or credentials or spaces in it"));
    }
    Ok(format!("{}{}", url[..scheme_end].to_ascii_lowercase(), authority.to_ascii_lowercase()))
}

/// The path and query of a URL of `site`, as robots.txt rules match it.
fn path_of(url: &str, site: &str) -> String {
    let rest = url.get(site.len()..).unwrap_or("");
    let rest = rest.split('#').next().unwrap_or("");
    if rest.is_empty() { "/".to_string() } else { rest.to_string() }
}

/// Resolves `host:port`, keeping only the addresses a fetch may connect to.
fn resolve(address: &str, allow_private: bool) -> std::io::Result<Vec<SocketAddr>> {
    let all: Vec<SocketAddr> = address.to_socket_addrs()?.collect();
    if allow_private {
        return Ok(all);
    }
    let public: Vec<SocketAddr> = all.iter().copied().filter(|a| is_public(a.ip())).collect();
    if public.is_empty() {
        let listed = all.iter().map(|a| a.ip().to_string()).collect::<Vec<_>>().join(", ");
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, format!("{PRIVATE_MARK}{listed}")));
    }
    Ok(public)
}

/// Marks the resolver's refusal inside the transport error it becomes.
const PRIVATE_MARK: &str = "parallax-private-address:";

fn transport_error(url: &str, transport: &ureq::Transport, config: &FetchConfig) -> FetchError {
    let message = transport.to_string();
    let host = site_of(url).ok().and_then(|s| s.split("://").nth(1).map(str::to_string)).unwrap_or_default();
    if let Some(at) = message.find(PRIVATE_MARK) {
        let addresses = message[at + PRIVATE_MARK.len()..].trim().to_string();
        return FetchError::PrivateAddress { host, addresses };
    }
    if message.to_ascii_lowercase().contains("redirect") {
        return FetchError::TooManyRedirects { url: url.to_string(), limit: config.max_redirects };
    }
    if transport.kind() == ureq::ErrorKind::Dns {
        return FetchError::Resolve { host, message };
    }
    FetchError::Transport { url: url.to_string(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_and_paths() {
        assert_eq!(site_of("HTTPS://News.Example:8443/a/b?c=1").expect("site"), "https://news.example:8443");
        assert_eq!(path_of("https://news.example/a/b?c=1#top", "https://news.example"), "/a/b?c=1");
        assert_eq!(path_of("https://news.example", "https://news.example"), "/");
        assert!(matches!(site_of("ftp://x/y"), Err(FetchError::InvalidUrl { .. })));
        assert!(matches!(site_of("https://user:pw@x/"), Err(FetchError::InvalidUrl { .. })));
        assert!(matches!(site_of("https:///nothing"), Err(FetchError::InvalidUrl { .. })));
        assert!(is_url("http://a") && is_url("HTTPS://a") && !is_url("feeds/a.xml") && !is_url("http"));
    }

    #[test]
    fn local_names_resolve_to_nothing_fetchable() {
        let refused = resolve("localhost:80", false).expect_err("loopback refused");
        assert!(refused.to_string().contains(PRIVATE_MARK), "{refused}");
        assert!(!resolve("127.0.0.1:80", true).expect("allowed").is_empty());
    }
}
