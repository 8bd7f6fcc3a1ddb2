//! The layouts of usage exports, recognised from their headers, and column mappings the user
//! saves as named presets for files no layout recognises.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::io::sheet::header_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    PricingAnalytics,
    ConversationAnalytics,
    MessageLog,
    ProviderDaily,
    Generic,
    Preset,
    /// Gupshup's usage API (`partnerAppUsageList[]`), one object per app and day.
    GupshupUsage,
    /// A provider's monthly breakdown (`data[].date / currency / breakdown.{category}`).
    ProviderMonthly,
    /// WhatsApp status webhook events (`entry[].changes[].value.statuses[]`).
    WebhookEvents,
}

impl LayoutKind {
    pub fn name(self) -> &'static str {
        match self {
            LayoutKind::PricingAnalytics => "pricing_analytics",
            LayoutKind::ConversationAnalytics => "conversation_analytics",
            LayoutKind::MessageLog => "message_log",
            LayoutKind::ProviderDaily => "provider_daily",
            LayoutKind::Generic => "generic",
            LayoutKind::Preset => "preset",
            LayoutKind::GupshupUsage => "gupshup_usage",
            LayoutKind::ProviderMonthly => "provider_monthly",
            LayoutKind::WebhookEvents => "webhook_events",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            LayoutKind::PricingAnalytics => "Meta pricing_analytics",
            LayoutKind::ConversationAnalytics => "Meta conversation_analytics",
            LayoutKind::MessageLog => "per-message log",
            LayoutKind::ProviderDaily => "provider daily usage",
            LayoutKind::Generic => "generic usage table",
            LayoutKind::Preset => "column mapping preset",
            LayoutKind::GupshupUsage => "Gupshup usage (JSON)",
            LayoutKind::ProviderMonthly => "provider monthly breakdown (JSON)",
            LayoutKind::WebhookEvents => "WhatsApp status webhook events",
        }
    }
}

/// The layouts a file is recognised as, for the message listing them.
pub const KNOWN_LAYOUTS: &str = "Meta pricing_analytics (start, country, pricing_category, pricing_type, volume, cost; JSON or CSV); \
Meta conversation_analytics (start, country, conversation_category, conversation_type, conversation, cost; JSON or CSV); \
per-message log such as Twilio's (recipient number such as to/recipient/msisdn, timestamp, status, optional direction, price and category); \
provider daily usage such as Gupshup's (date, marketing, utility, authentication, service, internationalAuthentication, fep, ftc, waFees, currency; CSV or JSON); \
provider monthly breakdown (data[].date, currency, breakdown.marketing.messages/cost; JSON); \
WhatsApp status webhook events (statuses[] with id, status, timestamp, recipient_id, pricing; JSON, one object per line or an array); \
generic (a date or month, a country or phone number, a category, a count, optional cost)";

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Date,
    Country,
    Phone,
    Category,
    PricingType,
    Volume,
    Cost,
    Status,
    Marketing,
    Utility,
    Authentication,
    Service,
    AuthenticationInternational,
    Fep,
    Ftc,
    WaFees,
    Currency,
    /// Outbound or inbound: only outbound messages are charged.
    Direction,
    /// The end of an analytics bucket: the bucket belongs to the month of its midpoint.
    End,
    /// Utility messages sent free inside the customer service window.
    FreeUtility,
    /// Marketing messages sent through Marketing Messages Lite.
    MarketingLite,
    /// A message's id, so one message reported several times counts once.
    MessageId,
}

pub const ROLE_COUNT: usize = 22;

impl Role {
    pub const ALL: [Role; ROLE_COUNT] = [
        Role::Date,
        Role::Country,
        Role::Phone,
        Role::Category,
        Role::PricingType,
        Role::Volume,
        Role::Cost,
        Role::Status,
        Role::Marketing,
        Role::Utility,
        Role::Authentication,
        Role::Service,
        Role::AuthenticationInternational,
        Role::Fep,
        Role::Ftc,
        Role::WaFees,
        Role::Currency,
        Role::Direction,
        Role::End,
        Role::FreeUtility,
        Role::MarketingLite,
        Role::MessageId,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Date => "date",
            Role::Country => "country",
            Role::Phone => "phone",
            Role::Category => "category",
            Role::PricingType => "pricing_type",
            Role::Volume => "volume",
            Role::Cost => "cost",
            Role::Status => "status",
            Role::Marketing => "marketing",
            Role::Utility => "utility",
            Role::Authentication => "authentication",
            Role::Service => "service",
            Role::AuthenticationInternational => "authentication_international",
            Role::Fep => "fep",
            Role::Ftc => "ftc",
            Role::WaFees => "wa_fees",
            Role::Currency => "currency",
            Role::Direction => "direction",
            Role::End => "end",
            Role::FreeUtility => "free_utility",
            Role::MarketingLite => "marketing_lite",
            Role::MessageId => "message_id",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        let key = header_key(text);
        Role::ALL.into_iter().find(|r| header_key(r.name()) == key)
    }

    /// Header names (as [`header_key`] reduces them) that mean this role.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::Date => &[
                "start",
                "date",
                "month",
                "day",
                "timestamp",
                "time",
                "datetime",
                "sentat",
                "senttime",
                "datesent",
                "sentdate",
                "createdat",
                "created",
                "deliveredat",
                "eventtime",
                "period",
            ],
            Role::Country => &[
                "country",
                "countrycode",
                "market",
                "destinationcountry",
                "recipientcountry",
                "countryname",
            ],
            Role::Phone => &[
                "to",
                "recipient",
                "recipientnumber",
                "recipientphone",
                "recipientid",
                "destination",
                "msisdn",
                "tonumber",
                "phone",
                "mobile",
                "waid",
                "customernumber",
                "customerphone",
                "contact",
                "number",
            ],
            Role::Category => &[
                "pricingcategory",
                "conversationcategory",
                "category",
                "messagecategory",
                "templatecategory",
            ],
            Role::PricingType => &["pricingtype", "conversationtype", "billingtype"],
            Role::Volume => &[
                "volume",
                "conversation",
                "conversations",
                "count",
                "messages",
                "quantity",
                "messagecount",
                "total",
            ],
            Role::Cost => &["cost", "price", "amount", "spend", "charge", "fee"],
            Role::Status => &["status", "messagestatus", "deliverystatus", "state"],
            Role::Marketing => &["marketing"],
            Role::Utility => &["utility"],
            Role::Authentication => &["authentication"],
            Role::Service => &["service"],
            Role::AuthenticationInternational => {
                &["internationalauthentication", "authenticationinternational"]
            }
            Role::Fep => &["fep"],
            Role::Ftc => &["ftc"],
            Role::WaFees => &["wafees"],
            Role::Currency => &["currency", "priceunit"],
            Role::Direction => &["direction", "conversationdirection", "messagedirection"],
            Role::End => &["end"],
            Role::FreeUtility => &["freeutility"],
            Role::MarketingLite => &["mmlitemarketing", "marketinglite"],
            Role::MessageId => &["messageid", "wamid"],
        }
    }
}

/// Which column holds which role, and how rows are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub kind: LayoutKind,
    pub shape: Shape,
    columns: [Option<usize>; ROLE_COUNT],
}

/// How a row turns into actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One row per (date, country, category[, pricing type]) with a count.
    Aggregated,
    /// One row per message.
    Log,
    /// One row per day with a count per category, for one app.
    Daily,
}

impl Shape {
    /// The roles a row of this shape may map, the required ones first.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Shape::Log => &[
                Role::Phone,
                Role::Date,
                Role::Status,
                Role::Direction,
                Role::Category,
                Role::PricingType,
                Role::Cost,
                Role::Currency,
                Role::MessageId,
            ],
            Shape::Aggregated => &[
                Role::Date,
                Role::Country,
                Role::Phone,
                Role::Category,
                Role::Volume,
                Role::PricingType,
                Role::Cost,
                Role::Currency,
                Role::Direction,
                Role::End,
            ],
            Shape::Daily => &[
                Role::Date,
                Role::Marketing,
                Role::MarketingLite,
                Role::Utility,
                Role::FreeUtility,
                Role::Authentication,
                Role::Service,
                Role::AuthenticationInternational,
                Role::Fep,
                Role::Ftc,
                Role::WaFees,
                Role::Currency,
            ],
        }
    }
}

impl Mapping {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns[role as usize]
    }

    /// Roles and the headers they were found under, for the import summary.
    pub fn describe(&self, headers: &[String]) -> Vec<(Role, String)> {
        Role::ALL
            .into_iter()
            .filter_map(|r| {
                let c = self.column(r)?;
                Some((r, headers.get(c).cloned().unwrap_or_default()))
            })
            .collect()
    }
}

fn find(keys: &[String], role: Role, taken: &[Option<usize>; ROLE_COUNT]) -> Option<usize> {
    // Synonyms in order of preference, so "pricing_category" wins over "category".
    role.synonyms().iter().find_map(|syn| {
        keys.iter()
            .enumerate()
            .position(|(i, k)| k == syn && !taken.contains(&Some(i)))
    })
}

/// Recognises a header row as one of the known layouts.
pub fn detect(headers: &[String]) -> Option<Mapping> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut cols = [None; ROLE_COUNT];
    let has = |k: &str| keys.iter().any(|x| x == k);
    let take = |role: Role, cols: &mut [Option<usize>; ROLE_COUNT]| {
        let found = find(&keys, role, cols);
        cols[role as usize] = found;
        found
    };
    let (kind, shape) = if has("pricingcategory") && has("volume") {
        (LayoutKind::PricingAnalytics, Shape::Aggregated)
    } else if (has("conversationcategory")
        || has("conversationtype")
        || has("conversationdirection"))
        && has("conversation")
    {
        (LayoutKind::ConversationAnalytics, Shape::Aggregated)
    } else if has("marketing") && has("utility") && has("authentication") {
        (LayoutKind::ProviderDaily, Shape::Daily)
    } else {
        // A per-message log has a recipient and no count; the generic table has a count.
        let volume = find(&keys, Role::Volume, &cols);
        let phone = find(&keys, Role::Phone, &cols)
            .or_else(|| keys.iter().position(|k| k == "phonenumber"));
        match (volume, phone) {
            (None, Some(_)) => (LayoutKind::MessageLog, Shape::Log),
            (Some(_), _) => (LayoutKind::Generic, Shape::Aggregated),
            (None, None) => return None,
        }
    };
    take(Role::Date, &mut cols)?;
    match shape {
        Shape::Aggregated => {
            // Meta's analytics name the business's own number "phone_number": never the
            // recipient. The generic table may name the country by a phone number. A file
            // without either is counted under the country the user names (Meta's analytics
            // asked without the COUNTRY breakdown: an unknown country).
            take(Role::Country, &mut cols);
            if cols[Role::Country as usize].is_none() && kind == LayoutKind::Generic {
                take(Role::Phone, &mut cols);
            }
            take(Role::Direction, &mut cols);
            // Conversations from before categories say only who opened them; Meta's analytics
            // asked without a category breakdown say nothing (the user names the category).
            if take(Role::Category, &mut cols).is_none()
                && cols[Role::Direction as usize].is_none()
                && kind == LayoutKind::Generic
            {
                return None;
            }
            take(Role::Volume, &mut cols)?;
            take(Role::PricingType, &mut cols);
            take(Role::Cost, &mut cols);
            take(Role::Currency, &mut cols);
            take(Role::End, &mut cols);
        }
        Shape::Log => {
            if take(Role::Phone, &mut cols).is_none() {
                cols[Role::Phone as usize] = keys.iter().position(|k| k == "phonenumber");
            }
            for role in [
                Role::Status,
                Role::Direction,
                Role::Category,
                Role::PricingType,
                Role::Cost,
                Role::Currency,
                Role::MessageId,
            ] {
                take(role, &mut cols);
            }
        }
        Shape::Daily => {
            for &r in &Shape::Daily.roles()[1..] {
                take(r, &mut cols);
            }
        }
    }
    Some(Mapping {
        kind,
        shape,
        columns: cols,
    })
}

/// The name of the mapping made by `--map` flags that are not saved as a preset.
pub const MAP_FLAGS: &str = "--map";

/// A column mapping the user made for a layout wacost does not recognise, saved by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub name: String,
    pub shape: Shape,
    /// Role → the header of its column, as written in the file.
    pub columns: BTreeMap<Role, String>,
    /// "dmy" or "mdy", for dates like 03/04/2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<String>,
    /// The category of every message of a log without a category column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The country of a daily usage file: an ISO code or "unknown".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Preset {
    /// What a preset misses to read rows of its shape.
    pub fn problems(&self) -> Vec<String> {
        let need: &[&[Role]] = match self.shape {
            Shape::Aggregated => &[
                &[Role::Date],
                &[Role::Country, Role::Phone],
                &[Role::Category],
                &[Role::Volume],
            ],
            Shape::Log => &[&[Role::Date], &[Role::Phone]],
            Shape::Daily => &[&[Role::Date]],
        };
        need.iter()
            .filter(|any| !any.iter().any(|r| self.columns.contains_key(r)))
            // A category or a country given for the whole file needs no column.
            .filter(|any| !(any.contains(&Role::Category) && self.category.is_some()))
            .filter(|any| !(any.contains(&Role::Country) && self.country.is_some()))
            .map(|any| {
                let names: Vec<&str> = any.iter().map(|r| r.name()).collect();
                if self.name == MAP_FLAGS {
                    format!(
                        "the columns given with --map name no {} column: add --map {}=HEADER{}",
                        names.join(" or "),
                        names[0],
                        match self.shape {
                            Shape::Log => " (without a volume column the file is read as a per-message log, which needs the recipient's number)",
                            _ => "",
                        }
                    )
                } else {
                    format!(
                        "preset {:?} maps no {} column",
                        self.name,
                        names.join(" or ")
                    )
                }
            })
            .collect()
    }

    /// The preset's columns found in a header row; `Err` lists the headers it misses.
    pub fn mapping(&self, headers: &[String]) -> Result<Mapping, Vec<String>> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let mut columns = [None; ROLE_COUNT];
        let mut missing = Vec::new();
        for (role, header) in &self.columns {
            match keys.iter().position(|k| *k == header_key(header)) {
                Some(i) => columns[*role as usize] = Some(i),
                None => missing.push(header.clone()),
            }
        }
        if missing.is_empty() {
            Ok(Mapping {
                kind: LayoutKind::Preset,
                shape: self.shape,
                columns,
            })
        } else {
            Err(missing)
        }
    }
}

/// Where presets are kept: `$WACOST_PRESETS`, else `import-presets.json` in the user's
/// configuration folder.
pub fn presets_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WACOST_PRESETS") {
        return Some(PathBuf::from(p));
    }
    Some(
        dirs::config_dir()?
            .join("wacost")
            .join("import-presets.json"),
    )
}

/// Every saved preset by name (none when the file does not exist yet).
pub fn load_presets() -> Result<BTreeMap<String, Preset>, String> {
    let Some(path) = presets_path() else {
        return Ok(BTreeMap::new());
    };
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Saves (or replaces) a preset; the file is written whole. The presets are read again under
/// a lock (`.NAME.lock` beside the file) held until the new file is in place, so presets saved
/// at once by several processes are all kept.
pub fn save_preset(preset: &Preset) -> Result<PathBuf, String> {
    let problems = preset.problems();
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let path = presets_path().ok_or("no configuration folder for presets")?;
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let lock_path = path.with_file_name(format!(".{}.lock", name.to_string_lossy()));
    let _lock = crate::io::atomic::FileLock::acquire(&lock_path)
        .map_err(|e| format!("{}: cannot lock the presets: {e}", lock_path.display()))?;
    let mut all = load_presets()?;
    all.insert(preset.name.clone(), preset.clone());
    let text = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?;
    crate::io::atomic::write_atomic(&path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_layout_is_told_from_its_headers() {
        let p = detect(&h(&[
            "start",
            "end",
            "country",
            "phone_number",
            "tier",
            "pricing_type",
            "pricing_category",
            "volume",
            "cost",
        ]))
        .unwrap();
        assert_eq!(p.kind, LayoutKind::PricingAnalytics);
        assert_eq!(p.column(Role::Category), Some(6));
        assert_eq!(p.column(Role::Phone), None);
        let c = detect(&h(&[
            "start",
            "end",
            "country",
            "phone_number",
            "conversation_category",
            "conversation_type",
            "conversation_direction",
            "conversation",
            "cost",
        ]))
        .unwrap();
        assert_eq!(c.kind, LayoutKind::ConversationAnalytics);
        assert_eq!(c.column(Role::Volume), Some(7));
        let l = detect(&h(&["sid", "To", "Date Sent", "Status", "Price"])).unwrap();
        assert_eq!(
            (l.kind, l.column(Role::Phone), l.column(Role::Cost)),
            (LayoutKind::MessageLog, Some(1), Some(4))
        );
        let d = detect(&h(&[
            "date",
            "marketing",
            "utility",
            "authentication",
            "service",
            "internationalAuthentication",
            "fep",
            "ftc",
            "totalFees",
            "waFees",
            "gsFees",
            "currency",
        ]))
        .unwrap();
        assert_eq!(
            (d.kind, d.column(Role::WaFees)),
            (LayoutKind::ProviderDaily, Some(9))
        );
        let g = detect(&h(&["Month", "Country", "Category", "Count"])).unwrap();
        assert_eq!(g.kind, LayoutKind::Generic);
        assert!(detect(&h(&["a", "b", "c"])).is_none());
    }

    #[test]
    fn a_preset_finds_its_columns_or_names_the_missing_ones() {
        let p = Preset {
            name: "crm".into(),
            shape: Shape::Log,
            columns: [
                (Role::Date, "When".to_string()),
                (Role::Phone, "Who".to_string()),
            ]
            .into_iter()
            .collect(),
            date_order: None,
            category: Some("marketing".into()),
            country: None,
        };
        assert!(p.problems().is_empty());
        let m = p.mapping(&h(&["id", "who", "WHEN"])).unwrap();
        assert_eq!(
            (m.column(Role::Phone), m.column(Role::Date)),
            (Some(1), Some(2))
        );
        assert_eq!(
            p.mapping(&h(&["id", "who"])).unwrap_err(),
            vec!["When".to_string()]
        );
        let bad = Preset {
            shape: Shape::Aggregated,
            ..p
        };
        // The category the preset gives stands for a category column; the count is missing.
        assert_eq!(
            bad.problems(),
            vec!["preset \"crm\" maps no volume column".to_string()]
        );
        let flags = Preset {
            name: MAP_FLAGS.into(),
            category: None,
            ..bad
        };
        assert_eq!(
            flags.problems(),
            vec![
                "the columns given with --map name no category column: add --map category=HEADER"
                    .to_string(),
                "the columns given with --map name no volume column: add --map volume=HEADER"
                    .to_string()
            ]
        );
    }
}
