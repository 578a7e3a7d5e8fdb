//! FinOps chat: questions in plain language answered with the engine's own numbers.
//!
//! A [`ChatSession`] gives a language model ([`crate::llm::ChatModel`]) tools over the engine ([`tools`]:
//! KPIs, group-by, period comparison with drivers, monthly and daily series, anomalies, read-only SQL), runs
//! the calls it asks for and returns an [`Answer`]: markdown, the tables used, and every tool call. Without a
//! model, the offline analyst answers the common questions deterministically from the same tools.
//!
//! What it must not do: change stored data (every tool reads; SQL runs on a read-only connection behind an
//! authorizer), or treat text found in the data as an instruction (the system prompt says so, and tool
//! results reach the model as JSON strings). It formats no HTML and knows nothing of notebooks.
//!
//! ```no_run
//! use finops_core::prelude::*;
//! use finops_core::services::chat::ChatSession;
//! let ws = Workspace::open("data/finops.db")?;
//! let mut chat = ChatSession::from_config(ws.config())?;
//! let answer = chat.ask(&ws, "top 5 services last month")?;
//! println!("{answer}");
//! # Ok::<(), finops_core::Error>(())
//! ```

mod answer;
mod offline;
mod prompt;
mod session;
mod table;
pub mod tools;

pub use answer::{Answer, AnswerTable, ToolCallRecord};
pub(crate) use offline::{parse_question, Known};
pub use offline::{Intent, Question};
pub use session::ChatSession;
pub use tools::{SqlLimits, Tool, ToolContext, ToolError, ToolOutput, ToolRegistry};
