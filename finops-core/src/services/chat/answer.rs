//! What a question gets back: markdown text, the tables it was computed from, and the tool calls made.

use polars::prelude::DataFrame;

use super::table;

/// A table an answer used, under the name the tool gave it (`kpis`, `group_by_service`...).
#[derive(Debug, Clone)]
pub struct AnswerTable {
    /// Its name.
    pub name: String,
    /// The rows (complete up to the tool's fetch limit; the model only saw the first few).
    pub frame: DataFrame,
}

/// One tool call made while answering, as it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCallRecord {
    /// The tool's name, as called (it may not exist).
    pub name: String,
    /// The arguments as written (JSON text; may be malformed).
    pub arguments: String,
    /// None when the call succeeded; else what was wrong, as told to the model.
    pub error: Option<String>,
}

impl ToolCallRecord {
    /// Whether the call succeeded.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// The answer to one question.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The question asked.
    pub question: String,
    /// The answer, in markdown.
    pub text: String,
    /// The tables the tools returned, in call order.
    pub tables: Vec<AnswerTable>,
    /// Every tool call, in order, with its outcome.
    pub tool_calls: Vec<ToolCallRecord>,
    /// The language model that wrote the text; None for the offline analyst.
    pub model: Option<String>,
}

impl Answer {
    /// The text, each table (its first `max_rows` rows) and the tool calls, as one markdown document.
    pub fn to_markdown(&self, max_rows: usize) -> String {
        let mut out = self.text.trim_end().to_string();
        for t in &self.tables {
            out.push_str(&format!("\n\n**{}**\n\n{}", t.name, table::markdown(&t.frame, max_rows)));
        }
        if !self.tool_calls.is_empty() {
            out.push_str("\n\n<details><summary>Tool calls</summary>\n\n");
            for call in &self.tool_calls {
                let outcome = call.error.as_deref().map_or("ok".to_string(), |e| format!("error: {e}"));
                out.push_str(&format!("- `{}` `{}`: {outcome}\n", call.name, call.arguments));
            }
            out.push_str("\n</details>");
        }
        let source = self.model.as_deref().map_or("offline analyst".to_string(), |m| format!("model {m}"));
        out.push_str(&format!("\n\n_Answered by the {source} from finops' own numbers._\n"));
        out
    }

    /// The table named `name`, if the answer has one.
    pub fn table(&self, name: &str) -> Option<&DataFrame> {
        self.tables.iter().find(|t| t.name == name).map(|t| &t.frame)
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_markdown(20))
    }
}
