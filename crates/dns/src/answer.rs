//! Turns one received message into the server's reply, as the zone says. All
//! DNS encoding and decoding is hickory-proto's.

use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME};
use hickory_proto::rr::{Name, RData, Record, RecordType};

use crate::query_log::{Action, Transport};
use crate::zone::{Behaviour, Zone};

/// Largest UDP reply to a query without EDNS (RFC 1035 4.2.1).
pub const CLASSIC_UDP_LIMIT: usize = 512;
const TTL: u32 = 60;

/// What to do with one received message.
#[derive(Debug)]
pub struct Reply {
    pub id: u16,
    pub name: String,
    pub qtype: Option<RecordType>,
    pub edns_payload: Option<u16>,
    pub action: Action,
    pub bytes: Option<Vec<u8>>,
    pub delay: Duration,
}

pub fn reply(zone: &Zone, packet: &[u8], transport: Transport) -> Reply {
    let garbage = |reason: String| Reply {
        id: 0,
        name: String::new(),
        qtype: None,
        edns_payload: None,
        action: Action::Garbage { reason },
        bytes: None,
        delay: Duration::ZERO,
    };
    let request = match Message::from_vec(packet) {
        Ok(m) => m,
        Err(e) => return garbage(format!("undecodable ({} bytes): {e}", packet.len())),
    };
    if request.message_type() != MessageType::Query || request.op_code() != OpCode::Query {
        return garbage(format!(
            "not a standard query ({:?} {:?})",
            request.message_type(),
            request.op_code()
        ));
    }
    let Some(query) = request.queries().first().cloned() else {
        return garbage("query without a question".to_owned());
    };
    let name = crate::zone::normalise(&query.name().to_ascii());
    let edns_payload = request.extensions().as_ref().map(|e| e.max_payload());
    let udp_limit = edns_payload
        .map(|p| (p as usize).max(CLASSIC_UDP_LIMIT))
        .unwrap_or(CLASSIC_UDP_LIMIT);
    let mut out = Reply {
        id: request.id(),
        name: name.clone(),
        qtype: Some(query.query_type()),
        edns_payload,
        action: Action::Dropped,
        bytes: None,
        delay: Duration::ZERO,
    };
    let mut behaviour = zone.lookup(&name);
    loop {
        match behaviour {
            Behaviour::Delay { ms, then } => {
                out.delay += Duration::from_millis(*ms);
                behaviour = then;
            }
            Behaviour::TruncateUdp { then } if transport == Transport::Tcp => behaviour = then,
            Behaviour::TruncateUdp { .. } => {
                let mut m = response(&request, &query, ResponseCode::NoError);
                m.set_truncated(true);
                return encoded(
                    out,
                    m,
                    Action::Truncated {
                        answers: 0,
                        bytes: 0,
                    },
                );
            }
            Behaviour::Drop => return out,
            _ => break,
        }
    }
    let mut m = match behaviour {
        Behaviour::NxDomain => response(&request, &query, ResponseCode::NXDomain),
        Behaviour::ServFail => response(&request, &query, ResponseCode::ServFail),
        Behaviour::Refused => response(&request, &query, ResponseCode::Refused),
        Behaviour::NoData => response(&request, &query, ResponseCode::NoError),
        Behaviour::Address { v4, v6 } => {
            let mut m = response(&request, &query, ResponseCode::NoError);
            let owner = query.name().clone();
            match query.query_type() {
                RecordType::A => m.add_answers(
                    v4.iter()
                        .map(|a| Record::from_rdata(owner.clone(), TTL, RData::A(A(*a)))),
                ),
                RecordType::AAAA => m.add_answers(
                    v6.iter()
                        .map(|a| Record::from_rdata(owner.clone(), TTL, RData::AAAA(AAAA(*a)))),
                ),
                _ => &mut m,
            };
            m
        }
        Behaviour::CnameChain { links, v4 } => {
            let mut m = response(&request, &query, ResponseCode::NoError);
            let mut owner = query.name().clone();
            for i in 1..=*links {
                let target = Name::from_ascii(format!("c{i}.{}", query.name().to_ascii()))
                    .unwrap_or_else(|_| owner.clone());
                m.add_answer(Record::from_rdata(
                    owner.clone(),
                    TTL,
                    RData::CNAME(CNAME(target.clone())),
                ));
                owner = target;
            }
            if query.query_type() == RecordType::A {
                m.add_answers(
                    v4.iter()
                        .map(|a| Record::from_rdata(owner.clone(), TTL, RData::A(A(*a)))),
                );
            }
            m
        }
        Behaviour::Drop | Behaviour::Delay { .. } | Behaviour::TruncateUdp { .. } => {
            unreachable!("resolved above")
        }
    };
    if transport == Transport::Udp {
        let answers = m.answers().len();
        if size(&m) > udp_limit {
            let mut kept = m.take_answers();
            // The most leading answers that fit: the size grows with every
            // record, so a binary search over the count (all of them do not
            // fit; with none the reply is sent truncated and empty).
            let fits = |k: usize| {
                let mut t = m.clone();
                t.add_answers(kept[..k].iter().cloned());
                t.set_truncated(true);
                size(&t) <= udp_limit
            };
            let (mut fit, mut too_many) = (0, kept.len());
            while too_many - fit > 1 {
                let mid = (fit + too_many) / 2;
                if fits(mid) {
                    fit = mid;
                } else {
                    too_many = mid;
                }
            }
            kept.truncate(fit);
            m.add_answers(kept);
            m.set_truncated(true);
            debug_assert!(fit < answers);
            return encoded(
                out,
                m,
                Action::Truncated {
                    answers: fit,
                    bytes: 0,
                },
            );
        }
    }
    let rcode = m.response_code();
    let answers = m.answers().len();
    encoded(
        out,
        m,
        Action::Answered {
            rcode,
            answers,
            bytes: 0,
        },
    )
}

fn size(m: &Message) -> usize {
    m.to_vec().map(|v| v.len()).unwrap_or(usize::MAX)
}

fn response(request: &Message, query: &Query, code: ResponseCode) -> Message {
    let mut m = Message::new();
    m.set_id(request.id())
        .set_message_type(MessageType::Response)
        .set_op_code(OpCode::Query)
        .set_authoritative(true)
        .set_recursion_desired(request.recursion_desired())
        .set_recursion_available(true)
        .set_response_code(code)
        .add_query(query.clone());
    m
}

fn encoded(mut out: Reply, m: Message, action: Action) -> Reply {
    match m.to_vec() {
        Ok(bytes) => {
            let n = bytes.len();
            out.action = match action {
                Action::Answered { rcode, answers, .. } => Action::Answered {
                    rcode,
                    answers,
                    bytes: n,
                },
                Action::Truncated { answers, .. } => Action::Truncated { answers, bytes: n },
                other => other,
            };
            out.bytes = Some(bytes);
        }
        Err(e) => {
            out.action = Action::Garbage {
                reason: format!("cannot encode the reply: {e}"),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(name: &str, t: RecordType) -> Vec<u8> {
        let mut m = Message::new();
        m.set_id(7)
            .set_message_type(MessageType::Query)
            .set_op_code(OpCode::Query)
            .set_recursion_desired(true)
            .add_query(Query::query(Name::from_ascii(name).unwrap(), t));
        m.to_vec().unwrap()
    }

    fn decode(r: &Reply) -> Message {
        Message::from_vec(r.bytes.as_ref().unwrap()).unwrap()
    }

    #[test]
    fn address_nodata_and_nxdomain() {
        let z = Zone::default().with("a.test", Behaviour::v4(&[[10, 0, 0, 1]]));
        let r = reply(&z, &query("a.test.", RecordType::A), Transport::Udp);
        let m = decode(&r);
        assert_eq!(m.id(), 7);
        assert_eq!(m.answers().len(), 1);
        assert_eq!(r.name, "a.test");
        assert_eq!(r.qtype, Some(RecordType::A));
        let r = reply(&z, &query("a.test.", RecordType::AAAA), Transport::Udp);
        assert_eq!(decode(&r).answers().len(), 0);
        assert_eq!(decode(&r).response_code(), ResponseCode::NoError);
        let r = reply(&z, &query("b.test.", RecordType::A), Transport::Udp);
        assert_eq!(decode(&r).response_code(), ResponseCode::NXDomain);
    }

    #[test]
    fn big_answer_is_truncated_over_udp_only() {
        let z = Zone::all(Behaviour::many_v4(60));
        let r = reply(&z, &query("big.test.", RecordType::A), Transport::Udp);
        let m = decode(&r);
        assert!(m.truncated());
        assert!(r.bytes.as_ref().unwrap().len() <= CLASSIC_UDP_LIMIT);
        assert!(
            matches!(r.action, Action::Truncated { answers, .. } if answers > 0 && answers < 60)
        );
        let r = reply(&z, &query("big.test.", RecordType::A), Transport::Tcp);
        assert_eq!(decode(&r).answers().len(), 60);
        assert!(!decode(&r).truncated());
    }

    /// A truncated UDP reply carries as many answers as fit, not fewer.
    #[test]
    fn truncated_reply_holds_the_most_answers_that_fit() {
        for n in [31, 60, 400] {
            let z = Zone::all(Behaviour::many_v4(n));
            let r = reply(&z, &query("big.test.", RecordType::A), Transport::Udp);
            let bytes = r.bytes.as_ref().unwrap();
            assert!(
                bytes.len() <= CLASSIC_UDP_LIMIT,
                "got {} bytes",
                bytes.len()
            );
            let mut m = decode(&r);
            let kept = m.answers().len();
            assert!(kept < n, "got {kept} of {n} answers, want fewer");
            let owner = m.queries()[0].name().clone();
            m.add_answer(Record::from_rdata(
                owner,
                TTL,
                RData::A(A::new(10, 99, 0, 1)),
            ));
            let one_more = m.to_vec().unwrap().len();
            assert!(
                one_more > CLASSIC_UDP_LIMIT,
                "{n} addresses: got {kept} answers in {} bytes, but {} fit in {one_more}",
                bytes.len(),
                kept + 1
            );
        }
    }

    #[test]
    fn truncate_udp_and_delay_and_drop() {
        let z = Zone::default()
            .with(
                "tc.test",
                Behaviour::TruncateUdp {
                    then: Box::new(Behaviour::v4(&[[1, 2, 3, 4]])),
                },
            )
            .with("slow.test", Behaviour::delayed(30, Behaviour::NoData))
            .with("drop.test", Behaviour::Drop);
        let r = reply(&z, &query("tc.test.", RecordType::A), Transport::Udp);
        assert!(decode(&r).truncated());
        let r = reply(&z, &query("tc.test.", RecordType::A), Transport::Tcp);
        assert_eq!(decode(&r).answers().len(), 1);
        let r = reply(&z, &query("slow.test.", RecordType::A), Transport::Udp);
        assert_eq!(r.delay, Duration::from_millis(30));
        let r = reply(&z, &query("drop.test.", RecordType::A), Transport::Udp);
        assert!(r.bytes.is_none());
        assert_eq!(r.action, Action::Dropped);
    }

    #[test]
    fn cname_chain_ends_in_the_address() {
        let z = Zone::all(Behaviour::CnameChain {
            links: 5,
            v4: vec![[10, 1, 1, 1].into()],
        });
        let m = decode(&reply(
            &z,
            &query("chain.test.", RecordType::A),
            Transport::Tcp,
        ));
        assert_eq!(m.answers().len(), 6);
        assert_eq!(m.answers()[5].record_type(), RecordType::A);
    }

    #[test]
    fn garbage_is_reported_not_answered() {
        let r = reply(&Zone::default(), b"\x01\x02garbage", Transport::Udp);
        assert!(matches!(r.action, Action::Garbage { .. }));
        assert!(r.bytes.is_none());
    }
}
