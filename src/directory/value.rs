//! Reading the values of an export's cells: flags, sizes and address lists, as
//! Exchange 2007's Export-Csv, newer PowerShell and csvde write them.

/// SMTP addresses read from one EmailAddresses / proxyAddresses cell at most; a real
/// recipient has a few dozen (Exchange Online allows 300 proxy addresses).
pub const MAX_ADDRESSES_PER_CELL: usize = 1000;

/// The key an address is matched by: no surrounding spaces, lowercase.
pub fn key(address: &str) -> String {
    let trimmed = address.trim();
    if trimmed.is_ascii() {
        trimmed.to_ascii_lowercase()
    } else {
        trimmed.to_lowercase()
    }
}

/// The domain of an address key, if it has one.
pub fn domain(key: &str) -> Option<&str> {
    key.rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

/// A flag: `True`/`False` (any case, csvde's `TRUE`/`FALSE`), empty for unknown.
/// `Err(())` for anything else.
pub fn flag(cell: &str) -> Result<Option<bool>, ()> {
    let cell = cell.trim();
    if cell.is_empty() {
        Ok(None)
    } else if cell.eq_ignore_ascii_case("true") {
        Ok(Some(true))
    } else if cell.eq_ignore_ascii_case("false") {
        Ok(Some(false))
    } else {
        Err(())
    }
}

/// A size in bytes, `Ok(None)` for empty or `Unlimited`.
///
/// Read: a plain number of bytes; Exchange 2007's `12345678B` and `2097152KB` (also
/// MB, GB, TB, binary multiples as Exchange counts them); Exchange 2010 and later's
/// `1.234 GB (1,324,567,890 bytes)`, where the bytes in brackets win.
pub fn size(cell: &str) -> Result<Option<u64>, ()> {
    let cell = cell.trim();
    if cell.is_empty() || cell.eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    if let Some(open) = cell.find('(') {
        let inner = cell[open + 1..].trim_end_matches(')').trim();
        let digits = inner
            .strip_suffix("bytes")
            .or_else(|| inner.strip_suffix("Bytes"))
            .ok_or(())?;
        let digits: String = digits
            .chars()
            .filter(|c| !matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\''))
            .collect();
        return digits.parse::<u64>().map(Some).map_err(|_| ());
    }
    let split = cell
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(cell.len());
    let (number, unit) = cell.split_at(split);
    let unit = unit.trim().to_ascii_uppercase();
    let factor: u64 = match unit.as_str() {
        "" | "B" | "BYTES" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return Err(()),
    };
    let value: f64 = number.parse().map_err(|_| ())?;
    if !value.is_finite() || value < 0.0 {
        return Err(());
    }
    let bytes = value * factor as f64;
    if bytes > u64::MAX as f64 {
        return Err(());
    }
    Ok(Some(bytes as u64))
}

/// What reading an EmailAddresses / proxyAddresses cell found besides addresses.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The cell holds a .NET type name instead of addresses.
    pub type_name: bool,
    /// More than [`MAX_ADDRESSES_PER_CELL`] addresses: the rest were not read.
    pub capped: bool,
}

/// Calls `visit(primary, address)` for every SMTP address of a cell, however they are
/// separated: Export-Csv's joined collection (`SMTP:a@x smtp:b@x X400:c=US;a= ;p=…`),
/// csvde's `;`, or commas and braces from a pasted list. The first `SMTP:` in capitals
/// is the primary. Other address types (X400, X500, SIP, EUM) are skipped; an X400
/// address's own `;` and spaces never start an SMTP address.
pub fn smtp_addresses<'c>(cell: &'c str, mut visit: impl FnMut(bool, &'c str)) -> Scan {
    let mut scan = Scan::default();
    let trimmed = cell.trim();
    if (trimmed.starts_with("Microsoft.") || trimmed.starts_with("System."))
        && !trimmed.contains('@')
    {
        scan.type_name = true;
        return scan;
    }
    let mut count = 0;
    let mut primary_seen = false;
    for token in cell.split(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '{' | '}')) {
        let Some((prefix, address)) = token.split_once(':') else {
            continue;
        };
        if !prefix.eq_ignore_ascii_case("smtp") || address.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_ADDRESSES_PER_CELL {
            scan.capped = true;
            break;
        }
        let primary = prefix == "SMTP" && !primary_seen;
        primary_seen |= primary;
        visit(primary, address);
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_every_shape_exchange_writes() {
        assert_eq!(size("12345678B"), Ok(Some(12_345_678)));
        assert_eq!(size("2097152KB"), Ok(Some(2_097_152 * 1024)));
        assert_eq!(
            size("1.234 GB (1,324,567,890 bytes)"),
            Ok(Some(1_324_567_890))
        );
        assert_eq!(size("51 GB"), Ok(Some(51 << 30)));
        assert_eq!(size("Unlimited"), Ok(None));
        assert_eq!(size(""), Ok(None));
        assert_eq!(size("1024"), Ok(Some(1024)));
        assert_eq!(size("big"), Err(()));
        assert_eq!(size("12 parsecs"), Err(()));
        assert_eq!(size("1e999GB"), Err(()));
    }

    #[test]
    fn flags() {
        assert_eq!(flag(" TRUE "), Ok(Some(true)));
        assert_eq!(flag("False"), Ok(Some(false)));
        assert_eq!(flag(""), Ok(None));
        assert_eq!(flag("yes"), Err(()));
    }

    fn all(cell: &str) -> (Vec<(bool, &str)>, Scan) {
        let mut seen = Vec::new();
        let scan = smtp_addresses(cell, |p, a| seen.push((p, a)));
        (seen, scan)
    }

    #[test]
    fn smtp_addresses_among_other_types() {
        let (a, scan) = all(
            "SMTP:Pilar@Contoso.com smtp:pp@contoso.com X400:c=US;a= ;p=Contoso;o=Exchange;s=Pineda; X500:/o=Contoso/cn=pilar",
        );
        assert_eq!(a, [(true, "Pilar@Contoso.com"), (false, "pp@contoso.com")]);
        assert_eq!(scan, Scan::default());
        let (csvde, _) = all("smtp:b@contoso.com;SMTP:a@contoso.com");
        assert_eq!(csvde, [(false, "b@contoso.com"), (true, "a@contoso.com")]);
        assert!(
            all("Microsoft.Exchange.Data.ProxyAddressCollection")
                .1
                .type_name
        );
        assert!(all("System.Collections.ArrayList").1.type_name);
        let many = (0..1500)
            .map(|i| format!("smtp:u{i}@contoso.com"))
            .collect::<Vec<_>>()
            .join(" ");
        let (a, scan) = all(&many);
        assert!(scan.capped);
        assert_eq!(a.len(), MAX_ADDRESSES_PER_CELL);
    }
}
