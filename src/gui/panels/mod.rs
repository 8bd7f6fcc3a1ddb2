//! One file per panel. Each panel is a struct holding its own view state, drawn by
//! `fn ui(&mut self, ui, cx: &mut PanelCtx)`: it edits the scenario, its fields and the settings
//! through the context and asks for everything else with a command. No panel knows the app.
//!
//! A new panel: a file here, a field in [`Panels`], a line in `app/frame.rs` where it is drawn
//! (and a [`Tab`](crate::gui::settings::Tab) if it is a tab).

pub mod actuals;
pub mod budget;
pub mod by_country;
pub mod calibrate;
pub mod compare;
pub mod confirm;
pub mod currency;
pub mod file_picker;
pub mod menu;
pub mod plan;
pub mod projection;
pub mod rates;
pub mod status;
pub mod table;

/// Every panel of the window, with its view state.
#[derive(Default)]
pub struct Panels {
    pub menu: menu::MenuBar,
    pub status: status::StatusBar,
    pub plan: plan::PlanPanel,
    pub projection: projection::ProjectionPanel,
    pub by_country: by_country::ByCountryPanel,
    pub table: table::TablePanel,
    pub rates: rates::RatesPanel,
    pub actuals: actuals::ActualsPanel,
    pub compare: compare::ComparePanel,
    pub confirm: confirm::ConfirmDialog,
    pub file_picker: file_picker::FilePicker,
}
