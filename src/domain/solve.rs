//! What a budget buys: the largest volume of one part of a plan whose cost stays within a
//! budget, in every month or over the whole plan, priced by the engine itself (free allowances,
//! volume tiers, provider fees, tax). Cost never falls as volume grows, so a search over whole
//! steps that evaluates the engine is exact: the answer fits and one more step does not.
//!
//! Several lines scaled together (the whole plan, a country, a category) move by one multiplier
//! in steps of 0.01 % (each line rounded half-even, which never falls as the multiplier grows);
//! one line (a country's category) or one campaign moves by whole messages.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::arith::div_round_half_even;
use super::calendar::Month;
use super::category::Category;
use super::country::Country;
use super::projection::{Projection, ProjectionError, project_into};
use super::ratebook::RateBook;
use super::scenario::{CountryPlan, MAX_VOLUME, Scenario, VolumeUnit};

/// Steps of a multiplier per 1×: 10,000, so one step is 0.01 %.
pub const STEPS_PER_ONE: u64 = 10_000;

/// What part of the plan the budget scales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScaleTarget {
    /// Every country's base volumes together, in proportion (campaigns stay as they are).
    Plan,
    /// One country's base volumes, in proportion.
    Country(Country),
    /// One category's base volume in every country, in proportion.
    Category(Category),
    /// One country's base volume of one category (added to the plan when it is not there).
    Line(Country, Category),
    /// One campaign's volume, by its name.
    Campaign(String),
}

impl ScaleTarget {
    /// Whether the answer is a multiplier (several lines) rather than a whole volume.
    pub fn is_multiplier(&self) -> bool {
        matches!(
            self,
            ScaleTarget::Plan | ScaleTarget::Country(_) | ScaleTarget::Category(_)
        )
    }

    /// What it scales, in words: "marketing messages to Brazil", "the plan's volumes".
    pub fn describe(&self) -> String {
        match self {
            ScaleTarget::Plan => "the plan's volumes".into(),
            ScaleTarget::Country(c) => format!("{}'s volumes", c.name()),
            ScaleTarget::Category(cat) => format!("{} volumes", cat.name()),
            ScaleTarget::Line(c, cat) => format!("{} messages to {}", cat.name(), c.name()),
            ScaleTarget::Campaign(name) => format!("the campaign \"{name}\""),
        }
    }
}

impl fmt::Display for ScaleTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaleTarget::Plan => write!(f, "plan"),
            ScaleTarget::Country(c) => write!(f, "country:{c}"),
            ScaleTarget::Category(cat) => write!(f, "category:{}", cat.name()),
            ScaleTarget::Line(c, cat) => write!(f, "country:{c}:{}", cat.name()),
            ScaleTarget::Campaign(name) => write!(f, "campaign:{name}"),
        }
    }
}

impl FromStr for ScaleTarget {
    type Err = String;

    /// `plan`, `country:BR`, `category:marketing`, `country:BR:marketing`, `campaign:NAME`.
    fn from_str(text: &str) -> Result<ScaleTarget, String> {
        let text = text.trim();
        let expected =
            "expected plan, country:BR, category:marketing, country:BR:marketing or campaign:NAME";
        if text.eq_ignore_ascii_case("plan") {
            return Ok(ScaleTarget::Plan);
        }
        let (kind, rest) = text
            .split_once(':')
            .ok_or_else(|| format!("\"{text}\": {expected}"))?;
        match kind.trim().to_ascii_lowercase().as_str() {
            "campaign" if !rest.trim().is_empty() => {
                Ok(ScaleTarget::Campaign(rest.trim().to_string()))
            }
            "category" => rest
                .trim()
                .parse::<Category>()
                .map(ScaleTarget::Category)
                .map_err(|e| format!("\"{text}\": {e}")),
            "country" => {
                let (country, category) = match rest.split_once(':') {
                    Some((c, cat)) => (c, Some(cat)),
                    None => (rest, None),
                };
                let country =
                    Country::parse(country.trim()).map_err(|e| format!("\"{text}\": {e}"))?;
                match category {
                    None => Ok(ScaleTarget::Country(country)),
                    Some(cat) => cat
                        .trim()
                        .parse::<Category>()
                        .map(|cat| ScaleTarget::Line(country, cat))
                        .map_err(|e| format!("\"{text}\": {e}")),
                }
            }
            _ => Err(format!("\"{text}\": {expected}")),
        }
    }
}

/// Whether the budget holds for every month or for the plan's whole horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BudgetPer {
    Month,
    Plan,
}

impl BudgetPer {
    pub fn name(self) -> &'static str {
        match self {
            BudgetPer::Month => "month",
            BudgetPer::Plan => "plan",
        }
    }
}

impl FromStr for BudgetPer {
    type Err = String;

    fn from_str(text: &str) -> Result<BudgetPer, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "month" => Ok(BudgetPer::Month),
            "plan" => Ok(BudgetPer::Plan),
            other => Err(format!("\"{other}\": expected month or plan")),
        }
    }
}

/// The question: what `target` can grow to while the cost stays within `budget` per `per`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolveRequest {
    pub target: ScaleTarget,
    pub budget: Decimal,
    pub per: BudgetPer,
}

/// Why the search stopped where it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// One more step goes over the budget (in this month, for a monthly budget).
    Budget { binding_month: Option<Month> },
    /// Even no volume of the target goes over the budget (platform fees, tax, other lines).
    OverAtZero {
        binding_month: Option<Month>,
        cost: Decimal,
    },
    /// The largest volume wacost plans for a line (10^12 messages a month) was reached.
    VolumeCap,
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub request: SolveRequest,
    /// The whole steps found: a volume, or for a multiplier its 0.01 % steps.
    pub step: u64,
    /// The scaled volume (for a multiplier, the scaled lines' base volumes added up), in
    /// `unit`'s terms.
    pub volume: u64,
    pub unit: AnswerUnit,
    /// `step` ÷ 10,000 for a multiplier target.
    pub multiplier: Option<Decimal>,
    /// The plan's total over its months, with the answer applied.
    pub total: Decimal,
    /// The highest monthly total (monthly budget) or the plan's total, with the answer.
    pub cost_measured: Decimal,
    /// Budget minus `cost_measured` (never negative unless `limit` is `OverAtZero`).
    pub headroom: Decimal,
    pub limit: Limit,
    /// The plan with the answer applied.
    pub scenario: Scenario,
}

/// What `Solution::volume` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerUnit {
    /// Base volumes per month, week or day (the country's unit).
    Base(VolumeUnit),
    /// Lines with different units (per day, week, month) were scaled together: the volume is
    /// their messages in the plan's first month, before growth.
    FirstMonth,
    /// A campaign's one-off volume.
    Campaign,
}

impl AnswerUnit {
    pub fn name(self) -> &'static str {
        match self {
            AnswerUnit::Base(VolumeUnit::Month) => "month",
            AnswerUnit::Base(VolumeUnit::Week) => "week",
            AnswerUnit::Base(VolumeUnit::Day) => "day",
            AnswerUnit::FirstMonth => "first_month",
            AnswerUnit::Campaign => "campaign",
        }
    }
}

impl Solution {
    /// The month that binds: the first to go over with one more step (monthly budget).
    pub fn binding_month(&self) -> Option<Month> {
        match self.limit {
            Limit::Budget { binding_month } | Limit::OverAtZero { binding_month, .. } => {
                binding_month
            }
            Limit::VolumeCap => None,
        }
    }

    pub fn within_budget(&self) -> bool {
        !matches!(self.limit, Limit::OverAtZero { .. })
    }

    /// Why there is no room, or why the search stopped, in plain words (None for the usual
    /// answer).
    pub fn reason(&self) -> Option<String> {
        let currency = self.scenario.currency;
        match &self.limit {
            Limit::Budget { .. } => None,
            Limit::VolumeCap => Some(
                "one more would put a line over 10^12 messages in a month (growth included), the most wacost plans"
                    .into(),
            ),
            Limit::OverAtZero {
                binding_month,
                cost,
            } => Some(match (self.request.per, binding_month) {
                (BudgetPer::Month, Some(month)) => format!(
                    "even with none of {}, {month} costs {} {currency} (platform fee, tax and the rest of the plan), over the budget of {} {currency}",
                    self.request.target.describe(),
                    cost.round_dp(2),
                    self.request.budget
                ),
                _ => format!(
                    "even with none of {}, the plan costs {} {currency} (platform fees, tax and the rest of the plan), over the budget of {} {currency}",
                    self.request.target.describe(),
                    cost.round_dp(2),
                    self.request.budget
                ),
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("the budget must be more than 0, got {0}")]
    Budget(Decimal),
    #[error("{0}")]
    Target(String),
    #[error(transparent)]
    Projection(#[from] ProjectionError),
}

/// The lines a target scales and how: applies step `k` to a copy of the plan.
struct Scaler {
    target: ScaleTarget,
    /// (country index in the plan, category, base volume at 1×) for multiplier targets.
    lines: Vec<(usize, Category, u64)>,
    /// The largest step the engine can take (10^12 messages on the largest line).
    max_step: u64,
    /// The step the plan has now (1× = 10,000 steps, or the line's volume).
    current: u64,
}

impl Scaler {
    fn new(scenario: &Scenario, target: &ScaleTarget) -> Result<Scaler, SolveError> {
        let mut lines = Vec::new();
        let max_step;
        let mut current = STEPS_PER_ONE;
        match target {
            ScaleTarget::Plan | ScaleTarget::Country(_) | ScaleTarget::Category(_) => {
                for (i, p) in scenario.countries.iter().enumerate() {
                    for cat in Category::ALL {
                        let wanted = match target {
                            ScaleTarget::Plan => true,
                            ScaleTarget::Country(c) => p.country == *c,
                            ScaleTarget::Category(k) => cat == *k,
                            _ => false,
                        };
                        let v = p.volume(cat);
                        if wanted && v > 0 {
                            lines.push((i, cat, v));
                        }
                    }
                }
                if lines.is_empty() {
                    return Err(SolveError::Target(match target {
                        ScaleTarget::Country(c)
                            if !scenario.countries.iter().any(|p| p.country == *c) =>
                        {
                            format!(
                                "{} is not in the plan; add it, or name a category (country:{c}:marketing)",
                                c.name()
                            )
                        }
                        ScaleTarget::Country(c) => format!(
                            "{} has no volumes to scale; name a category (country:{c}:marketing)",
                            c.name()
                        ),
                        ScaleTarget::Category(k) => format!(
                            "no country plans {} messages; name one (country:BR:{})",
                            k.name(),
                            k.name()
                        ),
                        _ => "the plan has no volumes to scale; add a country with volumes".into(),
                    }));
                }
                let largest = lines.iter().map(|l| l.2).max().unwrap_or(1).max(1);
                max_step = u64::try_from(
                    u128::from(MAX_VOLUME) * u128::from(STEPS_PER_ONE) / u128::from(largest),
                )
                .unwrap_or(u64::MAX);
            }
            ScaleTarget::Line(c, cat) => {
                current = scenario
                    .countries
                    .iter()
                    .find(|p| p.country == *c)
                    .map_or(0, |p| p.volume(*cat));
                max_step = MAX_VOLUME;
            }
            ScaleTarget::Campaign(name) => {
                let matching: Vec<_> = scenario
                    .campaigns
                    .iter()
                    .filter(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
                    .collect();
                match matching.as_slice() {
                    [one] => {
                        let offset = one.month.months_since(scenario.start_month);
                        if offset < 0 || offset >= i64::from(scenario.months) {
                            return Err(SolveError::Target(format!(
                                "the campaign \"{}\" is in {}, outside the plan's months, so no budget limits it",
                                one.name, one.month
                            )));
                        }
                        current = one.volume;
                    }
                    [] => {
                        let names: Vec<&str> =
                            scenario.campaigns.iter().map(|c| c.name.as_str()).collect();
                        return Err(SolveError::Target(if names.is_empty() {
                            format!("the plan has no campaigns, so none is called \"{name}\"")
                        } else {
                            format!(
                                "no campaign is called \"{name}\"; the plan's campaigns are: {}",
                                names.join(", ")
                            )
                        }));
                    }
                    _ => {
                        return Err(SolveError::Target(format!(
                            "{} campaigns are called \"{name}\"; give each its own name",
                            matching.len()
                        )));
                    }
                }
                max_step = MAX_VOLUME;
            }
        }
        Ok(Scaler {
            target: target.clone(),
            lines,
            max_step,
            current: current.min(max_step),
        })
    }

    /// The plan with step `k` applied to the target.
    fn apply(&self, scenario: &Scenario, k: u64) -> Scenario {
        let mut s = scenario.clone();
        self.apply_in_place(&mut s, k);
        s
    }

    fn apply_in_place(&self, s: &mut Scenario, k: u64) {
        match &self.target {
            ScaleTarget::Plan | ScaleTarget::Country(_) | ScaleTarget::Category(_) => {
                for &(i, cat, v) in &self.lines {
                    s.countries[i].set_volume(cat, scaled(v, k));
                }
            }
            ScaleTarget::Line(c, cat) => {
                let i = match s.countries.iter().position(|p| p.country == *c) {
                    Some(i) => i,
                    None => {
                        s.countries.push(CountryPlan::new(*c));
                        s.countries.len() - 1
                    }
                };
                s.countries[i].set_volume(*cat, k);
            }
            ScaleTarget::Campaign(name) => {
                if let Some(c) = s
                    .campaigns
                    .iter_mut()
                    .find(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
                {
                    c.volume = k;
                }
            }
        }
    }

    /// The target's volume at step `k`, and its unit.
    fn volume(&self, scenario: &Scenario, k: u64) -> (u64, AnswerUnit) {
        match &self.target {
            ScaleTarget::Line(c, _) => {
                let unit = scenario
                    .countries
                    .iter()
                    .find(|p| p.country == *c)
                    .map_or(VolumeUnit::Month, |p| p.unit);
                (k, AnswerUnit::Base(unit))
            }
            ScaleTarget::Campaign(_) => (k, AnswerUnit::Campaign),
            _ => {
                let mut units = self
                    .lines
                    .iter()
                    .map(|&(i, _, _)| scenario.countries[i].unit);
                let first = units.next().unwrap_or_default();
                if units.all(|u| u == first) {
                    let total = self
                        .lines
                        .iter()
                        .map(|&(_, _, v)| scaled(v, k))
                        .fold(0u64, u64::saturating_add);
                    (total, AnswerUnit::Base(first))
                } else {
                    let total = self
                        .lines
                        .iter()
                        .map(|&(i, _, v)| {
                            let monthly = scenario.countries[i]
                                .unit
                                .monthly(scaled(v, k), scenario.start_month);
                            u64::try_from(monthly).unwrap_or(u64::MAX)
                        })
                        .fold(0u64, u64::saturating_add);
                    (total, AnswerUnit::FirstMonth)
                }
            }
        }
    }
}

/// The plan with `step` applied to `target`: what [`Solution::scenario`] holds for its step (a
/// multiplier target moves in 0.01 % steps, a line or campaign in whole messages).
pub fn apply_step(
    scenario: &Scenario,
    target: &ScaleTarget,
    step: u64,
) -> Result<Scenario, SolveError> {
    Ok(Scaler::new(scenario, target)?.apply(scenario, step))
}

/// `v × k ÷ 10,000`, rounded half-even (never falls as `k` grows).
fn scaled(v: u64, k: u64) -> u64 {
    let x = div_round_half_even(u128::from(v) * u128::from(k), u128::from(STEPS_PER_ONE));
    u64::try_from(x).unwrap_or(u64::MAX)
}

/// One evaluation of the plan at a step.
#[derive(Clone, Copy)]
struct Point {
    step: u64,
    /// Cost measured minus the budget: > 0 is over. `None`: the engine could not price it
    /// (a volume or amount beyond its limits), which counts as over.
    gap: Option<Decimal>,
}

impl Point {
    fn fits(&self) -> bool {
        self.gap.is_some_and(|g| g <= Decimal::ZERO)
    }
}

/// The cost a budget is compared with: the highest month (monthly budget) or the plan's total,
/// and the month of that highest total.
fn measure(p: &Projection, per: BudgetPer) -> (Decimal, Option<Month>) {
    match per {
        BudgetPer::Plan => (p.total, None),
        BudgetPer::Month => p.months.iter().fold((Decimal::MIN, None), |(best, at), m| {
            if m.total > best {
                (m.total, Some(m.month))
            } else {
                (best, at)
            }
        }),
    }
}

struct Evaluator<'a> {
    scenario: &'a Scenario,
    book: &'a RateBook,
    scaler: Scaler,
    request: &'a SolveRequest,
    work: Scenario,
    projection: Projection,
    evaluations: u32,
}

impl Evaluator<'_> {
    fn eval(&mut self, k: u64) -> Result<Point, SolveError> {
        self.evaluations += 1;
        self.work.clone_from(self.scenario);
        self.scaler.apply_in_place(&mut self.work, k);
        match project_into(&self.work, self.book, &mut self.projection) {
            Ok(()) => {
                let (cost, _) = measure(&self.projection, self.request.per);
                Ok(Point {
                    step: k,
                    gap: Some(cost - self.request.budget),
                })
            }
            Err(
                ProjectionError::VolumeOverflow { .. } | ProjectionError::AmountOverflow { .. },
            ) if k > 0 => Ok(Point { step: k, gap: None }),
            Err(e) => Err(e.into()),
        }
    }
}

/// Finds the largest step whose cost stays within the budget; see the module's notes.
pub fn solve(
    scenario: &Scenario,
    book: &RateBook,
    request: &SolveRequest,
) -> Result<Solution, SolveError> {
    solve_counted(scenario, book, request).map(|(s, _)| s)
}

/// [`solve`], also returning how many times the engine priced the plan (for tests of the
/// search's efficiency).
pub fn solve_counted(
    scenario: &Scenario,
    book: &RateBook,
    request: &SolveRequest,
) -> Result<(Solution, u32), SolveError> {
    if request.budget <= Decimal::ZERO {
        return Err(SolveError::Budget(request.budget));
    }
    let scaler = Scaler::new(scenario, &request.target)?;
    let mut ev = Evaluator {
        scenario,
        book,
        request,
        work: scenario.clone(),
        projection: Projection::empty(scenario.currency),
        evaluations: 0,
        scaler,
    };
    let zero = ev.eval(0)?;
    let answer = if !zero.fits() {
        None
    } else {
        Some(search(&mut ev, zero)?)
    };
    let step = answer.unwrap_or(0);
    let solved = ev.scaler.apply(scenario, step);
    let at_answer = super::projection::project(&solved, book)?;
    let (cost_measured, highest_month) = measure(&at_answer, request.per);
    let limit = match answer {
        None => Limit::OverAtZero {
            binding_month: highest_month.filter(|_| request.per == BudgetPer::Month),
            cost: cost_measured,
        },
        Some(k) if k >= ev.scaler.max_step => Limit::VolumeCap,
        Some(k) => {
            // The month that goes over first with one more step; when one more step is beyond
            // what the engine prices (10^12 messages on a line in some month, after growth),
            // that limit stopped the search, not the budget.
            let next = ev.scaler.apply(scenario, k + 1);
            match super::projection::project(&next, book) {
                Err(
                    ProjectionError::VolumeOverflow { .. } | ProjectionError::AmountOverflow { .. },
                ) => Limit::VolumeCap,
                Ok(p) if request.per == BudgetPer::Month => Limit::Budget {
                    binding_month: measure(&p, BudgetPer::Month).1,
                },
                _ => Limit::Budget {
                    binding_month: None,
                },
            }
        }
    };
    let (volume, unit) = ev.scaler.volume(scenario, step);
    let multiplier = request
        .target
        .is_multiplier()
        .then(|| Decimal::from(step) / Decimal::from(STEPS_PER_ONE));
    let evaluations = ev.evaluations;
    Ok((
        Solution {
            request: request.clone(),
            step,
            volume,
            unit,
            multiplier,
            total: at_answer.total,
            cost_measured,
            headroom: request.budget - cost_measured,
            limit,
            scenario: solved,
        },
        evaluations,
    ))
}

/// The search: `lo` fits; find the largest fitting step. Secant guesses from the two nearest
/// known points (cost is close to linear in volume), each checked with its neighbour so an
/// accurate guess ends the search, and halving whenever a guess fails to halve the interval:
/// never more than about twice the steps of plain halving, usually a handful.
fn search(ev: &mut Evaluator<'_>, zero: Point) -> Result<u64, SolveError> {
    let max = ev.scaler.max_step;
    let mut lo = zero;
    // `hi` does not fit; `None` until found (above `max` nothing is tried).
    let mut hi: Option<Point> = None;
    // A first probe: the plan as it is (or one step), to learn the slope.
    let first = ev.scaler.current.clamp(1, max.max(1));
    if max == 0 {
        return Ok(0);
    }
    let p = ev.eval(first)?;
    if p.fits() {
        lo = p;
    } else {
        hi = Some(p);
    }
    let mut last_width = u64::MAX;
    loop {
        let hi_step = hi.map_or(max.saturating_add(1), |h| h.step);
        if hi_step - lo.step <= 1 {
            return Ok(lo.step);
        }
        let width = hi_step - lo.step;
        // Secant guess from lo and the other known point with a finite gap.
        let other = hi
            .filter(|h| h.gap.is_some())
            .or(Some(zero))
            .filter(|o| o.step != lo.step);
        let secant = other.and_then(|o| secant_root(lo, o));
        let halving_stalled = width > last_width / 2 && last_width != u64::MAX;
        last_width = width;
        let guess = match secant {
            Some(g) if !halving_stalled => g.clamp(lo.step + 1, hi_step - 1),
            _ => {
                if hi.is_none() {
                    // Not bracketed yet: double.
                    lo.step.saturating_mul(2).max(lo.step + 1).min(max)
                } else {
                    lo.step + width / 2
                }
            }
        };
        let p = ev.eval(guess)?;
        if p.fits() {
            lo = p;
            if guess + 1 < hi_step {
                let q = ev.eval(guess + 1)?;
                if q.fits() {
                    lo = q;
                } else {
                    hi = Some(q);
                }
            }
        } else {
            hi = Some(p);
            if guess - 1 > lo.step {
                let q = ev.eval(guess - 1)?;
                if q.fits() {
                    lo = q;
                } else {
                    hi = Some(q);
                }
            }
        }
    }
}

/// Where the line through `a` and `b` (step, gap) meets zero, rounded down; `None` when the
/// line is flat or the figures do not fit.
fn secant_root(a: Point, b: Point) -> Option<u64> {
    let (ga, gb) = (a.gap?, b.gap?);
    if ga == gb {
        return None;
    }
    let (sa, sb) = (Decimal::from(a.step), Decimal::from(b.step));
    let slope = (gb - ga).checked_div(sb - sa)?;
    if slope <= Decimal::ZERO {
        return None;
    }
    let root = sa.checked_add((-ga).checked_div(slope)?)?;
    if root < Decimal::ZERO {
        return Some(0);
    }
    u64::try_from(root.floor()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_and_print_their_own_syntax() {
        for text in [
            "plan",
            "country:BR",
            "category:marketing",
            "country:BR:marketing",
            "campaign:Black Friday",
        ] {
            let t: ScaleTarget = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
        }
        assert_eq!(
            "Country:br:Marketing".parse::<ScaleTarget>().unwrap(),
            ScaleTarget::Line(Country::parse("BR").unwrap(), Category::Marketing)
        );
        for bad in [
            "",
            "countries:BR",
            "country:XX",
            "category:spam",
            "campaign:",
        ] {
            let e = bad.parse::<ScaleTarget>().unwrap_err();
            assert!(!e.is_empty(), "{bad}");
        }
    }

    #[test]
    fn scaling_rounds_half_even_and_never_falls() {
        assert_eq!(scaled(5, 5_000), 2); // 2.5 → 2
        assert_eq!(scaled(7, 5_000), 4); // 3.5 → 4
        let mut last = 0;
        for k in 0..30_000 {
            let v = scaled(12_345, k);
            assert!(v >= last);
            last = v;
        }
    }

    #[test]
    fn the_secant_meets_zero_between_its_points() {
        let a = Point {
            step: 0,
            gap: Some(Decimal::from(-100)),
        };
        let b = Point {
            step: 10,
            gap: Some(Decimal::from(100)),
        };
        assert_eq!(secant_root(a, b), Some(5));
        assert_eq!(
            secant_root(
                a,
                Point {
                    step: 10,
                    gap: Some(Decimal::from(-100))
                }
            ),
            None
        );
    }
}
