//! `wacost report` through the built binary: the PDF read back has the same totals as
//! `wacost estimate`, its pages render and are not blank, the CSV parsed back equals the
//! estimate JSON line by line, formulas are inert, the PNG is the chart at 2x, and a failed
//! report leaves what was there.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;
use tempfile::TempDir;
use wacost::io::display;

mod common;
use common::wacost;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/example-scenario.json")
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn estimate(scenario: &Path) -> Value {
    let out = wacost(["estimate", scenario.to_str().unwrap(), "--format", "json"]).ok();
    serde_json::from_str(&out).unwrap()
}

fn report(scenario: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "report",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let r = wacost(&args);
    assert!(r.stderr.contains("wrote the"), "{}", r.stderr);
    r.ok();
}

fn dec(v: &Value, key: &str) -> Decimal {
    d(v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}")))
}

fn pages(pdf: &Path) -> Vec<String> {
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .expect("the PDF reads back")
        .into_iter()
        .map(|p| plain_spaces(&p))
        .collect()
}

/// The no-break space between a currency's symbol and its amount read back as a space
/// (pdf-extract gives it followed by a space of its own).
fn plain_spaces(text: &str) -> String {
    text.replace("\u{a0} ", " ").replace('\u{a0}', " ")
}

/// A plan of 50 countries × 12 months with every category, so the tables run over pages.
fn big_scenario(dir: &Path) -> PathBuf {
    const CODES: [&str; 50] = [
        "AR", "BD", "BR", "CL", "CO", "EG", "FR", "DE", "HK", "HU", "IN", "ID", "IL", "IT", "KZ",
        "MY", "MX", "MA", "NL", "NG", "PK", "PE", "PL", "QA", "RO", "RU", "SA", "SG", "ZA", "ES",
        "TR", "AE", "GB", "US", "CA", "KE", "GH", "TH", "VN", "PH", "JP", "KR", "AU", "NZ", "SE",
        "NO", "DK", "FI", "CI", "CW",
    ];
    let countries: Vec<String> = CODES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"{{"country": "{c}", "marketing": {}, "utility": {}, "authentication": {}, "service": {}}}"#,
                10_000 + i * 1_000,
                5_000 + i * 300,
                2_000 + i * 50,
                1_500 + i * 20
            )
        })
        .collect();
    let text = format!(
        r#"{{"version": 1, "name": "Fifty markets", "currency": "USD", "start_month": "2027-01", "months": 12,
  "business": {{"phone_numbers": 2}},
  "assumptions": {{"fep_share_pct": "5", "csw_utility_share_pct": "0"}},
  "growth_pct": {{"marketing": "1.5"}},
  "countries": [{}],
  "campaigns": [{{"name": "Spring", "month": "2027-03", "country": "all", "category": "marketing", "volume": 20000}}],
  "provider": {{"per_message_fee": "0.001", "markup_pct": "10", "monthly_fee": "99", "tax_pct": "20"}},
  "budget_monthly": "60000"}}"#,
        countries.join(",\n")
    );
    let path = dir.join("fifty.json");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_pdf_read_back_has_the_estimates_totals() {
    let dir = TempDir::new().unwrap();
    let pdf = dir.path().join("plan.pdf");
    report(&example(), &pdf, &[]);
    let est = estimate(&example());
    let text = pages(&pdf).join("\n");
    let total = format!("US$ {}", display::amount(dec(&est, "total")));
    assert!(text.contains(&total), "no {total} in:\n{text}");
    for m in est["months"].as_array().unwrap() {
        let month = m["month"].as_str().unwrap();
        let amount = display::amount(dec(m, "total"));
        let row = text
            .lines()
            .find(|l| l.contains(month) && l.contains(&amount));
        assert!(row.is_some(), "no row with {month} and {amount}");
    }
    // Country totals: each country's lines summed from the JSON.
    let mut by_country: HashMap<String, Decimal> = HashMap::new();
    for l in est["months"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lines"].as_array().unwrap())
    {
        *by_country
            .entry(l["country_name"].as_str().unwrap().to_string())
            .or_default() += dec(l, "total");
    }
    for (name, sum) in by_country {
        let amount = display::amount(sum);
        assert!(
            text.lines()
                .any(|l| l.contains(&name) && l.contains(&amount)),
            "no {name} row with {amount}"
        );
    }
    assert!(
        text.contains("Page 1 of 2") && text.contains("Page 2 of 2"),
        "{text}"
    );
    assert!(
        text.contains("Meta's USD rates of 1 October 2026"),
        "{text}"
    );
    assert!(text.contains("Q1 India + Brazil"));
}

#[test]
fn a_long_report_breaks_tables_across_pages_with_their_headers() {
    let dir = TempDir::new().unwrap();
    let scenario = big_scenario(dir.path());
    let pdf = dir.path().join("fifty.pdf");
    report(&scenario, &pdf, &["--paper", "letter"]);
    let pages = pages(&pdf);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("Page {} of {n}", i + 1)),
            "page {}: {p}",
            i + 1
        );
        assert!(p.contains("Fifty markets"), "the header is on every page");
    }
    // Every country row is there, under the table's header.
    let all_pages = pages.join("\n");
    assert!(all_pages.contains("Country") && all_pages.contains("Meta cost"));
    assert!(all_pages.matches(") ").count() >= 50);
    // Names outside ASCII come through the embedded font.
    let all = pages.join("\n");
    assert!(
        all.contains("Côte d'Ivoire (CI)") && all.contains("Curaçao (CW)"),
        "{all}"
    );
    // Whole names: nothing in the tables is cut.
    assert!(!all.contains('…'), "{all}");
    let est = estimate(&scenario);
    assert!(all.contains(&format!("US$ {}", display::amount(dec(&est, "total")))));
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("MediaBox[0 0 612 792]"), "Letter paper");
}

/// `pdftoppm` (poppler) renders each page; every page has ink. Skipped, saying so, when
/// poppler is not installed (`.ci/run` installs it).
#[test]
fn pages_render_to_images_that_are_not_blank() {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        eprintln!("pdftoppm is not installed: page rendering not checked");
        return;
    }
    let dir = TempDir::new().unwrap();
    let scenario = big_scenario(dir.path());
    let pdf = dir.path().join("fifty.pdf");
    report(&scenario, &pdf, &[]);
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-png"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .collect();
    images.sort();
    assert!(images.len() >= 3);
    for img in images {
        let (w, h, ink) = ink_share(&img);
        assert!(w > 100 && h > 100);
        assert!(
            ink > 0.02,
            "{}: only {ink} of the page has ink",
            img.display()
        );
    }
}

/// Width, height and the share of pixels that are not white.
fn ink_share(png_path: &Path) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let total = pixels.len() / channels;
    let ink = pixels
        .chunks(channels)
        .filter(|p| p[..3].iter().any(|&v| v < 235))
        .count();
    (info.width, info.height, ink as f64 / total as f64)
}

fn csv_rows(text: &str, delimiter: u8) -> Vec<HashMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn the_csv_parsed_back_equals_the_estimate_json_line_by_line() {
    let dir = TempDir::new().unwrap();
    let scenario = big_scenario(dir.path());
    let out = dir.path().join("fifty.csv");
    report(&scenario, &out, &[]);
    let text = std::fs::read_to_string(&out).unwrap();
    let rows = csv_rows(&text, b',');
    let est = estimate(&scenario);
    let lines: Vec<&HashMap<String, String>> = rows.iter().filter(|r| r["row"] == "line").collect();
    let mut n = 0;
    for m in est["months"].as_array().unwrap() {
        let month = m["month"].as_str().unwrap();
        for l in m["lines"].as_array().unwrap() {
            n += 1;
            let country = l["country"].as_str().unwrap();
            let category = l["category"].as_str().unwrap();
            let r = lines
                .iter()
                .find(|r| {
                    r["month"] == month && r["country"] == country && r["category"] == category
                })
                .unwrap_or_else(|| panic!("no CSV row for {month} {country} {category}"));
            assert_eq!(r["market"], l["market"].as_str().unwrap());
            for key in ["volume", "free_volume", "billable_volume"] {
                assert_eq!(
                    r[key].parse::<u64>().unwrap(),
                    l[key].as_u64().unwrap(),
                    "{key}"
                );
            }
            assert_eq!(d(&r["rate"]), dec(l, "rate"));
            for key in ["meta_cost", "provider_cost", "tax", "total"] {
                assert_eq!(
                    d(&r[key]),
                    dec(l, key),
                    "{month} {country} {category} {key}"
                );
            }
        }
        // The month's line and fee rows add up to its total: no subtotal row is needed.
        for key in ["meta_cost", "provider_cost", "tax", "total"] {
            let sum: Decimal = rows
                .iter()
                .filter(|r| r["month"] == month)
                .map(|r| d(&r[key]))
                .sum();
            assert_eq!(sum, dec(m, key), "{month} {key}");
        }
    }
    assert_eq!(lines.len(), n);
    // Only rows that add up: lines and the provider's monthly fee, each with its currency.
    assert!(
        rows.iter()
            .all(|r| (r["row"] == "line" || r["row"] == "platform_fee") && r["currency"] == "USD")
    );
    let sum: Decimal = rows.iter().map(|r| d(&r["total"])).sum();
    assert_eq!(sum, dec(&est, "total"));

    // The semicolon variant holds the same records.
    let semi = dir.path().join("semi.csv");
    report(&scenario, &semi, &["--delimiter", "semicolon"]);
    let semi_text = std::fs::read_to_string(&semi).unwrap();
    assert!(semi_text.lines().next().unwrap().contains("plan;row;month"));
    assert_eq!(csv_rows(&semi_text, b';'), rows);
}

#[test]
fn a_scenario_named_like_a_formula_exports_as_inert_text() {
    let dir = TempDir::new().unwrap();
    let text = std::fs::read_to_string(example())
        .unwrap()
        .replace("\"Q1 India + Brazil\"", r#""=HYPERLINK(\"x\")""#);
    let scenario = dir.path().join("formula.json");
    std::fs::write(&scenario, text).unwrap();
    let out = dir.path().join("formula.csv");
    report(&scenario, &out, &[]);
    let csv_text = std::fs::read_to_string(&out).unwrap();
    let rows = csv_rows(&csv_text, b',');
    assert!(
        rows.iter().all(|r| r["plan"] == "'=HYPERLINK(\"x\")"),
        "{csv_text}"
    );
    // No raw cell of the file starts with '=' (quoted or not).
    for line in csv_text.lines() {
        for cell in line.split(',') {
            assert!(!cell.trim_start_matches('"').starts_with('='), "{line}");
        }
    }
    let pdf = dir.path().join("formula.pdf");
    report(&scenario, &pdf, &[]);
    assert!(pages(&pdf).join("\n").contains("=HYPERLINK(\"x\")"));
}

#[test]
fn the_png_is_the_chart_at_twice_the_size_with_every_series_colour() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("chart.png");
    report(&example(), &out, &[]);
    let (w, h, ink) = ink_share(&out);
    assert_eq!((w, h), (1800, 1000));
    assert!(ink > 0.05, "{ink}");
    // Marketing green and provider grey are both painted (their legend swatches at least).
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    let has = |rgb: [u8; 3]| buf.chunks(4).filter(|p| p[..3] == rgb).count() > 500;
    assert!(has([0x00, 0x9e, 0x73]), "marketing");
    assert!(has([0x6b, 0x72, 0x80]), "provider");
}

#[test]
fn a_failed_report_leaves_the_old_file_and_says_why() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("plan.pdf");
    std::fs::write(&out, b"the previous report").unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"version\": 1, \"currency\": \"USD\"").unwrap();
    let err = wacost([
        "report",
        broken.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .bad();
    assert!(err.contains("broken.json:1:"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous report");

    let err = wacost(["report", example().to_str().unwrap(), "-o", "plan.docx"]).bad();
    assert!(err.contains("must end in .pdf, .csv or .png"), "{err}");

    let missing = dir.path().join("no/such/folder/plan.pdf");
    let r = wacost([
        "report",
        example().to_str().unwrap(),
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("no/such/folder/plan.pdf"), "{}", r.stderr);
    assert!(!missing.exists());
    // Nothing half-written is left beside the target.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn actuals_are_set_beside_the_plan_in_the_pdf_and_the_csv() {
    let dir = TempDir::new().unwrap();
    let actuals = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals/generic.csv");
    let csv_out = dir.path().join("plan.csv");
    let r = wacost([
        "report",
        example().to_str().unwrap(),
        "-o",
        csv_out.to_str().unwrap(),
        "--actuals",
        actuals.to_str().unwrap(),
    ]);
    assert!(
        r.stderr.contains("5 rows used, 1 skipped") && r.stderr.contains("line 6:"),
        "{}",
        r.stderr
    );
    r.ok();
    let rows = csv_rows(&std::fs::read_to_string(&csv_out).unwrap(), b',');
    let actual = |month: &str| {
        rows.iter()
            .find(|r| r["row"] == "actual" && r["month"] == month)
            .unwrap()
    };
    // 2026-12: 98,000 + 41,000 messages; 1,156.40 + 2,562.50 reported.
    assert_eq!(actual("2026-12")["actual_volume"], "139000");
    assert_eq!(d(&actual("2026-12")["actual_reported_cost"]), d("3718.90"));
    // 2027-01: 52,000 + 900 (one row without a cost); the "bad" count is skipped.
    assert_eq!(actual("2027-01")["actual_volume"], "52900");
    assert_eq!(d(&actual("2027-01")["actual_reported_cost"]), d("72.80"));
    // A planned month without actuals, and actuals outside the plan.
    assert_eq!(actual("2027-02")["actual_volume"], "0");
    assert_eq!(actual("2027-02")["actual_reported_cost"], "");
    assert_eq!(actual("2027-12")["actual_volume"], "1000");
    // The file does not state its currency; the actual rows leave the plan's columns empty, so
    // the plan's sums are not disturbed.
    assert_eq!(actual("2026-12")["currency"], "unknown");
    for r in rows.iter().filter(|r| r["row"] == "actual") {
        for key in ["volume", "meta_cost", "total"] {
            assert_eq!(r[key], "", "{key}");
        }
    }
    let est = estimate(&example());
    let sum: Decimal = rows
        .iter()
        .filter(|r| !r["total"].is_empty())
        .map(|r| d(&r["total"]))
        .sum();
    assert_eq!(sum, dec(&est, "total"));

    let pdf = dir.path().join("plan.pdf");
    wacost([
        "report",
        example().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--actuals",
        actuals.to_str().unwrap(),
    ])
    .ok();
    let text = pages(&pdf).join("\n");
    assert!(text.contains("Plan against actuals"), "{text}");
    // (`est` is the estimate of the same plan, above.)
    let planned = dec(&est["months"][0], "meta_cost");
    let diff = display::amount(d("3718.90") - planned);
    let row = text
        .lines()
        .find(|l| l.starts_with("2026-12") && l.contains("139,000"));
    // Recomputed with the October 2026 card: India marketing 98,000 × 0.0118 = 1,156.40 and
    // Brazil 41,000 × 0.0625 = 2,562.50, the 3,718.90 the file reports: it appears twice.
    assert!(text.contains("Recomputed"), "{text}");
    assert!(
        row.is_some_and(|l| l.matches("3,718.90").count() == 2 && l.contains(&diff)),
        "{text}"
    );
    // Totals over the two months the plan and the actuals share (2026-12 and 2027-01; 2027-12
    // is after the plan): 139,000 + 52,900 = 191,900 actual messages. The file does not state
    // its currency, so its costs are shown but the note says they are not compared.
    let total = text
        .lines()
        .find(|l| l.starts_with("Total, 2 months in both"));
    assert!(total.is_some_and(|l| l.contains("191,900")), "{text}");
    assert!(text.contains("without saying their currency"), "{text}");

    let err = wacost([
        "report",
        example().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--actuals",
        example().to_str().unwrap(),
    ])
    .bad();
    assert!(err.contains("no known usage layout"), "{err}");
}

/// Engine and command-line words a manager reading the PDF should never meet.
const ENGINE_WORDS: [&str; 10] = [
    "pmp-",
    "cbp-",
    "FEP",
    "CSW",
    "upper bound",
    "tier data",
    "(quoted)",
    "Rules ",
    "WABA",
    "--",
];

#[test]
fn the_pdf_speaks_plainly_names_the_months_over_budget_and_each_campaigns_cost() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("walk.json");
    std::fs::write(
        &plan,
        r#"{"version": 1, "name": "Q1 2027 Brazil Mexico Indonesia", "currency": "USD",
  "start_month": "2027-01", "months": 3, "business": {"phone_numbers": 2},
  "countries": [
    {"country": "BR", "marketing": 200000, "utility": 50000},
    {"country": "MX", "marketing": 80000},
    {"country": "ID", "authentication": 120000}],
  "campaigns": [{"name": "Carnival", "month": "2027-02", "country": "BR", "category": "marketing", "volume": 300000},
                {"name": "Black Friday", "month": "2026-11", "country": "BR", "category": "marketing", "volume": 1000}],
  "budget_monthly": "20000"}"#,
    )
    .unwrap();
    let pdf = dir.path().join("walk.pdf");
    report(&plan, &pdf, &[]);
    let text = pages(&pdf).join("\n");
    // February: 19,016 + 300,000 × 0.0625 = 37,766, over the 20,000 budget by 17,766.
    assert!(
        text.contains("Over the monthly budget of US$ 20,000.00: 2027-02 by US$ 17,766.00."),
        "{text}"
    );
    // Carnival's own cost, 300,000 × 0.0625 = 18,750, on its row of the campaigns table.
    let row = text.lines().find(|l| l.starts_with("Carnival"));
    assert!(row.is_some_and(|l| l.contains("18,750.00")), "{text}");
    let bf = text
        .lines()
        .find(|l| l.starts_with("Black Friday") && l.contains("2026-11"));
    assert!(bf.is_some_and(|l| l.contains("not counted")), "{text}");
    // The totals row of By country and By month: 19,016 × 3 + 18,750 = 75,798.
    assert!(
        text.lines()
            .filter(|l| l.starts_with("Total") && l.contains("75,798.00"))
            .count()
            >= 2,
        "{text}"
    );
    // The appendix comes last, after the warnings.
    let appendix = text
        .find("Where the rates come from")
        .expect("the appendix");
    let warnings = text.find("Warnings").expect("warnings");
    assert!(warnings < appendix);
    let body = &text[..appendix];
    for word in ENGINE_WORDS {
        assert!(!text.contains(word), "{word:?} in:\n{text}");
    }
    // The body has no provenance words either (the appendix quotes the card's source).
    for word in ["quoted", "Source:", "status:"] {
        assert!(!body.contains(word), "{word:?} in:\n{body}");
    }
    // Warnings in plain words. Brazil's volume discounts are Meta's April 2026 ladder carried
    // forward, so none is said to be unknown.
    assert!(
        !body.contains("Volume discount unknown for Brazil"),
        "{body}"
    );
    assert!(body.contains("Meta has not published rates for 2027-01 to 2027-03 yet"));
    assert!(
        body.contains("outside the plan's months (2027-01 to 2027-03)"),
        "{body}"
    );
    // Assumptions as sentences.
    assert!(
        body.contains("Per-message pricing (from October 2026)"),
        "{body}"
    );
    assert!(body.contains("click-to-WhatsApp ad"), "{body}");
}
