//! The plan panel (left): everything the projection is computed from, validated as typed.

use egui::{RichText, Ui};
use rust_decimal::Decimal;

use crate::domain::calendar::{Date, Month};
use crate::domain::category::Category;
use crate::domain::country::Country;
use crate::domain::mix::{rebalance, split_by_mix};
use crate::domain::scenario::{
    Campaign, CampaignTarget, CountryPlan, MAX_MONTHS, MAX_VOLUME, VolumeUnit, rules,
};
use crate::glossary::{Field, field_help, field_label, tax_suggestion};
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::io::display;

const FIELD: f32 = 96.0;

/// The default choice of rates, in the marketer's words.
const IN_FORCE: &str = "Meta's rates in force each month";

/// A volume as the field shows it, grouped in the user's convention ("1,200,000" or
/// "1.200.000"), so that reading it back gives the same number.
fn volume_text(comma: bool) -> impl Fn(&u64) -> String {
    move |v| {
        let text = display::count(*v);
        if comma { text.replace(',', ".") } else { text }
    }
}

/// A volume as typed: "200k", "1.5M", "1,200,000" (see `rules::parse_typed`).
fn parse_volume(comma: bool) -> impl Fn(&str) -> Result<u64, String> {
    move |t| rules::volume(rules::parse_typed(t, comma)?)
}

/// A decimal as the field shows it, with the user's decimal mark.
fn decimal_text(comma: bool) -> impl Fn(&Decimal) -> String {
    move |d| {
        let text = d.to_string();
        if comma { text.replace('.', ",") } else { text }
    }
}

fn section(ui: &mut Ui, title: &str, open: bool, body: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(open)
        .show(ui, body);
}

fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).small().weak());
}

/// The plan panel's own view state.
#[derive(Debug, Default)]
pub struct PlanPanel {
    pub country_query: String,
    /// Countries edited as a total plus a mix of percentages.
    pub mix_mode: std::collections::BTreeSet<Country>,
    /// A campaign just added, whose name takes the keyboard on the next frame.
    focus_campaign: Option<usize>,
    /// The variant being renamed and the name typed so far.
    pub renaming: Option<(usize, String)>,
    /// Why the name typed was refused (shown under the field until it changes).
    pub rename_error: Option<String>,
    /// "What does my budget buy?"
    pub budget: super::budget::BudgetHelper,
    /// A currency switch waiting for the user's answer about the plan's amounts.
    pub currency: super::currency::CurrencySwitch,
}

impl PlanPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(self, cx, ui);
        let ctx = ui.ctx().clone();
        self.budget.ui(&ctx, cx);
        self.currency.ui(&ctx, cx);
    }

    /// The app renamed the variant: the field closes.
    pub fn rename_done(&mut self) {
        self.renaming = None;
        self.rename_error = None;
    }

    /// The app refused the name: the field stays, with the reason under it.
    pub fn rename_refused(&mut self, why: String) {
        self.rename_error = Some(why);
    }
}

fn show(view: &mut PlanPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    // Refused entries are listed at the panel's foot: the fields above never move, and the
    // text wraps inside the panel instead of widening it.
    let problems = cx.fields.problems();
    if !problems.is_empty() {
        egui::Panel::bottom("plan problems").show(ui, |ui| {
            let colour = theme::ERROR.on(ui);
            ui.add_space(4.0);
            for p in problems {
                ui.add(egui::Label::new(RichText::new(p).color(colour)).wrap());
            }
            ui.label(
                RichText::new("The plan keeps the last valid value until it is fixed.").small(),
            );
        });
    }
    // Both directions: content wider than the panel scrolls instead of widening the panel,
    // whose width only the user changes.
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            variants_bar(view, cx, ui);
            if cx.doc.is_example {
                example_banner(cx, ui);
            }
            scenario_section(view, cx, ui);
            ui.separator();
            countries_section(view, cx, ui);
            ui.separator();
            section(ui, "Growth per month", false, |ui| growth_section(cx, ui));
            section(ui, "Business", false, |ui| business_section(cx, ui));
            section(ui, "Assumptions", false, |ui| assumptions_section(cx, ui));
            section(ui, "Provider fees and tax", false, |ui| {
                provider_section(cx, ui)
            });
            section(ui, "Monthly budget", false, |ui| {
                budget_section(view, cx, ui)
            });
            section(ui, "One-off campaigns", true, |ui| {
                campaigns_section(view, cx, ui)
            });
        });
}

/// The plan's variants: the heading with "Duplicate variant", "Rename…" and "Delete" on its
/// right (on the heading's own line, so the fields below never move), then, with several
/// variants, a row of the variants (wrapping) to choose the one shown and edited.
fn variants_bar(view: &mut PlanPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let several = cx.doc.variants.len() > 1;
    let shown = cx.doc.shown;
    let shown_name = cx.doc.variants.get(shown).cloned().unwrap_or_default();
    ui.horizontal(|ui| {
        ui.heading("Plan");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(several, egui::Button::new("Delete"))
                .on_hover_text(format!(
                    "Deletes the variant \"{shown_name}\" (Undo brings it back)"
                ))
                .on_disabled_hover_text(
                    "A plan keeps at least one variant: duplicate it first to have another",
                )
                .clicked()
            {
                cx.run(Command::DeleteVariant(shown));
                view.renaming = None;
            }
            if ui
                .button("Rename…")
                .on_hover_text("Gives the variant shown another name")
                .clicked()
            {
                view.renaming = Some((shown, shown_name.clone()));
                view.rename_error = None;
            }
            let room = cx.doc.variants.len() < crate::domain::variants::MAX_VARIANTS;
            if ui
                .add_enabled(room, egui::Button::new("Duplicate variant"))
                .on_hover_text(
                    "Makes a copy of this plan to change and weigh against it in the Compare tab",
                )
                .on_disabled_hover_text(format!(
                    "A plan holds at most {} variants: delete one first",
                    crate::domain::variants::MAX_VARIANTS
                ))
                .clicked()
            {
                cx.run(Command::DuplicateVariant);
            }
        });
    });
    if several {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Variant:").weak());
            for (i, name) in cx.doc.variants.iter().enumerate() {
                if ui
                    .selectable_label(i == shown, name)
                    .accessible_name(format!("Show variant {name}"))
                    .clicked()
                    && i != shown
                {
                    cx.run(Command::ShowVariant(i));
                    view.renaming = None;
                }
            }
        });
    }
    let mut close = false;
    // The variant being renamed went (an undo, a delete): the field goes with it.
    if view
        .renaming
        .as_ref()
        .is_some_and(|(i, _)| *i >= cx.doc.variants.len())
    {
        close = true;
    }
    if let Some((index, text)) = view.renaming.as_mut().filter(|_| !close) {
        ui.horizontal(|ui| {
            ui.label("New name");
            let id = ui.make_persistent_id("rename variant");
            let r = ui
                .add(egui::TextEdit::singleline(text).id(id).desired_width(180.0))
                .accessible_name("Variant name");
            if !r.has_focus() && !r.lost_focus() && ui.memory(|m| m.focused().is_none()) {
                r.request_focus();
            }
            if r.changed() {
                view.rename_error = None;
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                cx.run(Command::RenameVariant(*index, text.clone()));
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
        if let Some(why) = &view.rename_error {
            ui.label(RichText::new(format!("Not renamed: {why}.")).color(theme::ERROR.on(ui)));
        }
    }
    if close {
        view.rename_done();
    }
}

/// The example plan says it is one and offers the way to one's own.
fn example_banner(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.add(
            egui::Label::new(
                "This is an example plan, to show what wacost does. Change it, or start your \
                 own.",
            )
            .wrap(),
        );
        if ui.button("Start a new plan").clicked() {
            cx.run(Command::New);
        }
    });
    ui.add_space(4.0);
}

fn scenario_section(view: &mut PlanPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let s = &mut *cx.scenario;
    let picked = egui::Grid::new("scenario")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            // A plan of one variant is named by it; with several, the plan has its own title
            // and each variant is renamed above.
            if cx.doc.variants.len() > 1 {
                ui.label("Plan name");
                ui.add(egui::TextEdit::singleline(&mut *cx.plan_name).desired_width(220.0))
                    .accessible_name("Scenario name");
            } else {
                ui.label("Name");
                ui.add(egui::TextEdit::singleline(&mut s.name).desired_width(220.0))
                    .accessible_name("Scenario name");
            }
            ui.end_row();

            ui.label("Currency");
            let mut picked = None;
            egui::ComboBox::from_id_salt("currency")
                .selected_text(s.currency.to_string())
                .show_ui(ui, |ui| {
                    // Meta's 16 billing currencies (and any other a card of the user's is in),
                    // listed only while the list is open; one without rates is shown, greyed,
                    // with how to get them.
                    let mut currencies = crate::domain::currencies::meta_currencies();
                    currencies.sort();
                    for c in cx.rates.book.currencies() {
                        if !currencies.contains(&c) {
                            currencies.push(c);
                        }
                    }
                    for c in currencies {
                        let has_rates = cx.rates.book.cards_of(c).next().is_some();
                        // "BRL · Brazilian real": the code as Meta's files write it, and the name.
                        let label = crate::io::money::style_of(c.as_str()).map_or_else(
                            || c.to_string(),
                            |st| format!("{c} · {}", st.name),
                        );
                        let item = ui
                            .add_enabled(
                                has_rates,
                                egui::Button::selectable(s.currency == c, label),
                            )
                            .on_disabled_hover_text(format!(
                                "No {c} rates yet: Meta's {c} rates were not found. Import Meta's {c} rate file in the Rates tab, or give one {c} rate from your invoice there to convert Meta's US dollar rates."
                            ));
                        if item.clicked() {
                            picked = Some(c);
                        }
                    }
                })
                .response
                .accessible_name("Currency")
                .on_hover_text(
                    "The currency Meta bills your WhatsApp Business account in. Switching keeps the \
                     date of Meta's rates and offers to convert your budget and fees.",
                );
            ui.end_row();

            ui.label("Meta's rates");
            let cards: Vec<Date> = cx
                .rates
                .book
                .cards_of(s.currency)
                .map(|c| c.effective)
                .collect();
            let selected = s
                .rate_card
                .map(|d| format!("Meta's rates of {d}, every month"))
                .unwrap_or_else(|| IN_FORCE.into());
            egui::ComboBox::from_id_salt("rate card")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut s.rate_card, None, IN_FORCE);
                    for d in cards.iter().rev() {
                        ui.selectable_value(
                            &mut s.rate_card,
                            Some(*d),
                            format!("Meta's rates of {d}, every month"),
                        );
                    }
                })
                .response
                .accessible_name("Rate card")
                .on_hover_text(
                    "Meta changes its rates every quarter. By default each month is priced with \
                     the rates in force then; choose one date to price every month with it.",
                );
            ui.end_row();

            ui.label("Start month");
            ui.horizontal(|ui| {
                cx.fields.edit(
                    ui,
                    "start_month",
                    "Start month",
                    80.0,
                    &mut s.start_month,
                    |m| m.to_string(),
                    |t| t.trim().parse::<Month>().map_err(|e| e.to_string()),
                );
            });
            ui.end_row();

            ui.label("Months");
            ui.add(egui::DragValue::new(&mut s.months).range(1..=MAX_MONTHS))
                .accessible_name("Months");
            ui.end_row();
            picked
        })
        .inner;
    if let Some(c) = picked {
        view.currency.pick(c, cx);
    }
}

fn countries_section(view: &mut PlanPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    ui.label(RichText::new("Countries and volumes").strong());
    let query_response = ui.add(
        egui::TextEdit::singleline(&mut view.country_query)
            // A fixed id: the box keeps the keyboard when the panel above it changes (the
            // example's note goes away once the plan is edited).
            .id(ui.make_persistent_id("add country"))
            .hint_text("Add country: name, code or +calling code")
            .desired_width(f32::INFINITY),
    );
    let query_response = query_response.accessible_name("Add country");
    let query = view.country_query.trim().to_string();
    if !query.is_empty() {
        let listed = cx.scenario.planned_countries();
        let hits: Vec<Country> = Country::search(&query)
            .into_iter()
            .filter(|c| !listed.contains(c))
            .take(8)
            .collect();
        let enter = query_response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let mut add = None;
        if hits.is_empty() {
            hint(ui, "No country matches.");
        }
        for (i, c) in hits.iter().enumerate() {
            let code = c
                .calling_code()
                .map(|n| format!(", +{n}"))
                .unwrap_or_default();
            let label = format!("Add {} ({}{code})", c.name(), c.code());
            if ui.button(&label).clicked() || (enter && i == 0) {
                add = Some(*c);
            }
        }
        if let Some(c) = add {
            cx.scenario.countries.push(CountryPlan::new(c));
            view.country_query.clear();
            // The next country can be typed at once.
            query_response.request_focus();
        }
    }

    let card_date = cx
        .projection
        .as_ref()
        .and_then(|p| p.months.first())
        .map(|m| m.card.effective);
    let mut remove = None;
    let mut apply_mix_to_all: Option<[u64; 4]> = None;
    let costs = country_costs(cx);
    let first_month = cx.scenario.start_month;
    for (i, plan) in cx.scenario.countries.iter_mut().enumerate() {
        let c = plan.country;
        let market = card_date
            .map(|d| cx.rates.book.markets().market_for(c, d).to_string())
            .unwrap_or_default();
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(c.name()).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .small_button("×")
                        .accessible_name(format!("Remove {}", c.name()))
                        .on_hover_text("Remove")
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    ui.label(format!(
                        "{} {}",
                        volume_text(comma)(&plan.total()),
                        plan.unit.per()
                    ));
                });
            });
            ui.label(
                RichText::new(if market.is_empty() || market == c.name() {
                    c.code().to_string()
                } else {
                    format!("{} · Meta prices it as {market}", c.code())
                })
                .small()
                .weak(),
            );
            let mut mix_mode = view.mix_mode.contains(&c);
            let mut unit = plan.unit;
            ui.horizontal(|ui| {
                if ui
                    .checkbox(&mut mix_mode, "Total and mix")
                    .accessible_name(format!("{} edit as total and mix", c.name()))
                    .changed()
                {
                    if mix_mode {
                        view.mix_mode.insert(c);
                    } else {
                        view.mix_mode.remove(&c);
                    }
                }
                ui.label("Volumes");
                egui::ComboBox::from_id_salt(("volume unit", c.code()))
                    .selected_text(unit_label(unit))
                    .show_ui(ui, |ui| {
                        for u in VolumeUnit::ALL {
                            ui.selectable_value(&mut unit, u, unit_label(u));
                        }
                    })
                    .response
                    .accessible_name(format!("{} volume unit", c.name()))
                    .on_hover_text(
                        "Type volumes per month, week or day; each month counts its own days",
                    );
            });
            if unit != plan.unit {
                change_unit(plan, unit, first_month);
                cx.fields.forget(&format!("country.{}.", c.code()));
            }
            if mix_mode {
                if mix_editor(cx.fields, ui, plan, comma) {
                    apply_mix_to_all = Some(plan.volumes().0);
                }
            } else {
                egui::Grid::new(("volumes", c.code()))
                    .num_columns(4)
                    .show(ui, |ui| {
                        for (k, cat) in Category::ALL.iter().enumerate() {
                            ui.label(cat.label());
                            let mut v = plan.volume(*cat);
                            let key = format!("country.{}.{}", c.code(), cat.name());
                            let name = format!("{} {} volume", c.name(), cat.name());
                            if cx.fields.edit(
                                ui,
                                &key,
                                &name,
                                FIELD,
                                &mut v,
                                volume_text(comma),
                                parse_volume(comma),
                            ) {
                                plan.set_volume(*cat, v);
                            }
                            if k % 2 == 1 {
                                ui.end_row();
                            }
                        }
                    });
            }
            if !plan.unit.is_month() {
                let monthly: u64 = plan.monthly_volumes(first_month).iter().sum();
                hint(
                    ui,
                    &format!(
                        "= {} a month in {}",
                        volume_text(comma)(&monthly),
                        crate::glossary::month_word(first_month.month())
                    ),
                );
            }
            // Always two lines, so the fields below keep their place when a volume is typed.
            let cost = costs.iter().find(|k| k.country == c);
            let total = cost.map_or("nothing yet", |k| k.total.as_str());
            hint(ui, &format!("Projected over the plan: {total}"));
            let per_message = cost
                .and_then(|k| k.per_message.as_deref())
                .map(|m| format!("Meta: {m} a paid message, on average"))
                .unwrap_or_default();
            ui.label(RichText::new(per_message).small().weak())
                .on_hover_text(
                    "Meta's charges for this country over the plan divided by the messages it \
                     charges for (free ones left out); provider fees and tax are not in it",
                );
        });
    }
    if let Some(mix) = apply_mix_to_all {
        for plan in &mut cx.scenario.countries {
            let total = plan.total();
            for (cat, v) in Category::ALL.into_iter().zip(split_by_mix(total, mix)) {
                plan.set_volume(cat, v);
            }
        }
    }
    if let Some(i) = remove {
        let c = cx.scenario.countries.remove(i).country;
        cx.fields.forget(&format!("country.{}.", c.code()));
        view.mix_mode.remove(&c);
    }
    if cx.scenario.countries.is_empty() {
        hint(
            ui,
            "No countries yet: type a name above, e.g. \"india\", \"BR\" or \"+55\".",
        );
    }
}

/// A country's volumes as a monthly total plus a mix of percentages. Returns true when the user
/// asks to apply this mix to every country.
fn mix_editor(
    fields: &mut crate::gui::widgets::Fields,
    ui: &mut Ui,
    plan: &mut CountryPlan,
    comma: bool,
) -> bool {
    let c = plan.country;
    let mut total = plan.total();
    ui.horizontal(|ui| {
        ui.label(format!("Total {}", plan.unit.per()));
        if fields.edit(
            ui,
            &format!("country.{}.total", c.code()),
            &format!("{} total volume", c.name()),
            FIELD,
            &mut total,
            volume_text(comma),
            parse_volume(comma),
        ) {
            let mix = plan.volumes().0;
            for (cat, v) in Category::ALL.into_iter().zip(split_by_mix(total, mix)) {
                plan.set_volume(cat, v);
            }
        }
    });
    let volumes = plan.volumes().0;
    let shares = split_by_mix(10_000, volumes);
    for (k, cat) in Category::ALL.iter().enumerate() {
        let mut pct = shares[k] as f64 / 100.0;
        let label = format!("{} {:.1} %", cat.label(), pct);
        let response = ui.add(
            egui::Slider::new(&mut pct, 0.0..=100.0)
                .show_value(false)
                .text(label),
        );
        let response = response.accessible_name(format!("{} {} share %", c.name(), cat.name()));
        let bp = (pct * 100.0).round().clamp(0.0, 10_000.0) as u64;
        // Only a real move changes volumes: the slider's rounding must not re-split them.
        if response.changed() && bp != shares[k] {
            let mix = rebalance(shares, k, bp);
            for (cat, v) in Category::ALL
                .into_iter()
                .zip(split_by_mix(plan.total(), mix))
            {
                plan.set_volume(cat, v);
            }
        }
    }
    ui.button("Apply this mix to all countries")
        .on_hover_text("Every country keeps its total and takes this split")
        .clicked()
}

/// "per month", "per week", "per day".
fn unit_label(u: VolumeUnit) -> &'static str {
    match u {
        VolumeUnit::Month => "per month",
        VolumeUnit::Week => "per week",
        VolumeUnit::Day => "per day",
    }
}

/// Moves a country's volumes to another unit, keeping the first month's monthly volumes as
/// near as whole messages allow (310,000 a month in January becomes 10,000 a day).
fn change_unit(plan: &mut CountryPlan, unit: VolumeUnit, first_month: Month) {
    let days = u128::from(first_month.days());
    for cat in Category::ALL {
        let monthly = plan.unit.monthly(plan.volume(cat), first_month);
        let v = match unit {
            VolumeUnit::Month => monthly,
            VolumeUnit::Week => (monthly * 7 + days / 2) / days,
            VolumeUnit::Day => (monthly + days / 2) / days,
        };
        plan.set_volume(cat, u64::try_from(v).unwrap_or(u64::MAX).min(MAX_VOLUME));
    }
    plan.unit = unit;
}

/// What a country's card says it costs: its projected total and, when Meta charges for some of
/// its messages, Meta's average cost per charged message.
struct CountryCost {
    country: Country,
    total: String,
    per_message: Option<String>,
}

/// Each planned country's projected total and Meta's average cost per charged message, as
/// text in the plan's currency, for the country cards.
fn country_costs(cx: &PanelCtx<'_>) -> Vec<CountryCost> {
    let Some(p) = cx.projection else {
        return Vec::new();
    };
    let money =
        crate::gui::widgets::Money::new(p.currency).decimal_comma(cx.settings.decimal_comma);
    cx.derived
        .country_totals
        .iter()
        .map(|t| CountryCost {
            country: t.country,
            total: money.amount(t.total),
            per_message: meta_per_message(t).map(|d| money.per_message(d)),
        })
        .collect()
}

/// Meta's cost for a country over the plan divided by the messages Meta charges for (the free
/// ones left out); `None` when Meta charges for none.
fn meta_per_message(t: &crate::domain::projection::CountryTotal) -> Option<Decimal> {
    let charged = t.volume.saturating_sub(t.free_volume);
    (charged > 0).then(|| t.meta_cost / Decimal::from(charged))
}

fn growth_section(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    hint(ui, "Compounding, per month; negative for decline.");
    egui::Grid::new("growth").num_columns(2).show(ui, |ui| {
        for cat in Category::ALL {
            ui.label(format!("{} %", cat.label()));
            let mut g = cx.scenario.growth_pct.get(cat);
            let key = format!("growth.{}", cat.name());
            let name = format!("{} growth %", cat.label());
            if cx
                .fields
                .edit(ui, &key, &name, FIELD, &mut g, decimal_text(comma), |t| {
                    rules::growth(rules::parse_typed(t, comma)?)
                })
            {
                cx.scenario.growth_pct.set(cat, g);
            }
            ui.end_row();
        }
    });
}

fn business_section(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    let b = &mut cx.scenario.business;
    let count = |t: &str| rules::count(rules::parse_typed(t, comma)?);
    egui::Grid::new("business").num_columns(2).show(ui, |ui| {
        ui.label(field_label(Field::PhoneNumbers));
        ui.horizontal(|ui| {
            cx.fields.edit(
                ui,
                "phones",
                field_label(Field::PhoneNumbers),
                60.0,
                &mut b.phone_numbers,
                |n| n.to_string(),
                count,
            );
        });
        ui.end_row();
        ui.label(field_label(Field::Wabas));
        ui.horizontal(|ui| {
            cx.fields.edit(
                ui,
                "wabas",
                field_label(Field::Wabas),
                60.0,
                &mut b.wabas,
                |n| n.to_string(),
                count,
            );
        });
        ui.end_row();
        ui.label(field_label(Field::PrimaryCountry));
        let selected = b
            .primary_country
            .map(|c| c.name().to_string())
            .unwrap_or_else(|| "none".into());
        egui::ComboBox::from_id_salt("primary country")
            .selected_text(selected)
            .height(300.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut b.primary_country, None, "none");
                for c in Country::all() {
                    ui.selectable_value(&mut b.primary_country, Some(c), c.name());
                }
            })
            .response
            .accessible_name("Primary country");
        ui.end_row();
    });
    ui.checkbox(
        &mut b.auth_international_eligible,
        field_label(Field::AuthInternationalEligible),
    );
    ui.checkbox(
        &mut b.government_or_nonprofit,
        field_label(Field::GovernmentOrNonprofit),
    )
    .on_hover_text(field_help(Field::GovernmentOrNonprofit));
    for field in [
        Field::PhoneNumbers,
        Field::Wabas,
        Field::AuthInternationalEligible,
    ] {
        hint(ui, field_help(field));
    }
}

fn assumptions_section(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    let a = &mut cx.scenario.assumptions;
    let percent = |t: &str| rules::percent(rules::parse_typed(t, comma)?);
    for (field, key, value) in [
        (Field::FepShare, "fep", &mut a.fep_share_pct),
        (Field::CswUtilityShare, "csw", &mut a.csw_utility_share_pct),
    ] {
        let label = field_label(field);
        ui.horizontal(|ui| {
            ui.label(label);
            cx.fields
                .edit(ui, key, label, FIELD, value, decimal_text(comma), percent);
        });
        hint(ui, field_help(field));
    }
}

fn provider_section(cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    let p = &mut cx.scenario.provider;
    let currency = cx.scenario.currency.to_string();
    let amount = |t: &str| rules::amount(rules::parse_typed(t, comma)?);
    let percent = |t: &str| rules::percent(rules::parse_typed(t, comma)?);
    egui::Grid::new("provider").num_columns(2).show(ui, |ui| {
        ui.label(format!("Fee per message ({currency})"));
        cx.fields.edit(
            ui,
            "fee",
            "Fee per message",
            FIELD,
            &mut p.per_message_fee,
            decimal_text(comma),
            amount,
        );
        ui.end_row();
        ui.label("Markup on Meta cost %");
        cx.fields.edit(
            ui,
            "markup",
            "Markup %",
            FIELD,
            &mut p.markup_pct,
            decimal_text(comma),
            percent,
        );
        ui.end_row();
        ui.label(format!("Monthly platform fee ({currency})"));
        cx.fields.edit(
            ui,
            "monthly_fee",
            "Monthly platform fee",
            FIELD,
            &mut p.monthly_fee,
            decimal_text(comma),
            amount,
        );
        ui.end_row();
        ui.label("Tax %");
        cx.fields.edit(
            ui,
            "tax",
            "Tax %",
            FIELD,
            &mut p.tax_pct,
            decimal_text(comma),
            percent,
        );
        ui.end_row();
    });
    // The tax a currency's invoices usually carry (INR: 18 % GST), with a button while none is set.
    if let Some(suggested) = tax_suggestion(cx.scenario.currency) {
        ui.horizontal_wrapped(|ui| {
            hint(ui, suggested.hint);
            if cx.scenario.provider.tax_pct.is_zero() && ui.small_button(suggested.button).clicked()
            {
                cx.scenario.provider.tax_pct = Decimal::from(suggested.pct);
                // The field shows the new value even if it held a refused entry.
                cx.fields.forget("tax");
            }
        });
    }
    hint(
        ui,
        "The fee applies to every delivered message, free ones included; tax applies to Meta and provider charges.",
    );
}

fn budget_section(view: &mut PlanPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    let s = &mut *cx.scenario;
    let mut on = s.budget_monthly.is_some();
    if ui.checkbox(&mut on, "Set a monthly budget").changed() {
        // A new budget starts at the plan's average month, rounded up to a readable amount.
        let start = cx
            .projection
            .map(crate::domain::projection::suggested_budget)
            .unwrap_or(Decimal::from(1000));
        s.budget_monthly = on.then_some(start);
    }
    let mut ask = false;
    if let Some(mut b) = s.budget_monthly {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("Budget ({})", s.currency));
            if cx.fields.edit(
                ui,
                "budget",
                "Monthly budget",
                FIELD,
                &mut b,
                decimal_text(comma),
                |t| rules::amount(rules::parse_typed(t, comma)?),
            ) {
                s.budget_monthly = Some(b);
            }
            ask = budget_button(ui);
        });
    } else {
        ask = budget_button(ui);
    }
    if ask {
        let suggested = cx
            .projection
            .map(crate::domain::projection::suggested_budget)
            .unwrap_or(Decimal::from(1000));
        view.budget.open_for(cx.scenario, suggested);
    }
}

fn budget_button(ui: &mut Ui) -> bool {
    ui.button("What does my budget buy?")
        .on_hover_text(
            "Finds the most volume a budget pays for: of the whole plan, a country, a kind of \
             message or a campaign",
        )
        .clicked()
}

fn campaigns_section(view: &mut PlanPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let comma = cx.settings.decimal_comma;
    let campaign_costs = &cx.derived.campaign_costs;
    let currency = cx.scenario.currency.to_string();
    let (start, end) = (cx.scenario.start_month, cx.scenario.end_month());
    let mut remove = None;
    let countries = cx.scenario.planned_countries();
    for (i, c) in cx.scenario.campaigns.iter_mut().enumerate() {
        let n = i + 1;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                let name = ui
                    .add(
                        egui::TextEdit::singleline(&mut c.name)
                            .id(ui.make_persistent_id(("campaign name", i)))
                            .desired_width(160.0),
                    )
                    .accessible_name(format!("Campaign {n} name"));
                if view.focus_campaign == Some(i) {
                    name.request_focus();
                    view.focus_campaign = None;
                }
                if ui
                    .small_button("×")
                    .accessible_name(format!("Remove campaign {n}"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.horizontal(|ui| {
                ui.label("Month");
                cx.fields.edit(
                    ui,
                    &format!("campaign.{n}.month"),
                    &format!("Campaign {n} month"),
                    70.0,
                    &mut c.month,
                    |m| m.to_string(),
                    |t| t.trim().parse::<Month>().map_err(|e| e.to_string()),
                );
                egui::ComboBox::from_id_salt(("campaign country", n))
                    .selected_text(c.country.label())
                    .show_ui(ui, |ui| {
                        ui.selectable_value(
                            &mut c.country,
                            CampaignTarget::AllSelected,
                            CampaignTarget::AllSelected.label(),
                        );
                        for country in &countries {
                            ui.selectable_value(
                                &mut c.country,
                                CampaignTarget::Country(*country),
                                country.name(),
                            );
                        }
                    })
                    .response
                    .accessible_name(format!("Campaign {n} country"));
            });
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("campaign category", n))
                    .selected_text(c.category.label())
                    .show_ui(ui, |ui| {
                        for cat in Category::ALL {
                            ui.selectable_value(&mut c.category, cat, cat.label());
                        }
                    })
                    .response
                    .accessible_name(format!("Campaign {n} category"));
                ui.label("Volume");
                cx.fields.edit(
                    ui,
                    &format!("campaign.{n}.volume"),
                    &format!("Campaign {n} volume"),
                    FIELD,
                    &mut c.volume,
                    volume_text(comma),
                    parse_volume(comma),
                );
            });
            // Always one line, so the campaigns below keep their place.
            let cost = campaign_costs.iter().find(|k| k.index == i);
            let (text, warn) = match cost {
                Some(k) if k.outside_plan => (
                    format!(
                        "Outside the plan's months ({} to {}): not counted",
                        start, end
                    ),
                    true,
                ),
                Some(k) if k.without_countries => (
                    "Not counted: the plan has no countries yet".to_string(),
                    true,
                ),
                Some(k) => (
                    format!(
                        "Adds {} to the plan",
                        crate::gui::widgets::money(k.cost, &currency)
                    ),
                    false,
                ),
                None => ("Adds nothing yet".to_string(), false),
            };
            if warn {
                ui.label(RichText::new(text).small().color(theme::WARNING.on(ui)));
            } else {
                hint(ui, &text);
            }
        });
    }
    if let Some(i) = remove {
        cx.scenario.campaigns.remove(i);
        cx.fields.forget("campaign.");
    }
    let first = cx.scenario.countries.first().map(|c| c.country);
    match first {
        Some(country) => {
            if ui.button("Add campaign").clicked() {
                let month = cx.scenario.start_month;
                // No volume yet: adding a campaign costs nothing until the user says how big.
                cx.scenario.campaigns.push(Campaign {
                    name: format!("Campaign {}", cx.scenario.campaigns.len() + 1),
                    month,
                    country: CampaignTarget::Country(country),
                    category: Category::Marketing,
                    volume: 0,
                });
                view.focus_campaign = Some(cx.scenario.campaigns.len() - 1);
            }
        }
        None => hint(ui, "Add a country first."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_unit_keeps_the_first_months_volume_as_near_as_whole_messages_allow() {
        let january: Month = "2027-01".parse().unwrap();
        let mut plan = CountryPlan::new(Country::parse("BR").unwrap());
        plan.marketing = 310_000;
        plan.utility = 1_000;
        change_unit(&mut plan, VolumeUnit::Day, january);
        assert_eq!(
            (plan.unit, plan.marketing, plan.utility),
            (VolumeUnit::Day, 10_000, 32)
        );
        change_unit(&mut plan, VolumeUnit::Week, january);
        assert_eq!(plan.marketing, 70_000);
        change_unit(&mut plan, VolumeUnit::Month, january);
        assert_eq!(plan.marketing, 310_000);
        // Never past the largest volume wacost plans.
        plan.unit = VolumeUnit::Day;
        plan.marketing = MAX_VOLUME;
        change_unit(&mut plan, VolumeUnit::Month, january);
        assert_eq!(plan.marketing, MAX_VOLUME);
    }
}
