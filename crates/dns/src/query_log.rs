//! Every query a test nameserver receives, as structured records the lab
//! reads directly (never a text log to re-parse).

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::RecordType;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Udp,
    Tcp,
}

/// What the server did with what it received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// A response was sent: its RCODE and number of answer records.
    Answered {
        rcode: ResponseCode,
        answers: usize,
        bytes: usize,
    },
    /// Sent with TC set and `answers` records that fit.
    Truncated { answers: usize, bytes: usize },
    /// Deliberately not answered.
    Dropped,
    /// Not a DNS query we could parse, or a broken TCP stream: ignored.
    Garbage { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryRecord {
    /// Microseconds since the log was created.
    pub at_us: u64,
    pub server: IpAddr,
    pub transport: Transport,
    /// The DNS message id; 0 for garbage.
    pub id: u16,
    /// Queried name without the trailing dot; empty for garbage.
    pub name: String,
    /// The question's type; `None` for garbage.
    pub qtype: Option<RecordType>,
    /// Whether the query carried an EDNS OPT record, and its payload size.
    pub edns_payload: Option<u16>,
    pub action: Action,
}

impl QueryRecord {
    pub fn is_query(&self) -> bool {
        !matches!(self.action, Action::Garbage { .. })
    }
}

/// Shared by all servers of one fixture; cheap to clone.
#[derive(Debug, Clone)]
pub struct QueryLog {
    epoch: Instant,
    records: Arc<Mutex<Vec<QueryRecord>>>,
    /// Also print each record as a JSON line on stdout (`muslab dns-serve`).
    echo: bool,
}

impl QueryLog {
    pub fn new() -> Self {
        QueryLog {
            epoch: Instant::now(),
            records: Arc::default(),
            echo: false,
        }
    }

    pub fn echoing() -> Self {
        QueryLog {
            echo: true,
            ..Self::new()
        }
    }

    pub fn epoch(&self) -> Instant {
        self.epoch
    }

    /// Microseconds since the epoch, for `QueryRecord::at_us`.
    pub fn now_us(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64
    }

    pub fn push(&self, r: QueryRecord) {
        if self.echo {
            if let Ok(line) = serde_json::to_string(&r) {
                println!("{line}");
            }
        }
        self.records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(r);
    }

    /// A copy of everything logged so far, in arrival order.
    pub fn snapshot(&self) -> Vec<QueryRecord> {
        let mut v = self
            .records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        v.sort_by_key(|r| r.at_us);
        v
    }

    /// Takes everything logged so far, leaving the log empty.
    pub fn take(&self) -> Vec<QueryRecord> {
        let mut v = std::mem::take(&mut *self.records.lock().unwrap_or_else(|e| e.into_inner()));
        v.sort_by_key(|r| r.at_us);
        v
    }
}

impl Default for QueryLog {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_protocol_values_typed_through_json() {
        let r = QueryRecord {
            at_us: 5,
            server: [127, 0, 0, 2].into(),
            transport: Transport::Udp,
            id: 7,
            name: "a.test".into(),
            qtype: Some(RecordType::AAAA),
            edns_payload: None,
            action: Action::Answered {
                rcode: ResponseCode::ServFail,
                answers: 0,
                bytes: 30,
            },
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"AAAA\""), "{json}");
        assert!(json.contains("\"127.0.0.2\""), "{json}");
        let back: QueryRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }
}
