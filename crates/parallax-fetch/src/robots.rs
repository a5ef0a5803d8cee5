//! robots.txt: the group that names our user agent (else the `*` group), its Allow and
//! Disallow rules, the longest matching rule winning (Allow on a tie), `*` and `$` in paths.

/// The rules of one site that apply to us.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
}

/// Whether a rule allows, and its path pattern.
type Rule = (bool, String);

impl Robots {
    /// A site without robots.txt.
    pub fn allow_all() -> Self {
        Self::default()
    }

    /// Parses a robots.txt for `user_agent` (its first word, before `/`, is matched).
    pub fn parse(text: &str, user_agent: &str) -> Self {
        let token = user_agent.split(['/', ' ']).next().unwrap_or("").to_ascii_lowercase();
        // Groups: the agents named by consecutive User-agent lines, then their rules.
        let mut groups: Vec<(Vec<String>, Vec<Rule>)> = Vec::new();
        let mut reading_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else { continue };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if !reading_agents {
                        groups.push((Vec::new(), Vec::new()));
                        reading_agents = true;
                    }
                    if let Some(group) = groups.last_mut() {
                        group.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    reading_agents = false;
                    if let Some(group) = groups.last_mut()
                        && !value.is_empty()
                    {
                        group.1.push((key == "allow", value.to_string()));
                    }
                }
                _ => reading_agents = false,
            }
        }
        let ours = groups.iter().find(|(agents, _)| !token.is_empty() && agents.contains(&token));
        let any = groups.iter().find(|(agents, _)| agents.iter().any(|a| a == "*"));
        Self { rules: ours.or(any).map(|(_, rules)| rules.clone()).unwrap_or_default() }
    }

    /// Whether a path (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let length = pattern.len();
                let better = match best {
                    None => true,
                    Some((best_length, best_allow)) => {
                        length > best_length || (length == best_length && *allow && !best_allow)
                    }
                };
                if better {
                    best = Some((length, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// A robots.txt path pattern: a prefix, where `*` matches anything and a final `$` anchors.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            at = part.len();
        } else {
            match path[at..].find(part) {
                Some(found) => at += found + part.len(),
                None => return false,
            }
        }
    }
    if anchored {
        // The last literal part must end the path.
        parts.last().is_none_or(|last| path.ends_with(last)) && (parts.len() > 1 || at == path.len())
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "
# a comment
User-agent: *
Disallow: /private/
Disallow: /*.pdf$
Allow: /private/press/

User-agent: parallax
User-agent: otherbot
Disallow: /drafts
";

    #[test]
    fn our_group_or_the_star_group_decides() {
        let ours = Robots::parse(ROBOTS, "parallax/0.0.0 (+news-event engine)");
        assert!(!ours.allows("/drafts/one"));
        assert!(ours.allows("/private/x"), "our own group replaces the * group");
        let anyone = Robots::parse(ROBOTS, "somebot/1.0");
        assert!(!anyone.allows("/private/x"));
        assert!(anyone.allows("/private/press/release"), "the longer Allow wins");
        assert!(!anyone.allows("/files/report.pdf"));
        assert!(anyone.allows("/files/report.pdf?download=1"), "$ anchors the end");
        assert!(anyone.allows("/news/today"));
        assert!(Robots::parse("", "parallax").allows("/anything"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "parallax").allows("/"), "an empty Disallow allows all");
        assert!(!Robots::parse("User-agent: *\nDisallow: /\n", "parallax").allows("/a"));
    }
}
