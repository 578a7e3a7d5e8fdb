//! The FOCUS cost model: line items, the FOCUS enums, tags and the service-category lookup.

mod attributes;
mod enums;
mod line_item;
mod service_category;
mod tags;

pub use attributes::Attributes;
pub(crate) use enums::fold;
pub use enums::{
    ChargeCategory, ChargeClass, ChargeFrequency, CommitmentDiscountCategory, CommitmentDiscountStatus,
    PricingCategory, Provider, ServiceCategory,
};
pub use line_item::{LineItem, ATTRIBUTE_COLUMNS};
pub use service_category::service_category_for;
pub use tags::{normalize_tag_key, Tag, Tags};
