//! muslab's DNS lab: test nameservers built on hickory-proto, the hermetic
//! network fixture (network + mount namespaces), the scenarios that observe
//! D06-D09, D27 and S3 from the client (probe-dns) and the servers at once, and
//! hickory-resolver as the fix column.

#![forbid(unsafe_code)]

pub mod answer;
pub mod fixture;
pub mod hickory_fix;
pub mod query_log;
pub mod scenario;
pub mod serve;
pub mod server;
pub mod suite;
pub mod zone;
