//! What the window costs per frame: UI logic and tessellation (no GPU) of the real app on a plan
//! of 50 countries × 36 months, and the recompute after one edit.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};
use rust_decimal::Decimal;
use std::hint::black_box;
use wacost::domain::category::Category;
use wacost::domain::scenario::{Campaign, CountryPlan};
use wacost::domain::{Country, Scenario};
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::settings::RatesMode;
use wacost::gui::{AppOptions, StartWith, Tab, WacostApp};
use wacost::io::rates::{LoadedRates, embedded_book};

fn plan() -> Scenario {
    let mut s = Scenario::new("USD".parse().unwrap(), "2026-12".parse().unwrap());
    s.name = "Fifty countries".into();
    s.months = 36;
    s.growth_pct.marketing = Decimal::new(2, 0);
    s.growth_pct.service = Decimal::new(1, 0);
    s.assumptions.fep_share_pct = Decimal::new(5, 0);
    s.provider.per_message_fee = Decimal::new(5, 3);
    s.provider.tax_pct = Decimal::new(18, 0);
    s.budget_monthly = Some(Decimal::new(150_000, 0));
    let countries: Vec<Country> = Country::all()
        .filter(|c| !["IQ", "KW", "NP", "OM", "LK", "UA"].contains(&c.code()))
        .step_by(4)
        .take(50)
        .collect();
    for (i, c) in countries.iter().enumerate() {
        let k = i as u64 + 1;
        let mut p = CountryPlan::new(*c);
        p.set_volume(Category::Marketing, 20_000 * k);
        p.set_volume(Category::Utility, 40_000 * k);
        p.set_volume(Category::Authentication, 5_000 * k);
        p.set_volume(Category::Service, 2_000 * k);
        s.countries.push(p);
        if i % 10 == 0 {
            s.campaigns.push(Campaign {
                name: format!("Campaign {i}"),
                month: s.start_month.plus(i as i64 % 36),
                country: (*c).into(),
                category: Category::Marketing,
                volume: 300_000,
            });
        }
    }
    s
}

fn app() -> WacostApp {
    // Opened from a file, as a user opens a plan: a saved document with no undo history.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fifty-markets.json");
    wacost::io::scenario_file::save_scenario(&file, &plan()).unwrap();
    let mut app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start: StartWith::File(file),
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    });
    app.recompute();
    assert!(app.projection_error().is_none());
    app
}

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
        ..Default::default()
    }
}

/// `WACOST_FRAME_BENCH_CHILD=TAB:N` (TAB one of projection, country, table, rates, actuals) runs
/// N frames of that tab and exits: for counting instructions with callgrind, which a busy
/// machine does not move (N=0 and N=20: the difference over 20 is one frame).
fn child(spec: &str) {
    let (tab, n) = spec.split_once(':').expect("TAB:N");
    let n: usize = n.parse().expect("a number of frames");
    let ctx = egui::Context::default();
    let mut app = app();
    let tab = match tab {
        "projection" => Tab::Projection,
        "country" => Tab::ByCountry,
        "table" => Tab::Table,
        "rates" => Tab::Rates,
        _ => {
            load_actuals(&ctx, &mut app);
            Tab::Actuals
        }
    };
    app.settings_mut().tab = tab;
    app.settings_mut().rates_mode = RatesMode::Compare;
    for _ in 0..3 + n {
        let out = ctx.run_ui(input(), |ui| app.frame(ui));
        black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    }
    std::process::exit(0);
}

/// Imports a year of usage for the plan's 50 countries into the app.
fn load_actuals(ctx: &egui::Context, app: &mut WacostApp) {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("frame-actuals.csv");
    let mut text = String::from("month,country,category,pricing_type,count,cost\n");
    for m in 1..=12 {
        for c in &plan().countries {
            for (cat, pt) in [
                ("marketing", "REGULAR"),
                ("utility", "FREE_CUSTOMER_SERVICE"),
            ] {
                text += &format!("2027-{m:02},{},{cat},{pt},1000,1.5\n", c.country.code());
            }
        }
    }
    std::fs::write(&path, text).unwrap();
    app.run(Command::ImportUsageFile {
        path,
        options: Default::default(),
        save_preset: false,
    });
    while app.actuals().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let out = ctx.run_ui(input(), |ui| app.frame(ui));
        ctx.tessellate(out.shapes, out.pixels_per_point);
    }
}

fn frames(c: &mut Criterion) {
    if let Ok(spec) = std::env::var("WACOST_FRAME_BENCH_CHILD") {
        child(&spec);
    }
    for (tab, name) in [
        (
            Tab::Projection,
            "frame: projection tab, 50 countries x 36 months",
        ),
        (
            Tab::ByCountry,
            "frame: by-country tab, 50 countries x 36 months",
        ),
        (Tab::Table, "frame: table tab, 50 countries x 36 months"),
        (
            Tab::Rates,
            "frame: rates tab, two cards compared, 50 countries x 36 months",
        ),
    ] {
        let ctx = egui::Context::default();
        let mut app = app();
        app.settings_mut().tab = tab;
        app.settings_mut().rates_mode = RatesMode::Compare;
        for _ in 0..3 {
            let out = ctx.run_ui(input(), |ui| app.frame(ui));
            ctx.tessellate(out.shapes, out.pixels_per_point);
        }
        c.bench_function(name, |b| {
            b.iter(|| {
                let out = ctx.run_ui(input(), |ui| app.frame(ui));
                black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
            })
        });
    }

    // The Actuals tab with a year of imported usage for the plan's 50 countries.
    {
        let ctx = egui::Context::default();
        let mut app = app();
        load_actuals(&ctx, &mut app);
        app.run(Command::SetTab(Tab::Actuals));
        for _ in 0..3 {
            let out = ctx.run_ui(input(), |ui| app.frame(ui));
            ctx.tessellate(out.shapes, out.pixels_per_point);
        }
        c.bench_function(
            "frame: actuals tab, 50 countries x 12 months of actuals beside the plan",
            |b| {
                b.iter(|| {
                    let out = ctx.run_ui(input(), |ui| app.frame(ui));
                    black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
                })
            },
        );
    }

    let mut app = app();
    let mut up = true;
    c.bench_function("recompute after one edit, 50 countries x 36 months", |b| {
        b.iter(|| {
            let v = &mut app.scenario_mut().countries[7].marketing;
            *v = if up { *v + 1 } else { *v - 1 };
            up = !up;
            app.recompute();
            black_box(app.projection().map(|p| p.total))
        })
    });
}

criterion_group!(benches, frames);
criterion_main!(benches);
