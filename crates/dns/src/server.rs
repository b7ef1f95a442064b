//! A test nameserver: UDP and TCP on port 53 (or another) of one address,
//! answering from a [`Zone`] and logging every message into a [`QueryLog`].
//!
//! Plain threads and blocking sockets: a test server needs predictability,
//! not throughput. Delayed answers are sent from their own short-lived
//! threads so that one slow name never holds up the next query. Garbage
//! (undecodable packets, TCP lengths that never arrive, connections left
//! half-open) is logged and dropped; a TCP connection idle for
//! [`TCP_IDLE`] is closed.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::answer::{self, Reply};
use crate::query_log::{Action, QueryLog, QueryRecord, Transport};
use crate::zone::Zone;

/// How long a TCP client may stay silent before the server hangs up.
pub const TCP_IDLE: Duration = Duration::from_secs(2);
const POLL: Duration = Duration::from_millis(50);

/// A running server; stops (and joins its threads) when dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds UDP and TCP on `addr` and starts serving `zone`. Sockets are
    /// created here, so they belong to the caller's network namespace.
    pub fn start(addr: SocketAddr, zone: Zone, log: QueryLog) -> io::Result<Server> {
        let udp = UdpSocket::bind(addr)?;
        udp.set_read_timeout(Some(POLL))?;
        // Port 0 picks a free UDP port; TCP takes the same one.
        let addr = udp.local_addr()?;
        let tcp = TcpListener::bind(addr)?;
        tcp.set_nonblocking(true)?;
        let stop = Arc::new(AtomicBool::new(false));
        let zone = Arc::new(zone);
        let threads = vec![
            {
                let (zone, log, stop) = (zone.clone(), log.clone(), stop.clone());
                std::thread::spawn(move || serve_udp(udp, &zone, &log, &stop))
            },
            {
                let (zone, log, stop) = (zone.clone(), log.clone(), stop.clone());
                std::thread::spawn(move || serve_tcp(tcp, addr, zone, log, stop))
            },
        ];
        Ok(Server {
            addr,
            stop,
            threads,
        })
    }

    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.halt();
    }
}

fn record(log: &QueryLog, server: SocketAddr, transport: Transport, r: &Reply) -> QueryRecord {
    QueryRecord {
        at_us: log.now_us(),
        server: server.ip(),
        transport,
        id: r.id,
        name: r.name.clone(),
        qtype: r.qtype,
        edns_payload: r.edns_payload,
        action: r.action.clone(),
    }
}

fn serve_udp(sock: UdpSocket, zone: &Zone, log: &QueryLog, stop: &AtomicBool) {
    let me = sock.local_addr().expect("bound");
    let mut buf = vec![0u8; 65535];
    while !stop.load(Ordering::SeqCst) {
        let (n, peer) = match sock.recv_from(&mut buf) {
            Ok(v) => v,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                continue
            }
            Err(_) => continue,
        };
        let r = answer::reply(zone, &buf[..n], Transport::Udp);
        log.push(record(log, me, Transport::Udp, &r));
        let Some(bytes) = r.bytes else { continue };
        if r.delay.is_zero() {
            let _ = sock.send_to(&bytes, peer);
        } else if let Ok(s) = sock.try_clone() {
            std::thread::spawn(move || {
                std::thread::sleep(r.delay);
                let _ = s.send_to(&bytes, peer);
            });
        }
    }
}

fn serve_tcp(
    listener: TcpListener,
    me: SocketAddr,
    zone: Arc<Zone>,
    log: QueryLog,
    stop: Arc<AtomicBool>,
) {
    let mut conns = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let (zone, log, stop) = (zone.clone(), log.clone(), stop.clone());
                conns.push(std::thread::spawn(move || {
                    serve_connection(stream, me, &zone, &log, &stop)
                }));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(2))
            }
            Err(_) => std::thread::sleep(POLL),
        }
        conns.retain(|c: &JoinHandle<()>| !c.is_finished());
    }
    for c in conns {
        let _ = c.join();
    }
}

/// Reads length-prefixed messages until the client closes, goes quiet for
/// [`TCP_IDLE`], sends a broken frame, or the server stops.
fn serve_connection(
    mut stream: TcpStream,
    me: SocketAddr,
    zone: &Zone,
    log: &QueryLog,
    stop: &AtomicBool,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(POLL));
    let garbage = |reason: String| QueryRecord {
        at_us: log.now_us(),
        server: me.ip(),
        transport: Transport::Tcp,
        id: 0,
        name: String::new(),
        qtype: None,
        edns_payload: None,
        action: Action::Garbage { reason },
    };
    loop {
        let mut len = [0u8; 2];
        match read_full(&mut stream, &mut len, stop) {
            Ok(0) => return,
            Ok(2) => {}
            Ok(n) => {
                return log.push(garbage(format!(
                    "connection closed after {n} of 2 length bytes"
                )))
            }
            Err(e) => return log.push(garbage(format!("no length prefix: {e}"))),
        }
        let want = u16::from_be_bytes(len) as usize;
        let mut msg = vec![0u8; want];
        match read_full(&mut stream, &mut msg, stop) {
            Ok(n) if n == want => {}
            Ok(n) => {
                return log.push(garbage(format!(
                    "length prefix says {want} bytes, connection closed after {n}"
                )))
            }
            Err(e) => return log.push(garbage(format!("length prefix says {want} bytes: {e}"))),
        }
        let r = answer::reply(zone, &msg, Transport::Tcp);
        log.push(record(log, me, Transport::Tcp, &r));
        let Some(bytes) = r.bytes else { continue };
        if !r.delay.is_zero() {
            std::thread::sleep(r.delay);
        }
        let mut framed = (bytes.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&bytes);
        if stream.write_all(&framed).is_err() {
            return;
        }
    }
}

/// Fills `buf` unless the peer closes first (returns how much arrived), the
/// peer is idle for [`TCP_IDLE`] (`TimedOut`), or the server stops.
fn read_full(stream: &mut TcpStream, buf: &mut [u8], stop: &AtomicBool) -> io::Result<usize> {
    let mut got = 0;
    let mut idle = Duration::ZERO;
    while got < buf.len() {
        if stop.load(Ordering::SeqCst) {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "server stopping",
            ));
        }
        match stream.read(&mut buf[got..]) {
            Ok(0) => return Ok(got),
            Ok(n) => {
                got += n;
                idle = Duration::ZERO;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                idle += POLL;
                if idle >= TCP_IDLE {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!(
                            "client idle for {} ms with {got} of {} bytes",
                            TCP_IDLE.as_millis(),
                            buf.len()
                        ),
                    ));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
