//! The scenario file (JSON): reading with errors that name the file, line, column and field;
//! writing with decimals as strings, atomically.

use std::path::Path;

use super::{Location, atomic::write_atomic};
use crate::domain::scenario::Scenario;
use crate::domain::variants::PlanSet;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {}{message}", field.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct ScenarioFileError {
    pub location: Location,
    /// The field's path in the file (`countries[0].marketing`), when known.
    pub field: Option<String>,
    pub message: String,
}

/// Parses a plan file's first variant (the whole plan of a version 1 file); `file` names it in
/// errors. See [`parse_plan`] for every variant.
pub fn parse_scenario(file: &str, text: &str) -> Result<Scenario, ScenarioFileError> {
    let mut set = parse_plan(file, text)?;
    Ok(set.variants.swap_remove(0))
}

/// The version 2 file: named variants, each a complete plan without its own `version`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV2 {
    #[allow(dead_code)] // checked as it is read; the set is always written as version 2
    #[serde(deserialize_with = "crate::domain::scenario::de::variants_version")]
    version: u32,
    #[serde(default, deserialize_with = "crate::domain::scenario::de::name")]
    name: String,
    variants: Vec<Scenario>,
}

/// What the file says its version is, if it is a JSON object with a `version` number.
#[derive(serde::Deserialize)]
struct Peek {
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// Parses a plan file: version 1 (one plan) or version 2 (named variants); `file` names it in
/// errors, which give the line, column and field (`variants[1].countries[0].marketing`).
pub fn parse_plan(file: &str, text: &str) -> Result<PlanSet, ScenarioFileError> {
    // A byte-order mark, as some Windows editors write, is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let whole_file = |message: String| ScenarioFileError {
        location: Location {
            file: file.to_string(),
            line: None,
            column: None,
        },
        field: None,
        message,
    };
    if text.trim().is_empty() {
        return Err(whole_file(
            "the file is empty: expected a scenario (a JSON object)".into(),
        ));
    }
    let peek: Option<Peek> = serde_json::from_str(text).ok();
    let version = peek.as_ref().and_then(|p| p.version.as_ref());
    if peek.is_some() && version.is_none() {
        return Err(ScenarioFileError {
            location: Location {
                file: file.to_string(),
                line: Some(1),
                column: Some(1),
            },
            field: None,
            message: "missing field `version` (1 for one plan, 2 for a file of variants)".into(),
        });
    }
    let set = if version.and_then(|v| v.as_u64()) == Some(2) {
        let v2: FileV2 = parse_json(file, text)?;
        let name = if v2.name.trim().is_empty() {
            v2.variants
                .first()
                .map(|v| v.name.clone())
                .unwrap_or_default()
        } else {
            v2.name
        };
        match <[Scenario; 1]>::try_from(v2.variants) {
            // One variant is written back as a plain version 1 plan, whose title is its name.
            Ok([only]) => PlanSet::single(only),
            Err(variants) => PlanSet { name, variants },
        }
    } else {
        PlanSet::single(parse_json::<Scenario>(file, text)?)
    };
    if let Some(p) = set.problems().into_iter().next() {
        return Err(ScenarioFileError {
            location: Location {
                file: file.to_string(),
                line: problem_line(text, &p.path),
                column: None,
            },
            field: Some(p.path),
            message: p.message,
        });
    }
    Ok(set)
}

/// Deserializes `text` as one JSON value of type `T`, with nothing after it; errors name the
/// file, line, column and field.
fn parse_json<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, ScenarioFileError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = match result {
        Ok(s) => s,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let (line, column) = (inner.line(), inner.column());
            return Err(ScenarioFileError {
                location: Location {
                    file: file.to_string(),
                    line: (line > 0).then_some(line),
                    column: (line > 0).then_some(column),
                },
                field: (path != "." && !inner.is_syntax() && !inner.is_eof()).then_some(path),
                message: strip_position(&inner.to_string()),
            });
        }
    };
    // Trailing content after the object.
    de.end().map_err(|e| ScenarioFileError {
        location: Location {
            file: file.to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
        },
        field: None,
        message: strip_position(&e.to_string()),
    })?;
    Ok(value)
}

/// The line of a problem's field: inside variant `i` for `variants[i].…` paths (a variant's
/// keys repeat in every variant, so the search starts after the variant before it).
fn problem_line(text: &str, path: &str) -> Option<usize> {
    let Some(rest) = path.strip_prefix("variants[") else {
        return find_field_line(text, path);
    };
    let (index, field) = rest.split_once("].")?;
    let index: usize = index.parse().ok()?;
    let start = if index == 0 {
        text.find("\"variants\"")?
    } else {
        // Every variant has exactly one `currency` key.
        text.match_indices("\"currency\"").nth(index - 1)?.0
    };
    let before = super::line_col(text, start).0;
    let line = find_field_line(&text[start..], field)?;
    Some(before + line - 1)
}

/// serde_json appends " at line X column Y"; the location already says it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Best-effort line of a field path's last key (for problems found after parsing).
pub fn find_field_line(text: &str, path: &str) -> Option<usize> {
    let key = path.rsplit('.').next()?;
    let key = key.split('[').next()?;
    // Take the n-th occurrence for `countries[n].country` style paths.
    let index: usize = path
        .split('[')
        .nth(1)
        .and_then(|s| s.split(']').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let needle = format!("\"{key}\"");
    let offset = text.match_indices(&needle).nth(index).map(|(i, _)| i)?;
    Some(super::line_col(text, offset).0)
}

/// Reads a plan file's first variant (see [`read_plan`]).
pub fn read_scenario(path: &Path) -> Result<Scenario, ScenarioFileError> {
    let mut set = read_plan(path)?;
    Ok(set.variants.swap_remove(0))
}

/// Reads a plan file, every variant: a regular file of at most [`super::MAX_INPUT_BYTES`],
/// UTF-8 (with or without a byte-order mark).
pub fn read_plan(path: &Path) -> Result<PlanSet, ScenarioFileError> {
    let file = path.display().to_string();
    let whole_file = |message: String| ScenarioFileError {
        location: Location {
            file: file.clone(),
            line: None,
            column: None,
        },
        field: None,
        message,
    };
    let bytes = super::read_capped(path, super::MAX_INPUT_BYTES, "scenario").map_err(whole_file)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        whole_file(format!(
            "the scenario is not UTF-8 text (byte {} is not); save it as UTF-8",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    parse_plan(&file, &text)
}

/// The scenario as the app writes it: pretty JSON, decimals as strings.
pub fn to_json(scenario: &Scenario) -> String {
    let mut s = serde_json::to_string_pretty(scenario).expect("a scenario always serializes");
    s.push('\n');
    s
}

/// A plan file as the app writes it: one variant as a plain version 1 scenario (so older
/// wacost and scripts read it), several as version 2 (`{"version": 2, "name", "variants"}`),
/// each variant a scenario without its own `version`.
pub fn plan_to_json(set: &PlanSet) -> String {
    if let [only] = set.variants.as_slice() {
        return to_json(only);
    }
    let variants: Vec<serde_json::Value> = set
        .variants
        .iter()
        .map(|v| {
            let mut value = serde_json::to_value(v).expect("a scenario always serializes");
            if let Some(map) = value.as_object_mut() {
                map.shift_remove("version");
            }
            value
        })
        .collect();
    let file = serde_json::json!({
        "version": 2,
        "name": set.name,
        "variants": variants,
    });
    let mut s = serde_json::to_string_pretty(&file).expect("a plan file always serializes");
    s.push('\n');
    s
}

/// Saves atomically (temporary file, then rename).
pub fn save_scenario(path: &Path, scenario: &Scenario) -> std::io::Result<()> {
    write_atomic(path, to_json(scenario).as_bytes())
}

/// Saves a plan file atomically (see [`plan_to_json`]).
pub fn save_plan(path: &Path, set: &PlanSet) -> std::io::Result<()> {
    write_atomic(path, plan_to_json(set).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    const EXAMPLE: &str = include_str!("../../assets/example-scenario.json");

    #[test]
    fn the_example_round_trips_with_decimals_as_strings() {
        let s = parse_scenario("example.json", EXAMPLE).unwrap();
        let written = to_json(&s);
        assert_eq!(parse_scenario("again.json", &written).unwrap(), s);
        let v: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(v["provider"]["per_message_fee"], serde_json::json!("0.005"));
        assert_eq!(v["growth_pct"]["marketing"], serde_json::json!("2"));
        assert_eq!(v["countries"][0]["marketing"], serde_json::json!(100000));
    }

    #[test]
    fn numbers_are_kept_exactly_as_written() {
        let s = parse_scenario(
            "n.json",
            r#"{"version": 1, "currency": "USD", "start_month": "2026-12",
                "provider": {"monthly_fee": 12345678.9012345678, "tax_pct": 7.50}}"#,
        )
        .unwrap();
        // Through f64 the fee would be 12345678.901234568; the file said more.
        assert_eq!(
            s.provider.monthly_fee,
            Decimal::from_str("12345678.9012345678").unwrap()
        );
        assert_eq!(s.provider.tax_pct.to_string(), "7.50");
        let e = parse_scenario(
            "n.json",
            r#"{"version": 1, "currency": "USD", "start_month": "2026-12",
                "provider": {"per_message_fee": 0.10000000000000001}}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("more than 10 decimal places"), "{e}");
    }

    #[test]
    fn a_campaign_for_all_countries_round_trips_as_all() {
        let text = r#"{"version": 1, "currency": "USD", "start_month": "2026-12",
            "campaigns": [{"month": "2026-12", "country": "All", "category": "service", "volume": 5}]}"#;
        let s = parse_scenario("a.json", text).unwrap();
        let v: serde_json::Value = serde_json::from_str(&to_json(&s)).unwrap();
        assert_eq!(v["campaigns"][0]["country"], serde_json::json!("all"));
        assert_eq!(parse_scenario("b.json", &to_json(&s)).unwrap(), s);
        let e = parse_scenario(
            "c.json",
            r#"{"version": 1, "currency": "USD", "start_month": "2026-12",
                "campaigns": [{"month": "2026-12", "country": "Everyone", "category": "service", "volume": 5}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("or \"all\""), "{e}");
    }

    #[test]
    fn omitted_fields_take_their_defaults() {
        let s = parse_scenario(
            "d.json",
            r#"{"version": 1, "currency": "usd", "start_month": "2027-01"}"#,
        )
        .unwrap();
        assert_eq!(s.name, "Untitled plan");
        assert_eq!(s.months, 12);
        assert_eq!(s.business.phone_numbers, 1);
        assert_eq!(s.currency.to_string(), "USD");
        assert!(s.countries.is_empty() && s.campaigns.is_empty());
    }

    #[test]
    fn errors_name_file_line_column_and_field() {
        let e = parse_scenario(
            "p.json",
            "{\"version\": 1, \"currency\": \"USD\", \"start_month\": \"2026-12\",\n \"business\": {\"phone_numbers\": 0}}",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("business.phone_numbers"));
        assert_eq!(e.location.line, Some(2));
        assert!(e.to_string().starts_with("p.json:2:"), "{e}");
        let e = parse_scenario(
            "p.json",
            r#"{"version": 1, "currency": "USD", "start_month": "2026-12", "business": {"phone": 2}}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("unknown field `phone`"), "{e}");
        let e = parse_scenario(
            "p.json",
            r#"{"version": 3, "currency": "USD", "start_month": "2026-12"}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("unsupported scenario version 3"), "{e}");
        let e = parse_scenario("p.json", r#"{"currency": "USD", "start_month": "2026-12"}"#)
            .unwrap_err();
        assert!(e.message.contains("missing field `version`"), "{e}");
        let e = parse_scenario(
            "p.json",
            "{\"version\": 1, \"currency\": \"USD\", \"start_month\": \"2026-12\",\n\"countries\": [{\"country\": \"IN\"},\n {\"country\": \"IN\"}]}",
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("countries[1].country"));
        assert_eq!(e.location.line, Some(3));
        let e = parse_scenario("p.json", "{} trailing").unwrap_err();
        assert!(e.location.line.is_some(), "{e}");
    }

    #[test]
    fn saving_is_atomic_and_readable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let s = parse_scenario("example.json", EXAMPLE).unwrap();
        save_scenario(&path, &s).unwrap();
        assert_eq!(read_scenario(&path).unwrap(), s);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    const HEAD: &str = r#"{"version": 1, "currency": "USD", "start_month": "2026-12""#;

    fn bad(rest: &str) -> ScenarioFileError {
        parse_scenario("p.json", &format!("{HEAD}{rest}}}")).unwrap_err()
    }

    #[test]
    fn decimal_errors_say_the_field_and_the_problem_once_in_words() {
        // More than 28 significant digits: rust_decimal's "Scale exceeds the maximum
        // precision" and serde_json's private number key must not reach the user.
        let e = bad(r#", "provider": {"tax_pct": 1.000000000000000000000000000001}"#);
        let text = e.to_string();
        assert_eq!(e.field.as_deref(), Some("provider.tax_pct"), "{text}");
        assert!(
            text.contains("1.000000000000000000000000000001 has more than 10 decimal places"),
            "{text}"
        );
        for leak in ["serde", "Scale exceeds", "Decimal type", " at line "] {
            assert!(!text.contains(leak), "{leak:?} in {text}");
        }
        assert_eq!(
            text.matches(":1:").count(),
            1,
            "position given once: {text}"
        );
        let e = bad(r#", "provider": {"monthly_fee": "1e30"}"#);
        assert!(e.message.contains("1e30 is too large"), "{e}");
        assert!(!e.to_string().contains("Decimal"), "{e}");
        let e = bad(r#", "provider": {"monthly_fee": "12abc"}"#);
        assert_eq!(e.message, "\"12abc\" is not a number", "{e}");
        let e = bad(r#", "provider": {"monthly_fee": true}"#);
        assert!(e.message.contains("got true or false"), "{e}");
        // Exponents that name a plain amount still read.
        let s = parse_scenario(
            "p.json",
            &format!(r#"{HEAD}, "provider": {{"monthly_fee": 1.5e2}}}}"#),
        )
        .unwrap();
        assert_eq!(s.provider.monthly_fee, Decimal::from(150));
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let s = parse_scenario("bom.json", &format!("\u{feff}{EXAMPLE}")).unwrap();
        assert_eq!(s, parse_scenario("example.json", EXAMPLE).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.json");
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(EXAMPLE.as_bytes());
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(read_scenario(&path).unwrap(), s);
    }

    #[test]
    fn names_are_bounded_with_their_place() {
        let long = "N".repeat(201);
        let e = bad(&format!(",\n\"name\": \"{long}\""));
        assert_eq!(e.field.as_deref(), Some("name"));
        assert_eq!(e.location.line, Some(2), "{e}");
        assert!(e.location.column.is_some(), "{e}");
        assert!(e.message.contains("201 characters"), "{e}");
        assert!(e.message.contains("at most 200"), "{e}");
        let e = bad(&format!(
            r#", "campaigns": [{{"name": "{long}", "month": "2026-12", "country": "IN", "category": "marketing", "volume": 1}}]"#
        ));
        assert_eq!(e.field.as_deref(), Some("campaigns[0].name"), "{e}");
        let ok = "N".repeat(200);
        parse_scenario("p.json", &format!(r#"{HEAD}, "name": "{ok}"}}"#)).unwrap();
    }

    #[test]
    fn a_plan_cannot_run_past_the_year_9999() {
        let e = parse_scenario(
            "p.json",
            r#"{"version": 1, "currency": "USD", "start_month": "9999-12", "months": 2}"#,
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("start_month"), "{e}");
        assert!(e.message.contains("past 9999-12"), "{e}");
        parse_scenario(
            "p.json",
            r#"{"version": 1, "currency": "USD", "start_month": "9999-12", "months": 1}"#,
        )
        .unwrap();
    }

    #[test]
    fn the_reader_refuses_devices_and_files_over_its_cap() {
        let e = read_scenario(Path::new("/dev/zero")).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.json");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(super::super::MAX_INPUT_BYTES + 1).unwrap();
        let e = read_scenario(&path).unwrap_err();
        assert!(
            e.message.contains("the scenario is larger than 16 MB"),
            "{e}"
        );
        std::fs::write(&path, b"{\"name\": \"\xff\"}").unwrap();
        let e = read_scenario(&path).unwrap_err();
        assert!(e.message.contains("not UTF-8"), "{e}");
    }

    const VARIANTS: &str = r#"{
  "version": 2,
  "name": "Brazil 2027",
  "variants": [
    {
      "name": "Base",
      "currency": "USD",
      "start_month": "2027-01",
      "countries": [{"country": "BR", "marketing": 100000}]
    },
    {
      "name": "With Carnival",
      "currency": "USD",
      "start_month": "2027-01",
      "countries": [{"country": "BR", "marketing": "many"}]
    }
  ]
}
"#;

    #[test]
    fn a_file_of_variants_reads_and_writes_as_version_2() {
        let text = VARIANTS.replace("\"many\"", "120000");
        let set = parse_plan("v.json", &text).unwrap();
        assert_eq!(set.name, "Brazil 2027");
        assert_eq!(set.names(), ["Base", "With Carnival"]);
        assert_eq!(set.variants[1].countries[0].marketing, 120_000);
        let written = plan_to_json(&set);
        let v: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(v["version"], serde_json::json!(2));
        assert!(v["variants"][0].get("version").is_none(), "{written}");
        let keys: Vec<&String> = v["variants"][0].as_object().unwrap().keys().collect();
        assert_eq!(
            keys[0], "name",
            "a variant's fields keep the scenario's order"
        );
        assert_eq!(parse_plan("again.json", &written).unwrap(), set);
        // The first variant is what a version 1 reader of the file gets.
        assert_eq!(parse_scenario("v.json", &text).unwrap().name, "Base");
        // One variant left: written as a plain version 1 scenario.
        // A version 2 file of one variant is that plan: its title is the variant's name, as the
        // version 1 file it is written as says.
        let single = parse_plan(
            "one.json",
            r#"{"version": 2, "name": "Title", "variants": [{"name": "Only", "currency": "USD", "start_month": "2027-01"}]}"#,
        )
        .unwrap();
        assert_eq!(single.name, "Only");
        assert_eq!(
            parse_plan("w.json", &plan_to_json(&single)).unwrap(),
            single
        );
        let mut one = set.clone();
        one.remove(1);
        let v: serde_json::Value = serde_json::from_str(&plan_to_json(&one)).unwrap();
        assert_eq!(v["version"], serde_json::json!(1));
        assert_eq!(v["name"], serde_json::json!("Base"));
    }

    #[test]
    fn errors_in_a_variant_name_the_variant_its_field_and_line() {
        let e = parse_plan("v.json", VARIANTS).unwrap_err();
        assert_eq!(
            e.field.as_deref(),
            Some("variants[1].countries[0].marketing")
        );
        assert_eq!(e.location.line, Some(15), "{e}");
        let dup = VARIANTS
            .replace("\"many\"", "1")
            .replace("With Carnival", "base");
        let e = parse_plan("v.json", &dup).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("variants[1].name"), "{e}");
        assert_eq!(e.location.line, Some(12), "{e}");
        assert!(e.message.contains("also the name of variant 1"), "{e}");
        let e = parse_plan("v.json", r#"{"version": 2, "variants": []}"#).unwrap_err();
        assert!(e.message.contains("at least one variant"), "{e}");
        let e = parse_plan("v.json", r#"{"version": 2, "name": "x"}"#).unwrap_err();
        assert!(e.message.contains("missing field `variants`"), "{e}");
        let e = parse_plan(
            "v.json",
            r#"{"version": 2, "variants": [{"name": "A", "currency": "USD", "start_month": "2027-01", "colour": 1}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("variants[0].colour"), "{e}");
    }
}
