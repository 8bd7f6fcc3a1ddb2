//! Countries: every ISO 3166-1 code with its English name and calling code, search by name, code
//! or calling code, and the country of a phone number.

use std::fmt;

use super::country_data::{
    COUNTRY_RECORDS, CountryRecord, MAIN_COUNTRY_FOR_CALLING_CODE, NANP_AREA_CODES,
};

/// An ISO 3166-1 country or territory. Ordered by ISO code.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(u16);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown country code {text:?}{}", suggestion_text(.suggestions))]
pub struct UnknownCountry {
    pub text: String,
    pub suggestions: Vec<Country>,
}

fn suggestion_text(suggestions: &[Country]) -> String {
    if suggestions.is_empty() {
        return ": expected an ISO 3166-1 alpha-2 code such as \"IN\" or \"BR\"".to_string();
    }
    let list: Vec<String> = suggestions
        .iter()
        .map(|c| format!("{} ({})", c.code(), c.name()))
        .collect();
    format!(": did you mean {}?", list.join(", "))
}

impl Country {
    fn record(self) -> &'static CountryRecord {
        &COUNTRY_RECORDS[self.0 as usize]
    }

    /// Every ISO 3166-1 country, in code order.
    pub fn all() -> impl ExactSizeIterator<Item = Country> + Clone {
        (0..COUNTRY_RECORDS.len() as u16).map(Country)
    }

    /// The country's position in code order (0-based), for dense tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The country at a position of [`Country::index`].
    pub fn from_index(index: usize) -> Option<Country> {
        (index < COUNTRY_RECORDS.len()).then_some(Country(index as u16))
    }

    /// Looks up an ISO alpha-2 code, case-insensitively.
    pub fn from_code(code: &str) -> Option<Country> {
        let code = code.trim();
        if code.len() != 2 {
            return None;
        }
        let upper = code.to_ascii_uppercase();
        COUNTRY_RECORDS
            .binary_search_by(|r| r.code.cmp(upper.as_str()))
            .ok()
            .map(|i| Country(i as u16))
    }

    /// A country by its English name or one of its aliases, whole and ignoring ASCII case
    /// ("India", "united states"); no partial matches (that is [`Country::search`]).
    pub fn from_name(name: &str) -> Option<Country> {
        let t = name.trim();
        Country::all().find(|c| {
            c.name().eq_ignore_ascii_case(t)
                || c.aliases().iter().any(|a| a.eq_ignore_ascii_case(t))
        })
    }

    /// Parses an ISO code; on failure, suggests the closest countries by code, name or alias.
    pub fn parse(text: &str) -> Result<Country, UnknownCountry> {
        Country::from_code(text).ok_or_else(|| UnknownCountry {
            text: text.to_string(),
            suggestions: Country::closest(text, 3),
        })
    }

    pub fn code(self) -> &'static str {
        self.record().code
    }

    pub fn name(self) -> &'static str {
        self.record().name
    }

    pub fn aliases(self) -> &'static [&'static str] {
        self.record().aliases
    }

    /// The country calling code without "+", if the territory has one.
    pub fn calling_code(self) -> Option<u16> {
        let c = self.record().calling_code;
        (c != 0).then_some(c)
    }

    /// Countries matching what a user types in a search box: a name or alias fragment ("bra"),
    /// an ISO code ("BR") or a calling code ("+55", "55"). Best matches first.
    pub fn search(query: &str) -> Vec<Country> {
        let q = query.trim();
        if q.is_empty() {
            return Country::all().collect();
        }
        let digits = q.strip_prefix('+').unwrap_or(q);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let mut hits: Vec<(u8, Country)> = Country::all()
                .filter_map(|c| {
                    let code = c.calling_code()?.to_string();
                    if code == digits {
                        Some((0, c))
                    } else if code.starts_with(digits) {
                        Some((1, c))
                    } else {
                        None
                    }
                })
                .collect();
            hits.sort_by_key(|&(rank, c)| (rank, c.name()));
            return hits.into_iter().map(|(_, c)| c).collect();
        }
        let needle = fold(q);
        let mut hits: Vec<(u8, Country)> = Country::all()
            .filter_map(|c| {
                let name = fold(c.name());
                let rank = if c.code().eq_ignore_ascii_case(q) {
                    0
                } else if name.starts_with(&needle) {
                    1
                } else if name.split([' ', '-', '(']).any(|w| w.starts_with(&needle)) {
                    2
                } else if c.aliases().iter().any(|a| fold(a).contains(&needle)) {
                    3
                } else if name.contains(&needle) {
                    4
                } else {
                    return None;
                };
                Some((rank, c))
            })
            .collect();
        hits.sort_by_key(|&(rank, c)| (rank, c.name()));
        hits.into_iter().map(|(_, c)| c).collect()
    }

    /// The `n` countries whose code, name or alias is closest to `text` (for "did you mean").
    pub fn closest(text: &str, n: usize) -> Vec<Country> {
        let needle = fold(text.trim());
        if needle.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, Country)> = Country::all()
            .map(|c| {
                let mut best = strsim::levenshtein(&needle, &fold(c.code()));
                for candidate in std::iter::once(c.name()).chain(c.aliases().iter().copied()) {
                    let f = fold(candidate);
                    let d = if f.starts_with(&needle) && needle.len() >= 3 {
                        0
                    } else {
                        strsim::levenshtein(&needle, &f)
                    };
                    best = best.min(d);
                }
                (best, c)
            })
            .collect();
        scored.sort_by_key(|&(d, c)| (d, c.name()));
        let limit = (needle.chars().count() / 2).max(2);
        scored
            .into_iter()
            .filter(|&(d, _)| d <= limit)
            .take(n)
            .map(|(_, c)| c)
            .collect()
    }

    /// The country of an international phone number: "+91 98765 43210", "0091...",
    /// "whatsapp:+55...", "5511...". +1 numbers are told apart by NANP area code, +7 numbers
    /// starting 6 or 7 are Kazakhstan, other shared calling codes go to their main territory.
    pub fn from_phone_number(number: &str) -> Option<Country> {
        Country::from_phone_bytes(number.as_bytes())
    }

    /// [`Country::from_phone_number`] on raw bytes, without allocating: the per-message log
    /// import calls it once a row. Calling codes are prefix-free, so the first 1-3 digit
    /// prefix with a country is the code; the table of codes is built once.
    /// A number counts only when its length is one its calling code's numbers have (E.164
    /// lengths from libphonenumber's metadata): `+1111` or `+91` and a thousand nines are not
    /// numbers of any country.
    pub fn from_phone_bytes(number: &[u8]) -> Option<Country> {
        let mut digits = [0u8; 6];
        let total = international_digits(number, &mut digits)?;
        let table = calling_code_table();
        let mut code = 0usize;
        for len in 1..=3 {
            code = code * 10 + (digits[len - 1] - b'0') as usize;
            if (code == 1 || code == 7 || table[code].is_some())
                && !national_length_fits(code, total - len)
            {
                return None;
            }
            match code {
                1 => {
                    let area = std::str::from_utf8(&digits[1..4]).ok()?;
                    return Country::for_calling_code(1, area);
                }
                7 => return Country::for_calling_code(7, std::str::from_utf8(&digits[1..2]).ok()?),
                _ => {}
            }
            if let Some(c) = table[code] {
                return Some(c);
            }
        }
        None
    }

    fn for_calling_code(code: u16, national: &str) -> Option<Country> {
        match code {
            1 => {
                let area: u16 = national.get(..3)?.parse().ok()?;
                let iso = NANP_AREA_CODES
                    .binary_search_by_key(&area, |&(a, _)| a)
                    .map(|i| NANP_AREA_CODES[i].1)
                    .unwrap_or("US");
                Country::from_code(iso)
            }
            7 => match national.as_bytes().first()? {
                b'6' | b'7' => Country::from_code("KZ"),
                _ => Country::from_code("RU"),
            },
            _ => {
                if let Ok(i) =
                    MAIN_COUNTRY_FOR_CALLING_CODE.binary_search_by_key(&code, |&(c, _)| c)
                {
                    return Country::from_code(MAIN_COUNTRY_FOR_CALLING_CODE[i].1);
                }
                Country::all().find(|c| c.calling_code() == Some(code))
            }
        }
    }
}

/// Country per calling code below 1000, except the shared codes 1 and 7 (which need the
/// following digits).
/// Why a number is not one of any country, in plain words ("has 4 digits after +1; numbers
/// with calling code 1 have 10"), or `None` when it is one.
pub fn phone_number_problem(number: &[u8]) -> Option<String> {
    if Country::from_phone_bytes(number).is_some() {
        return None;
    }
    let mut digits = [0u8; 6];
    let Some(total) = international_digits(number, &mut digits) else {
        return Some("it is not written as an international number (+ and digits)".into());
    };
    let table = calling_code_table();
    let mut code = 0usize;
    for len in 1..=3 {
        code = code * 10 + (digits[len - 1] - b'0') as usize;
        if code == 1 || code == 7 || table[code].is_some() {
            let lengths: Vec<String> = (1..32u32)
                .filter(|l| national_lengths()[code] & (1 << l) != 0)
                .map(|l| l.to_string())
                .collect();
            return Some(format!(
                "it has {} digits after +{code}; numbers with calling code {code} have {}",
                total - len,
                match lengths.as_slice() {
                    [] => "no known length".to_string(),
                    [one] => one.clone(),
                    [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
                }
            ));
        }
    }
    Some("no country has its calling code".into())
}

/// Whether `national` digits is a length numbers of calling code `code` have.
fn national_length_fits(code: usize, national: usize) -> bool {
    national < 32 && national_lengths()[code] & (1 << national) != 0
}

/// The possible national number lengths of each calling code, as bit sets, from the metadata
/// of libphonenumber that the `phonenumber` crate carries (the union over the code's regions).
fn national_lengths() -> &'static [u32; 1000] {
    static TABLE: std::sync::OnceLock<[u32; 1000]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u32; 1000];
        for (code, bits) in table.iter_mut().enumerate() {
            let Some(regions) = phonenumber::metadata::DATABASE.by_code(&(code as u16)) else {
                continue;
            };
            for m in regions {
                let d = m.descriptors();
                // Every kind of number one can dial from abroad; not short codes.
                let kinds = [
                    Some(d.general()),
                    d.fixed_line(),
                    d.mobile(),
                    d.toll_free(),
                    d.premium_rate(),
                    d.shared_cost(),
                    d.personal_number(),
                    d.voip(),
                    d.pager(),
                    d.uan(),
                    d.voicemail(),
                ];
                for &l in kinds.iter().flatten().flat_map(|k| k.possible_length()) {
                    if l < 32 {
                        *bits |= 1 << l;
                    }
                }
            }
        }
        // The North American plan dials ten digits from abroad; its metadata also lists the
        // seven of local calls.
        table[1] = 1 << 10;
        table
    })
}

fn calling_code_table() -> &'static [Option<Country>; 1000] {
    static TABLE: std::sync::OnceLock<[Option<Country>; 1000]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [None; 1000];
        for (code, slot) in table.iter_mut().enumerate().skip(2) {
            if code != 7 {
                *slot = Country::for_calling_code(code as u16, "");
            }
        }
        table
    })
}

/// The first digits (up to `out.len()`) of a number written in international form, without
/// "+", "00" or "whatsapp:"; separators are skipped. `None` unless the number is digits and
/// separators only, has at least four digits and does not start with 0. Returns the digit count
/// (capped at `out.len()`).
fn international_digits(number: &[u8], out: &mut [u8; 6]) -> Option<usize> {
    let mut s = number.trim_ascii();
    if let Some(rest) = s.strip_prefix(b"whatsapp:") {
        s = rest.trim_ascii();
    }
    let s = s
        .strip_prefix(b"+")
        .or_else(|| s.strip_prefix(b"00"))
        .unwrap_or(s);
    let mut n = 0usize;
    let mut rest = s;
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'0'..=b'9' => {
                if n < out.len() {
                    out[n] = b;
                }
                n += 1;
            }
            b' ' | b'-' | b'.' | b'(' | b')' => {}
            // A no-break space in UTF-8.
            0xC2 if tail.first() == Some(&0xA0) => {
                rest = &tail[1..];
                continue;
            }
            _ => return None,
        }
        rest = tail;
    }
    // The count of all digits (the first six kept in `out`).
    (n >= 4 && out[0] != b'0').then_some(n)
}

/// Lower-case with common Latin accents removed, so "cote" finds "Côte d'Ivoire".
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Å' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
        let s = String::deserialize(d)?;
        Country::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Country {
        Country::from_code(code).unwrap()
    }

    #[test]
    fn every_iso_country_is_known_with_a_name() {
        assert_eq!(Country::all().len(), 249);
        for country in Country::all() {
            assert_eq!(Country::from_code(country.code()), Some(country));
            assert!(!country.name().is_empty());
        }
        assert_eq!(c("in").name(), "India");
        assert_eq!(c("BR").calling_code(), Some(55));
        assert_eq!(c("KZ").calling_code(), Some(7));
        assert_eq!(c("TT").calling_code(), Some(1));
    }

    #[test]
    fn from_name_takes_whole_names_and_aliases_only() {
        assert_eq!(Country::from_name(" india ").map(|c| c.code()), Some("IN"));
        assert_eq!(
            Country::from_name("Côte d'Ivoire").map(|c| c.code()),
            Some("CI")
        );
        assert_eq!(Country::from_name("Ind"), None);
    }

    #[test]
    fn search_matches_name_code_and_calling_code() {
        assert_eq!(Country::search("bra")[0], c("BR"));
        assert_eq!(Country::search("BR")[0], c("BR"));
        assert_eq!(Country::search("+55")[0], c("BR"));
        assert_eq!(Country::search("91")[0], c("IN"));
        assert!(Country::search("+1").contains(&c("US")));
        assert!(Country::search("+1").contains(&c("CA")));
        assert!(Country::search("ivory").contains(&c("CI")));
        assert!(Country::search("cote").contains(&c("CI")));
        assert!(Country::search("zzzz").is_empty());
    }

    #[test]
    fn unknown_codes_suggest_the_closest_countries() {
        let err = Country::parse("Brasil").unwrap_err();
        assert_eq!(err.suggestions.first(), Some(&c("BR")));
        assert!(err.to_string().contains("BR (Brazil)"), "{err}");
        let err = Country::parse("Inida").unwrap_err();
        assert!(err.suggestions.contains(&c("IN")), "{err}");
        let err = Country::parse("XX").unwrap_err();
        assert!(err.to_string().starts_with("unknown country code \"XX\""));
    }

    #[test]
    fn nanp_area_codes_pick_the_country() {
        assert_eq!(Country::from_phone_number("+1 212 555 0100"), Some(c("US")));
        assert_eq!(Country::from_phone_number("+1 416 555 0100"), Some(c("CA")));
        assert_eq!(Country::from_phone_number("+1 809 555 0100"), Some(c("DO")));
        assert_eq!(Country::from_phone_number("18295550100"), Some(c("DO")));
        assert_eq!(Country::from_phone_number("+1 849 555 0100"), Some(c("DO")));
        assert_eq!(Country::from_phone_number("+1 876 555 0100"), Some(c("JM")));
        assert_eq!(Country::from_phone_number("+1 658 555 0100"), Some(c("JM")));
        assert_eq!(Country::from_phone_number("+1 787 555 0100"), Some(c("PR")));
        assert_eq!(Country::from_phone_number("+1 939 555 0100"), Some(c("PR")));
        assert_eq!(Country::from_phone_number("+1 868 555 0100"), Some(c("TT")));
    }

    #[test]
    fn numbers_of_a_length_no_country_has_are_not_counted() {
        // Reliability probe D15: +1111, forty ones after +, +44 and thirty-nine sevens, +91
        // and a thousand nines.
        for bad in [
            "+1111".to_string(),
            format!("+{}", "1".repeat(40)),
            format!("+44{}", "7".repeat(39)),
            format!("+91{}", "9".repeat(1000)),
            "+1 212 555 010".to_string(),
            "+91 98765".to_string(),
        ] {
            assert_eq!(Country::from_phone_number(&bad), None, "{bad}");
            assert!(phone_number_problem(bad.as_bytes()).is_some(), "{bad}");
        }
        assert_eq!(
            phone_number_problem(b"+1111").unwrap(),
            "it has 3 digits after +1; numbers with calling code 1 have 10"
        );
        assert_eq!(phone_number_problem(b"+919876543210"), None);
    }

    #[test]
    fn plus_seven_splits_kazakhstan_from_russia() {
        assert_eq!(Country::from_phone_number("+7 701 123 4567"), Some(c("KZ")));
        assert_eq!(Country::from_phone_number("+7 600 123 4567"), Some(c("KZ")));
        assert_eq!(Country::from_phone_number("+7 495 123 4567"), Some(c("RU")));
        assert_eq!(Country::from_phone_number("+7 916 123 4567"), Some(c("RU")));
    }

    #[test]
    fn phone_number_forms() {
        assert_eq!(
            Country::from_phone_number("whatsapp:+919876543210"),
            Some(c("IN"))
        );
        assert_eq!(Country::from_phone_number("00919876543210"), Some(c("IN")));
        assert_eq!(Country::from_phone_number("919876543210"), Some(c("IN")));
        assert_eq!(
            Country::from_phone_number("+44 20 7946 0000"),
            Some(c("GB"))
        );
        assert_eq!(
            Country::from_phone_number("+971 50 123 4567"),
            Some(c("AE"))
        );
        assert_eq!(
            Country::from_phone_number("+880 1712 345678"),
            Some(c("BD"))
        );
        assert_eq!(Country::from_phone_number("not a number"), None);
        assert_eq!(Country::from_phone_number("+0 123"), None);
    }
}
