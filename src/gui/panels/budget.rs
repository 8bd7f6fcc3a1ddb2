//! The budget helper ("What does my budget buy?"), opened beside the plan panel's budget: the
//! user picks what to scale (the whole plan, a country, a category, a country's category, a
//! campaign), per month or over the plan, and `domain::solve` answers by pricing the plan
//! itself. "Apply" asks the app to put the answer in the variant shown, as one undo step.

use egui::{RichText, Ui};
use rust_decimal::Decimal;

use crate::domain::category::Category;
use crate::domain::country::Country;
use crate::domain::scenario::{Scenario, rules};
use crate::domain::solve::{BudgetPer, ScaleTarget, Solution, SolveRequest, solve};
use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;

/// What the budget scales, as the picker says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScaleKind {
    #[default]
    Plan,
    Country,
    Category,
    Line,
    Campaign,
}

impl ScaleKind {
    pub const ALL: [ScaleKind; 5] = [
        ScaleKind::Plan,
        ScaleKind::Country,
        ScaleKind::Category,
        ScaleKind::Line,
        ScaleKind::Campaign,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ScaleKind::Plan => "The whole plan",
            ScaleKind::Country => "One country",
            ScaleKind::Category => "One kind of message, in every country",
            ScaleKind::Line => "One kind of message in one country",
            ScaleKind::Campaign => "One campaign",
        }
    }
}

/// An answer, with the plan it was found for (an edit since makes it stale).
#[derive(Debug, Clone)]
struct Answer {
    plan: Scenario,
    result: Result<Solution, String>,
}

/// The helper's window and its choices (view state: not remembered across restarts).
#[derive(Debug, Default)]
pub struct BudgetHelper {
    pub open: bool,
    pub kind: ScaleKind,
    pub country: Option<Country>,
    pub category: Option<Category>,
    pub campaign: Option<String>,
    /// The budget holds over the plan's whole horizon rather than every month.
    pub over_plan: bool,
    /// The budget as typed.
    pub budget: String,
    /// The budget to show in the field when the helper opens (written in the user's
    /// convention, which only the drawing knows).
    prefill: Option<Decimal>,
    answer: Option<Answer>,
}

impl BudgetHelper {
    /// Opens the helper on the plan shown: the budget is the plan's monthly budget (or
    /// `suggested`), and the country is the plan's first.
    pub fn open_for(&mut self, scenario: &Scenario, suggested: Decimal) {
        self.open = true;
        self.answer = None;
        self.over_plan = false;
        self.prefill = Some(scenario.budget_monthly.unwrap_or(suggested));
        let countries = scenario.planned_countries();
        if self.country.is_none_or(|c| !countries.contains(&c)) {
            self.country = countries.first().copied();
        }
        if self.category.is_none() {
            self.category = Some(Category::Marketing);
        }
        let campaigns: Vec<&str> = scenario.campaigns.iter().map(|c| c.name.as_str()).collect();
        if self
            .campaign
            .as_deref()
            .is_none_or(|c| !campaigns.contains(&c))
        {
            self.campaign = campaigns.first().map(|c| c.to_string());
        }
    }

    /// A budget a month becomes the same over the plan's months and back, while the field
    /// holds a number (what the user typed otherwise stays as it is).
    fn rescale_budget(&mut self, months: u32, comma: bool) {
        let Ok(amount) = rules::parse_typed(&self.budget, comma) else {
            return;
        };
        let months = Decimal::from(months.max(1));
        let scaled = if self.over_plan {
            amount * months
        } else {
            (amount / months).round_dp(2)
        };
        let text = scaled.normalize().to_string();
        self.budget = if comma { text.replace('.', ",") } else { text };
    }

    /// What the choices ask for, or what is missing.
    fn target(&self) -> Result<ScaleTarget, String> {
        let country = || {
            self.country
                .ok_or("choose a country (add one to the plan first)")
        };
        let category = || self.category.ok_or("choose a kind of message");
        Ok(match self.kind {
            ScaleKind::Plan => ScaleTarget::Plan,
            ScaleKind::Country => ScaleTarget::Country(country()?),
            ScaleKind::Category => ScaleTarget::Category(category()?),
            ScaleKind::Line => ScaleTarget::Line(country()?, category()?),
            ScaleKind::Campaign => ScaleTarget::Campaign(
                self.campaign
                    .clone()
                    .ok_or("choose a campaign (add one to the plan first)")?,
            ),
        })
    }

    /// Finds the answer for the plan as it is now (usually well under 50 ms: the engine is
    /// run a few dozen times).
    fn find(&mut self, scenario: &Scenario, book: &crate::domain::ratebook::RateBook, comma: bool) {
        let result = (|| {
            let budget = rules::amount(rules::parse_typed(&self.budget, comma)?)?;
            let request = SolveRequest {
                target: self.target()?,
                budget,
                per: if self.over_plan {
                    BudgetPer::Plan
                } else {
                    BudgetPer::Month
                },
            };
            solve(scenario, book, &request).map_err(|e| e.to_string())
        })();
        self.answer = Some(Answer {
            plan: scenario.clone(),
            result,
        });
    }

    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut PanelCtx<'_>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("What does my budget buy?")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(420.0)
            // In the middle, over the charts: the plan's budget stays in view beside it.
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| self.body(ui, cx));
        self.open &= open;
    }

    fn body(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        let comma = cx.settings.decimal_comma;
        if let Some(d) = self.prefill.take() {
            let text = d.normalize().to_string();
            self.budget = if comma { text.replace('.', ",") } else { text };
        }
        let s = &*cx.scenario;
        ui.add(
            egui::Label::new(
                "The most volume your budget pays for, priced as the plan is (free allowance, \
                 volume discounts, provider fees and tax included).",
            )
            .wrap(),
        );
        ui.add_space(4.0);
        let mut entered = false;
        egui::Grid::new("budget helper")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Scale");
                egui::ComboBox::from_id_salt("scale kind")
                    .selected_text(self.kind.label())
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for k in ScaleKind::ALL {
                            ui.selectable_value(&mut self.kind, k, k.label());
                        }
                    })
                    .response
                    .accessible_name("What to scale");
                ui.end_row();
                if matches!(self.kind, ScaleKind::Country | ScaleKind::Line) {
                    ui.label("Country");
                    egui::ComboBox::from_id_salt("scale country")
                        .selected_text(self.country.map_or("none", |c| c.name()))
                        .show_ui(ui, |ui| {
                            for c in s.planned_countries() {
                                ui.selectable_value(&mut self.country, Some(c), c.name());
                            }
                        })
                        .response
                        .accessible_name("Country to scale");
                    ui.end_row();
                }
                if matches!(self.kind, ScaleKind::Category | ScaleKind::Line) {
                    ui.label("Kind");
                    egui::ComboBox::from_id_salt("scale category")
                        .selected_text(self.category.map_or("none", |c| c.label()))
                        .show_ui(ui, |ui| {
                            for c in Category::ALL {
                                ui.selectable_value(&mut self.category, Some(c), c.label());
                            }
                        })
                        .response
                        .accessible_name("Kind of message to scale");
                    ui.end_row();
                }
                if self.kind == ScaleKind::Campaign {
                    ui.label("Campaign");
                    egui::ComboBox::from_id_salt("scale campaign")
                        .selected_text(self.campaign.clone().unwrap_or_else(|| "none".into()))
                        .show_ui(ui, |ui| {
                            for c in &s.campaigns {
                                ui.selectable_value(
                                    &mut self.campaign,
                                    Some(c.name.clone()),
                                    c.name.as_str(),
                                );
                            }
                        })
                        .response
                        .accessible_name("Campaign to scale");
                    ui.end_row();
                }
                ui.label(format!("Budget ({})", s.currency));
                ui.horizontal(|ui| {
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.budget).desired_width(100.0))
                        .accessible_name("Budget to spend");
                    entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let was = self.over_plan;
                    ui.selectable_value(&mut self.over_plan, false, "a month")
                        .accessible_name("Budget a month");
                    ui.selectable_value(&mut self.over_plan, true, "over the plan")
                        .accessible_name("Budget over the plan");
                    if was != self.over_plan {
                        self.rescale_budget(s.months, comma);
                    }
                });
                ui.end_row();
            });
        ui.add_space(4.0);
        if ui.button("Find the answer").clicked() || entered {
            let scenario = cx.scenario.clone();
            self.find(&scenario, &cx.rates.book, comma);
        }
        let Some(answer) = &self.answer else {
            return;
        };
        ui.add_space(4.0);
        let stale = answer.plan != *cx.scenario;
        match &answer.result {
            Err(why) => {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("No answer: {why}.")).color(theme::ERROR.on(ui)),
                    )
                    .wrap(),
                );
            }
            Ok(solution) => {
                let text = crate::glossary::budget_answer(solution);
                if solution.within_budget() {
                    ui.add(egui::Label::new(RichText::new(text).strong()).wrap());
                } else {
                    ui.add(
                        egui::Label::new(RichText::new(text).color(theme::WARNING.on(ui))).wrap(),
                    );
                }
                hint(
                    ui,
                    &format!(
                        "With it the plan costs {} over its months.",
                        crate::gui::widgets::money(
                            solution.total,
                            &solution.scenario.currency.to_string()
                        )
                    ),
                );
                if stale {
                    hint(ui, "The plan changed since: find the answer again.");
                }
                let can_apply = solution.within_budget() && !stale;
                if ui
                    .add_enabled(can_apply, egui::Button::new("Apply"))
                    .on_hover_text("Puts this volume in the plan (Undo takes it back)")
                    .on_disabled_hover_text(if stale {
                        "The plan changed since this answer: find it again"
                    } else {
                        "Nothing fits in this budget"
                    })
                    .clicked()
                {
                    cx.run(Command::ApplyBudgetAnswer(Box::new(
                        solution.scenario.clone(),
                    )));
                    self.answer = None;
                }
            }
        }
    }
}

fn hint(ui: &mut Ui, text: &str) {
    ui.add(egui::Label::new(RichText::new(text).small().weak()).wrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::rates::embedded_book;
    use crate::io::scenario_file::parse_scenario;

    fn example() -> Scenario {
        parse_scenario(
            "example.json",
            include_str!("../../../assets/example-scenario.json"),
        )
        .unwrap()
    }

    #[test]
    fn the_answer_reads_as_a_sentence_with_the_month_that_binds() {
        let s = example();
        let brazil = Country::parse("BR").unwrap();
        let request = SolveRequest {
            target: ScaleTarget::Line(brazil, Category::Marketing),
            budget: Decimal::from(20_000),
            per: BudgetPer::Month,
        };
        let solution = solve(&s, &embedded_book(), &request).unwrap();
        let text = crate::glossary::budget_answer(&solution);
        let month = solution.binding_month().unwrap();
        assert_eq!(
            text,
            format!(
                "20,000 USD a month buys {} marketing messages to Brazil a month; {} binds.",
                crate::io::display::count(solution.volume),
                crate::glossary::month_long(month)
            )
        );
    }

    #[test]
    fn a_budget_too_small_says_why_there_is_no_room() {
        let mut s = example();
        s.provider.monthly_fee = Decimal::from(500);
        let request = SolveRequest {
            target: ScaleTarget::Plan,
            budget: Decimal::from(100),
            per: BudgetPer::Month,
        };
        let solution = solve(&s, &embedded_book(), &request).unwrap();
        assert!(!solution.within_budget());
        let text = crate::glossary::budget_answer(&solution);
        assert!(text.starts_with("No room: even with none of"), "{text}");
    }

    #[test]
    fn opening_prefills_the_plans_budget_and_its_first_country() {
        let mut s = example();
        s.budget_monthly = Some(Decimal::from(7_500));
        let mut helper = BudgetHelper::default();
        helper.open_for(&s, Decimal::from(1));
        assert!(helper.open);
        assert_eq!(helper.prefill, Some(Decimal::from(7_500)));
        assert_eq!(helper.country, s.planned_countries().first().copied());
        assert_eq!(helper.campaign.as_deref(), Some("Black Friday"));
        helper.kind = ScaleKind::Line;
        assert_eq!(
            helper.target(),
            Ok(ScaleTarget::Line(
                Country::parse("IN").unwrap(),
                Category::Marketing
            ))
        );
    }
}
