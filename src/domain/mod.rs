//! The pure model and engine: no egui, no files, no clock.

pub mod actuals;
pub mod arith;
pub mod calendar;
pub mod campaign_cost;
pub mod card_diff;
pub mod category;
pub mod compare;
pub mod country;
mod country_data;
pub mod currencies;
pub mod era;
pub mod market;
pub mod mix;
pub mod projection;
pub mod ratebook;
pub mod reconcile;
pub mod scenario;
pub mod solve;
pub mod variance;
pub mod variants;

pub use calendar::{Date, Month};
pub use category::{Category, ChargedCategory, PerCategory};
pub use country::Country;
pub use era::Era;
pub use market::MarketMap;
pub use projection::{
    Line, MonthProjection, Projection, ProjectionError, Warning, project, project_into,
};
pub use ratebook::{CardId, Currency, RateBook, RateCard};
pub use scenario::Scenario;
