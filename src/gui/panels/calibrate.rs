//! "Rates in another currency…" in the Rates tab: for a billing currency wacost has no factor
//! for (or a date it lacks), the user gives one rate from their invoice or Meta's card, or the
//! factor itself; Meta's US dollar card of that date × the factor becomes a card in their rates
//! folder (the same as `wacost rates derive`). An imported card of Meta's always wins over it.

use egui::{RichText, Ui};
use rust_decimal::Decimal;

use crate::domain::calendar::Date;
use crate::domain::category::ChargedCategory;
use crate::domain::currencies::{
    Calibration, KnownRate, META_CURRENCIES, calibrated_card, first_derived_date,
};
use crate::domain::ratebook::{CardId, Currency, RateBook, RateCard};
use crate::domain::scenario::rules;
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;

/// From one rate, or from the factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    #[default]
    Rate,
    Factor,
}

#[derive(Debug, Default)]
pub struct Calibrate {
    pub open: bool,
    pub currency: Option<Currency>,
    pub date: Option<Date>,
    pub basis: Basis,
    pub market: Option<String>,
    pub category: Option<ChargedCategory>,
    pub rate: String,
    pub factor: String,
}

fn usd() -> Currency {
    "USD".parse().expect("valid")
}

/// The card the form would store, or why not.
pub fn preview(book: &RateBook, c: &Calibrate, comma: bool) -> Result<RateCard, String> {
    let currency = c.currency.ok_or("pick the currency")?;
    let date = c.date.ok_or("pick the date of Meta's rates")?;
    let base = book
        .card(CardId {
            currency: usd(),
            effective: date,
        })
        .ok_or_else(|| format!("wacost has no US dollar rates of {date}"))?;
    let number = |t: &str, what: &str| -> Result<Decimal, String> {
        if t.trim().is_empty() {
            return Err(format!("type {what}"));
        }
        rules::parse_typed(t, comma)
            .ok()
            .filter(|d| *d > Decimal::ZERO)
            .ok_or_else(|| format!("{:?} is not a positive number", t.trim()))
    };
    let how = match c.basis {
        Basis::Factor => Calibration::Factor(number(
            &c.factor,
            &format!("how many {currency} make a US dollar on Meta's card"),
        )?),
        Basis::Rate => {
            let market = c.market.clone().ok_or("pick the market of your rate")?;
            let category = c.category.ok_or("pick the kind of message of your rate")?;
            let rate = number(&c.rate, &format!("the rate in {currency}"))?;
            Calibration::Rates(vec![KnownRate {
                market: crate::domain::market::MarketName::new(&market),
                category,
                rate,
            }])
        }
    };
    calibrated_card(base, currency, &how, book.cards(), book.currency_data())
}

impl Calibrate {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        if !self.open {
            return;
        }
        let book = &cx.rates.book;
        let comma = cx.settings.decimal_comma;
        if self.currency.is_none() {
            // The plan's currency when it has no rates, else the first that has none.
            let plan = cx.scenario.currency;
            self.currency = Some(if book.cards_of(plan).next().is_none() {
                plan
            } else {
                META_CURRENCIES
                    .iter()
                    .filter_map(|c| c.parse::<Currency>().ok())
                    .find(|c| book.cards_of(*c).next().is_none())
                    .unwrap_or(plan)
            });
        }
        let dates: Vec<Date> = book
            .cards_of(usd())
            .map(|c| c.effective)
            .filter(|d| *d >= first_derived_date())
            .collect();
        if self.date.is_none() {
            self.date = book
                .plan_card_date(usd(), cx.scenario.rate_card, cx.scenario.start_month)
                .or(dates.last().copied());
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("Rates in another currency").strong());
            ui.add(
                egui::Label::new(
                    "Meta's rate card in any currency is its US dollar card times one number. \
                     Give one rate from your invoice or Meta's card in your currency, and wacost \
                     converts the whole card. Meta's own file, when you import it, replaces this.",
                )
                .wrap(),
            );
            egui::Grid::new("calibrate").num_columns(2).show(ui, |ui| {
                ui.label("Currency");
                let shown = self.currency.map_or(String::new(), |c| c.to_string());
                egui::ComboBox::from_id_salt("calibrate currency")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for c in META_CURRENCIES.iter().filter(|c| **c != "USD") {
                            let label = crate::io::money::style_of(c)
                                .map_or_else(|| c.to_string(), |st| format!("{c} · {}", st.name));
                            let c: Currency = c.parse().expect("valid");
                            ui.selectable_value(&mut self.currency, Some(c), label);
                        }
                    })
                    .response
                    .accessible_name("Currency to convert to");
                ui.end_row();
                ui.label("Meta's US dollar rates of");
                egui::ComboBox::from_id_salt("calibrate date")
                    .selected_text(self.date.map_or(String::new(), |d| d.to_string()))
                    .show_ui(ui, |ui| {
                        for d in dates.iter().rev() {
                            ui.selectable_value(&mut self.date, Some(*d), d.to_string());
                        }
                    })
                    .response
                    .accessible_name("Date of Meta's rates");
                ui.end_row();
                ui.label("From");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.basis, Basis::Rate, "one rate you know");
                    ui.radio_value(&mut self.basis, Basis::Factor, "the factor");
                });
                ui.end_row();
                match self.basis {
                    Basis::Rate => {
                        let markets: Vec<String> = self
                            .date
                            .and_then(|d| {
                                book.card(CardId {
                                    currency: usd(),
                                    effective: d,
                                })
                            })
                            .map(|c| c.markets.iter().map(|m| m.market.to_string()).collect())
                            .unwrap_or_default();
                        ui.label("Market");
                        egui::ComboBox::from_id_salt("calibrate market")
                            .selected_text(self.market.clone().unwrap_or_default())
                            .show_ui(ui, |ui| {
                                for m in markets {
                                    ui.selectable_value(&mut self.market, Some(m.clone()), m);
                                }
                            })
                            .response
                            .accessible_name("Market of your rate");
                        ui.end_row();
                        ui.label("Kind of message");
                        egui::ComboBox::from_id_salt("calibrate category")
                            .selected_text(
                                self.category
                                    .map_or(String::new(), |c| c.label().to_string()),
                            )
                            .show_ui(ui, |ui| {
                                for c in ChargedCategory::ALL {
                                    ui.selectable_value(&mut self.category, Some(c), c.label());
                                }
                            })
                            .response
                            .accessible_name("Kind of message of your rate");
                        ui.end_row();
                        ui.label(format!(
                            "Rate ({})",
                            self.currency.map_or(String::new(), |c| c.to_string())
                        ));
                        ui.add(egui::TextEdit::singleline(&mut self.rate).desired_width(110.0))
                            .accessible_name("Your rate");
                        ui.end_row();
                    }
                    Basis::Factor => {
                        ui.label("Per US dollar");
                        ui.add(egui::TextEdit::singleline(&mut self.factor).desired_width(110.0))
                            .accessible_name("Units per US dollar");
                        ui.end_row();
                    }
                }
            });
            let result = preview(book, self, comma);
            match &result {
                Ok(card) => {
                    let f = card.derivation.as_ref().map_or(Decimal::ONE, |d| d.factor);
                    ui.label(format!(
                        "1 US dollar = {} {} on Meta's card: {} markets converted.",
                        f.normalize(),
                        card.currency,
                        card.markets.len()
                    ));
                }
                Err(why) => {
                    // The reason as a sentence: "Pick the market of your rate."
                    let mut text: String =
                        why.chars().take(1).flat_map(char::to_uppercase).collect();
                    text.push_str(
                        why.get(why.chars().next().map_or(0, char::len_utf8)..)
                            .unwrap_or(""),
                    );
                    if !text.ends_with('.') {
                        text.push('.');
                    }
                    ui.label(RichText::new(text).color(theme::WARNING.on(ui)));
                }
            }
            ui.horizontal(|ui| {
                let label = match (self.currency, self.date) {
                    (Some(c), Some(d)) => format!("Store {c} rates of {d}"),
                    _ => "Store the rates".into(),
                };
                if ui
                    .add_enabled(result.is_ok(), egui::Button::new(label))
                    .clicked()
                    && let Ok(card) = result
                {
                    cx.run(Command::StoreDerivedCard(Box::new(card)));
                    self.open = false;
                }
                if ui.button("Close").clicked() {
                    self.open = false;
                }
            });
        });
        ui.add_space(6.0);
    }
}
