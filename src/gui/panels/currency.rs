//! Switching a plan's currency: the card date stays, and the amounts the plan states in its
//! currency (budget, provider fees) are converted at the factor between the two cards after the
//! user says so ("Convert the budget 20,000 USD to 102,944 BRL?"). One undo step either way.

use egui::{Id, Modal, RichText};

use crate::domain::currencies::{Conversion, ConvertedAmount, converted_amounts, switch_currency};
use crate::domain::ratebook::Currency;
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;
use crate::io::display;

/// A switch waiting for the user's answer.
#[derive(Debug, Clone)]
pub struct PendingSwitch {
    pub to: Currency,
    pub conversion: Option<Conversion>,
    pub amounts: Vec<ConvertedAmount>,
}

#[derive(Debug, Default)]
pub struct CurrencySwitch {
    pub pending: Option<PendingSwitch>,
}

/// "20,000 USD", "0.005 USD", "509.57 BRL" (`display::as_typed`).
fn amount(d: rust_decimal::Decimal, currency: Currency) -> String {
    format!("{} {currency}", display::as_typed(d))
}

/// The question, in words: "Convert the budget 20,000 USD to 102,944 BRL?".
pub fn question(from: Currency, p: &PendingSwitch) -> String {
    let parts: Vec<String> = p
        .amounts
        .iter()
        .map(|a| {
            format!(
                "{} {} to {}",
                a.what,
                amount(a.before, from),
                amount(a.after, p.to)
            )
        })
        .collect();
    let list = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!("Convert {list}?")
}

impl CurrencySwitch {
    /// The user picked `to`: switch at once when the plan states no amounts (or the same
    /// currency), else ask.
    pub fn pick(&mut self, to: Currency, cx: &mut PanelCtx<'_>) {
        let s = &*cx.scenario;
        if to == s.currency {
            return;
        }
        let book = &cx.rates.book;
        let conversion = book
            .plan_card_date(s.currency, s.rate_card, s.start_month)
            .and_then(|date| book.conversion(s.currency, to, date));
        let amounts = conversion
            .as_ref()
            .and_then(|c| converted_amounts(s, c))
            .unwrap_or_default();
        let stated = s.budget_monthly.is_some_and(|b| !b.is_zero())
            || !s.provider.per_message_fee.is_zero()
            || !s.provider.monthly_fee.is_zero();
        if !stated {
            let mut next = s.clone();
            next.currency = to;
            cx.run(Command::SwitchCurrency(Box::new(next)));
            return;
        }
        self.pending = Some(PendingSwitch {
            to,
            conversion,
            amounts,
        });
    }

    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut PanelCtx<'_>) {
        let Some(p) = &self.pending else {
            return;
        };
        let from = cx.scenario.currency;
        let mut answer: Option<Option<bool>> = None; // Some(Some(convert)) or Some(None) = cancel
        let modal = Modal::new(Id::unique("switch currency")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading(format!("Plan in {}?", p.to));
            match &p.conversion {
                Some(c) => {
                    // Through the US dollar only when neither side is the dollar.
                    let per_usd = if from.as_str() == "USD" || p.to.as_str() == "USD" {
                        String::new()
                    } else {
                        format!(
                            " ({} {from} and {} {} to the US dollar)",
                            c.from_per_usd.normalize(),
                            c.to_per_usd.normalize(),
                            p.to
                        )
                    };
                    ui.add(
                        egui::Label::new(format!(
                            "Meta's rates of {} stay in use, in {}. On Meta's cards of that date 1 {from} = {} {}{per_usd}.",
                            crate::glossary::date(c.card),
                            p.to,
                            c.factor.round_dp(4).normalize(),
                            p.to,
                        ))
                        .wrap(),
                    );
                    ui.add_space(4.0);
                    ui.add(egui::Label::new(RichText::new(question(from, p)).strong()).wrap());
                }
                None => {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!(
                                "wacost has no {} rates for the date this plan is priced from, so it cannot convert the plan's amounts: they stay as typed, now read as {}. Check the budget and fees.",
                                p.to, p.to
                            ))
                            .color(theme::WARNING.on(ui)),
                        )
                        .wrap(),
                    );
                }
            }
            ui.label("Undo switches back.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if p.conversion.is_some() && ui.button("Convert").clicked() {
                    answer = Some(Some(true));
                }
                let keep = if p.conversion.is_some() {
                    "Keep the numbers"
                } else {
                    "Switch anyway"
                };
                if ui
                    .button(keep)
                    .on_hover_text("Switch the currency and leave the amounts as typed")
                    .clicked()
                {
                    answer = Some(Some(false));
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(None);
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(None);
        }
        let Some(answer) = answer else {
            return;
        };
        let p = self.pending.take().expect("shown above");
        let Some(convert) = answer else {
            return;
        };
        let next = match &p.conversion {
            Some(c) => switch_currency(cx.scenario, c, convert),
            None => None,
        }
        .unwrap_or_else(|| {
            let mut s = cx.scenario.clone();
            s.currency = p.to;
            s
        });
        cx.run(Command::SwitchCurrency(Box::new(next)));
    }
}
