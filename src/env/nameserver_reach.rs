//! Whether the first `nameserver` in resolv.conf answers, measured with one
//! real query (the root's NS records, `. NS`) from a UDP socket with a short
//! read timeout. Only run when asked (`--dns-reachability`): it sends a
//! packet to the box's resolver, which the lab's host runs must never do.
//!
//! Why it matters, from the libcs' code:
//! - glibc (resolv/res_send.c, `__res_context_send` and `send_dg`) asks the
//!   nameservers one after another, in file order, on every lookup: it waits
//!   `timeout:N` seconds (RES_TIMEOUT, 5) for the first before sending to the
//!   second, for `attempts:N` rounds (2). A refusal (ICMP port unreachable,
//!   ECONNREFUSED on its connected socket) moves it to the next server at
//!   once; a server that drops queries costs every lookup the timeout.
//! - musl (src/network/res_msend.c, `__res_msend_rc`) sends each query to
//!   all nameservers at once, repeats every `timeout/attempts` and takes the
//!   first answer: a dead first server costs it nothing while another answers.

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

/// How long the query waits for an answer: short, since a server slower
/// than this already delays glibc's lookups.
pub const TIMEOUT: Duration = Duration::from_millis(1000);

/// What the server did with the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// A DNS reply with our id came back (any rcode: it is alive).
    Answered { rcode: u8, after: Duration },
    /// The kernel reported the port closed (ICMP port unreachable).
    Refused,
    /// Nothing came back within the timeout.
    Silent { waited: Duration },
    /// The address could not be queried at all.
    Error(String),
}

impl Reach {
    pub fn answered(&self) -> bool {
        matches!(self, Reach::Answered { .. })
    }
}

/// Asks `server` (a resolv.conf address, port 53) for `. NS` once.
pub fn query(server: &str, timeout: Duration) -> Reach {
    // An IPv6 address may carry a zone (`fe80::1%eth0`); std cannot bind those.
    let ip: IpAddr = match server.parse() {
        Ok(ip) => ip,
        Err(_) => return Reach::Error(format!("{server} is not an IP address")),
    };
    let target = SocketAddr::new(ip, 53);
    let local: SocketAddr = match ip {
        IpAddr::V4(_) => ([0, 0, 0, 0], 0).into(),
        IpAddr::V6(_) => (std::net::Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    match exchange(target, local, timeout) {
        Ok((rcode, after)) => Reach::Answered { rcode, after },
        Err((e, _)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Reach::Refused,
        Err((e, waited))
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Reach::Silent { waited }
        }
        Err((e, _)) => Reach::Error(e.to_string()),
    }
}

/// Sends the query and waits for its reply: the rcode and how long it took,
/// or the error and how long was waited.
fn exchange(
    target: SocketAddr,
    local: SocketAddr,
    timeout: Duration,
) -> Result<(u8, Duration), (std::io::Error, Duration)> {
    let at_once = |e| (e, Duration::ZERO);
    let socket = UdpSocket::bind(local).map_err(at_once)?;
    // Connected, so only this server's replies (and its ICMP errors) arrive.
    socket.connect(target).map_err(at_once)?;
    let id = query_id();
    let started = Instant::now();
    socket.send(&root_ns_query(id)).map_err(at_once)?;
    let mut buf = [0u8; 512];
    loop {
        let left = timeout.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err((std::io::ErrorKind::TimedOut.into(), started.elapsed()));
        }
        socket
            .set_read_timeout(Some(left))
            .map_err(|e| (e, started.elapsed()))?;
        let n = socket
            .recv(&mut buf)
            .map_err(|e| (e, started.elapsed()))?
            .min(buf.len());
        if let Some(rcode) = reply_rcode(&buf[..n], id) {
            return Ok((rcode, started.elapsed()));
        }
    }
}

/// A query id that differs from run to run (the clock's nanoseconds).
fn query_id() -> u16 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    (nanos ^ (nanos >> 16)) as u16
}

/// A DNS message (RFC 1035 4.1) asking `. IN NS`, recursion desired.
fn root_ns_query(id: u16) -> Vec<u8> {
    let mut q = Vec::with_capacity(17);
    q.extend_from_slice(&id.to_be_bytes());
    q.extend_from_slice(&[0x01, 0x00]); // RD
    q.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]); // QDCOUNT 1
    q.push(0); // the root name
    q.extend_from_slice(&[0, 2, 0, 1]); // NS, IN
    q
}

/// The rcode of a reply to query `id`, or `None` for anything else.
fn reply_rcode(msg: &[u8], id: u16) -> Option<u8> {
    let header = msg.get(..4)?;
    let is_reply = header[2] & 0x80 != 0;
    (u16::from_be_bytes([header[0], header[1]]) == id && is_reply).then_some(header[3] & 0x0f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_a_well_formed_root_ns_question() {
        let q = root_ns_query(0xbeef);
        assert_eq!(
            q,
            [0xbe, 0xef, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1],
            "got {q:x?}"
        );
        assert_eq!(reply_rcode(&[0xbe, 0xef, 0x81, 0x83], 0xbeef), Some(3));
        assert_eq!(
            reply_rcode(&[0xbe, 0xef, 0x01, 0x00], 0xbeef),
            None,
            "a query is no reply"
        );
        assert_eq!(
            reply_rcode(&[0xbe, 0xee, 0x81, 0x80], 0xbeef),
            None,
            "another id"
        );
        assert_eq!(
            query("not-an-ip", TIMEOUT),
            Reach::Error("not-an-ip is not an IP address".into())
        );
    }
}
