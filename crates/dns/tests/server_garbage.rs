//! The test server survives garbage: undecodable UDP packets, a TCP length
//! prefix promising more than arrives, a half-open TCP connection. Each is
//! logged as garbage and ignored, and real queries are still answered.
//! Runs on an ephemeral port of 127.0.0.1 (no namespace needed).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, MessageType, OpCode, Query};
use hickory_proto::rr::{Name, RecordType};
use muslab_dns::query_log::{Action, QueryLog, Transport};
use muslab_dns::server::{Server, TCP_IDLE};
use muslab_dns::zone::{Behaviour, Zone};

fn query(id: u16) -> Vec<u8> {
    let mut m = Message::new();
    m.set_id(id)
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .add_query(Query::query(
            Name::from_ascii("ok.test.").unwrap(),
            RecordType::A,
        ));
    m.to_vec().unwrap()
}

fn udp_ask(server: SocketAddr, id: u16) -> Message {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    s.send_to(&query(id), server).unwrap();
    let mut buf = [0u8; 4096];
    let n = s.recv(&mut buf).expect("the server still answers over UDP");
    Message::from_vec(&buf[..n]).unwrap()
}

fn tcp_ask(server: SocketAddr, id: u16) -> Message {
    let mut s = TcpStream::connect(server).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let q = query(id);
    let mut framed = (q.len() as u16).to_be_bytes().to_vec();
    framed.extend_from_slice(&q);
    s.write_all(&framed).unwrap();
    let mut len = [0u8; 2];
    s.read_exact(&mut len)
        .expect("the server still answers over TCP");
    let mut body = vec![0u8; u16::from_be_bytes(len) as usize];
    s.read_exact(&mut body).unwrap();
    Message::from_vec(&body).unwrap()
}

fn garbage(log: &QueryLog, transport: Transport) -> Vec<String> {
    log.snapshot()
        .into_iter()
        .filter(|r| r.transport == transport)
        .filter_map(|r| match r.action {
            Action::Garbage { reason } => Some(reason),
            _ => None,
        })
        .collect()
}

#[test]
fn garbage_is_logged_and_ignored() {
    let log = QueryLog::new();
    let zone = Zone::default().with("ok.test", Behaviour::v4(&[[10, 0, 0, 1]]));
    let server = Server::start("127.0.0.1:0".parse().unwrap(), zone, log.clone()).unwrap();
    let addr = server.addr;

    let junk = UdpSocket::bind("127.0.0.1:0").unwrap();
    for packet in [
        &b""[..],
        b"\x00",
        b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        &[0x42; 1400],
    ] {
        junk.send_to(packet, addr).unwrap();
    }
    // A response message sent as if it were a query.
    let mut response = Message::from_vec(&query(9)).unwrap();
    response.set_message_type(MessageType::Response);
    junk.send_to(&response.to_vec().unwrap(), addr).unwrap();
    assert_eq!(udp_ask(addr, 1).answers().len(), 1);

    // Oversized length prefix: promises 65535 bytes, sends 10, closes.
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(&[0xff, 0xff]).unwrap();
    s.write_all(&[0u8; 10]).unwrap();
    drop(s);
    // A 12-byte frame of garbage, then a real query on the same connection is
    // not required to work; a fresh connection is.
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(&[0, 12]).unwrap();
    s.write_all(&[0xee; 12]).unwrap();
    drop(s);
    // Half-open: one byte of the length, then silence, connection kept open.
    let mut half_open = TcpStream::connect(addr).unwrap();
    half_open.write_all(&[0]).unwrap();
    let started = Instant::now();
    assert_eq!(
        tcp_ask(addr, 2).answers().len(),
        1,
        "answered while a connection hangs"
    );

    let deadline = started + TCP_IDLE + Duration::from_secs(2);
    while garbage(&log, Transport::Tcp).len() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let udp = garbage(&log, Transport::Udp);
    let tcp = garbage(&log, Transport::Tcp);
    assert_eq!(udp.len(), 5, "every UDP junk packet logged: {udp:?}");
    assert_eq!(
        tcp.len(),
        3,
        "oversized, undecodable and half-open TCP logged: {tcp:?}"
    );
    assert!(tcp.iter().any(|r| r.contains("65535")), "{tcp:?}");
    assert!(tcp.iter().any(|r| r.contains("idle")), "{tcp:?}");
    let mut buf = [0u8; 1];
    half_open
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    assert_eq!(
        half_open.read(&mut buf).unwrap_or(0),
        0,
        "server hung up on the idle client"
    );
    assert_eq!(udp_ask(addr, 3).id(), 3);
    let answered = log.snapshot().iter().filter(|r| r.is_query()).count();
    assert_eq!(answered, 3);
    server.stop();
}
