//! The Actuals tab: import a usage export (with progress and Cancel), answer what the file
//! leaves open (date order, category, country, or its columns), then plan against actuals per
//! month (bars actual, line plan), the variance table, the reconciliation with Meta's rates and
//! "Use as plan".

use std::collections::BTreeMap;
use std::path::PathBuf;

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::actuals::{PlanChange, plan_from_month};
use crate::domain::calendar::Month;
use crate::domain::category::ChargedCategory;
use crate::domain::variance::{Variance, VarianceMonth};
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::Money;
use crate::gui::widgets::card::{Card, card_rows};
use crate::gui::widgets::plot::month_axis;
use crate::io::display;
use crate::io::usage::layout::{KNOWN_LAYOUTS, Preset, Role, Shape, load_presets};
use crate::io::usage::values::DateOrder;
use crate::io::usage::{CountryChoice, ImportError, ImportOptions, Question};

/// A failed import the user can still complete.
#[derive(Debug, Clone)]
pub struct Pending {
    pub path: PathBuf,
    pub options: ImportOptions,
    pub error: ImportError,
    /// The column mapping being made, when no layout recognised the file.
    pub mapping: Option<MappingEditor>,
}

#[derive(Debug, Clone)]
pub struct MappingEditor {
    pub headers: Vec<String>,
    pub shape: Shape,
    pub columns: BTreeMap<Role, usize>,
    /// The saved presets, read from disk once when the editor opens (not every frame).
    pub presets: BTreeMap<String, Preset>,
}

#[derive(Debug, Clone, Default)]
pub struct ActualsPanel {
    pub pending: Option<Pending>,
    /// The month "Use as plan" takes.
    pub use_month: Option<Month>,
    pub preset_name: String,
    pub save_preset: bool,
    pub country_text: String,
    /// The currency the user names for a file that reports costs without one.
    pub currency_text: String,
    /// "Use as plan" waiting for the user's yes: the month and what it would change.
    pub use_preview: Option<(Month, PlanChange)>,
    /// The month the reconciliation shows (`None`: the newest), or every month.
    pub recon_month: Option<ReconMonths>,
    /// The reconciliation also lists the markets whose figures agree.
    pub recon_show_agreeing: bool,
}

/// Which months the reconciliation lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReconMonths {
    One(Month),
    All,
}

impl ActualsPanel {
    pub fn failed(&mut self, path: PathBuf, options: ImportOptions, error: ImportError) {
        let mapping = match &error {
            ImportError::NoLayout { headers, .. } if !headers.is_empty() => Some(MappingEditor {
                headers: headers.clone(),
                shape: Shape::Log,
                columns: BTreeMap::new(),
                presets: load_presets().unwrap_or_default(),
            }),
            _ => None,
        };
        self.pending = Some(Pending {
            path,
            options,
            error,
            mapping,
        });
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

impl ActualsPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(self, cx, ui);
    }
}

fn show(view: &mut ActualsPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    egui::ScrollArea::vertical()
        .id_salt("actuals scroll")
        .show(ui, |ui| {
            header(cx, ui);
            progress(cx, ui);
            pending(view, cx, ui);
            if cx.actuals.is_some() {
                loaded(view, cx, ui);
            } else if cx.jobs.usage.is_none() && view.pending.is_none() {
                ui.add_space(30.0);
                ui.vertical_centered(|ui| {
                    ui.label(RichText::new("No actuals yet").size(18.0));
                    ui.label(
                        "Import what you really sent: Meta's pricing or conversation analytics \
                         (JSON or CSV), a provider's message log or daily usage, or any table \
                         with a date, a country, a category and a count. You can also drop the \
                         file on the window.",
                    );
                });
            }
        });
}

fn header(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(
                cx.jobs.usage.is_none(),
                egui::Button::new("Import usage export…"),
            )
            .clicked()
        {
            cx.run(Command::ImportUsage);
        }
        if let Some(a) = cx.actuals {
            let u = &a.import;
            let mut text = format!(
                "{}: {} ({}), {} rows used, {} skipped",
                a.path.display(),
                u.layout.describe(),
                u.format,
                display::count(u.rows_used),
                display::count(u.rows_skipped)
            );
            if !u.not_counted.is_empty() {
                let parts: Vec<String> = u
                    .not_counted
                    .iter()
                    .map(|(s, n)| format!("{} {s}", display::count(*n)))
                    .collect();
                text += &format!(", not counted: {}", parts.join(", "));
            }
            ui.label(text);
        }
    });
    // What the reader decided for the user (negative prices read as charges, messages not
    // priced yet, a country the file lacks), in its own words.
    if let Some(a) = cx.actuals {
        for note in &a.import.notes {
            ui.label(RichText::new(note).weak());
        }
    }
}

fn progress(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(job) = &cx.jobs.usage else { return };
    let (bytes, rows) = (job.bytes, job.rows);
    let secs = f64::from(job.seconds).max(0.001);
    let fraction = if job.total_bytes > 0 {
        (bytes as f64 / job.total_bytes as f64).min(1.0) as f32
    } else {
        0.0
    };
    let mut cancel = false;
    ui.horizontal(|ui| {
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(420.0)
                .text(format!(
                    "{:.1} of {:.1} MB · {} rows · {} rows/s",
                    bytes as f64 / 1e6,
                    job.total_bytes as f64 / 1e6,
                    display::count(rows),
                    display::count((rows as f64 / secs) as u64)
                )),
        );
        cancel = ui.button("Cancel").clicked();
    });
    if cancel {
        cx.run(Command::CancelUsageImport);
    }
}

fn pending(view: &mut ActualsPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(p) = view.pending.clone() else {
        return;
    };
    let mut retry: Option<(ImportOptions, bool)> = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        match &p.error {
            ImportError::NoLayout { file, headers } => {
                ui.label(
                    RichText::new(format!(
                        "{file}: no known usage layout. Its headers: {}.",
                        headers.join(", ")
                    ))
                    .color(theme::ERROR.on(ui)),
                );
                ui.label(RichText::new(format!("wacost reads: {KNOWN_LAYOUTS}.")).weak());
            }
            ImportError::Needs { file, question } => {
                ui.label(RichText::new(file).strong());
                ui.label(question.ask());
            }
            other => {
                ui.label(RichText::new(other.to_string()).color(theme::ERROR.on(ui)));
            }
        }
        match &p.error {
            ImportError::Needs { question, .. } => match question {
                Question::DateOrder { .. } => {
                    ui.horizontal(|ui| {
                        for (order, label) in [
                            (DateOrder::DayFirst, "Day first (25/12/2026)"),
                            (DateOrder::MonthFirst, "Month first (12/25/2026)"),
                        ] {
                            if ui.button(label).clicked() {
                                let mut o = p.options.clone();
                                o.date_order = Some(order);
                                retry = Some((o, false));
                            }
                        }
                    });
                }
                Question::Category | Question::InitiatedCategory => {
                    let initiated = matches!(question, Question::InitiatedCategory);
                    ui.horizontal(|ui| {
                        ui.label(if initiated {
                            "Every conversation the business opened is"
                        } else {
                            "Every message of this file is"
                        });
                        let choices: &[ChargedCategory] = if initiated {
                            &[
                                ChargedCategory::Marketing,
                                ChargedCategory::Utility,
                                ChargedCategory::Authentication,
                            ]
                        } else {
                            &[
                                ChargedCategory::Marketing,
                                ChargedCategory::Utility,
                                ChargedCategory::Authentication,
                                ChargedCategory::Service,
                            ]
                        };
                        for &c in choices {
                            if ui.button(c.label()).clicked() {
                                let mut o = p.options.clone();
                                o.category = Some(c);
                                retry = Some((o, false));
                            }
                        }
                    });
                }
                Question::Country => {
                    ui.horizontal(|ui| {
                        ui.label("Country");
                        ui.add(
                            egui::TextEdit::singleline(&mut view.country_text)
                                .hint_text("name, code or +calling code")
                                .desired_width(200.0),
                        )
                        .accessible_name("Country of the file")
                        .on_hover_text("The country the app sends to, such as Brazil or BR");
                        if ui.button("I don't know").clicked() {
                            let mut o = p.options.clone();
                            o.country = Some(CountryChoice::Unknown);
                            retry = Some((o, false));
                        }
                    });
                    // The same search as the plan's country box: a click reads the file again.
                    let query = view.country_text.trim();
                    if !query.is_empty() {
                        ui.horizontal_wrapped(|ui| {
                            let hits = crate::domain::country::Country::search(query);
                            if hits.is_empty() {
                                ui.label("No country matches.");
                            }
                            for c in hits.into_iter().take(6) {
                                if ui.button(format!("{} ({})", c.name(), c.code())).clicked() {
                                    let mut o = p.options.clone();
                                    o.country = Some(CountryChoice::Country(c));
                                    retry = Some((o, false));
                                }
                            }
                        });
                    }
                }
            },
            ImportError::NoLayout { .. } => {
                if let Some(m) = &p.mapping {
                    retry = mapping_editor(view, ui, &p, m.clone());
                }
            }
            _ => {}
        }
    });
    if let Some((options, save)) = retry {
        cx.run(Command::ImportUsageFile {
            path: p.path.clone(),
            options,
            save_preset: save,
        });
    }
}

/// The columns of a file no layout knows, mapped by hand; returns the options to read it with.
fn mapping_editor(
    view: &mut ActualsPanel,
    ui: &mut Ui,
    p: &Pending,
    mut m: MappingEditor,
) -> Option<(ImportOptions, bool)> {
    let mut retry = None;
    if !m.presets.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Read with a saved preset:");
            for (name, preset) in &m.presets {
                if ui.button(name).clicked() {
                    let mut o = p.options.clone();
                    o.preset = Some(preset.clone());
                    retry = Some((o, false));
                }
            }
        });
    }
    ui.label("Or say which column holds what:");
    ui.horizontal(|ui| {
        ui.label("One row per");
        ui.radio_value(&mut m.shape, Shape::Log, "message");
        ui.radio_value(&mut m.shape, Shape::Aggregated, "count of messages");
        ui.radio_value(&mut m.shape, Shape::Daily, "day, a column per category");
    });
    egui::Grid::new("mapping").num_columns(2).show(ui, |ui| {
        for &role in m.shape.roles() {
            ui.label(role.name());
            let selected = m
                .columns
                .get(&role)
                .and_then(|&i| m.headers.get(i))
                .cloned()
                .unwrap_or_else(|| "(none)".into());
            let r = egui::ComboBox::from_id_salt(("map", role.name()))
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(false, "(none)").clicked() {
                        m.columns.remove(&role);
                    }
                    for (i, h) in m.headers.iter().enumerate() {
                        if ui
                            .selectable_label(m.columns.get(&role) == Some(&i), h)
                            .clicked()
                        {
                            m.columns.insert(role, i);
                        }
                    }
                });
            r.response
                .accessible_name(format!("Column for {}", role.name()));
            ui.end_row();
        }
    });
    ui.horizontal(|ui| {
        ui.checkbox(&mut view.save_preset, "Save as preset");
        ui.add(
            egui::TextEdit::singleline(&mut view.preset_name)
                .hint_text("preset name")
                .desired_width(160.0),
        );
    });
    let preset = Preset {
        name: if view.preset_name.trim().is_empty() {
            "unsaved mapping".into()
        } else {
            view.preset_name.trim().to_string()
        },
        shape: m.shape,
        columns: m
            .columns
            .iter()
            .filter(|(r, _)| m.shape.roles().contains(r))
            .map(|(&r, &i)| (r, m.headers[i].clone()))
            .collect(),
        date_order: None,
        category: None,
        country: None,
    };
    let problems = preset.problems();
    for problem in &problems {
        ui.label(RichText::new(problem).weak());
    }
    if ui
        .add_enabled(
            problems.is_empty(),
            egui::Button::new("Read with this mapping"),
        )
        .clicked()
    {
        let save = view.save_preset && !view.preset_name.trim().is_empty();
        let mut o = p.options.clone();
        o.preset = Some(preset);
        retry = Some((o, save));
    }
    if let Some(pending) = &mut view.pending {
        pending.mapping = Some(m);
    }
    retry
}

fn loaded(view: &mut ActualsPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(a) = cx.actuals else { return };
    let currency = a.reconciliation.currency.to_string();
    let comma = cx.settings.decimal_comma;
    let money = Money::new(a.reconciliation.currency).decimal_comma(comma);
    // Costs in the file's own currency, when it is not the plan's.
    let file_money = a
        .import
        .currency
        .map(|c| Money::new(c).decimal_comma(comma));
    let show = |d: Option<Decimal>| d.map_or("—".to_string(), |d| money.amount(d));
    let empty = crate::domain::Projection::empty(a.reconciliation.currency);
    let p = cx.projection.unwrap_or(&empty);
    // The one plan-against-actuals value the PDF and `wacost import --plan` render too.
    let v = Variance::new(p, &a.import.actuals, &a.reconciliation);
    // Reported costs in another or an unknown currency are shown, never set against Meta's.
    let note = v.note.clone();
    let comparable = v.comparable;
    let with_actuals: Vec<&VarianceMonth> = v.months.iter().filter(|m| m.has_actuals).collect();
    // Sums over the months with actuals; `None` when a month lacks the figure or it overflows.
    let sum = |get: &dyn Fn(&VarianceMonth) -> Option<Decimal>| -> Option<Decimal> {
        with_actuals
            .iter()
            .try_fold(Decimal::ZERO, |total, m| total.checked_add(get(m)?))
    };
    let raw_reported = with_actuals
        .iter()
        .any(|m| m.reported_cost.is_some())
        .then(|| {
            with_actuals
                .iter()
                .filter_map(|m| m.reported_cost)
                .try_fold(Decimal::ZERO, |total, c| total.checked_add(c))
        })
        .flatten();
    let reported = |m: &VarianceMonth| m.reported_cost.filter(|_| comparable);
    let total_recomputed = sum(&|m| m.recomputed_cost);
    let total_reported = sum(&|m| reported(m));
    let total_volume: u64 = with_actuals
        .iter()
        .fold(0u64, |total, m| total.saturating_add(m.actual_volume));
    let plan_same_months = sum(&|m| m.planned_meta_cost);

    let mut named_currency = None;
    if let Some(note) = &note {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(note).color(theme::WARNING.on(ui)));
            if a.import.currency.is_none() {
                let plan = a.reconciliation.currency;
                if ui
                    .button(format!("Costs are in {plan}"))
                    .on_hover_text("Compare the file's costs with Meta's rates in this currency")
                    .clicked()
                {
                    named_currency = Some(plan);
                }
                ui.label("or in");
                ui.add(
                    egui::TextEdit::singleline(&mut view.currency_text)
                        .desired_width(48.0)
                        .hint_text("BRL"),
                )
                .on_hover_text("The three-letter code of the currency the file's costs are in");
                let choice = view
                    .currency_text
                    .parse::<crate::domain::ratebook::Currency>()
                    .ok();
                if ui
                    .add_enabled(choice.is_some(), egui::Button::new("Set currency"))
                    .clicked()
                {
                    named_currency = choice;
                }
            }
        });
    }
    let reported_text = match (comparable, raw_reported) {
        (true, _) => show(total_reported),
        (false, None) => "—".to_string(),
        (false, Some(d)) => match file_money {
            Some(m) => m.amount(d),
            None => format!("{} (currency unknown)", money.number(d)),
        },
    };
    // Even rows that fit the tab's width (three and two at 1024 px), never cut off.
    card_rows(
        ui,
        &[
            Card::new("Actual messages", money.count(total_volume)),
            Card::new("Recomputed with Meta's rates", show(total_recomputed)),
            Card::new("Reported by the file", reported_text),
            Card::new(
                "Reported − recomputed",
                show(
                    total_reported
                        .zip(total_recomputed)
                        .and_then(|(a, b)| a.checked_sub(b)),
                ),
            ),
            Card::new("Plan, same months (Meta)", show(plan_same_months)),
        ],
    );

    // Bars actual, line plan.
    let (bar_colour, plan_colour) = (
        theme::category(ChargedCategory::Marketing).on(ui),
        // Not the budget's red: a plan line is not a warning.
        theme::CUMULATIVE.on(ui),
    );
    let rows = &v.months;
    let labels: Vec<String> = rows.iter().map(|r| r.month.to_string()).collect();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let v = r.actual_cost?;
            Some(
                Bar::new(i as f64, f(v))
                    .width(0.6)
                    .fill(bar_colour)
                    .stroke(egui::Stroke::NONE)
                    .name(format!("{}: {}", labels[i], money.amount(v))),
            )
        })
        .collect();
    let plan: Vec<[f64; 2]> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some([i as f64, f(r.planned_meta_cost?)]))
        .collect();
    let x_labels = labels.clone();
    Plot::new("plan against actuals")
        .legend(Legend::default())
        .height(260.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        .y_axis_label(format!("Meta cost per month ({currency})"))
        .x_axis_formatter(month_axis(x_labels))
        .y_axis_formatter(crate::gui::widgets::plot::money_axis(money))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("Actual cost", bars)
                    .color(bar_colour)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
            plot.line(Line::new("Plan (Meta cost)", PlotPoints::from(plan)).color(plan_colour));
        });

    ui.add_space(6.0);
    ui.heading("Plan against actuals");
    // Wide tables scroll sideways inside the tab: they never widen it (and with it the cards).
    egui::ScrollArea::horizontal()
        .id_salt("variance scroll")
        .show(ui, |ui| {
            egui::Grid::new("variance")
                .striped(true)
                .num_columns(8)
                .show(ui, |ui| {
                    for h in [
                        "Month",
                        "Plan messages",
                        "Actual messages",
                        "Plan Meta cost",
                        "Recomputed",
                        "Reported",
                        "Actual − plan",
                        "Variance",
                    ] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for r in rows {
                        ui.label(r.month.to_string());
                        ui.label(r.planned_volume.map_or("—".into(), |n| money.count(n)));
                        ui.label(money.count(r.actual_volume));
                        ui.label(show(r.planned_meta_cost));
                        ui.label(show(r.recomputed_cost));
                        ui.label(show(reported(r)));
                        ui.label(if r.too_large {
                            "too large".to_string()
                        } else {
                            show(r.actual_minus_plan)
                        });
                        let pct = r.percent_of_plan().map(|p| display::signed_percent(p, 1));
                        ui.label(pct.unwrap_or_else(|| "—".into()));
                        ui.end_row();
                    }
                    ui.label(RichText::new("Total (months with actuals)").strong());
                    ui.label("");
                    ui.label(money.count(total_volume));
                    ui.label(show(plan_same_months));
                    ui.label(show(total_recomputed));
                    ui.label(show(total_reported));
                    ui.end_row();
                });
        });

    ui.add_space(6.0);
    ui.heading("Reconciliation with Meta's rates");
    // One month at a time and, unless asked, only the markets that differ: what a marketer
    // reads, and a table of 50 markets × 12 months is not laid out every frame.
    let recon_months: Vec<Month> = a.reconciliation.months.iter().map(|m| m.month).collect();
    let chosen = view
        .recon_month
        .filter(|c| match c {
            ReconMonths::One(m) => recon_months.contains(m),
            ReconMonths::All => true,
        })
        .or(recon_months.last().map(|m| ReconMonths::One(*m)));
    ui.horizontal_wrapped(|ui| {
        ui.label("Month");
        let label = |c: Option<ReconMonths>| match c {
            Some(ReconMonths::One(m)) => m.to_string(),
            _ => "every month".to_string(),
        };
        let mut pick = chosen;
        egui::ComboBox::from_id_salt("reconciliation month")
            .selected_text(label(pick))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut pick, Some(ReconMonths::All), "every month");
                for m in recon_months.iter().rev() {
                    ui.selectable_value(&mut pick, Some(ReconMonths::One(*m)), m.to_string());
                }
            })
            .response
            .accessible_name("Reconciliation month");
        view.recon_month = pick;
        ui.checkbox(&mut view.recon_show_agreeing, "Also markets that agree");
    });
    let shows = |month: Month| match chosen {
        Some(ReconMonths::One(m)) => m == month,
        _ => true,
    };
    let show_agreeing = view.recon_show_agreeing;
    let mut hidden = 0usize;
    let mut problems: Vec<String> = Vec::new();
    egui::ScrollArea::horizontal()
        .id_salt("reconciliation scroll")
        .show(ui, |ui| {
            egui::Grid::new("reconciliation")
                .striped(true)
                .num_columns(7)
                .show(ui, |ui| {
                    for h in [
                        "Month",
                        "Market",
                        "Billable",
                        "Free",
                        "Recomputed",
                        "Reported",
                        "Likely cause",
                    ] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for m in &a.reconciliation.months {
                        if !shows(m.month) {
                            continue;
                        }
                        problems.extend(m.problems.iter().cloned());
                        for k in &m.markets {
                            if !show_agreeing && k.causes.is_empty() {
                                hidden += 1;
                                continue;
                            }
                            ui.label(m.month.to_string());
                            let countries: Vec<&str> =
                                k.countries.iter().map(|c| c.name()).collect();
                            ui.label(&k.market).on_hover_text(countries.join(", "));
                            ui.label(money.count(k.billable_volume));
                            ui.label(money.count(k.free_volume));
                            ui.label(show(k.recomputed_cost));
                            ui.label(if k.comparable {
                                show(k.reported_cost)
                            } else {
                                k.reported_cost
                                    .map_or("—".to_string(), |d| match file_money {
                                        Some(m) => m.amount(d),
                                        None => format!("{} ?", money.number(d)),
                                    })
                            });
                            if k.causes.is_empty() {
                                ui.label(match k.difference() {
                                    Some(_) => "agrees",
                                    None => "",
                                });
                            } else {
                                // The causes wrap in a column of their own width, never off the edge.
                                let text =
                                    RichText::new(k.causes.join("; ")).color(theme::WARNING.on(ui));
                                ui.scope(|ui| {
                                    ui.set_max_width(340.0);
                                    ui.add(egui::Label::new(text).wrap());
                                });
                            }
                            ui.end_row();
                        }
                    }
                });
        });
    if hidden > 0 {
        ui.label(
            RichText::new(format!(
                "{hidden} market{} where the file and Meta's rates agree (or cannot be compared) \
                 not listed.",
                if hidden == 1 { "" } else { "s" }
            ))
            .small(),
        );
    }
    for p in problems {
        ui.label(RichText::new(p).color(theme::ERROR.on(ui)));
    }

    ui.add_space(6.0);
    let months = a.import.actuals.months();
    let skipped = a.import.skipped.clone();
    let more = a.import.rows_skipped.saturating_sub(skipped.len() as u64);
    let mut use_month = view.use_month;
    let mut apply = false;
    ui.horizontal(|ui| {
        ui.label("Use a month of actuals as the plan's base volumes:");
        let r = egui::ComboBox::from_id_salt("use month")
            .selected_text(use_month.map_or("choose".into(), |m| m.to_string()))
            .show_ui(ui, |ui| {
                for m in &months {
                    ui.selectable_value(&mut use_month, Some(*m), m.to_string());
                }
            });
        r.response.accessible_name("Month of actuals");
        apply = ui
            .add_enabled(use_month.is_some(), egui::Button::new("Use as plan"))
            .on_hover_text(
                "Sets every country's monthly volumes to that month's actuals (Undo restores them)",
            )
            .clicked();
    });
    view.use_month = use_month;
    if !skipped.is_empty() {
        egui::CollapsingHeader::new(format!("Skipped rows ({})", skipped.len() as u64 + more))
            .show(ui, |ui| {
                for s in &skipped {
                    ui.label(s);
                }
                if more > 0 {
                    ui.label(format!("… and {} more", display::count(more)));
                }
            });
    }
    if apply && let Some(m) = use_month {
        match plan_from_month(&a.import.actuals, m) {
            // Shown and asked first: it may remove countries and overwrite volumes.
            Ok(plan) => {
                view.use_preview = Some((
                    m,
                    PlanChange::between(&cx.scenario.countries, &plan.countries, plan.month),
                ));
            }
            // The app says why it cannot.
            Err(_) => cx.run(Command::UseAsPlan(m)),
        }
    }
    use_as_plan_prompt(view, cx, ui.ctx());
    if let Some(c) = named_currency {
        cx.run(Command::SetReportedCurrency(Some(c)));
    }
}

/// Asks before "Use as plan" replaces the plan's countries, listing what would change.
fn use_as_plan_prompt(view: &mut ActualsPanel, cx: &mut PanelCtx<'_>, ctx: &egui::Context) {
    let Some((month, change)) = &view.use_preview else {
        return;
    };
    let month = *month;
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("use as plan")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(format!("Use {month}'s actuals as the plan?"));
        if change.is_empty() {
            ui.label("The plan already has these volumes: nothing would change.");
        }
        let names = |list: &[crate::domain::country::Country]| {
            list.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
        };
        if !change.added.is_empty() {
            ui.add(egui::Label::new(format!("Added: {}", names(&change.added))).wrap());
        }
        if !change.removed.is_empty() {
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "Removed (no actuals in {month}): {}",
                        names(&change.removed)
                    ))
                    .color(theme::WARNING.on(ui)),
                )
                .wrap(),
            );
        }
        for (country, diffs) in &change.changed {
            let mut parts: Vec<String> = diffs
                .iter()
                .map(|(cat, from, to)| {
                    format!(
                        "{} {} → {}",
                        cat.label().to_lowercase(),
                        display::count(*from),
                        display::count(*to)
                    )
                })
                .collect();
            let per_day_or_week = cx
                .scenario
                .countries
                .iter()
                .find(|p| p.country == *country)
                .filter(|p| !p.unit.is_month());
            if let Some(p) = per_day_or_week {
                parts.push(format!(
                    "planned per month instead of {}",
                    p.unit.per().replace("a ", "per ")
                ));
            }
            ui.add(egui::Label::new(format!("{}: {}", country.name(), parts.join(", "))).wrap());
        }
        ui.label("Campaigns stay as they are. Undo takes this back.");
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
            if ui.button("Use these volumes").clicked() {
                answer = Some(true);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(false);
    }
    if let Some(yes) = answer {
        view.use_preview = None;
        if yes {
            cx.run(Command::UseAsPlan(month));
        }
    }
}
