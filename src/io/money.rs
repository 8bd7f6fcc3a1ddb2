//! Amounts as people read them: each currency Meta bills WhatsApp in, with its usual symbol and
//! its usual number of decimals, shared by the window, the PDF and the PNG chart.
//!
//! One form everywhere: the symbol first, a space, then the number grouped in thousands
//! ("R$ 102,944.00", "Rp 1,234,567", "CLP$ 88,293", "₹ 2,000,000.00"); a negative amount
//! puts its sign before the symbol ("-US$ 80.00"). The space is a no-break space ([`SPACE`],
//! as wide as a normal one): a note that wraps never leaves "R$" at the end of one line and
//! the number on the next (egui and the PDF's line breaking both keep it). The window may write the number with a
//! decimal comma ("R$ 1.234,56") when the user picks it in the View menu; reports keep the
//! decimal point. Compact axis labels take the same symbol ("R$ 20k", "Rp 1.5M"; the rupee in
//! lakh and crore, "₹ 20 lakh").
//!
//! The US dollar is always "US$", never a bare "$": plans in pesos (MX$, ARS$, COP$, CLP$)
//! and other dollars (A$, S$) sit beside it in the Compare tab and in a marketer's mind, and a
//! bare "$" would read as any of them. The pesos take their ISO code before the "$" for the same
//! reason. The dirham and the riyal are written with their codes (AED, SAR): their new signs are
//! not in the fonts the window and the PDF draw with. Any other currency is written with its
//! ISO code and two decimals ("CHF 1,234.56").
//!
//! The command line's text, JSON and CSV are contracts and do not use this: their amounts stay
//! plain numbers with the currency in a column or field of its own.

use rust_decimal::Decimal;

use crate::domain::ratebook::Currency;
use crate::io::display;

/// Between the symbol and the number, and before "lakh" or "crore": a no-break space.
pub const SPACE: char = '\u{a0}';

/// How one currency's amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyStyle {
    /// The ISO 4217 code.
    pub code: &'static str,
    /// What goes before the number.
    pub symbol: &'static str,
    /// Decimals of an amount (a rate per message shows two more).
    pub decimals: u32,
    /// The currency's name in English.
    pub name: &'static str,
}

const fn style(
    code: &'static str,
    symbol: &'static str,
    decimals: u32,
    name: &'static str,
) -> CurrencyStyle {
    CurrencyStyle {
        code,
        symbol,
        decimals,
        name,
    }
}

/// The 16 currencies Meta bills WhatsApp in. The rupiah and the Chilean peso are shown without
/// decimals, as their users write them; the others with two (ISO 4217's minor unit).
pub const BILLING_STYLES: [CurrencyStyle; 16] = [
    style("USD", "US$", 2, "US dollar"),
    style("EUR", "€", 2, "euro"),
    style("GBP", "£", 2, "pound sterling"),
    style("INR", "₹", 2, "Indian rupee"),
    style("IDR", "Rp", 0, "Indonesian rupiah"),
    style("BRL", "R$", 2, "Brazilian real"),
    style("MXN", "MX$", 2, "Mexican peso"),
    style("ARS", "ARS$", 2, "Argentine peso"),
    style("COP", "COP$", 2, "Colombian peso"),
    style("AED", "AED", 2, "UAE dirham"),
    style("SAR", "SAR", 2, "Saudi riyal"),
    style("AUD", "A$", 2, "Australian dollar"),
    style("MYR", "RM", 2, "Malaysian ringgit"),
    style("PEN", "S/", 2, "Peruvian sol"),
    style("CLP", "CLP$", 0, "Chilean peso"),
    style("SGD", "S$", 2, "Singapore dollar"),
];

/// The style of a currency code (any case), if it is one of [`BILLING_STYLES`].
pub fn style_of(code: &str) -> Option<&'static CurrencyStyle> {
    let code = code.trim();
    BILLING_STYLES
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(code))
}

/// How the amounts of one currency are written: its symbol and decimals, and the decimal mark
/// (a point unless the user chose the comma).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    currency: Currency,
    style: Option<&'static CurrencyStyle>,
    decimal_comma: bool,
}

impl Money {
    /// Amounts in `currency`, with a decimal point.
    pub fn new(currency: Currency) -> Money {
        Money {
            currency,
            style: style_of(currency.as_str()),
            decimal_comma: false,
        }
    }

    /// Amounts in the currency a code names (three letters, any case).
    pub fn of_code(code: &str) -> Option<Money> {
        code.parse().ok().map(Money::new)
    }

    /// The same currency with a decimal comma (`1.234,56`) when `on`.
    pub fn decimal_comma(mut self, on: bool) -> Money {
        self.decimal_comma = on;
        self
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// "R$", "US$", "₹"; the ISO code for a currency without a symbol here.
    pub fn symbol(&self) -> &str {
        self.style.map_or(self.currency.as_str(), |s| s.symbol)
    }

    /// The decimals an amount shows: 0 for the rupiah and the Chilean peso, else 2.
    pub fn decimals(&self) -> u32 {
        self.style.map_or(2, |s| s.decimals)
    }

    /// What a table's note says its amounts are in: "R$ (BRL)", "AED", "CHF".
    pub fn unit(&self) -> String {
        let code = self.currency.as_str();
        if self.symbol() == code {
            code.to_string()
        } else {
            format!("{} ({code})", self.symbol())
        }
    }

    /// The number alone, with the currency's decimals and the decimal mark: "1,234.56",
    /// "1.234,56", "1,234,567" (rupiah): a table's cell under a heading that names the
    /// currency.
    pub fn number(&self, d: Decimal) -> String {
        self.marked(display::fixed(d, self.decimals()))
    }

    /// An amount: "R$ 1,234.56", "Rp 1,234,567", "-US$ 80.00".
    pub fn amount(&self, d: Decimal) -> String {
        self.with_symbol(self.number(d))
    }

    /// A difference with its sign: "+R$ 1,234.50", "−R$ 80.00" (a minus sign), "R$ 0.00".
    pub fn signed(&self, d: Decimal) -> String {
        let magnitude = self.amount(d.abs());
        let zero = self
            .number(d.abs())
            .chars()
            .all(|c| !c.is_ascii_digit() || c == '0');
        if zero {
            magnitude
        } else if d > Decimal::ZERO {
            format!("+{magnitude}")
        } else {
            format!("−{magnitude}")
        }
    }

    /// A count beside the amounts, in the same marks: "1,000,000", or "1.000.000" with the
    /// decimal comma.
    pub fn count(&self, n: u64) -> String {
        self.marked(display::count(n))
    }

    /// A card's rate beside the amounts (four decimals, no symbol: the heading names the
    /// currency), in the same marks: "0.0118", "0,0118".
    pub fn rate(&self, d: Decimal) -> String {
        self.marked(display::rate(d))
    }

    /// A share beside the amounts, in the same marks: "12.5 %", "12,5 %".
    pub fn percent(&self, d: Decimal, places: u32) -> String {
        format!("{} %", self.marked(display::fixed(d, places)))
    }

    /// A cost per message, two decimals finer than an amount: "US$ 0.0118", "Rp 532.40".
    pub fn per_message(&self, d: Decimal) -> String {
        self.with_symbol(self.marked(display::fixed(d, self.decimals() + 2)))
    }

    /// An amount as an axis label: "US$ 0", "R$ 750", "R$ 2.5k", "Rp 1.5M", "US$ 2B"; the
    /// rupee in Indian units, "₹ 20 lakh", "₹ 1.5 crore". At most two decimals, trailing zeros
    /// dropped.
    pub fn compact(&self, value: f64) -> String {
        if !value.is_finite() {
            return String::new();
        }
        let indian = self.currency.as_str() == "INR";
        let number = self.marked(compact_number(value, indian));
        self.with_symbol(number)
    }

    /// [`Money::compact`] without the symbol, for a label beside an axis that carries it:
    /// "2.76k", "2,76k" with the decimal comma.
    pub fn compact_bare(&self, value: f64) -> String {
        let indian = self.currency.as_str() == "INR";
        self.marked(compact_number(value, indian))
    }

    /// `number` after the symbol, a negative sign before it.
    fn with_symbol(&self, number: String) -> String {
        match number.strip_prefix('-') {
            Some(n) => format!("-{}{SPACE}{n}", self.symbol()),
            None => format!("{}{SPACE}{number}", self.symbol()),
        }
    }

    /// A number written with a point and comma groups, in the chosen mark.
    fn marked(&self, text: String) -> String {
        if !self.decimal_comma {
            return text;
        }
        text.chars()
            .map(|c| match c {
                ',' => '.',
                '.' => ',',
                c => c,
            })
            .collect()
    }
}

/// A compact number: "0", "750", "2.5k", "20k", "1.5M", "2B"; with `indian` units, "20 lakh"
/// and "1.5 crore". At most two decimals, trailing zeros dropped; 999,999 is "1M", not
/// "1000k".
pub fn compact_number(value: f64, indian: bool) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    let units: &[(f64, &str)] = if indian {
        &[(1e7, "\u{a0}crore"), (1e5, "\u{a0}lakh"), (1e3, "k")]
    } else {
        &[(1e9, "B"), (1e6, "M"), (1e3, "k")]
    };
    for (size, unit) in units {
        // 999,999 rounds to "1000k": it is shown in the next unit up.
        if round2(v / size) >= 1.0 {
            return format!("{sign}{}{unit}", trimmed(v / size));
        }
    }
    if round2(v) == 0.0 {
        return "0".into();
    }
    format!("{sign}{}", trimmed(v))
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// At most two decimals, without trailing zeros: 1.50 -> "1.5", 20.00 -> "20".
fn trimmed(v: f64) -> String {
    let s = format!("{:.2}", round2(v));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A money string as written by hand, its spaces the no-break [`SPACE`].
    fn nb(s: &str) -> String {
        s.replace(' ', "\u{a0}")
    }

    fn m(code: &str) -> Money {
        Money::of_code(code).unwrap()
    }

    #[test]
    fn the_sixteen_billing_currencies_each_have_one_style() {
        let codes: Vec<&str> = BILLING_STYLES.iter().map(|s| s.code).collect();
        assert_eq!(
            codes,
            [
                "USD", "EUR", "GBP", "INR", "IDR", "BRL", "MXN", "ARS", "COP", "AED", "SAR", "AUD",
                "MYR", "PEN", "CLP", "SGD"
            ]
        );
        // Each is a currency Meta bills in, and no two share a symbol.
        for s in &BILLING_STYLES {
            assert!(m(s.code).currency().is_billed(), "{}", s.code);
        }
        let mut symbols: Vec<&str> = BILLING_STYLES.iter().map(|s| s.symbol).collect();
        symbols.sort_unstable();
        symbols.dedup();
        assert_eq!(symbols.len(), 16);
    }

    #[test]
    fn amounts_take_the_symbol_first_and_the_usual_decimals() {
        assert_eq!(m("BRL").amount(d("102944")), nb("R$ 102,944.00"));
        assert_eq!(m("USD").amount(d("20000")), nb("US$ 20,000.00"));
        assert_eq!(m("EUR").amount(d("1234.565")), nb("€ 1,234.56"));
        assert_eq!(m("GBP").amount(d("0.5")), nb("£ 0.50"));
        assert_eq!(m("INR").amount(d("2000000")), nb("₹ 2,000,000.00"));
        assert_eq!(m("IDR").amount(d("1234567.49")), nb("Rp 1,234,567"));
        assert_eq!(m("CLP").amount(d("88293.5")), nb("CLP$ 88,294"));
        assert_eq!(
            m("CLP").amount(d("88292.5")),
            nb("CLP$ 88,292"),
            "half-even"
        );
        assert_eq!(m("MXN").amount(d("15.2")), nb("MX$ 15.20"));
        assert_eq!(m("ARS").amount(d("1500000")), nb("ARS$ 1,500,000.00"));
        assert_eq!(m("COP").amount(d("4100.1")), nb("COP$ 4,100.10"));
        assert_eq!(m("AED").amount(d("73.46")), nb("AED 73.46"));
        assert_eq!(m("SAR").amount(d("75")), nb("SAR 75.00"));
        assert_eq!(m("AUD").amount(d("30.5")), nb("A$ 30.50"));
        assert_eq!(m("MYR").amount(d("88")), nb("RM 88.00"));
        assert_eq!(m("PEN").amount(d("74.1")), nb("S/ 74.10"));
        assert_eq!(m("SGD").amount(d("26")), nb("S$ 26.00"));
        assert_eq!(m("usd").amount(d("-80")), nb("-US$ 80.00"));
        // Any other currency: its code and two decimals.
        assert_eq!(m("CHF").amount(d("1234.5")), nb("CHF 1,234.50"));
        assert_eq!(m("JPY").symbol(), "JPY");
    }

    #[test]
    fn a_decimal_comma_swaps_the_marks() {
        let brl = m("BRL").decimal_comma(true);
        assert_eq!(brl.amount(d("1234.56")), nb("R$ 1.234,56"));
        assert_eq!(brl.number(d("1234567.8")), "1.234.567,80");
        assert_eq!(brl.compact(1_500_000.0), nb("R$ 1,5M"));
        assert_eq!(brl.per_message(d("0.3217")), nb("R$ 0,3217"));
        assert_eq!(
            m("IDR").decimal_comma(true).amount(d("1234567")),
            nb("Rp 1.234.567")
        );
        // Counts, rates and shares beside them follow the same marks.
        assert_eq!(brl.count(1_000_000), "1.000.000");
        assert_eq!(brl.rate(d("0.0625")), "0,0625");
        assert_eq!(brl.percent(d("12.46"), 1), "12,5 %");
        assert_eq!(m("BRL").count(1_000_000), "1,000,000");
    }

    #[test]
    fn numbers_differences_and_rates_per_message() {
        assert_eq!(m("IDR").number(d("1234567.5")), "1,234,568");
        assert_eq!(m("USD").number(d("1234.5")), "1,234.50");
        assert_eq!(m("USD").signed(d("10125")), nb("+US$ 10,125.00"));
        assert_eq!(m("USD").signed(d("-80")), nb("−US$ 80.00"));
        assert_eq!(m("USD").signed(d("0.001")), nb("US$ 0.00"));
        assert_eq!(m("CLP").signed(d("-0.4")), nb("CLP$ 0"));
        assert_eq!(m("USD").per_message(d("0.0118")), nb("US$ 0.0118"));
        assert_eq!(m("BRL").per_message(d("0.32174")), nb("R$ 0.3217"));
        assert_eq!(m("IDR").per_message(d("532.396")), nb("Rp 532.40"));
        assert_eq!(m("BRL").unit(), "R$ (BRL)");
        assert_eq!(m("AED").unit(), "AED");
    }

    #[test]
    fn compact_amounts_in_thousands_and_millions() {
        let cases = [
            (0.0, "US$ 0"),
            (0.5, "US$ 0.5"),
            (2.36, "US$ 2.36"),
            (750.0, "US$ 750"),
            (1_000.0, "US$ 1k"),
            (2_500.0, "US$ 2.5k"),
            (20_000.0, "US$ 20k"),
            (37_500.0, "US$ 37.5k"),
            (999_999.0, "US$ 1M"),
            (1_500_000.0, "US$ 1.5M"),
            (2_000_000_000.0, "US$ 2B"),
            (-1_000.0, "-US$ 1k"),
        ];
        for (v, want) in cases {
            assert_eq!(m("USD").compact(v), nb(want), "{v}");
        }
        assert_eq!(m("BRL").compact(20_000.0), nb("R$ 20k"));
        assert_eq!(m("BRL").compact_bare(2_760.0), "2.76k");
        assert_eq!(m("BRL").decimal_comma(true).compact_bare(2_760.0), "2,76k");
        assert_eq!(m("IDR").compact(1_500_000.0), nb("Rp 1.5M"));
        assert_eq!(m("CLP").compact(88_293.0), nb("CLP$ 88.29k"));
        assert_eq!(m("EUR").compact(f64::NAN), "");
    }

    #[test]
    fn compact_amounts_in_lakh_and_crore_for_rupees() {
        let cases = [
            (0.0, "₹ 0"),
            (50_000.0, "₹ 50k"),
            (100_000.0, "₹ 1 lakh"),
            (250_000.0, "₹ 2.5 lakh"),
            (2_000_000.0, "₹ 20 lakh"),
            (10_000_000.0, "₹ 1 crore"),
            (15_000_000.0, "₹ 1.5 crore"),
            (1_000_000_000.0, "₹ 100 crore"),
        ];
        for (v, want) in cases {
            assert_eq!(m("INR").compact(v), nb(want), "{v}");
        }
    }

    /// Every symbol has a glyph in the fonts the PDF and the PNG embed (which the window draws
    /// with behind egui's own font), regular and bold.
    #[test]
    fn every_symbol_has_a_glyph_in_the_report_fonts() {
        use skrifa::{FontRef, MetadataProvider};
        for (name, font) in [
            ("regular", crate::io::report::canvas::REGULAR),
            ("bold", crate::io::report::canvas::BOLD),
        ] {
            let f = FontRef::new(font).unwrap();
            let map = f.charmap();
            for s in &BILLING_STYLES {
                for c in s.symbol.chars() {
                    assert!(map.map(c).is_some(), "{name} font has no glyph for {c:?}");
                }
            }
        }
    }
}
