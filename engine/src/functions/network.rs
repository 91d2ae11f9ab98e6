//! `contains(network, address)`: whether an IP address is in a CIDR network. Addresses are
//! compared as Trino stores them, 128 bits with IPv4 mapped into IPv6 (`::ffff:a.b.c.d`).

use std::net::IpAddr;

use datafusion::error::Result;

use super::error::invalid_argument;

/// An address as 128 bits, and the number of bits its family adds in front (96 for IPv4).
fn bits(address: IpAddr) -> (u128, u32) {
    match address {
        IpAddr::V4(v4) => (u128::from(v4.to_ipv6_mapped()), 96),
        IpAddr::V6(v6) => (u128::from(v6), 0),
    }
}

/// Whether `address` is in `network` (`10.0.0.0/8`, `2001:db8::/32`). An invalid network
/// (no prefix length, a prefix longer than the address, host bits set) is
/// `INVALID_FUNCTION_ARGUMENT`, like an invalid address.
pub fn cidr_contains(network: &str, address: &str) -> Result<bool> {
    let invalid = || invalid_argument(format!("Invalid CIDR: {network}"));
    let (base, length) = network.split_once('/').ok_or_else(invalid)?;
    let base: IpAddr = base.parse().map_err(|_| invalid())?;
    let length: u32 = length.parse().map_err(|_| invalid())?;
    let (base, offset) = bits(base);
    if length > 128 - offset {
        return Err(invalid());
    }
    let length = length + offset;
    let mask = if length == 0 {
        0
    } else {
        u128::MAX << (128 - length)
    };
    if base & !mask != 0 {
        return Err(invalid());
    }
    let address: IpAddr = address
        .parse()
        .map_err(|_| invalid_argument(format!("Invalid IP address: {address}")))?;
    let (address, _) = bits(address);
    Ok(address & mask == base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks() {
        // Trino docs (ipaddress functions, contains).
        assert!(cidr_contains("10.0.0.0/8", "10.255.255.255").unwrap());
        assert!(!cidr_contains("10.0.0.0/8", "11.255.255.255").unwrap());
        assert!(
            cidr_contains(
                "2001:0db8:0:0:0:ff00:0042:8329/128",
                "2001:db8::ff00:42:8329"
            )
            .unwrap()
        );
        assert!(cidr_contains("0.0.0.0/0", "255.255.255.255").unwrap());
        assert!(cidr_contains("::/0", "2001::").unwrap());
        assert!(cidr_contains("10.0.0.1/8", "10.0.0.1").is_err());
        assert!(cidr_contains("10.0.0.0/33", "10.0.0.1").is_err());
    }
}
