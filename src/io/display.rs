//! How amounts, rates and counts are shown to people: rounded only here, half-even, with
//! thousands separators. The engine's values stay exact.

use rust_decimal::{Decimal, RoundingStrategy};

/// `1234567.891` -> `1,234,567.89` (2 places).
pub fn amount(d: Decimal) -> String {
    fixed(d, 2)
}

/// Rates show 4 decimals.
pub fn rate(d: Decimal) -> String {
    fixed(d, 4)
}

/// An amount as the user typed it, grouped: a whole one without decimals ("20,000"), any other
/// with the decimals it has, at least two ("0.005", "509.57", "1,234.50").
pub fn as_typed(d: Decimal) -> String {
    if d.fract().is_zero() {
        fixed(d, 0)
    } else {
        fixed(d, d.normalize().scale().max(2))
    }
}

/// A decimal rounded half-even to `places`, with thousands separators.
pub fn fixed(d: Decimal, places: u32) -> String {
    let r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    let s = format!("{:.*}", places as usize, r.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut out = String::new();
    if r.is_sign_negative() && !r.is_zero() {
        out.push('-');
    }
    out.push_str(&group(&int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// A percentage with its sign: `+30.2%`, `-4.8%`, `0.0%`.
pub fn signed_percent(p: Decimal, places: u32) -> String {
    let text = fixed(p, places);
    if p > Decimal::ZERO && !text.chars().all(|c| matches!(c, '0' | '.' | ',')) {
        format!("+{text}%")
    } else {
        format!("{text}%")
    }
}

/// A card's cell as written on the card: the rate, "unknown", or "-" for no rate.
pub fn rate_cell(cell: Option<crate::domain::ratebook::RateCell>) -> String {
    use crate::domain::ratebook::RateCell;
    match cell {
        Some(RateCell::Rate(r)) => r.to_string(),
        Some(RateCell::Unknown) => "unknown".into(),
        None => "-".into(),
    }
}

/// The most characters of a file's text quoted back in a message.
pub const CLIP_CHARS: usize = 80;

/// Text quoted back in a message: at most [`CLIP_CHARS`] characters, "…" marking a cut, and
/// control characters escaped so a quoted cell cannot drive the terminal.
pub fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(CLIP_CHARS).collect();
    if text.chars().nth(CLIP_CHARS).is_some() {
        out.push('…');
    }
    terminal_safe(&out).into_owned()
}

/// A message that may quote a file's text, kept to a screenful: each line clipped to a thousand
/// characters and control characters escaped.
pub fn clip_line(text: &str) -> String {
    const LINE: usize = 1_000;
    text.lines()
        .map(|l| {
            let mut out: String = l.chars().take(LINE).collect();
            if l.chars().nth(LINE).is_some() {
                out.push('…');
            }
            terminal_safe(&out).into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a character is a C0 or C1 control other than TAB (DEL included): what a terminal
/// may take as a command.
fn is_control(c: char) -> bool {
    c != '\t' && (c.is_control())
}

/// Text for a terminal: C0 and C1 control characters (except TAB) written as `\u{1b}`
/// escapes, so names and cells from someone else's file cannot clear the screen, retitle the
/// window or hide text. Other text is unchanged.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `1234567` -> `1,234,567`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A plain-text table: the first `left` columns aligned left, the rest right (numbers), a rule
/// under the header and trailing spaces trimmed.
pub fn text_table(headers: &[&str], rows: &[Vec<String>], left: usize) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let mut render = |cells: &mut dyn Iterator<Item = &str>| {
        let mut line = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = w.saturating_sub(cell.chars().count());
            if i < left {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            } else {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    render(&mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    render(&mut rule.iter().map(String::as_str));
    for row in rows {
        render(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_are_grouped_and_rounded_half_even() {
        assert_eq!(amount(d("1234567.891")), "1,234,567.89");
        assert_eq!(amount(d("0.125")), "0.12");
        assert_eq!(amount(d("0.135")), "0.14");
        assert_eq!(amount(d("999.999")), "1,000.00");
        assert_eq!(amount(d("-1234.5")), "-1,234.50");
        assert_eq!(amount(d("0")), "0.00");
        assert_eq!(rate(d("0.0118")), "0.0118");
        assert_eq!(rate(d("2.3")), "2.3000");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(999), "999");
        assert_eq!(signed_percent(d("30.16"), 1), "+30.2%");
        assert_eq!(signed_percent(d("-4.76"), 1), "-4.8%");
        assert_eq!(signed_percent(d("0.01"), 1), "0.0%");
    }

    #[test]
    fn text_tables_align_names_left_and_numbers_right() {
        let t = text_table(
            &["Market", "Rate"],
            &[
                vec!["India".into(), "0.0118".into()],
                vec!["Côte d'Ivoire".into(), "0.02".into()],
            ],
            1,
        );
        assert_eq!(
            t,
            "Market           Rate\n-------------  ------\nIndia          0.0118\nCôte d'Ivoire    0.02\n"
        );
    }

    #[test]
    fn quoted_text_is_clipped_and_cannot_drive_a_terminal() {
        let long = "x".repeat(5_000);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), CLIP_CHARS + 1);
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("India"), "India");
        assert_eq!(
            terminal_safe("\u{1b}]0;pwned\u{7}\u{1b}[2J plan\tname\u{9b}"),
            "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J plan\tname\\u{9b}"
        );
        assert_eq!(terminal_safe("Côte d'Ivoire"), "Côte d'Ivoire");
    }
}
