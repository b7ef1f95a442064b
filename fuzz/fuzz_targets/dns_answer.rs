//! Fuzzes the DNS test server's message handling (`muslab_dns::answer`):
//! whatever bytes a client sends, the server decides on a reply without a
//! panic, and a reply it sends decodes as DNS and, over UDP, fits the size
//! the query allowed. Every scenario's zones are used (their names, e.g.
//! D08's `huge.test`, are in the seed queries), plus one zone per behaviour
//! that answers every name so, so each answer path is reachable.
#![no_main]

use std::sync::OnceLock;

use hickory_proto::op::Message;
use libfuzzer_sys::fuzz_target;
use muslab_dns::answer::{reply, CLASSIC_UDP_LIMIT};
use muslab_dns::query_log::Transport;
use muslab_dns::zone::{Behaviour, Zone};

fn zones() -> &'static [Zone] {
    static ZONES: OnceLock<Vec<Zone>> = OnceLock::new();
    ZONES.get_or_init(|| {
        let mut zones: Vec<Zone> = muslab_dns::scenario::all()
            .iter()
            .filter_map(|s| muslab_dns::scenario::spec_of(s.id()))
            .flat_map(|spec| spec.servers.into_iter().map(|(_, zone)| zone))
            .collect();
        let address = Behaviour::Address {
            v4: vec![[10, 0, 0, 1].into(), [10, 0, 0, 2].into()],
            v6: vec![[0xfd00, 0, 0, 0, 0, 0, 0, 1].into()],
        };
        zones.extend(
            [
                address.clone(),
                Behaviour::CnameChain {
                    links: 3,
                    v4: vec![[10, 0, 0, 1].into()],
                },
                Behaviour::NoData,
                Behaviour::ServFail,
                Behaviour::Refused,
                Behaviour::Drop,
                Behaviour::delayed(5, Behaviour::many_v4(40)),
                Behaviour::TruncateUdp {
                    then: Box::new(address),
                },
            ]
            .into_iter()
            .map(Zone::all),
        );
        zones
    })
}

fuzz_target!(|data: &[u8]| {
    for zone in zones() {
        for transport in [Transport::Udp, Transport::Tcp] {
            let r = reply(zone, data, transport);
            let Some(bytes) = &r.bytes else { continue };
            if let Err(e) = Message::from_vec(bytes) {
                panic!("the server sent a reply that does not decode: {e}");
            }
            if transport == Transport::Udp {
                let limit = r
                    .edns_payload
                    .map(|p| (p as usize).max(CLASSIC_UDP_LIMIT))
                    .unwrap_or(CLASSIC_UDP_LIMIT);
                assert!(
                    bytes.len() <= limit,
                    "UDP reply of {} bytes, the query allowed {limit}",
                    bytes.len()
                );
            }
        }
    }
});
