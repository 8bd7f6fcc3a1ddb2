//! The Rates tab: one card's market × category grid with its provenance; two cards side by
//! side with the changed cells highlighted and what the change does to the plan; a browser of
//! which countries form which market on a date; and the review of an imported Meta file.

use egui::{Color32, RichText, Ui};
use rust_decimal::Decimal;

use crate::domain::calendar::Date;
use crate::domain::card_diff::{CardDiff, ChangeKind, PlanComparison, compare_plan, diff_cards};
use crate::domain::category::ChargedCategory;
use crate::domain::country::Country;
use crate::domain::market::MarketName;
use crate::domain::ratebook::{CardId, CardOrigin, Currency, RateBook, RateCard, RateCell};
use crate::domain::scenario::Scenario;
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::gui::widgets::money;
use crate::io::display;
use crate::io::display::rate_cell as cell_text;
use crate::io::meta_rates::{ImportHints, PreparedImport};

pub use crate::gui::settings::RatesMode;

/// An imported file waiting for the user's decision, with what it changes.
pub struct Review {
    pub prepared: PreparedImport,
    /// Against the card it replaces, else the card before it.
    pub diff: Option<CardDiff>,
}

/// The Rates tab and its view state (not part of the scenario, not undone; the view it shows
/// is a setting).
#[derive(Default)]
pub struct RatesPanel {
    /// The card of "One card"; `None` = the card in force at the plan's start.
    pub card: Option<CardId>,
    pub a: Option<CardId>,
    pub b: Option<CardId>,
    pub only_changes: bool,
    pub market_query: String,
    /// The date of the markets browser; `None` = the plan's first month.
    pub markets_date: Option<Date>,
    /// A file read and validated, not yet stored.
    pub pending: Option<PreparedImport>,
    pending_diff: Option<CardDiff>,
    /// Why the last import was refused: every problem, one per line.
    pub import_error: Option<String>,
    /// The refused file lacks its currency or date: ask for them.
    pub needs_hints: bool,
    pub hint_currency: String,
    pub hint_effective: String,
    /// The file last read, to read again with the user's currency and date.
    pub last_import: Option<std::path::PathBuf>,
    /// "Rates in another currency": a card from Meta's US dollar rates × a factor.
    pub calibrate: super::calibrate::Calibrate,
    /// The plan priced under `a` and `b`, for the scenario it was computed for.
    comparison: Option<(CardId, CardId, Scenario, Result<PlanComparison, String>)>,
}

impl RatesPanel {
    /// Shows a validated import for review.
    pub fn review(&mut self, prepared: PreparedImport, book: &RateBook) {
        let before = book.card_or_previous(prepared.card.id());
        self.pending_diff = before.map(|b| diff_cards(b, &prepared.card));
        self.pending = Some(prepared);
        self.import_error = None;
    }

    /// Forgets what was computed from the rate book (it changed).
    pub fn invalidate(&mut self) {
        self.comparison = None;
        self.pending_diff = None;
    }
}

fn card_label(card: &RateCard) -> String {
    let from = match &card.origin {
        CardOrigin::Shipped => "built in",
        CardOrigin::File(_) => "from your rates folder",
        CardOrigin::Derived => {
            return format!("{}: converted from Meta's US dollar rates", card.id());
        }
    };
    format!(
        "{}: {}, {from}",
        card.id(),
        crate::glossary::rate_source(card.status)
    )
}

/// A combo box of every card; returns the chosen id.
fn card_picker(ui: &mut Ui, label: &str, book: &RateBook, current: CardId) -> CardId {
    let mut chosen = current;
    ui.label(label);
    let text = book
        .card(current)
        .map_or_else(|| current.to_string(), card_label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(text)
        .width(260.0)
        .truncate()
        .show_ui(ui, |ui| {
            // Cards compare within one currency: the list is the current card's (with every
            // billing currency derived, all cards would be some 60 lines).
            for card in book.cards_of(current.currency) {
                ui.selectable_value(&mut chosen, card.id(), card_label(card));
            }
        })
        .response
        .accessible_name(label);
    chosen
}

/// The card pricing the plan's first month, else the newest of its currency, else any.
fn default_card(cx: &PanelCtx<'_>) -> Option<CardId> {
    let s = &*cx.scenario;
    let book = &cx.rates.book;
    book.card_for(s.currency, s.start_month)
        .map(|c| c.card.id())
        .ok()
        .or_else(|| book.cards_of(s.currency).next_back().map(RateCard::id))
        .or_else(|| book.cards().last().map(RateCard::id))
}

impl RatesPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        show(self, cx, ui);
    }
}

fn show(view: &mut RatesPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    // One row that wraps when the window is narrow: the views, then the two actions.
    ui.horizontal_wrapped(|ui| {
        for mode in RatesMode::ALL {
            ui.selectable_value(&mut cx.settings.rates_mode, mode, mode.label());
        }
        ui.add_space(16.0);
        let busy = cx.jobs.rate_import;
            if ui
                .add_enabled(!busy, egui::Button::new("Import Meta's rate file…"))
                .on_hover_text("Meta's rate card or volume-tier file, CSV or XLSX; you review it before it is stored")
                .clicked()
            {
                cx.run(Command::ImportRates);
            }
            if busy {
                ui.spinner();
            }
            if ui
                .button("Rates in another currency…")
                .on_hover_text(
                    "For a currency wacost has no rates in: convert Meta's US dollar rates with \
                     one rate from your invoice",
                )
                .clicked()
            {
                view.calibrate.open = !view.calibrate.open;
            }
    });
    ui.separator();
    view.calibrate.ui(ui, cx);
    import_review(view, cx, ui);
    match cx.settings.rates_mode {
        RatesMode::Card => one_card(view, cx, ui),
        RatesMode::Compare => compare(view, cx, ui),
        RatesMode::Markets => markets(view, cx, ui),
    }
}

fn import_review(view: &mut RatesPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    if let Some(err) = view.import_error.clone() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(
                RichText::new("The file was not imported; nothing changed.")
                    .strong()
                    .color(theme::ERROR.on(ui)),
            );
            egui::ScrollArea::vertical()
                .id_salt("import problems")
                .max_height(160.0)
                .show(ui, |ui| {
                    for line in err.lines() {
                        ui.label(line.trim());
                    }
                });
            if view.needs_hints {
                hints_form(view, cx, ui);
            }
            if ui.button("Dismiss").clicked() {
                view.import_error = None;
                view.needs_hints = false;
            }
        });
        ui.add_space(6.0);
    }
    let Some(p) = &view.pending else {
        return;
    };
    let mut accept = false;
    let mut discard = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let card = &p.card;
        ui.label(
            RichText::new(format!(
                "Review: Meta's {} {} ({} markets, {} tier ladders)",
                p.kind.describe(),
                card.id(),
                card.markets.len(),
                card.tiers.len()
            ))
            .strong(),
        );
        ui.label(format!("Source: {}", card.source));
        if let Some(r) = &p.replaces {
            ui.label(format!("It replaces {r} for {}.", card.id()));
        }
        for n in &p.notes {
            ui.label(RichText::new(n).color(theme::WARNING.on(ui)));
        }
        if let Some(d) = &view.pending_diff {
            ui.label(format!("Against {}: {}.", d.a, d.summary()));
        }
        ui.horizontal(|ui| {
            accept = ui.button("Store and use this card").clicked();
            discard = ui.button("Discard").clicked();
        });
    });
    ui.add_space(6.0);
    if accept {
        cx.run(Command::StoreCard);
    } else if discard {
        view.pending = None;
        view.pending_diff = None;
    }
}

/// Currency and effective date for a file whose title does not give them.
fn hints_form(view: &mut RatesPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let v = &mut *view;
    ui.label("The file does not say which card it is. Give its currency and effective date:");
    let currency = v.hint_currency.trim().parse::<Currency>();
    let effective = v.hint_effective.trim().parse::<Date>();
    ui.horizontal(|ui| {
        ui.label("Currency");
        ui.add_sized(
            [60.0, 20.0],
            egui::TextEdit::singleline(&mut v.hint_currency).hint_text("USD"),
        )
        .accessible_name("Card currency");
        ui.label("Effective");
        ui.add_sized(
            [110.0, 20.0],
            egui::TextEdit::singleline(&mut v.hint_effective).hint_text("YYYY-MM-DD"),
        )
        .accessible_name("Card effective date");
    });
    let mut problems = Vec::new();
    if !v.hint_currency.trim().is_empty()
        && let Err(e) = &currency
    {
        problems.push(e.to_string());
    }
    if !v.hint_effective.trim().is_empty()
        && let Err(e) = &effective
    {
        problems.push(e.to_string());
    }
    for p in &problems {
        ui.label(RichText::new(p).color(theme::ERROR.on(ui)));
    }
    let ready = effective.is_ok() && problems.is_empty();
    if ui
        .add_enabled(ready, egui::Button::new("Read the file again"))
        .clicked()
        && let Some(path) = v.last_import.clone()
    {
        let hints = ImportHints {
            currency: currency.ok(),
            effective: effective.ok(),
        };
        cx.run(Command::ImportRatesFile { path, hints });
    }
}

fn one_card(view: &mut RatesPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let Some(current) = view.card.or_else(|| default_card(cx)) else {
        ui.label("No rate cards are loaded.");
        return;
    };
    let book = &cx.rates.book;
    ui.horizontal_wrapped(|ui| {
        // The currency first (16 of them, each with its cards), then the card of that
        // currency; switching currency keeps the date where that currency has it.
        ui.label("Currency");
        let mut currency = current.currency;
        egui::ComboBox::from_id_salt("card currency")
            .selected_text(currency.to_string())
            .show_ui(ui, |ui| {
                for c in book.currencies() {
                    ui.selectable_value(&mut currency, c, c.to_string());
                }
            })
            .response
            .accessible_name("Card currency");
        if currency != current.currency {
            let same_date = CardId {
                currency,
                effective: current.effective,
            };
            view.card = book
                .card(same_date)
                .map(RateCard::id)
                .or_else(|| book.cards_of(currency).next_back().map(RateCard::id));
        }
        let current = view.card.unwrap_or(current);
        let chosen = card_picker(ui, "Card", book, current);
        if chosen != current {
            view.card = Some(chosen);
        }
    });
    let Some(card) = book.card(view.card.unwrap_or(current)) else {
        return;
    };
    ui.add_space(4.0);
    provenance(ui, card);
    ui.add_space(4.0);
    let countries = book.markets().markets_on(card.effective);
    egui::ScrollArea::both().id_salt("card grid").show(ui, |ui| {
        egui::Grid::new("card cells").striped(true).show(ui, |ui| {
            ui.label(RichText::new("Market").strong());
            for c in ChargedCategory::ALL {
                ui.label(RichText::new(c.label()).strong());
            }
            for i in &card.info {
                ui.label(RichText::new(&i.name).strong())
                    .on_hover_text("Kept as information: wacost does not price with it.");
            }
            ui.end_row();
            for m in &card.markets {
                let names: Vec<&str> = countries
                    .get(&m.market)
                    .map(|cs| cs.iter().map(|c| c.name()).collect())
                    .unwrap_or_default();
                ui.label(m.market.as_str()).on_hover_text(if names.is_empty() {
                    "No country is in this market on the card's date.".to_string()
                } else {
                    format!("{} countries: {}", names.len(), names.join(", "))
                });
                for c in ChargedCategory::ALL {
                    let cell = m.cells[c.index()];
                    let mut text = RichText::new(cell_text(cell));
                    let mut hover = Vec::new();
                    if let Some(e) = card.estimate(&m.market, c) {
                        // On a derived card, Meta's own printed rows are listed to say so:
                        // they are not estimates.
                        if !e.status.is_sourced() {
                            text = text.italics().color(theme::WARNING.on(ui));
                        }
                        hover.push(format!("{}: {}", e.status, e.note));
                    }
                    if matches!(cell, Some(RateCell::Unknown)) {
                        text = text.color(theme::ERROR.on(ui));
                    }
                    if let Some(ladder) = card.ladder(&m.market, c) {
                        text = text.underline();
                        hover.push(format!(
                            "Volume tiers: {}",
                            ladder
                                .bands
                                .iter()
                                .map(|b| format!(
                                    "{} to {} at {}",
                                    display::count(b.from),
                                    b.to.map_or("any".into(), display::count),
                                    b.rate
                                ))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ));
                        if ladder.estimated.is_some() {
                            hover.push(
                                "Estimated volume discounts: Meta's latest known band limits and \
                                 discounts for this market, applied to this card's rate."
                                    .into(),
                            );
                        }
                    }
                    let r = ui.label(text);
                    if !hover.is_empty() {
                        r.on_hover_text(hover.join("\n"));
                    }
                }
                for i in &card.info {
                    ui.label(i.value(&m.market).unwrap_or(""));
                }
                ui.end_row();
            }
        });
        ui.add_space(4.0);
        ui.label(
            RichText::new("Italic: not quoted from a source (hover for how it was obtained). Underlined: has volume tiers. Hover a market for its countries.")
                .small()
                .weak(),
        );
    });
}

fn provenance(ui: &mut Ui, card: &RateCard) {
    ui.label(
        RichText::new(format!(
            "{} {} per {}, status: {}",
            card.currency,
            card.effective,
            card.unit.name(),
            card.status
        ))
        .strong(),
    );
    if let CardOrigin::File(f) = &card.origin {
        ui.label(format!("From {f}"));
    }
    if !card.source.is_empty() {
        ui.label(RichText::new(format!("Source: {}", card.source)).small());
    }
    if !card.note.is_empty() {
        ui.label(RichText::new(format!("Note: {}", card.note)).small());
    }
    if let Some(d) = &card.derivation {
        ui.label(RichText::new(format!("How sure: Meta's {} rates × {}", d.from, d.basis)).small());
    }
}

/// Background of a changed cell: dearer, cheaper, or otherwise different.
fn change_colour(kind: ChangeKind, dark: bool) -> Color32 {
    match kind {
        ChangeKind::Up => theme::DEARER,
        ChangeKind::Down => theme::CHEAPER,
        _ => theme::CHANGED,
    }
    .pick(dark)
}

/// The markets the plan's countries price in on `date`.
fn plan_markets(s: &Scenario, book: &RateBook, date: Date) -> Vec<MarketName> {
    let mut out: Vec<MarketName> = Vec::new();
    for c in &s.countries {
        let m = book.markets().market_for(c.country, date);
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

fn signed_percent(p: Decimal) -> String {
    display::signed_percent(p, 1)
}

fn compare(view: &mut RatesPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let book = &cx.rates.book;
    let currency = cx.scenario.currency;
    let mut of_currency: Vec<CardId> = book.cards_of(currency).map(RateCard::id).collect();
    if of_currency.len() < 2 {
        of_currency = book.cards().iter().map(RateCard::id).collect();
    }
    let n = of_currency.len();
    if n == 0 {
        ui.label("No rate cards are loaded.");
        return;
    }
    let a = view.a.unwrap_or(of_currency[n.saturating_sub(2)]);
    let b = view.b.unwrap_or(of_currency[n - 1]);
    ui.horizontal_wrapped(|ui| {
        let na = card_picker(ui, "Card A", book, a);
        ui.add_space(12.0);
        let nb = card_picker(ui, "Card B", book, b);
        view.a = Some(na);
        view.b = Some(nb);
        ui.add_space(12.0);
        ui.checkbox(&mut view.only_changes, "Only changed markets");
    });
    let (Some(ca), Some(cb)) = (
        book.card(view.a.unwrap_or(a)),
        book.card(view.b.unwrap_or(b)),
    ) else {
        return;
    };
    if ca.currency != cb.currency {
        ui.label(
            RichText::new("Pick two cards in the same currency to compare them.")
                .color(theme::WARNING.on(ui)),
        );
        return;
    }
    let d = diff_cards(ca, cb);
    ui.add(egui::Label::new(format!("{} to {}: {}.", d.a, d.b.effective, d.summary())).wrap());
    if !d.markets_added.is_empty() {
        wrapped(
            ui,
            format!(
                "New markets on {}: {}",
                d.b.effective,
                d.markets_added
                    .iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    if !d.markets_removed.is_empty() {
        wrapped(
            ui,
            format!(
                "Markets gone on {}: {}",
                d.b.effective,
                d.markets_removed
                    .iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    for (list, lacks, has) in [(&d.columns_added, d.a, d.b), (&d.columns_removed, d.b, d.a)] {
        for c in list.iter() {
            wrapped(
                ui,
                format!(
                    "{}: not on the {lacks} card, so the column shows the {has} rates and is not compared.",
                    c.label()
                ),
            );
        }
    }
    let dark = ui.visuals().dark_mode;
    // Old → new where the font has the arrow (egui's bundled font does not): else "to".
    let arrow = {
        let font = egui::TextStyle::Body.resolve(ui.style());
        if ui.fonts_mut(|f| f.has_glyph(&font, '→')) {
            "→"
        } else {
            "to"
        }
    };
    let plan_markets = plan_markets(cx.scenario, book, cb.effective);
    let mut markets: Vec<_> = cb.markets.iter().map(|m| m.market).collect();
    markets.extend(d.markets_removed.iter().copied());
    // The plan's own markets first, then the others in the card's order.
    markets.sort_by_key(|m| !plan_markets.contains(m));
    let plan_height = 260.0_f32.min(ui.available_height() * 0.45);
    egui::ScrollArea::both()
        .id_salt("compare grid")
        .max_height((ui.available_height() - plan_height).max(120.0))
        .show(ui, |ui| {
            egui::Grid::new("compare cells")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new("Market").strong());
                    for c in ChargedCategory::ALL {
                        let head = RichText::new(c.label()).strong();
                        if d.column_on_one_card(c) {
                            ui.label(head.weak()).on_hover_text(format!(
                                "Not on both cards: shown as on {}, not compared",
                                if d.columns_added.contains(&c) {
                                    d.b
                                } else {
                                    d.a
                                }
                            ));
                        } else {
                            ui.label(head);
                        }
                    }
                    ui.end_row();
                    let mut shown = 0;
                    for m in markets {
                        if view.only_changes && !d.market_changed(&m) {
                            continue;
                        }
                        shown += 1;
                        if plan_markets.contains(&m) {
                            ui.label(
                                RichText::new(format!("{m} (your plan)"))
                                    .strong()
                                    .background_color(
                                        ui.visuals().selection.bg_fill.gamma_multiply(0.35),
                                    ),
                            )
                            .on_hover_text("Your plan sends messages to this market");
                        } else {
                            ui.label(m.as_str());
                        }
                        for c in ChargedCategory::ALL {
                            match d.change(&m, c) {
                                None if d.column_on_one_card(c) => {
                                    let on = if d.columns_added.contains(&c) { cb } else { ca };
                                    ui.label(RichText::new(cell_text(on.cell(&m, c))).weak());
                                }
                                None => {
                                    ui.label(cell_text(cb.cell(&m, c)));
                                }
                                Some(ch) => {
                                    let pct = ch.percent().map(signed_percent);
                                    let text = match (&pct, ch.before, ch.after) {
                                        (Some(p), _, _) => format!(
                                            "{} {arrow} {} ({p})",
                                            cell_text(ch.before),
                                            cell_text(ch.after)
                                        ),
                                        (None, Some(_), Some(_)) => format!(
                                            "{} {arrow} {} ({})",
                                            cell_text(ch.before),
                                            cell_text(ch.after),
                                            ch.describe()
                                        ),
                                        (None, None, _) => {
                                            format!("{} ({})", cell_text(ch.after), ch.describe())
                                        }
                                        (None, _, None) => {
                                            format!("{} ({})", cell_text(ch.before), ch.describe())
                                        }
                                    };
                                    ui.label(
                                        RichText::new(text)
                                            .background_color(change_colour(ch.kind(), dark))
                                            .strong(),
                                    )
                                    .on_hover_text(format!(
                                        "Changed: {m} {} from {} to {}{}",
                                        c.label().to_lowercase(),
                                        cell_text(ch.before),
                                        cell_text(ch.after),
                                        pct.map(|p| format!(" ({p})")).unwrap_or_default()
                                    ));
                                }
                            }
                        }
                        ui.end_row();
                    }
                    if shown == 0 {
                        ui.label("No market's rates differ between these two cards.");
                        ui.end_row();
                    }
                });
        });
    ui.separator();
    plan_under_two_cards(view, cx, ui, d.a, d.b);
}

fn plan_under_two_cards(
    view: &mut RatesPanel,
    cx: &mut PanelCtx<'_>,
    ui: &mut Ui,
    a: CardId,
    b: CardId,
) {
    ui.label(RichText::new("What this card does to my plan").strong());
    let scenario = &*cx.scenario;
    if scenario.currency != a.currency {
        ui.label(format!(
            "Your plan is in {}; pick two {} cards to price it under each.",
            scenario.currency, scenario.currency
        ));
        return;
    }
    let fresh =
        matches!(&view.comparison, Some((ca, cb, s, _)) if *ca == a && *cb == b && s == scenario);
    if !fresh {
        let result = compare_plan(scenario, &cx.rates.book, a, b).map_err(|e| e.to_string());
        view.comparison = Some((a, b, scenario.clone(), result));
    }
    let Some((_, _, _, result)) = &view.comparison else {
        return;
    };
    let p = match result {
        Ok(p) => p,
        Err(e) => {
            ui.label(RichText::new(e).color(theme::ERROR.on(ui)));
            return;
        }
    };
    let cur = a.currency.to_string();
    let diff = p.total_b - p.total_a;
    wrapped(
        ui,
        format!(
            "Whole plan, each card pinned for every month: {} under {}, {} under {} ({}{}).",
            money(p.total_a, &cur),
            a.effective,
            money(p.total_b, &cur),
            b.effective,
            if diff > Decimal::ZERO { "+" } else { "" },
            money(diff, &cur)
        ),
    );
    let a_head = a.effective.to_string();
    let b_head = b.effective.to_string();
    let months: Vec<(String, Decimal, Decimal)> = p
        .months
        .iter()
        .map(|(m, x, y)| (m.to_string(), *x, *y))
        .collect();
    let countries: Vec<(String, Decimal, Decimal)> = p
        .countries
        .iter()
        .map(|(c, x, y)| (c.name().to_string(), *x, *y))
        .collect();
    ui.columns(2, |cols| {
        two_card_grid(&mut cols[0], "Month", [&a_head, &b_head], &months);
        two_card_grid(&mut cols[1], "Country", [&a_head, &b_head], &countries);
    });
}

/// Rows of (name, amount under A, amount under B) with their difference.
fn two_card_grid(ui: &mut Ui, first: &str, heads: [&str; 2], rows: &[(String, Decimal, Decimal)]) {
    // Both ways: a grid wider than its half of the tab scrolls instead of widening the tab.
    egui::ScrollArea::both()
        .id_salt(("plan", first))
        .show(ui, |ui| {
            egui::Grid::new(("plan grid", first))
                .striped(true)
                .show(ui, |ui| {
                    for h in [first, heads[0], heads[1], "Difference"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for (name, x, y) in rows {
                        ui.label(name);
                        ui.label(display::amount(*x));
                        ui.label(display::amount(*y));
                        ui.label(display::amount(y - x));
                        ui.end_row();
                    }
                });
        });
}

fn markets(view: &mut RatesPanel, cx: &mut PanelCtx<'_>, ui: &mut Ui) {
    let book = &cx.rates.book;
    let mut dates: Vec<Date> = book.cards().iter().map(|c| c.effective).collect();
    let start = cx.scenario.start_month.first_day();
    dates.push(start);
    dates.sort();
    dates.dedup();
    let date = view.markets_date.unwrap_or(start);
    ui.horizontal(|ui| {
        ui.label("Markets on");
        let mut chosen = date;
        egui::ComboBox::from_id_salt("markets date")
            .selected_text(date.to_string())
            .show_ui(ui, |ui| {
                for d in &dates {
                    let label = if *d == start {
                        format!("{d} (the plan's first month)")
                    } else {
                        d.to_string()
                    };
                    ui.selectable_value(&mut chosen, *d, label);
                }
            })
            .response
            .accessible_name("Markets on date");
        view.markets_date = Some(chosen);
        ui.add_space(12.0);
        ui.add_sized(
            [260.0, 20.0],
            egui::TextEdit::singleline(&mut view.market_query)
                .hint_text("Search a country, code or market"),
        )
        .accessible_name("Search markets");
    });
    let date = view.markets_date.unwrap_or(start);
    let query = view.market_query.trim().to_lowercase();
    let matches_country = |c: Country| {
        query.is_empty()
            || c.name().to_lowercase().contains(&query)
            || c.code().eq_ignore_ascii_case(&query)
            || c.aliases()
                .iter()
                .any(|a| a.to_lowercase().contains(&query))
    };
    let map = cx.rates.book.markets().markets_on(date);
    let mut shown = 0;
    egui::ScrollArea::vertical()
        .id_salt("markets list")
        .show(ui, |ui| {
            for (market, countries) in &map {
                let market_hit = !query.is_empty() && market.to_lowercase().contains(&query);
                let listed: Vec<Country> = if market_hit {
                    countries.clone()
                } else {
                    countries
                        .iter()
                        .copied()
                        .filter(|c| matches_country(*c))
                        .collect()
                };
                if listed.is_empty() {
                    continue;
                }
                shown += 1;
                let title = format!(
                    "{} ({} {})",
                    market.as_str(),
                    countries.len(),
                    if countries.len() == 1 {
                        "country"
                    } else {
                        "countries"
                    }
                );
                egui::CollapsingHeader::new(title)
                    .id_salt(("market", market.as_str()))
                    .open((!query.is_empty()).then_some(true))
                    .show(ui, |ui| {
                        ui.horizontal_wrapped(|ui| {
                            for c in &listed {
                                ui.label(format!("{} ({})", c.name(), c.code()));
                            }
                        });
                    });
            }
            if shown == 0 {
                ui.label(format!(
                    "No market or country matches \"{}\".",
                    view.market_query.trim()
                ));
            }
        });
}

/// A line of text that wraps inside the tab instead of running off its edge.
fn wrapped(ui: &mut Ui, text: String) {
    ui.add(egui::Label::new(text).wrap());
}
