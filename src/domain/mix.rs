//! A country's volume as a monthly total and a mix of categories: splitting the total by the
//! mix, and moving one category's share while the mix stays at 100 %. Shares are in basis
//! points (1/100 of a percent, 10,000 in all); categories are in [`Category::ALL`] order
//! (marketing, utility, authentication, service).
//!
//! [`Category::ALL`]: super::category::Category::ALL

use rust_decimal::Decimal;

use super::arith::largest_remainder;

/// Percentages of `parts` (non-negative amounts) to one decimal that add up to exactly 100.0
/// when any part is non-zero: the 1,000 tenths of a percent split by largest remainder (ties to
/// the earlier part), as a table's "Share" column shows them. A negative part counts as zero.
pub fn percent_shares(parts: &[Decimal]) -> Vec<Decimal> {
    let scale = parts.iter().map(Decimal::scale).max().unwrap_or(0);
    let weights: Vec<u128> = parts
        .iter()
        .map(|p| {
            let mut p = *p;
            p.rescale(scale);
            u128::try_from(p.mantissa()).unwrap_or(0)
        })
        .collect();
    largest_remainder(1000, &weights)
        .into_iter()
        .map(|tenths| Decimal::new(i64::try_from(tenths).unwrap_or(0), 1))
        .collect()
}

/// The whole mix in basis points: 100 %.
pub const WHOLE_BP: u64 = 10_000;

/// Splits `total` over the four categories in proportion to `mix` (equal parts when the mix is
/// all zero), exactly: the parts add up to the total.
pub fn split_by_mix(total: u64, mix: [u64; 4]) -> [u64; 4] {
    let weights: [u128; 4] = if mix.iter().all(|&m| m == 0) {
        [1; 4]
    } else {
        mix.map(u128::from)
    };
    let parts = largest_remainder(u128::from(total), &weights);
    // Every part is at most `total`, so it fits back in a u64; 0 stands in for the impossible.
    std::array::from_fn(|i| {
        parts
            .get(i)
            .and_then(|&p| u64::try_from(p).ok())
            .unwrap_or(0)
    })
}

/// Moves category `k`'s share to `new_bp` (at most 10,000), scaling the others so the mix
/// still sums to 100 %; when the others are all zero, the rest is shared equally. With `k`
/// outside 0..4 no share is moved: the mix is only scaled to 10,000.
pub fn rebalance(shares: [u64; 4], k: usize, new_bp: u64) -> [u64; 4] {
    if k >= shares.len() {
        return split_by_mix(WHOLE_BP, shares);
    }
    let new_bp = new_bp.min(WHOLE_BP);
    // Summed in u128: four u64 shares cannot overflow it.
    let others: u128 = shares
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != k)
        .map(|(_, &s)| u128::from(s))
        .sum();
    let rest = WHOLE_BP - new_bp;
    let weights: Vec<u128> = (0..4)
        .filter(|&i| i != k)
        .map(|i| {
            if others == 0 {
                1
            } else {
                u128::from(shares[i])
            }
        })
        .collect();
    let spread = largest_remainder(u128::from(rest), &weights);
    let mut out = [0u64; 4];
    let mut others = spread.into_iter();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = if i == k {
            new_bp
        } else {
            // Each part is at most `rest` (≤ 10,000).
            others
                .next()
                .and_then(|p| u64::try_from(p).ok())
                .unwrap_or(0)
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_total_is_split_by_the_mix_exactly() {
        // 200,000 × (100,000 : 50,000 : 20,000 : 3,000) / 173,000 = 115,606.94 / 57,803.47 /
        // 23,121.39 / 3,468.21: floors sum to 199,998, the two largest remainders get one more.
        assert_eq!(
            split_by_mix(200_000, [100_000, 50_000, 20_000, 3_000]),
            [115_607, 57_804, 23_121, 3_468]
        );
        assert_eq!(
            split_by_mix(200_000, [100_000, 50_000, 20_000, 3_000])
                .iter()
                .sum::<u64>(),
            200_000
        );
        assert_eq!(split_by_mix(10, [0, 0, 0, 0]), [3, 3, 2, 2]);
        assert_eq!(split_by_mix(0, [1, 2, 3, 4]), [0, 0, 0, 0]);
        // The largest total and weights: no overflow.
        assert_eq!(
            split_by_mix(u64::MAX, [u64::MAX, 0, 0, 0]),
            [u64::MAX, 0, 0, 0]
        );
    }

    #[test]
    fn moving_one_share_keeps_the_mix_at_100_percent() {
        let mix = rebalance([5_000, 3_000, 2_000, 0], 0, 2_000);
        assert_eq!(mix, [2_000, 4_800, 3_200, 0]);
        assert_eq!(mix.iter().sum::<u64>(), 10_000);
        // From a single category, the rest is shared equally.
        let mix = rebalance([10_000, 0, 0, 0], 0, 7_000);
        assert_eq!(mix, [7_000, 1_000, 1_000, 1_000]);
        assert_eq!(rebalance([2_500; 4], 3, 12_000), [0, 0, 0, 10_000]);
        // Shares that do not add up to 10,000 (or overflow a u64 when added) are scaled.
        assert_eq!(
            rebalance([u64::MAX; 4], 1, 4_000),
            [2_000, 4_000, 2_000, 2_000]
        );
        // No such category: the mix is only brought back to 10,000.
        assert_eq!(rebalance([1, 1, 1, 1], 4, 9_000), [2_500; 4]);
    }

    proptest! {
        #[test]
        fn a_split_adds_up_to_the_total(total in any::<u64>(), mix in any::<[u64; 4]>()) {
            let parts = split_by_mix(total, mix);
            prop_assert_eq!(parts.iter().map(|&p| u128::from(p)).sum::<u128>(), u128::from(total));
        }

        #[test]
        fn a_small_mix_splits_in_proportion(total in 0u64..1_000_000_000_000, mix in any::<[u16; 4]>()) {
            let mix = mix.map(u64::from);
            let parts = split_by_mix(total, mix);
            let sum: u128 = mix.iter().map(|&m| u128::from(m)).sum();
            for (p, m) in parts.iter().zip(mix) {
                // Each part is the floor or the floor + 1 of its exact share.
                if let Some(floor) = (u128::from(total) * u128::from(m)).checked_div(sum) {
                    prop_assert!(u128::from(*p) == floor || u128::from(*p) == floor + 1);
                }
            }
        }

        #[test]
        fn rebalance_sums_to_100_percent_and_sets_the_share(
            shares in prop_oneof![any::<[u64; 4]>(), any::<[u16; 4]>().prop_map(|s| s.map(u64::from))],
            k in 0usize..4,
            new_bp in 0u64..20_000,
        ) {
            let mix = rebalance(shares, k, new_bp);
            prop_assert_eq!(mix.iter().sum::<u64>(), WHOLE_BP);
            prop_assert_eq!(mix[k], new_bp.min(WHOLE_BP));
        }
    }
}
