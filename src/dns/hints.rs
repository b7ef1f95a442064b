//! The `hints` a scenario asks for, written on the command line as `null` or
//! `FAMILY[,FLAG...]` (`unspec`, `inet,addrconfig`, `unspec,idn` ...).

use muslab_sys::getaddrinfo::{Hints, AI_IDN};

/// Parses a hints spec; the error names the part that is not understood.
pub fn parse(spec: &str) -> Result<Hints, String> {
    if spec == "null" {
        return Ok(Hints::Null);
    }
    let mut parts = spec.split(',');
    let family = match parts.next().unwrap_or("") {
        "unspec" => libc::AF_UNSPEC,
        "inet" => libc::AF_INET,
        "inet6" => libc::AF_INET6,
        other => return Err(format!("unknown family '{other}' (unspec, inet, inet6)")),
    };
    let mut flags = 0;
    for flag in parts {
        flags |= match flag {
            "addrconfig" => libc::AI_ADDRCONFIG,
            "v4mapped" => libc::AI_V4MAPPED,
            "all" => libc::AI_ALL,
            "canonname" => libc::AI_CANONNAME,
            "idn" => AI_IDN,
            other => {
                return Err(format!(
                    "unknown flag '{other}' (addrconfig, v4mapped, all, canonname, idn)"
                ))
            }
        };
    }
    Ok(Hints::Given {
        family,
        socktype: libc::SOCK_STREAM,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_null_family_and_flags() {
        assert_eq!(parse("null"), Ok(Hints::Null));
        assert_eq!(
            parse("inet,addrconfig,idn"),
            Ok(Hints::Given {
                family: libc::AF_INET,
                socktype: libc::SOCK_STREAM,
                flags: libc::AI_ADDRCONFIG | AI_IDN
            })
        );
        assert!(parse("inet,bogus").unwrap_err().contains("bogus"));
        assert!(parse("ipx").is_err());
    }
}
