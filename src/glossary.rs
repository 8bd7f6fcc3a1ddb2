//! The words a marketer uses for the engine's terms: one place that turns warnings, categories,
//! pricing rules, rate sources and the plan's fields into plain English, for the window, the PDF
//! and anything else a person reads. No egui here: it builds with `--no-default-features`.
//!
//! The engine keeps its own terse wording (`Warning`'s `Display`, `Era::id`, `CellStatus::name`)
//! for the command line and the JSON, which scripts read; people read these. Nothing here names a
//! command-line flag or an internal identifier (no "pmp-2026", "FEP", "CSW", "quoted", "tier
//! data", "upper bound"), and every warning says what it means and what to do.

use crate::domain::calendar::{Date, Month, month_name};
use crate::domain::category::{Category, ChargedCategory};
use crate::domain::era::Era;
use crate::domain::market::MarketName;
use crate::domain::projection::{EstimateBasis, MonthOverBudget, Warning, month_runs};
use crate::domain::ratebook::{CardId, CellStatus, Currency};
use crate::domain::scenario::Scenario;
use crate::domain::solve::{AnswerUnit, BudgetPer, Limit, ScaleTarget, Solution};
use crate::io::display;

/// A month's name with a capital: "October".
pub fn month_word(month: u8) -> String {
    let mut chars = month_name(month).chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A date as people write it: "1 October 2026".
pub fn date(d: Date) -> String {
    format!("{} {} {}", d.day(), month_word(d.month().month()), d.year())
}

/// A month as people write it: "February 2027".
pub fn month_long(m: Month) -> String {
    format!("{} {}", month_word(m.month()), m.year())
}

/// A month in short: "Feb 2027".
pub fn month_short(m: Month) -> String {
    let word = month_word(m.month());
    format!("{} {}", word.get(..3).unwrap_or(&word), m.year())
}

/// "2027-01" or "2027-01 to 2027-03".
pub fn month_span(first: Month, last: Month) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} to {last}")
    }
}

/// A planned category as a heading or label: "Marketing", "Utility", "Authentication (one-time
/// codes)", "Service (replies to customers)".
pub fn category(c: Category) -> &'static str {
    match c {
        Category::Marketing => "Marketing",
        Category::Utility => "Utility",
        Category::Authentication => "Authentication (one-time codes)",
        Category::Service => "Service (replies to customers)",
    }
}

/// A charged category as a label; authentication-international says what it is.
pub fn charged_category(c: ChargedCategory) -> &'static str {
    match c {
        ChargedCategory::Marketing => "Marketing",
        ChargedCategory::Utility => "Utility",
        ChargedCategory::Authentication => "Authentication (one-time codes)",
        ChargedCategory::AuthenticationInternational => {
            "Authentication to other countries (international rate)"
        }
        ChargedCategory::Service => "Service (replies to customers)",
    }
}

/// A charged category inside a sentence, lower case and short: "marketing", "utility",
/// "authentication", "international authentication", "service".
pub fn charged_category_word(c: ChargedCategory) -> &'static str {
    match c {
        ChargedCategory::Marketing => "marketing",
        ChargedCategory::Utility => "utility",
        ChargedCategory::Authentication => "authentication",
        ChargedCategory::AuthenticationInternational => "international authentication",
        ChargedCategory::Service => "service",
    }
}

/// Why messages were free (the parts of `FreeSavings` and of a line's free units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreeReason {
    /// `free_entry_point`: inside a free entry point window.
    EntryPoint,
    /// `free_customer_service`: service that is free outright, and utility inside the customer
    /// service window.
    CustomerService,
    /// `free_tier`: the monthly free allowance.
    MonthlyAllowance,
}

/// What made messages free, as a label: "Sent from a click-to-WhatsApp ad (free for 72 h)",
/// "Utility sent while the customer's chat is open", "Free monthly allowance (1,000 service
/// messages per phone number)".
pub fn free_reason(r: FreeReason) -> &'static str {
    match r {
        FreeReason::EntryPoint => "Sent from a click-to-WhatsApp ad (free for 72 h)",
        FreeReason::CustomerService => "Utility sent while the customer's chat is open",
        FreeReason::MonthlyAllowance => {
            "Free monthly allowance (1,000 service messages per phone number)"
        }
    }
}

/// The pricing rules in force, as a short name: "Per-message pricing (from October 2026)".
pub fn era_name(e: Era) -> &'static str {
    match e {
        Era::Cbp2023 => "Per-conversation pricing (June 2023 to October 2024)",
        Era::Cbp2024 => "Per-conversation pricing, free replies (November 2024 to June 2025)",
        Era::Pmp2025 => "Per-message pricing (July 2025 to September 2026)",
        Era::Pmp2026 => "Per-message pricing (from October 2026)",
    }
}

/// What the pricing rules charge and what they leave free, as a sentence.
pub fn era_rules(e: Era) -> &'static str {
    match e {
        Era::Cbp2023 => {
            "Meta charges per 24-hour conversation; the first 1,000 customer-service conversations a month per business account are free, and so are conversations started from a click-to-WhatsApp ad."
        }
        Era::Cbp2024 => {
            "Meta charges per 24-hour conversation; replies to customers are free, and so are conversations started from a click-to-WhatsApp ad."
        }
        Era::Pmp2025 => {
            "Meta charges each delivered template message; replies to customers are free, utility messages sent while the customer's chat is open are free, messages sent after a click-to-WhatsApp ad are free, and large volumes get a volume discount."
        }
        Era::Pmp2026 => {
            "Meta charges each delivered message, replies included; the first 1,000 replies a month per phone number are free, messages sent after a click-to-WhatsApp ad are free, and large volumes get a volume discount."
        }
    }
}

/// Where a rate (or a whole card) comes from, as a label: quoted → "Meta's published rates".
pub fn rate_source(s: CellStatus) -> &'static str {
    match s {
        CellStatus::Official => "Meta's own rate file",
        CellStatus::Quoted => "Meta's published rates",
        CellStatus::Inferred => "worked out from Meta's earlier rates and announced changes",
        CellStatus::Computed => "converted from Meta's rates in another currency",
        CellStatus::Derived => "converted from Meta's US dollar rates of the same date",
        CellStatus::Carried => "carried over from Meta's earlier rates",
        CellStatus::Unknown => "not known",
    }
}

/// A rate card named by its date and currency: "Meta's USD rates of 1 October 2026".
pub fn card(id: CardId) -> String {
    format!("Meta's {} rates of {}", id.currency, date(id.effective))
}

/// A field of the plan a person fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `assumptions.fep_share_pct`
    FepShare,
    /// `assumptions.csw_utility_share_pct`
    CswUtilityShare,
    /// `business.phone_numbers`
    PhoneNumbers,
    /// `business.wabas`
    Wabas,
    /// `business.primary_country`
    PrimaryCountry,
    /// `business.auth_international_eligible`
    AuthInternationalEligible,
    /// `business.government_or_nonprofit`
    GovernmentOrNonprofit,
    /// `provider.per_message_fee`
    PerMessageFee,
    /// `provider.markup_pct`
    Markup,
    /// `provider.monthly_fee`
    MonthlyFee,
    /// `provider.tax_pct`
    Tax,
    /// `budget_monthly`
    MonthlyBudget,
    /// `growth_pct`
    Growth,
}

/// The label of a field: FEP share → "Sent from click-to-WhatsApp ads (%)".
pub fn field_label(f: Field) -> &'static str {
    match f {
        Field::FepShare => "Sent from click-to-WhatsApp ads (%)",
        Field::CswUtilityShare => "Utility sent while the chat is open (%)",
        Field::PhoneNumbers => "Phone numbers",
        Field::Wabas => "WhatsApp Business Accounts",
        Field::PrimaryCountry => "Home country",
        Field::AuthInternationalEligible => "Pays the international rate for one-time codes",
        Field::GovernmentOrNonprofit => "Government or non-profit",
        Field::PerMessageFee => "Provider fee per message",
        Field::Markup => "Provider markup on Meta's cost (%)",
        Field::MonthlyFee => "Provider monthly fee",
        Field::Tax => "Tax (%)",
        Field::MonthlyBudget => "Monthly budget",
        Field::Growth => "Growth per month (%)",
    }
}

/// One or two sentences under a field: what it means and why it changes the cost.
pub fn field_help(f: Field) -> &'static str {
    match f {
        Field::FepShare => {
            "The share of messages sent within 72 hours after a customer taps a click-to-WhatsApp ad or a Facebook Page button. Meta does not charge for them, whatever their category."
        }
        Field::CswUtilityShare => {
            "The share of utility messages (order and delivery updates) sent while the customer's chat is open, within 24 hours of their last message. From July 2025 to September 2026 Meta did not charge for them."
        }
        Field::PhoneNumbers => {
            "Each WhatsApp phone number gets 1,000 free replies to customers a month (from October 2026)."
        }
        Field::Wabas => {
            "Before November 2024 each WhatsApp Business Account got 1,000 free customer-service conversations a month."
        }
        Field::PrimaryCountry => {
            "Where the business is based: one-time codes sent to other countries may cost the international rate."
        }
        Field::AuthInternationalEligible => {
            "Meta charges a higher international rate for one-time codes sent to some countries other than the home country."
        }
        Field::GovernmentOrNonprofit => {
            "Meta does not charge government bodies and non-profits for replies to customers from October 2026 to December 2027, beyond the 1,000 free a month. From January 2028 replies are charged as for any business."
        }
        Field::PerMessageFee => {
            "What your WhatsApp provider charges per message sent, free ones included."
        }
        Field::Markup => "What your provider adds on top of Meta's charges, as a percentage.",
        Field::MonthlyFee => "Your provider's flat fee each month.",
        Field::Tax => "Tax on Meta's charges and the provider's fees.",
        Field::MonthlyBudget => {
            "The most you want to spend in a month: months above it are marked."
        }
        Field::Growth => "How much the monthly volume grows each month, compounding.",
    }
}

fn quoted(name: &str) -> String {
    format!("\u{201c}{name}\u{201d}")
}

fn market_category(market: MarketName, category: ChargedCategory) -> String {
    format!("{} {}", market.as_str(), charged_category_word(category))
}

/// The tax a currency's invoices usually carry, suggested where tax is set: the hint and the
/// button that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxSuggestion {
    pub hint: &'static str,
    pub button: &'static str,
    /// The tax in percent.
    pub pct: u32,
}

/// INR: India's 18 % GST on WhatsApp charges. `None` for other currencies.
pub fn tax_suggestion(currency: Currency) -> Option<TaxSuggestion> {
    (currency.as_str() == "INR").then_some(TaxSuggestion {
        hint: "India: GST of 18 % usually applies to WhatsApp charges",
        button: "Use 18 %",
        pct: 18,
    })
}

/// Months in order as spans: "2026-10 to 2027-03, 2027-05".
fn months_words(months: &[Month]) -> String {
    month_runs(months)
        .iter()
        .map(|&(first, last)| month_span(first, last))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names in a sentence: "Iraq", "Iraq and Kuwait", "Iraq, Kuwait and Oman".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A warning as a plain sentence: what it means and what to do.
pub fn warning(w: &Warning) -> String {
    warning_with_span(w, None)
}

/// [`warning`], naming the plan's months where that helps (a campaign outside them).
pub fn warning_for_plan(w: &Warning, scenario: &Scenario) -> String {
    warning_with_span(w, Some((scenario.start_month, scenario.end_month())))
}

fn warning_with_span(w: &Warning, plan: Option<(Month, Month)>) -> String {
    match w {
        Warning::RatesAssumedUnchanged {
            card,
            first_month,
            last_month,
        } => format!(
            "Meta has not published rates for {} yet: {} priced at the rates of {}, the newest known. The real cost may differ when Meta publishes new rates.",
            month_span(*first_month, *last_month),
            if first_month == last_month {
                "it is"
            } else {
                "they are"
            },
            date(card.effective)
        ),
        Warning::NoTierData {
            market, category, ..
        } => format!(
            "Volume discount unknown for {}: priced at the full rate, the real cost may be lower.",
            market_category(*market, *category)
        ),
        Warning::ServiceAtUtilityRate { card } => format!(
            "{} have no price for replies to customers (they were free until October 2026): replies are priced at each country's utility rate until Meta's newer rates are loaded.",
            self::card(*card)
        ),
        Warning::EstimatedRate {
            card,
            market,
            category,
            status,
            ..
        } => format!(
            "Meta's rates of {} do not state the {} rate for {}: the one used is {}. Check it against Meta's rate card before you commit a budget.",
            date(card.effective),
            charged_category_word(*category),
            market.as_str(),
            status_phrase(*status)
        ),
        Warning::CardNotQuoted { card, status, .. } => format!(
            "{} are {}, not copied from Meta's own file: check the important figures against Meta's rate card.",
            self::card(*card),
            status_phrase(*status)
        ),
        Warning::CampaignOutsideHorizon { name, month } => match plan {
            Some((first, last)) => format!(
                "The campaign {} in {month} is outside the plan's months ({}), so it is not counted. Move it into the plan or widen the plan.",
                quoted(name),
                month_span(first, last)
            ),
            None => format!(
                "The campaign {} in {month} is outside the plan's months, so it is not counted. Move it into the plan or widen the plan.",
                quoted(name)
            ),
        },
        Warning::CampaignWithoutCountries { name } => format!(
            "The campaign {} is for every country of the plan, but the plan has no countries yet, so it is not counted. Add a country to the plan.",
            quoted(name)
        ),
        Warning::FreeUnitsWithUnknownRate {
            card,
            market,
            category,
        } => format!(
            "Meta's {} rate for {} on the rates of {} is not known, so the free messages there are counted as saving nothing. Nothing is charged for them either way.",
            charged_category_word(*category),
            market.as_str(),
            date(card.effective)
        ),
        Warning::UnknownRateEstimated {
            card,
            market,
            category,
            rate,
            basis,
            countries,
            months,
        } => {
            let names: Vec<String> = countries.iter().map(|c| c.name().to_string()).collect();
            let (used, differs) = match basis {
                EstimateBasis::OtherCard(other) => (
                    format!("Meta's rate of {}", date(other.effective)),
                    "The real cost may be higher or lower: Meta changed its prices between those dates.",
                ),
                EstimateBasis::DomesticAuthentication => (
                    format!(
                        "the rate for one-time codes sent within {}",
                        market.as_str()
                    ),
                    "The real cost is likely higher: one-time codes sent to another country usually cost several times the domestic rate.",
                ),
                EstimateBasis::UtilityRate => (
                    format!("the utility rate of {}", market.as_str()),
                    "The real cost is likely the same: Meta charges replies to customers at the utility rate.",
                ),
            };
            format!(
                "Meta has not published its {} rate for {} in its rates of {}: {} messages to {} in {} are priced at {} {}, {used}. {differs} Check Meta's rate card before you commit a budget.",
                charged_category_word(*category),
                market.as_str(),
                date(card.effective),
                charged_category_word(*category),
                and_list(&names),
                months_words(months),
                display::rate(*rate),
                card.currency
            )
        }
        Warning::HomeCurrencyRequired {
            country,
            required,
            currency,
            from,
            delivery_stops,
            first_month,
            last_month,
        } => {
            let span = month_span(*first_month, *last_month);
            if *delivery_stops {
                format!(
                    "Meta bills businesses based in {} only in {required} from {} and stops delivering the messages of accounts billed in another currency. This plan is in {currency} for {span}: plan in {required}, and move your WhatsApp Business Account to {required} in time.",
                    country.name(),
                    date(from.first_day())
                )
            } else {
                let before = from.plus(-1);
                let deadline = Date::new(before.year(), before.month(), before.days())
                    .map_or_else(|| month_long(before), date);
                format!(
                    "Meta requires businesses based in {} to be billed in {required} by {deadline}. This plan is in {currency} for {span}: plan in {required}, and move your WhatsApp Business Account to {required} in time.",
                    country.name()
                )
            }
        }
    }
}

/// How a rate that Meta did not publish was obtained, inside a sentence.
fn status_phrase(s: CellStatus) -> &'static str {
    match s {
        CellStatus::Official | CellStatus::Quoted => "taken from Meta's published rates",
        CellStatus::Inferred => "worked out from Meta's earlier rates and announced changes",
        CellStatus::Computed => "converted from Meta's rates in another currency",
        CellStatus::Derived => "converted from Meta's US dollar rates of the same date",
        CellStatus::Carried => "carried over from Meta's earlier rates",
        CellStatus::Unknown => "not known",
    }
}

/// Every warning as a sentence, the missing volume discounts of one card in one sentence
/// ("Volume discount unknown for Brazil utility, India authentication: …"): what a list shows.
pub fn warnings_for_plan(ws: &[Warning], scenario: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut no_tiers: Vec<(CardId, Vec<String>)> = Vec::new();
    for w in ws {
        if let Warning::NoTierData {
            card,
            market,
            category,
        } = w
        {
            let item = market_category(*market, *category);
            match no_tiers.iter_mut().find(|(c, _)| c == card) {
                Some((_, items)) => items.push(item),
                None => no_tiers.push((*card, vec![item])),
            }
        } else {
            out.push(warning_for_plan(w, scenario));
        }
    }
    for (_, items) in no_tiers {
        out.push(format!(
            "Volume discount unknown for {}: priced at the full rate, the real cost may be lower.",
            items.join(", ")
        ));
    }
    out
}

/// The budget in a sentence: "Every month is within the monthly budget of 20,000.00 USD." or
/// "Over the monthly budget of 20,000.00 USD: 2027-02 by 17,766.00 USD." `None` without a
/// budget.
pub fn budget(
    budget: Option<rust_decimal::Decimal>,
    over: &[MonthOverBudget],
    currency: Currency,
) -> Option<String> {
    let b = budget?;
    // Amounts as the rest of the report writes them: "US$ 20,000.00", "R$ 102,944.00".
    let money = crate::io::money::Money::new(currency);
    let limit = money.amount(b);
    if over.is_empty() {
        return Some(format!(
            "Every month is within the monthly budget of {limit}."
        ));
    }
    // Many months: the span and the range of the overrun, not a paragraph of months.
    if over.len() > 4 {
        let least = over.iter().map(|m| m.over_by).min().unwrap_or_default();
        let most = over.iter().map(|m| m.over_by).max().unwrap_or_default();
        let (first, last) = (over[0].month, over[over.len() - 1].month);
        return Some(format!(
            "{} months between {first} and {last} are over the monthly budget of {limit}, by \
             {} to {}.",
            over.len(),
            money.amount(least),
            money.amount(most)
        ));
    }
    let months: Vec<String> = over
        .iter()
        .map(|m| format!("{} by {}", m.month, money.amount(m.over_by)))
        .collect();
    Some(format!(
        "Over the monthly budget of {limit}: {}.",
        months.join(", ")
    ))
}

/// What a budget buys, in one sentence for the window and the command line alike: "20,000 USD
/// a month buys 318,400 marketing messages to Brazil a month; February 2027 binds." Or, when
/// nothing fits, "No room: even with none of …".
pub fn budget_answer(s: &Solution) -> String {
    let currency = s.scenario.currency;
    if !s.within_budget() {
        return format!("No room: {}.", s.reason().unwrap_or_default());
    }
    let budget = format!(
        "{} {currency} {}",
        display::amount(s.request.budget).trim_end_matches(".00"),
        match s.request.per {
            BudgetPer::Month => "a month",
            BudgetPer::Plan => "over the plan",
        }
    );
    let count = display::count(s.volume);
    let what = match (&s.request.target, s.multiplier) {
        (ScaleTarget::Campaign(name), _) => {
            // The campaign's name as the plan spells it.
            let name = s
                .scenario
                .campaigns
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
                .map_or(name.as_str(), |c| c.name.as_str());
            format!("{count} messages in the campaign \"{name}\"")
        }
        (ScaleTarget::Line(c, cat), _) => format!(
            "{count} {} messages to {} {}",
            category(*cat).to_lowercase(),
            c.name(),
            unit_words(s.unit)
        ),
        (target, multiplier) => {
            let what = match target {
                ScaleTarget::Country(c) => format!("{}'s volumes", c.name()),
                ScaleTarget::Category(cat) => {
                    format!("{} volumes in every country", category(*cat).to_lowercase())
                }
                _ => "the plan's volumes".to_string(),
            };
            let pct = multiplier.map_or(String::new(), |m| {
                format!(
                    "{} % of ",
                    (m * rust_decimal::Decimal::ONE_HUNDRED).normalize()
                )
            });
            format!("{pct}{what} ({count} messages {})", unit_words(s.unit))
        }
    };
    let binds = match (s.request.per, &s.limit) {
        (
            BudgetPer::Month,
            Limit::Budget {
                binding_month: Some(m),
            },
        ) => {
            format!("; {} binds", month_long(*m))
        }
        (BudgetPer::Plan, Limit::Budget { .. }) => "; the plan's total binds".to_string(),
        _ => String::new(),
    };
    let mut text = format!("{budget} buys {what}{binds}.");
    if let Some(reason) = s.reason() {
        text += &format!(" It stops there: {reason}.");
    }
    text
}

/// "a month", "a day", "in the plan's first month" after a volume the solver found.
fn unit_words(unit: AnswerUnit) -> &'static str {
    match unit {
        AnswerUnit::Base(u) => u.per(),
        AnswerUnit::FirstMonth => "in the plan's first month",
        AnswerUnit::Campaign => "in the campaign",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::country::Country;

    /// Words from the engine, the command line or the rate files that a marketer cannot read.
    const BANNED: [&str; 14] = [
        "upper bound",
        "quoted",
        "pmp-",
        "cbp-",
        "tier data",
        "CSW",
        "FEP",
        "WABA",
        "--",
        "list rate",
        "assumed unchanged",
        "horizon",
        "inferred",
        "card is",
    ];

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn card(currency: &str, date: &str) -> CardId {
        CardId {
            currency: currency.parse().unwrap(),
            effective: date.parse().unwrap(),
        }
    }

    fn all_warnings() -> Vec<(Warning, Vec<&'static str>)> {
        let usd = card("USD", "2026-10-01");
        let brazil = MarketName::new("Brazil");
        vec![
            (
                Warning::RatesAssumedUnchanged {
                    card: usd,
                    first_month: m("2027-01"),
                    last_month: m("2027-03"),
                },
                vec!["2027-01 to 2027-03", "1 October 2026"],
            ),
            (
                Warning::NoTierData {
                    card: usd,
                    market: brazil,
                    category: ChargedCategory::Utility,
                },
                vec!["Brazil utility", "may be lower"],
            ),
            (
                Warning::ServiceAtUtilityRate {
                    card: card("EUR", "2026-07-01"),
                },
                vec!["1 July 2026", "EUR"],
            ),
            (
                Warning::EstimatedRate {
                    card: usd,
                    market: MarketName::new("Rest of Africa"),
                    category: ChargedCategory::Marketing,
                    status: CellStatus::Inferred,
                    note: "inferred from pmp-2026 tier data (upper bound)".into(),
                },
                vec!["Rest of Africa", "marketing"],
            ),
            (
                Warning::CardNotQuoted {
                    card: card("INR", "2025-10-01"),
                    status: CellStatus::Computed,
                    source: "FEP and CSW quoted from a dataset".into(),
                },
                vec!["1 October 2025", "INR", "another currency"],
            ),
            (
                Warning::CampaignOutsideHorizon {
                    name: "Black Friday".into(),
                    month: m("2026-11"),
                },
                vec!["Black Friday", "2026-11", "not counted"],
            ),
            (
                Warning::CampaignWithoutCountries {
                    name: "Spring".into(),
                },
                vec!["Spring", "Add a country"],
            ),
            (
                Warning::FreeUnitsWithUnknownRate {
                    card: usd,
                    market: brazil,
                    category: ChargedCategory::Service,
                },
                vec!["Brazil", "service", "1 October 2026"],
            ),
            (
                Warning::UnknownRateEstimated {
                    card: usd,
                    market: MarketName::new("Iraq"),
                    category: ChargedCategory::AuthenticationInternational,
                    rate: rust_decimal::Decimal::new(79, 4),
                    basis: EstimateBasis::DomesticAuthentication,
                    countries: vec![Country::from_code("IQ").unwrap()],
                    months: vec![m("2026-10"), m("2026-11"), m("2027-01")],
                },
                vec![
                    "international authentication rate for Iraq",
                    "1 October 2026",
                    "to Iraq in 2026-10 to 2026-11, 2027-01",
                    "0.0079 USD",
                    "likely higher",
                    "several times the domestic rate",
                ],
            ),
            (
                Warning::UnknownRateEstimated {
                    card: usd,
                    market: MarketName::new("Rest of Middle East"),
                    category: ChargedCategory::Marketing,
                    rate: rust_decimal::Decimal::new(392, 4),
                    basis: EstimateBasis::OtherCard(card("USD", "2026-07-01")),
                    countries: vec![
                        Country::from_code("JO").unwrap(),
                        Country::from_code("LB").unwrap(),
                    ],
                    months: vec![m("2026-12")],
                },
                vec![
                    "Jordan and Lebanon in 2026-12",
                    "Meta's rate of 1 July 2026",
                    "higher or lower",
                ],
            ),
            (
                Warning::UnknownRateEstimated {
                    card: usd,
                    market: brazil,
                    category: ChargedCategory::Service,
                    rate: rust_decimal::Decimal::new(68, 4),
                    basis: EstimateBasis::UtilityRate,
                    countries: vec![Country::from_code("BR").unwrap()],
                    months: vec![m("2026-12")],
                },
                vec!["utility rate of Brazil", "likely the same"],
            ),
            (
                Warning::HomeCurrencyRequired {
                    country: Country::from_code("IN").unwrap(),
                    required: "INR".parse().unwrap(),
                    currency: "USD".parse().unwrap(),
                    from: m("2027-01"),
                    delivery_stops: true,
                    first_month: m("2027-01"),
                    last_month: m("2027-06"),
                },
                vec![
                    "based in India",
                    "only in INR from 1 January 2027",
                    "stops delivering",
                    "in USD for 2027-01 to 2027-06",
                ],
            ),
            (
                Warning::HomeCurrencyRequired {
                    country: Country::from_code("BR").unwrap(),
                    required: "BRL".parse().unwrap(),
                    currency: "EUR".parse().unwrap(),
                    from: m("2027-07"),
                    delivery_stops: false,
                    first_month: m("2027-07"),
                    last_month: m("2027-07"),
                },
                vec![
                    "based in Brazil",
                    "in BRL by 30 June 2027",
                    "in EUR for 2027-07",
                ],
            ),
        ]
    }

    #[test]
    fn every_warning_is_plain_and_names_what_it_is_about() {
        // Every variant is listed above: a new one fails to compile in this match.
        for (w, names) in all_warnings() {
            match &w {
                Warning::RatesAssumedUnchanged { .. }
                | Warning::NoTierData { .. }
                | Warning::ServiceAtUtilityRate { .. }
                | Warning::EstimatedRate { .. }
                | Warning::CardNotQuoted { .. }
                | Warning::CampaignOutsideHorizon { .. }
                | Warning::CampaignWithoutCountries { .. }
                | Warning::FreeUnitsWithUnknownRate { .. }
                | Warning::UnknownRateEstimated { .. }
                | Warning::HomeCurrencyRequired { .. } => {}
            }
            let text = warning(&w);
            for word in BANNED {
                assert!(
                    !text.to_lowercase().contains(&word.to_lowercase()),
                    "{word:?} in {text:?}"
                );
            }
            for name in names {
                assert!(text.contains(name), "{name:?} not in {text:?}");
            }
            assert!(text.ends_with('.'), "a sentence: {text:?}");
            assert!(
                text.chars().next().is_some_and(char::is_uppercase),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_issues_examples_read_as_written() {
        let usd = card("USD", "2026-10-01");
        assert_eq!(
            warning(&Warning::NoTierData {
                card: usd,
                market: MarketName::new("Brazil"),
                category: ChargedCategory::Utility,
            }),
            "Volume discount unknown for Brazil utility: priced at the full rate, the real cost may be lower."
        );
        let mut s = Scenario::new("USD".parse().unwrap(), m("2026-12"));
        s.months = 12;
        assert_eq!(
            warning_for_plan(
                &Warning::CampaignOutsideHorizon {
                    name: "Black Friday".into(),
                    month: m("2026-11"),
                },
                &s
            ),
            "The campaign \u{201c}Black Friday\u{201d} in 2026-11 is outside the plan's months (2026-12 to 2027-11), so it is not counted. Move it into the plan or widen the plan."
        );
        assert!(
            warning(&Warning::RatesAssumedUnchanged {
                card: usd,
                first_month: m("2027-01"),
                last_month: m("2027-03"),
            })
            .starts_with(
                "Meta has not published rates for 2027-01 to 2027-03 yet: they are priced at the rates of 1 October 2026, the newest known."
            )
        );
    }

    #[test]
    fn missing_volume_discounts_of_one_card_are_one_sentence() {
        let usd = card("USD", "2026-10-01");
        let s = Scenario::new("USD".parse().unwrap(), m("2026-12"));
        let ws = [
            Warning::NoTierData {
                card: usd,
                market: MarketName::new("Brazil"),
                category: ChargedCategory::Utility,
            },
            Warning::CampaignWithoutCountries { name: "X".into() },
            Warning::NoTierData {
                card: usd,
                market: MarketName::new("India"),
                category: ChargedCategory::Authentication,
            },
        ];
        let out = warnings_for_plan(&ws, &s);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[1],
            "Volume discount unknown for Brazil utility, India authentication: priced at the full rate, the real cost may be lower."
        );
    }

    #[test]
    fn terms_avoid_engine_words() {
        let mut texts: Vec<String> = Vec::new();
        for e in Era::ALL {
            texts.push(era_name(e).into());
            texts.push(era_rules(e).into());
        }
        for s in [
            CellStatus::Official,
            CellStatus::Quoted,
            CellStatus::Inferred,
            CellStatus::Computed,
            CellStatus::Carried,
            CellStatus::Unknown,
        ] {
            texts.push(rate_source(s).into());
        }
        for c in ChargedCategory::ALL {
            texts.push(charged_category(c).into());
            texts.push(charged_category_word(c).into());
        }
        for c in Category::ALL {
            texts.push(category(c).into());
        }
        for r in [
            FreeReason::EntryPoint,
            FreeReason::CustomerService,
            FreeReason::MonthlyAllowance,
        ] {
            texts.push(free_reason(r).into());
        }
        for f in [
            Field::FepShare,
            Field::CswUtilityShare,
            Field::PhoneNumbers,
            Field::Wabas,
            Field::PrimaryCountry,
            Field::AuthInternationalEligible,
            Field::GovernmentOrNonprofit,
            Field::PerMessageFee,
            Field::Markup,
            Field::MonthlyFee,
            Field::Tax,
            Field::MonthlyBudget,
            Field::Growth,
        ] {
            texts.push(field_label(f).into());
            texts.push(field_help(f).into());
        }
        for t in texts {
            for word in BANNED {
                assert!(!t.contains(word), "{word:?} in {t:?}");
            }
        }
        assert_eq!(rate_source(CellStatus::Quoted), "Meta's published rates");
        assert_eq!(date("2026-10-01".parse().unwrap()), "1 October 2026");
        assert_eq!(month_long(m("2027-02")), "February 2027");
        assert_eq!(month_short(m("2027-02")), "Feb 2027");
        assert_eq!(
            super::card(card("USD", "2026-10-01")),
            "Meta's USD rates of 1 October 2026"
        );
    }

    #[test]
    fn the_budget_sentence_names_the_months_over_and_by_how_much() {
        use rust_decimal::Decimal;
        let usd: Currency = "USD".parse().unwrap();
        assert_eq!(budget(None, &[], usd), None);
        assert_eq!(
            budget(Some(Decimal::from(20_000)), &[], usd).unwrap(),
            "Every month is within the monthly budget of US$\u{a0}20,000.00."
        );
        // 37,766 − 20,000 = 17,766 (the marketer walk's February).
        let over = [MonthOverBudget {
            month: m("2027-02"),
            total: Decimal::from(37_766),
            over_by: Decimal::from(17_766),
        }];
        assert_eq!(
            budget(Some(Decimal::from(20_000)), &over, usd).unwrap(),
            "Over the monthly budget of US$\u{a0}20,000.00: 2027-02 by US$\u{a0}17,766.00."
        );
        // Twelve months over by 100, 200, …, 1,200: one sentence with the span and the range.
        let year: Vec<MonthOverBudget> = (1..=12)
            .map(|i| MonthOverBudget {
                month: m(&format!("2027-{i:02}")),
                total: Decimal::from(20_000 + 100 * i),
                over_by: Decimal::from(100 * i),
            })
            .collect();
        assert_eq!(
            budget(Some(Decimal::from(20_000)), &year, usd).unwrap(),
            "12 months between 2027-01 and 2027-12 are over the monthly budget of US$\u{a0}20,000.00, \
             by US$\u{a0}100.00 to US$\u{a0}1,200.00."
        );
    }

    #[test]
    fn the_government_help_names_the_months_the_engine_uses() {
        let ((y0, m0), (y1, m1)) = crate::domain::scenario::PUBLIC_FREE_SERVICE;
        let help = field_help(Field::GovernmentOrNonprofit);
        for month in [Month::new(y0, m0).unwrap(), Month::new(y1, m1).unwrap()] {
            assert!(help.contains(&month_long(month)), "{help}");
        }
        assert!(help.contains("January 2028"), "{help}");
    }

    #[test]
    fn only_inr_suggests_a_tax() {
        let inr = tax_suggestion("INR".parse().unwrap()).unwrap();
        assert_eq!(
            inr.hint,
            "India: GST of 18 % usually applies to WhatsApp charges"
        );
        assert_eq!((inr.button, inr.pct), ("Use 18 %", 18));
        for other in ["USD", "EUR", "BRL"] {
            assert_eq!(tax_suggestion(other.parse().unwrap()), None);
        }
    }
}
