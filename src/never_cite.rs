//! The sites a dataset must never cite (`data/never-cite.txt`): content
//! farms, AI-written rewrites and mirrors. `validate` reports a source on
//! one of them; a test keeps them out of the bundled dataset.
//!
//! The list is plain text, one rule a line, `#` starting a comment:
//! `example.com` (the host and its subdomains), `example.com/news/` (the
//! pages under that path), `*word*` (any host whose name contains the
//! word), and `!example.com` (a site no `*word*` rule forbids).

/// The list compiled into the program.
pub const LIST: &str = include_str!("../data/never-cite.txt");

/// Rules read from a never-cite list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeverCite {
    rules: Vec<Rule>,
    /// Sites no `*word*` rule forbids.
    allowed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    /// As the list writes it, to name in a message.
    text: String,
    matcher: Matcher,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    Site(String),
    Pages { site: String, path: String },
    Word(String),
}

impl NeverCite {
    /// The list compiled into the program.
    pub fn bundled() -> NeverCite {
        NeverCite::parse(LIST)
    }

    /// Reads a list; lines that are empty or comments are skipped.
    pub fn parse(text: &str) -> NeverCite {
        let mut list = NeverCite::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim().to_lowercase();
            if line.is_empty() {
                continue;
            }
            if let Some(site) = line.strip_prefix('!') {
                list.allowed.push(site.to_string());
                continue;
            }
            let matcher =
                if let Some(word) = line.strip_prefix('*').and_then(|w| w.strip_suffix('*')) {
                    Matcher::Word(word.to_string())
                } else if let Some((site, path)) = line.split_once('/') {
                    Matcher::Pages {
                        site: site.to_string(),
                        path: format!("/{path}"),
                    }
                } else {
                    Matcher::Site(line.clone())
                };
            list.rules.push(Rule {
                text: line,
                matcher,
            });
        }
        list
    }

    /// The rule, as the list writes it, that forbids citing `url`; `None`
    /// when the URL may be cited (or has no host to judge).
    pub fn forbids(&self, url: &str) -> Option<&str> {
        let (host, path) = host_and_path(url)?;
        let path = path.to_lowercase();
        self.rules
            .iter()
            .find(|rule| match &rule.matcher {
                Matcher::Site(site) => on_site(&host, site),
                Matcher::Pages { site, path: prefix } => {
                    on_site(&host, site) && path.starts_with(prefix.as_str())
                }
                Matcher::Word(word) => {
                    host.contains(word.as_str()) && !self.allowed.iter().any(|s| on_site(&host, s))
                }
            })
            .map(|rule| rule.text.as_str())
    }
}

/// Whether `host` is `site` or a subdomain of it.
fn on_site(host: &str, site: &str) -> bool {
    host == site
        || host
            .strip_suffix(site)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// An http(s) URL's host, lower-cased, without user, port or final dot,
/// and its path (`/` when it has none).
pub fn host_and_path(url: &str) -> Option<(String, &str)> {
    let (_, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let host = host.trim_end_matches('.').to_lowercase();
    if host.is_empty() {
        return None;
    }
    let rest = &rest[end..];
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = match &rest[..path_end] {
        "" => "/",
        path => path,
    };
    Some((host, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_without_user_port_or_case() {
        assert_eq!(
            host_and_path("https://User@WWW.Example.COM.:8443/a/b?q#f"),
            Some(("www.example.com".to_string(), "/a/b"))
        );
        assert_eq!(
            host_and_path("http://example.com?x=1"),
            Some(("example.com".to_string(), "/"))
        );
        assert_eq!(host_and_path("https:///path"), None);
        assert_eq!(host_and_path("not a url"), None);
    }

    #[test]
    fn sites_pages_and_words_are_forbidden_and_exceptions_allowed() {
        let list = NeverCite::bundled();
        let forbidden = [
            ("https://dcpulse.com/article", "dcpulse.com"),
            ("https://www.dcpulse.com/x", "dcpulse.com"),
            ("https://voice.lapaas.com/a", "voice.lapaas.com"),
            (
                "https://www.ainvest.com/news/q3-2025-x",
                "ainvest.com/news/",
            ),
            (
                "https://reddit.solarbaron.one/r/singularity/comments/1",
                "*reddit*",
            ),
            ("https://aktiensensor.com/a", "*aktiensensor*"),
            ("https://via.news/x", "via.news"),
            ("https://www.VIA.news/x", "via.news"),
        ];
        for (url, rule) in forbidden {
            assert_eq!(list.forbids(url), Some(rule), "{url}");
        }
        let allowed = [
            "https://www.reuters.com/technology/a",
            "https://www.reddit.com/r/x",
            "https://investor.redditinc.com/news",
            "https://www.ainvest.com/stocks/NVDA",
            "https://notdcpulse.com/a",
            "https://lapaas.com/a",
            "https://example.com/via.news/x",
            "https://mexc.com/a",
        ];
        for url in allowed {
            assert_eq!(list.forbids(url), None, "{url}");
        }
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let list = NeverCite::parse("# a comment\n\n  Farm.example  # why\n");
        assert_eq!(list.rules.len(), 1);
        assert_eq!(list.forbids("https://farm.example/"), Some("farm.example"));
    }
}
