//! A summary of resolv.conf(5): what both libcs' stub resolvers read. Which
//! options each honours differs (catalogue D06/D07); this only shows the file.

use muslab_catalogue::Id;
use std::path::Path;

use muslab_report::{Check, Observed};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ResolvConf {
    pub nameservers: Vec<String>,
    pub search: Vec<String>,
    pub options: Vec<String>,
}

/// Later `search`/`domain` lines replace earlier ones, as in both libcs.
pub fn parse(text: &str) -> ResolvConf {
    let mut conf = ResolvConf::default();
    for line in text.lines() {
        let line = line.split(['#', ';']).next().unwrap_or("");
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => conf.nameservers.extend(words.next().map(str::to_owned)),
            Some("search") | Some("domain") => conf.search = words.map(str::to_owned).collect(),
            Some("options") => conf.options.extend(words.map(str::to_owned)),
            _ => {}
        }
    }
    conf
}

pub fn check(root: &Path) -> Check {
    let check = Check::new(Id::Env, "resolv-conf", "resolv.conf");
    match super::read_text(root, "/etc/resolv.conf") {
        Ok(text) => {
            let c = parse(&text);
            check.ok(
                Observed::fields([
                    ("nameserver", c.nameservers.join(" ")),
                    ("search", c.search.join(" ")),
                    ("options", c.options.join(" ")),
                ]),
                "",
            )
        }
        Err(e) => check.ok(Observed::None, e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_nameservers_search_and_options() {
        let c = super::parse(
            "# generated\nnameserver 10.96.0.10\nsearch a.svc b.local\nnameserver 127.0.0.2 ; x\noptions ndots:5 timeout:1\n",
        );
        assert_eq!(c.nameservers, ["10.96.0.10", "127.0.0.2"]);
        assert_eq!(c.search, ["a.svc", "b.local"]);
        assert_eq!(c.options, ["ndots:5", "timeout:1"]);
    }
}
