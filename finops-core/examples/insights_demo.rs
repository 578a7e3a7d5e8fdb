//! Prints the insights of a database (default `data/finops.db`): `cargo run --example insights_demo [db]`.
use finops_core::prelude::*;
use finops_core::InsightOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = std::env::args().nth(1).unwrap_or_else(|| "data/finops.db".into());
    let ws = Workspace::open(&db)?;
    let filter = Filter { currency: Some("USD".into()), ..Default::default() };
    let t = std::time::Instant::now();
    let insights = ws.insights(&filter, &InsightOptions { budget: Some(20000.0), ..Default::default() })?;
    println!("{}\n\n{:?}", insights.summary(), t.elapsed());
    println!("{}", insights.drivers_frame()?.head(Some(20)));
    Ok(())
}
