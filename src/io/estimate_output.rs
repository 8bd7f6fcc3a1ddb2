//! The projection as `wacost estimate` writes it: JSON (decimals as exact unrounded strings)
//! and CSV (one row per line item, plus one per month's flat platform fee).

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::domain::campaign_cost::CampaignCost;
use crate::domain::projection::{FreeSavings, Line, MonthProjection, Projection, ProviderTerms};
use crate::domain::scenario::CampaignTarget;

fn dec(d: Decimal) -> Value {
    Value::String(d.to_string())
}

fn savings(s: &FreeSavings) -> Value {
    json!({
        "free_tier": dec(s.free_tier),
        "customer_service": dec(s.customer_service),
        "entry_point": dec(s.entry_point),
    })
}

fn line_json(l: &Line, t: &ProviderTerms) -> Value {
    json!({
        "country": l.country.code(),
        "country_name": l.country.name(),
        "market": &*l.market,
        "category": l.category.name(),
        "volume": l.volume,
        "free_volume": l.free_volume(),
        "free_entry_point": l.free_entry_point,
        "free_customer_service": l.free_customer_service,
        "free_tier": l.free_tier,
        "billable_volume": l.billable_volume,
        "rate": l.rate().map(dec),
        "list_cost": dec(l.list_cost()),
        "meta_cost": dec(l.meta_cost),
        "tiered": l.tiered(),
        "free_savings": dec(l.free_savings()),
        "provider_cost": dec(l.provider_cost(t)),
        "tax": dec(l.tax(t)),
        "total": dec(l.total(t)),
    })
}

fn month_json(m: &MonthProjection, t: &ProviderTerms) -> Value {
    json!({
        "month": m.month.to_string(),
        "era": m.era.id(),
        "rate_card_effective": m.card.effective.to_string(),
        "rate_card_currency": m.card.currency.to_string(),
        "rates_assumed_unchanged": m.assumed_unchanged,
        "rate_card_pinned": m.pinned,
        "meta_cost": dec(m.meta_cost),
        "provider_cost": dec(m.provider_cost),
        "platform_fee": dec(m.platform_fee),
        "platform_fee_tax": dec(m.platform_fee_tax),
        "tax": dec(m.tax),
        "total": dec(m.total),
        "free_savings": dec(m.free_savings),
        "savings": savings(&m.savings),
        "volume": m.volume,
        "free_volume": m.free_volume,
        "billable_volume": m.billable_volume,
        "over_budget": m.over_budget,
        "lines": m.lines.iter().map(|l| line_json(l, t)).collect::<Vec<_>>(),
    })
}

/// `notices` are what loading the rates said (cards replaced by a folder's); they lead the
/// warnings so a reader of the JSON knows the numbers did not all come from the shipped cards.
pub fn to_json(p: &Projection, notices: &[String]) -> Value {
    json!({
        "currency": p.currency.to_string(),
        "meta_cost": dec(p.meta_cost),
        "provider_cost": dec(p.provider_cost),
        "tax": dec(p.tax),
        "total": dec(p.total),
        "free_savings": dec(p.free_savings),
        "volume": p.volume,
        "months": p.months.iter().map(|m| month_json(m, &p.terms)).collect::<Vec<_>>(),
        "warnings": notices
            .iter()
            .cloned()
            .chain(p.warnings.iter().map(|w| w.to_string()))
            .collect::<Vec<_>>(),
    })
}

/// The campaigns with their own cost (`domain::campaign_cost`) and the months over the budget,
/// added to [`to_json`]'s object as `campaigns` and `months_over_budget`.
pub fn add_campaigns_and_budget(value: &mut Value, p: &Projection, campaigns: &[CampaignCost]) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    object.insert(
        "campaigns".into(),
        campaigns
            .iter()
            .map(|c| {
                json!({
                    "name": &c.name,
                    "month": c.month.to_string(),
                    "country": match c.country {
                        CampaignTarget::Country(country) => country.code(),
                        CampaignTarget::AllSelected => "all",
                    },
                    "category": c.category.name(),
                    "volume": c.volume,
                    "cost": dec(c.cost),
                    "counted": c.counted(),
                    "outside_plan": c.outside_plan,
                })
            })
            .collect::<Vec<_>>()
            .into(),
    );
    object.insert(
        "budget_monthly".into(),
        p.budget_monthly.map_or(Value::Null, dec),
    );
    object.insert(
        "months_over_budget".into(),
        p.months_over_budget()
            .iter()
            .map(|m| {
                json!({
                    "month": m.month.to_string(),
                    "total": dec(m.total),
                    "over_by": dec(m.over_by),
                })
            })
            .collect::<Vec<_>>()
            .into(),
    );
}

pub const CSV_HEADER: [&str; 20] = [
    "month",
    "era",
    "rate_card",
    "country",
    "country_name",
    "market",
    "category",
    "volume",
    "free_volume",
    "free_entry_point",
    "free_customer_service",
    "free_tier",
    "billable_volume",
    "rate",
    "meta_cost",
    "provider_cost",
    "tax",
    "total",
    "free_savings",
    "currency",
];

/// RFC 4180 CSV, exact decimals. A month's flat platform fee is its own row (category
/// `platform_fee`, no country) so that the total column adds up to the projection's total;
/// every row names the currency of its amounts.
pub fn to_csv(p: &Projection) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let currency = p.currency.to_string();
    w.write_record(CSV_HEADER).expect("in-memory write");
    for m in &p.months {
        let month = m.month.to_string();
        let card = m.card.effective.to_string();
        for l in &m.lines {
            w.write_record([
                month.as_str(),
                m.era.id(),
                card.as_str(),
                l.country.code(),
                l.country.name(),
                &l.market,
                l.category.name(),
                &l.volume.to_string(),
                &l.free_volume().to_string(),
                &l.free_entry_point.to_string(),
                &l.free_customer_service.to_string(),
                &l.free_tier.to_string(),
                &l.billable_volume.to_string(),
                &l.rate().map(|r| r.to_string()).unwrap_or_default(),
                &l.meta_cost.to_string(),
                &l.provider_cost(&p.terms).to_string(),
                &l.tax(&p.terms).to_string(),
                &l.total(&p.terms).to_string(),
                &l.free_savings().to_string(),
                &currency,
            ])
            .expect("in-memory write");
        }
        if !m.platform_fee.is_zero() {
            let total = m.platform_fee + m.platform_fee_tax;
            w.write_record([
                month.as_str(),
                m.era.id(),
                card.as_str(),
                "",
                "",
                "",
                "platform_fee",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "",
                "0",
                &m.platform_fee.to_string(),
                &m.platform_fee_tax.to_string(),
                &total.to_string(),
                "0",
                &currency,
            ])
            .expect("in-memory write");
        }
    }
    String::from_utf8(w.into_inner().expect("in-memory flush")).expect("CSV of UTF-8 fields")
}

/// The volumes the engine priced for `country` in each month of `p`, per planned category
/// (marketing, utility, authentication, service): the base volumes turned into the month's
/// (per day or per week × the month's days), grown, with campaigns, as the lines hold them.
pub fn monthly_volumes(
    p: &Projection,
    country: crate::domain::Country,
) -> Vec<(crate::domain::Month, [u64; 4])> {
    p.months
        .iter()
        .map(|m| {
            let mut v = [0u64; 4];
            for l in m.lines.iter().filter(|l| l.country == country) {
                let k = l.category.planned().index();
                v[k] = v[k].saturating_add(l.volume);
            }
            (m.month, v)
        })
        .collect()
}

/// Each country of the plan with the unit of its base volumes and the monthly volumes the
/// engine priced (see [`monthly_volumes`]), and the variant priced, added to [`to_json`]'s
/// object as `volumes`, `variant` and `variants` (every variant's name, in the file's order).
pub fn add_volumes_and_variant(
    value: &mut Value,
    scenario: &crate::domain::Scenario,
    p: &Projection,
    variants: &[&str],
) {
    use crate::domain::Category;
    let Some(object) = value.as_object_mut() else {
        return;
    };
    let per_category = |v: [u64; 4]| {
        let mut map = serde_json::Map::new();
        for c in Category::ALL {
            map.insert(c.name().into(), v[c.index()].into());
        }
        map
    };
    let volumes: Vec<Value> = scenario
        .countries
        .iter()
        .map(|c| {
            let months: Vec<Value> = monthly_volumes(p, c.country)
                .into_iter()
                .map(|(month, v)| {
                    let mut map = per_category(v);
                    map.shift_insert(0, "month".into(), month.to_string().into());
                    Value::Object(map)
                })
                .collect();
            json!({
                "country": c.country.code(),
                "name": c.country.name(),
                "unit": match c.unit {
                    crate::domain::scenario::VolumeUnit::Month => "month",
                    crate::domain::scenario::VolumeUnit::Week => "week",
                    crate::domain::scenario::VolumeUnit::Day => "day",
                },
                "base": Value::Object(per_category(c.volumes().0)),
                "months": months,
            })
        })
        .collect();
    object.insert("variant".into(), scenario.name.clone().into());
    object.insert(
        "variants".into(),
        variants
            .iter()
            .map(|v| Value::String((*v).to_string()))
            .collect::<Vec<_>>()
            .into(),
    );
    object.insert("volumes".into(), volumes.into());
}
