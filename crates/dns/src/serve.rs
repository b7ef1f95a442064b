//! `muslab dns-serve`: the test nameservers on their own, for people. Serves
//! a scenario's zones (on the scenario's addresses) or a zone file on the
//! given addresses, prints every query as one JSON line (a QueryRecord), and
//! stops after `duration` or when killed.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::query_log::QueryLog;
use crate::scenario;
use crate::server::Server;
use crate::zone::Zone;

pub struct ServeArgs {
    /// Addresses to listen on; default: the scenario's, else 127.0.0.1.
    pub addrs: Vec<IpAddr>,
    pub port: u16,
    /// A scenario id whose zones to serve (D06 ...).
    pub scenario: Option<String>,
    /// A JSON [`Zone`] file, served on every address.
    pub zone_file: Option<PathBuf>,
    /// Stop after this long; `None`: until killed.
    pub duration: Option<Duration>,
}

pub fn serve(args: ServeArgs) -> Result<(), String> {
    let zones: Vec<(IpAddr, Zone)> = match (&args.scenario, &args.zone_file) {
        (Some(_), Some(_)) => return Err("give --scenario or --zone, not both".to_owned()),
        (Some(id), None) => {
            let spec = scenario::spec_of(id).ok_or_else(|| {
                format!(
                    "unknown scenario '{id}' (known: {})",
                    scenario::all()
                        .iter()
                        .map(|s| s.id().as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let mut z: Vec<(IpAddr, Zone)> = spec
                .servers
                .into_iter()
                .map(|(a, z)| (IpAddr::V4(a), z))
                .collect();
            if !args.addrs.is_empty() {
                z.retain(|(a, _)| args.addrs.contains(a));
            }
            z
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read zone file {}: {e}", path.display()))?;
            let zone: Zone = serde_json::from_str(&text)
                .map_err(|e| format!("zone file {} is not a muslab zone: {e}", path.display()))?;
            let addrs = if args.addrs.is_empty() {
                vec![IpAddr::from([127, 0, 0, 1])]
            } else {
                args.addrs.clone()
            };
            addrs.into_iter().map(|a| (a, zone.clone())).collect()
        }
        (None, None) => return Err("give --scenario ID or --zone FILE".to_owned()),
    };
    let log = QueryLog::echoing();
    let mut servers = Vec::new();
    for (addr, zone) in zones {
        let sa = SocketAddr::new(addr, args.port);
        servers.push(Server::start(sa, zone, log.clone()).map_err(|e| {
            format!("cannot listen on {sa}: {e} (port 53 needs root; another server may hold it: try --port 5353, or run inside `unshare -n` after `ip link set lo up`)")
        })?);
        eprintln!("dns-serve: listening on {sa} (udp+tcp)");
    }
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        if args.duration.is_some_and(|d| start.elapsed() >= d) {
            break;
        }
    }
    for s in servers {
        s.stop();
    }
    Ok(())
}
