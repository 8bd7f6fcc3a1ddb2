//! Exact integer helpers: half-even rounding of ratios, compound growth, and largest-remainder
//! allocation. Everything here is integer arithmetic; nothing goes through floating point.

use num_bigint::BigUint;
use num_traits::ToPrimitive;
use rust_decimal::Decimal;
use strength_reduce::StrengthReducedU64;

/// round_half_even(n / d) for d > 0.
pub fn div_round_half_even(n: u128, d: u128) -> u128 {
    let (q, r) = div_rem(n, d);
    let twice = r * 2;
    let up = (twice > d) | ((twice == d) & (q & 1 == 1));
    q + up as u128
}

fn big_div_round_half_even(n: &BigUint, d: &BigUint) -> BigUint {
    let q = n / d;
    let r = n - &q * d;
    let twice = r * 2u32;
    if &twice > d || (&twice == d && q.bit(0)) {
        q + 1u32
    } else {
        q
    }
}

/// A non-negative decimal as `mantissa / 10^scale`.
fn parts(d: Decimal) -> (u128, u32) {
    debug_assert!(d >= Decimal::ZERO);
    (d.mantissa().unsigned_abs(), d.scale())
}

/// A percentage as an exact fraction, prepared once so that taking it of many counts is integer
/// arithmetic only.
///
/// Every country and month takes the FEP and CSW shares of its counts, so the division by the
/// share's denominator is strength-reduced once (a hardware division per count was a quarter of
/// a projection's time).
#[derive(Debug, Clone, Copy)]
pub struct Share {
    numerator: u128,
    denominator: u128,
    reduced: Option<StrengthReducedU64>,
}

impl Share {
    /// `pct` percent, 0 ≤ pct ≤ 100 with at most 10 decimal places (scenario validation
    /// guarantees both).
    pub fn percent(pct: Decimal) -> Share {
        let (m, s) = parts(pct);
        let denominator = 100u128 * 10u128.pow(s);
        Share {
            numerator: m,
            denominator,
            reduced: u64::try_from(denominator).ok().map(StrengthReducedU64::new),
        }
    }

    /// round_half_even(units × share).
    #[inline]
    pub fn of(self, units: u64) -> u64 {
        if self.numerator == 0 || units == 0 {
            return 0;
        }
        let n = units as u128 * self.numerator;
        if let (Ok(n), Some(d)) = (u64::try_from(n), self.reduced) {
            let (q, r) = StrengthReducedU64::div_rem(n, d);
            let twice = r as u128 * 2;
            let den = self.denominator;
            // Branch-free: which way a count rounds is data, and mispredicts were costly.
            let up = (twice > den) | ((twice == den) & (q & 1 == 1));
            return q + up as u64;
        }
        div_round_half_even(n, self.denominator) as u64
    }
}

/// round_half_even(units × pct / 100); see [`Share`].
pub fn percent_of_units(units: u64, pct: Decimal) -> u64 {
    Share::percent(pct).of(units)
}

/// Compound monthly growth `v_i = round_half_even(v_0 × (1 + g/100)^i)`, exact.
///
/// The exact value needs big integers ((1.02)^35 has 70 decimal places), which is too slow to do
/// for every line on every keystroke. So each month's factor is kept as a 64.64 fixed-point
/// number with a bound on its error, built by integer steps; the big-integer path runs only when
/// the fixed-point result is too close to a rounding midpoint to be decided (or overflows).
#[derive(Debug, Clone)]
pub struct Growth {
    /// 1 + g/100 as numerator / denominator.
    ratio: (u128, u128),
    /// Per month: (f, e) with f ≤ factor × 2^64 ≤ f + e, or `None` where f would not stay below
    /// 2^88 (so that v ≤ 2^40 times it fits in u128).
    fixed: Vec<Option<(u128, u128)>>,
}

const FRAC_BITS: u32 = 64;
const HALF: u128 = 1u128 << (FRAC_BITS - 1);
const FRAC_MASK: u128 = (1u128 << FRAC_BITS) - 1;
const FIXED_LIMIT: u128 = 1u128 << 88;

impl Growth {
    /// Factors for months 0..months with monthly growth `pct` percent (pct > -100, at most 10
    /// decimal places).
    pub fn new(pct: Decimal, months: usize) -> Growth {
        let (m, s) = (pct.mantissa(), pct.scale());
        let q = 100u128 * 10u128.pow(s);
        let p = (q as i128 + m) as u128; // > 0 because pct > -100
        let mut fixed = Vec::with_capacity(months);
        let mut step = Some((1u128 << FRAC_BITS, 0u128));
        for _ in 0..months {
            fixed.push(step);
            // f' = floor(f × p / q); the error grows by the ratio, plus one for the floor.
            step = step.and_then(|(f, e)| {
                let f2 = f.checked_mul(p)? / q;
                let e2 = e.checked_mul(p)?.div_ceil(q) + 1;
                (f2 < FIXED_LIMIT).then_some((f2, e2))
            });
        }
        Growth {
            ratio: (p, q),
            fixed,
        }
    }

    pub fn months(&self) -> usize {
        self.fixed.len()
    }

    /// The volume in month `i` for base volume `v0` (≤ 10^12), or `None` if it exceeds u64.
    #[inline]
    pub fn volume(&self, v0: u64, i: usize) -> Option<u64> {
        if v0 == 0 || i == 0 {
            return Some(v0);
        }
        if let Some((f, e)) = self.fixed[i]
            && v0 < (1u64 << 40)
            && let Some(slack) = (v0 as u128).checked_mul(e)
            && slack < HALF
        {
            // The true product lies in [x, x + slack] in units of 2^-64.
            let x = v0 as u128 * f;
            let whole = x >> FRAC_BITS;
            let frac = x & FRAC_MASK;
            if frac + slack < HALF {
                return whole.to_u64();
            }
            if frac > HALF {
                return (whole + 1).to_u64();
            }
        }
        self.exact(v0, i)
    }

    /// The big-integer path, always exact: round_half_even(v0 × p^i / q^i).
    pub fn exact(&self, v0: u64, i: usize) -> Option<u64> {
        let exponent = u32::try_from(i).ok()?;
        let numerator = BigUint::from(self.ratio.0).pow(exponent) * v0;
        let denominator = BigUint::from(self.ratio.1).pow(exponent);
        big_div_round_half_even(&numerator, &denominator).to_u64()
    }
}

/// Splits `total` into parts proportional to `weights` by the largest-remainder method: floor
/// each share, then give one more unit to the largest fractional remainders, ties to the lower
/// index (callers order their items by ISO code). The parts add up to `total` exactly. With all
/// weights zero, everything goes nowhere (all parts zero) unless total is zero too.
pub fn largest_remainder(total: u128, weights: &[u128]) -> Vec<u128> {
    let sum: u128 = weights.iter().sum();
    if sum == 0 || total == 0 {
        return vec![0; weights.len()];
    }
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = 0u128;
    for (i, &w) in weights.iter().enumerate() {
        let n = mul_wide(total, w);
        let (q, r) = div_wide(n, sum);
        parts.push(q);
        given += q;
        remainders.push((r, i));
    }
    // Fewer units are left than there are weights; only which ones get them matters, so a
    // selection of the largest remainders (ties to the lower index) does instead of a sort.
    let left = (total - given) as usize;
    if left > 0 {
        let by_remainder = |a: &(u128, usize), b: &(u128, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if left < remainders.len() {
            remainders.select_nth_unstable_by(left - 1, by_remainder);
        }
        for &(_, i) in &remainders[..left] {
            parts[i] += 1;
        }
    }
    parts
}

/// Quotient and remainder, with 64-bit division when both fit (a 128-bit division is a slow
/// library call, and these run for every country and month).
#[inline]
fn div_rem(n: u128, d: u128) -> (u128, u128) {
    if let (Ok(n), Ok(d)) = (u64::try_from(n), u64::try_from(d)) {
        ((n / d) as u128, (n % d) as u128)
    } else {
        (n / d, n % d)
    }
}

/// A 256-bit product as (high, low).
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    if let Some(p) = a.checked_mul(b) {
        return (0, p);
    }
    let big = BigUint::from(a) * BigUint::from(b);
    let low = (&big & BigUint::from(u128::MAX)).to_u128().expect("masked");
    let high = (big >> 128u32)
        .to_u128()
        .expect("product of two u128 fits in 256 bits");
    (high, low)
}

/// (quotient, remainder) of a 256-bit number by `d`; the quotient fits in u128 in every use here
/// (it is at most `total`).
fn div_wide((high, low): (u128, u128), d: u128) -> (u128, u128) {
    if high == 0 {
        return div_rem(low, d);
    }
    let n = (BigUint::from(high) << 128u32) + BigUint::from(low);
    let d = BigUint::from(d);
    let q = &n / &d;
    let r = n - &q * &d;
    (
        q.to_u128().expect("quotient bounded by total"),
        r.to_u128().expect("remainder below divisor"),
    )
}

/// Splits a non-negative amount over `weights` so the parts add up to it exactly; parts are
/// multiples of 10^-scale where scale = max(the amount's scale, 4).
pub fn split_amount(amount: Decimal, weights: &[u128]) -> Vec<Decimal> {
    let scale = amount.scale().max(4);
    let mut scaled = amount;
    scaled.rescale(scale);
    let units = scaled.mantissa().unsigned_abs();
    largest_remainder(units, weights)
        .into_iter()
        .map(|u| Decimal::from_i128_with_scale(u as i128, scale))
        .collect()
}

/// An exact running sum of decimals as an i128 mantissa at the largest scale seen. Adding a
/// decimal of the same or a smaller scale is one integer multiply-add, where a general decimal
/// addition re-scales 96-bit numbers every time; the engine adds several amounts per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExactSum {
    mantissa: i128,
    scale: u32,
}

const POW10: [i128; 29] = {
    let mut t = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

impl ExactSum {
    pub fn new() -> ExactSum {
        ExactSum::default()
    }

    /// Adds `d`; `None` when the sum no longer fits.
    #[inline(always)]
    pub fn add(&mut self, d: Decimal) -> Option<()> {
        let (m, s) = (d.mantissa(), d.scale());
        if s == self.scale {
            self.mantissa = self.mantissa.checked_add(m)?;
        } else if s < self.scale {
            let m = m.checked_mul(POW10[(self.scale - s) as usize])?;
            self.mantissa = self.mantissa.checked_add(m)?;
        } else {
            let up = self
                .mantissa
                .checked_mul(POW10[(s - self.scale) as usize])?;
            self.mantissa = up.checked_add(m)?;
            self.scale = s;
        }
        Some(())
    }

    /// The sum as a decimal (same value and scale as adding the decimals one by one).
    pub fn value(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).ok()
    }
}

/// `a + b` exactly, as `Decimal::checked_add` but faster for the engine's mixed scales.
#[inline(always)]
pub fn add_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    let mut s = ExactSum::new();
    s.add(a)?;
    s.add(b)?;
    s.value().or_else(|| a.checked_add(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn half_even_rounding() {
        assert_eq!(div_round_half_even(5, 2), 2); // 2.5 -> 2
        assert_eq!(div_round_half_even(7, 2), 4); // 3.5 -> 4
        assert_eq!(div_round_half_even(11, 4), 3); // 2.75 -> 3
        assert_eq!(div_round_half_even(9, 4), 2); // 2.25 -> 2
        assert_eq!(percent_of_units(25, d("10")), 2); // 2.5 -> 2
        assert_eq!(percent_of_units(35, d("10")), 4); // 3.5 -> 4
        assert_eq!(percent_of_units(1000, d("12.5")), 125);
        assert_eq!(percent_of_units(3, d("50")), 2); // 1.5 -> 2
    }

    #[test]
    fn growth_compounds_with_half_even_rounding() {
        let g = Growth::new(d("2"), 13);
        assert_eq!(g.volume(100000, 0), Some(100000));
        assert_eq!(g.volume(100000, 1), Some(102000));
        assert_eq!(g.volume(100000, 2), Some(104040));
        // 100000 × 1.02^12 = 126824.17946...
        assert_eq!(g.volume(100000, 12), Some(126824));
        // 50 × 1.01 = 50.5 -> 50 (even); 150 × 1.01 = 151.5 -> 152 (even)
        let g = Growth::new(d("1"), 2);
        assert_eq!(g.volume(50, 1), Some(50));
        assert_eq!(g.volume(150, 1), Some(152));
        // decline
        let g = Growth::new(d("-10"), 3);
        assert_eq!(g.volume(1000, 2), Some(810));
        let g = Growth::new(d("-50"), 2);
        assert_eq!(g.volume(5, 1), Some(2)); // 2.5 -> 2
    }

    #[test]
    fn largest_remainder_is_exact_and_breaks_ties_by_order() {
        assert_eq!(largest_remainder(1000, &[3000, 1000]), vec![750, 250]);
        assert_eq!(largest_remainder(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(largest_remainder(2, &[1, 1, 1]), vec![1, 1, 0]);
        assert_eq!(largest_remainder(5, &[0, 0]), vec![0, 0]);
        let split = split_amount(d("10.0000"), &[1, 1, 1]);
        assert_eq!(split, vec![d("3.3334"), d("3.3333"), d("3.3333")]);
        assert_eq!(split.iter().sum::<Decimal>(), d("10"));
    }

    proptest! {
        #[test]
        fn shares_round_half_even_exactly(
            units in 0u64..=1_000_000_000_000,
            (mantissa, scale) in (0u32..=3).prop_flat_map(|s| (0i64..=100 * 10i64.pow(s), Just(s))),
        ) {
            let pct = Decimal::new(mantissa, scale);
            let exact = Decimal::from(units) * pct / Decimal::ONE_HUNDRED;
            let expected = exact.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
            prop_assert_eq!(Decimal::from(Share::percent(pct).of(units)), expected);
        }

        #[test]
        fn exact_sums_match_decimal_addition(
            values in proptest::collection::vec((-1_000_000_000_000_000i64..1_000_000_000_000_000, 0u32..12), 0..50),
        ) {
            let mut sum = ExactSum::new();
            let mut reference = Decimal::ZERO;
            for (m, s) in values {
                let d = Decimal::new(m, s);
                sum.add(d).unwrap();
                reference += d;
            }
            let got = sum.value().unwrap();
            prop_assert_eq!(got, reference);
            prop_assert_eq!(got.to_string(), reference.to_string());
        }

        #[test]
        fn fixed_point_growth_matches_exact(
            v0 in prop_oneof![0u64..=1_000, 0u64..=1_000_000_000_000],
            // from just above -100 % to +200 %, with 0 to 4 decimals
            (pct_mantissa, scale) in (0u32..=4).prop_flat_map(|s| {
                let unit = 10i64.pow(s);
                (prop_oneof![(-100 * unit + 1)..=(5 * unit), (-100 * unit + 1)..=(200 * unit)], Just(s))
            }),
            i in 0usize..36,
        ) {
            let pct = Decimal::new(pct_mantissa, scale);
            let g = Growth::new(pct, 36);
            prop_assert_eq!(g.volume(v0, i), g.exact(v0, i));
        }

        #[test]
        fn largest_remainder_adds_up(total in 0u128..1_000_000_000, weights in proptest::collection::vec(0u128..1_000_000_000_000, 1..40)) {
            let parts = largest_remainder(total, &weights);
            let sum: u128 = weights.iter().sum();
            if sum > 0 {
                prop_assert_eq!(parts.iter().sum::<u128>(), total);
                for (p, w) in parts.iter().zip(&weights) {
                    // each part is the floor or the floor + 1 of its exact share
                    let floor = (total * w).checked_div(sum).unwrap();
                    prop_assert!(*p == floor || *p == floor + 1);
                }
            }
        }
    }
}
