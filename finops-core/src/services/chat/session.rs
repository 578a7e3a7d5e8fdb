//! [`ChatSession`]: a conversation about one workspace's costs. With a language model, the loop sends the
//! question with the tool definitions, runs the tool calls the model asks for, feeds the results back, and
//! repeats (at most `max_tool_rounds` times) until the model answers in text. Without one, the offline
//! analyst answers from the same tools.

use chrono::NaiveDate;

use super::answer::{Answer, AnswerTable, ToolCallRecord};
use super::offline;
use super::prompt::{data_range, system_prompt};
use super::tools::{default_sql_limits, SqlLimits, ToolContext, ToolRegistry, DEFAULT_ROW_LIMIT};
use crate::error::Result;
use crate::filter::Filter;
use crate::infra::llm::{AssistantReply, ChatMessage, ChatModel, OpenAiModel};
use crate::infra::Config;
use crate::workspace::Workspace;

/// A conversation: the model (or the offline analyst), the tools, the filters in force and the messages so
/// far. It holds no workspace: each question names the one it is about.
#[derive(Debug)]
pub struct ChatSession {
    model: Option<Box<dyn ChatModel>>,
    tools: ToolRegistry,
    filter: Filter,
    today: Option<NaiveDate>,
    history: Vec<ChatMessage>,
    history_budget: usize,
    max_tool_rounds: usize,
    row_limit: usize,
    sql: SqlLimits,
}

impl ChatSession {
    /// A session with `model`, or the offline analyst when None; the standard tools, no filter.
    pub fn new(model: Option<Box<dyn ChatModel>>) -> ChatSession {
        ChatSession {
            model,
            tools: ToolRegistry::standard(),
            filter: Filter::default(),
            today: None,
            history: Vec::new(),
            history_budget: DEFAULT_HISTORY_BUDGET,
            max_tool_rounds: 6,
            row_limit: DEFAULT_ROW_LIMIT,
            sql: default_sql_limits(),
        }
    }

    /// The offline analyst: no language model, deterministic answers to the common questions.
    pub fn offline() -> ChatSession {
        ChatSession::new(None)
    }

    /// The model `config` names (OPENAI_API_KEY, OPENAI_API_BASE, OPENAI_MODEL), or the offline analyst
    /// without a key.
    pub fn from_config(config: &Config) -> Result<ChatSession> {
        Ok(match config.openai_api_key {
            Some(_) => ChatSession::new(Some(Box::new(OpenAiModel::from_config(config)?))),
            None => ChatSession::offline(),
        })
    }

    /// The filters in force for every question (the SQL tool excepted: it is told to apply them itself).
    pub fn with_filter(mut self, filter: Filter) -> ChatSession {
        self.filter = filter;
        self
    }

    /// The day relative periods are resolved against. Default: the last day with data, or the real date if
    /// that is earlier (an export is analysed as of its last day).
    pub fn with_today(mut self, today: NaiveDate) -> ChatSession {
        self.today = Some(today);
        self
    }

    /// Replaces the tools.
    pub fn with_tools(mut self, tools: ToolRegistry) -> ChatSession {
        self.tools = tools;
        self
    }

    /// At most this many rounds of tool calls per question (default 6).
    pub fn with_max_tool_rounds(mut self, rounds: usize) -> ChatSession {
        self.max_tool_rounds = rounds.max(1);
        self
    }

    /// How much of the conversation is sent again with each question, in characters of message text and tool
    /// results (default 48,000, about 12,000 tokens): the oldest exchanges are forgotten first, the latest is
    /// always kept. Models have a context limit, and every remembered token is paid for on every question.
    pub fn with_history_budget(mut self, chars: usize) -> ChatSession {
        self.history_budget = chars;
        self
    }

    /// Rows of each table the model sees (default 50).
    pub fn with_row_limit(mut self, rows: usize) -> ChatSession {
        self.row_limit = rows.max(1);
        self
    }

    /// The SQL tool's row and time limits (default 1,000 rows, 5 s).
    pub fn with_sql_limits(mut self, limits: SqlLimits) -> ChatSession {
        self.sql = limits;
        self
    }

    /// The tools, to register more (forecast, recommendations...).
    pub fn tools_mut(&mut self) -> &mut ToolRegistry {
        &mut self.tools
    }

    /// The tools offered.
    pub fn tools(&self) -> &ToolRegistry {
        &self.tools
    }

    /// The filters in force.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Changes the filters in force for the next questions.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
    }

    /// The conversation so far (user, assistant and tool messages; the system prompt is rebuilt per question).
    pub fn history(&self) -> &[ChatMessage] {
        &self.history
    }

    /// Forgets the conversation.
    pub fn clear(&mut self) {
        self.history.clear();
    }

    /// Whether answers come from the offline analyst.
    pub fn is_offline(&self) -> bool {
        self.model.is_none()
    }

    /// The day relative periods resolve against on `ws`.
    pub fn today(&self, ws: &Workspace) -> NaiveDate {
        let real = chrono::Utc::now().date_naive();
        self.today.unwrap_or_else(|| data_range(ws).map_or(real, |(_, last)| last.min(real)))
    }

    /// Answers `question` about `ws`, remembering it for the next questions.
    pub fn ask(&mut self, ws: &Workspace, question: &str) -> Result<Answer> {
        self.answer(ws, question, None)
    }

    /// Like [`ChatSession::ask`], handing the model's text to `on_text` as it arrives (the offline analyst
    /// hands over its whole answer at once).
    pub fn ask_streaming(&mut self, ws: &Workspace, question: &str, on_text: &mut dyn FnMut(&str)) -> Result<Answer> {
        self.answer(ws, question, Some(on_text))
    }

    fn answer(&mut self, ws: &Workspace, question: &str, mut on_text: Option<&mut dyn FnMut(&str)>) -> Result<Answer> {
        let today = self.today(ws);
        let ctx = ToolContext { workspace: ws, filter: &self.filter, today, row_limit: self.row_limit, sql: self.sql };
        let answer = match &self.model {
            None => {
                let answer = offline::answer(&ctx, &self.tools, question);
                if let Some(on_text) = on_text.as_mut() {
                    on_text(&answer.text);
                }
                answer
            }
            Some(model) => {
                let (answer, messages) = run_loop(
                    model.as_ref(),
                    &self.tools,
                    &ctx,
                    &self.history,
                    question,
                    self.max_tool_rounds,
                    on_text,
                )?;
                self.history.extend(messages);
                forget_oldest(&mut self.history, self.history_budget);
                return Ok(answer);
            }
        };
        self.history.push(ChatMessage::User(question.to_string()));
        self.history.push(ChatMessage::Assistant(AssistantReply {
            content: Some(answer.text.clone()),
            tool_calls: Vec::new(),
        }));
        forget_oldest(&mut self.history, self.history_budget);
        Ok(answer)
    }
}

/// See [`ChatSession::with_history_budget`].
const DEFAULT_HISTORY_BUDGET: usize = 48_000;

fn size(message: &ChatMessage) -> usize {
    match message {
        ChatMessage::System(text) | ChatMessage::User(text) => text.len(),
        ChatMessage::Assistant(reply) => {
            reply.content.as_ref().map_or(0, String::len)
                + reply.tool_calls.iter().map(|c| c.name.len() + c.arguments.len()).sum::<usize>()
        }
        ChatMessage::Tool { content, .. } => content.len(),
    }
}

/// Drops whole exchanges (a question and everything up to the next one) from the front until the history
/// fits `budget`, keeping the latest exchange whatever its size: a tool result is never separated from the
/// call it answers.
fn forget_oldest(history: &mut Vec<ChatMessage>, budget: usize) {
    let mut total: usize = history.iter().map(size).sum();
    while total > budget {
        let next_question = history.iter().skip(1).position(|m| matches!(m, ChatMessage::User(_))).map(|i| i + 1);
        let Some(cut) = next_question else { break };
        total -= history[..cut].iter().map(size).sum::<usize>();
        history.drain(..cut);
    }
}

/// The tool loop: the answer, and the messages to remember (the question onwards).
fn run_loop(
    model: &dyn ChatModel,
    tools: &ToolRegistry,
    ctx: &ToolContext<'_>,
    history: &[ChatMessage],
    question: &str,
    max_rounds: usize,
    mut on_text: Option<&mut dyn FnMut(&str)>,
) -> Result<(Answer, Vec<ChatMessage>)> {
    let mut messages = vec![ChatMessage::System(system_prompt(ctx.workspace, ctx.filter, ctx.today))];
    messages.extend(history.iter().cloned());
    let first_new = messages.len();
    messages.push(ChatMessage::User(question.to_string()));
    let definitions = tools.definitions();
    let mut tables: Vec<AnswerTable> = Vec::new();
    let mut records: Vec<ToolCallRecord> = Vec::new();
    let mut text = None;
    for round in 0..=max_rounds {
        // The last round offers no tools: the model must answer with what it has.
        let offered = if round < max_rounds { definitions.as_slice() } else { &[] };
        let mut reply = match on_text.as_mut() {
            Some(on_text) => model.complete_streaming(&messages, offered, *on_text)?,
            None => model.complete(&messages, offered)?,
        };
        if reply.tool_calls.is_empty() || round == max_rounds {
            text = reply.content.clone();
            reply.tool_calls.clear();
            messages.push(ChatMessage::Assistant(reply));
            break;
        }
        for (i, call) in reply.tool_calls.iter_mut().enumerate() {
            if call.id.is_empty() {
                call.id = format!("call_{round}_{i}");
            }
        }
        messages.push(ChatMessage::Assistant(reply.clone()));
        for call in &reply.tool_calls {
            let run = tools.run(ctx, &call.name, &call.arguments);
            tracing::debug!(tool = %call.name, ok = run.record.ok(), "chat tool call");
            records.push(run.record);
            if let Some(output) = run.output {
                tables.extend(output.tables);
            }
            messages.push(ChatMessage::Tool { tool_call_id: call.id.clone(), content: run.content });
        }
    }
    let text = text
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "The model gave no answer; the tables below are what its tool calls returned.".into());
    let answer =
        Answer { question: question.to_string(), text, tables, tool_calls: records, model: Some(model.model_name()) };
    Ok((answer, messages.split_off(first_new)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::llm::ToolCall;

    /// One exchange: a question, a tool call, its result of `result` characters, the answer.
    fn exchange(question: &str, result: usize) -> Vec<ChatMessage> {
        let call = ToolCall { id: format!("{question}-1"), name: "kpis".into(), arguments: "{}".into() };
        vec![
            ChatMessage::User(question.into()),
            ChatMessage::Assistant(AssistantReply { content: None, tool_calls: vec![call] }),
            ChatMessage::Tool { tool_call_id: format!("{question}-1"), content: "x".repeat(result) },
            ChatMessage::Assistant(AssistantReply { content: Some("ok".into()), tool_calls: Vec::new() }),
        ]
    }

    #[test]
    fn the_oldest_exchanges_go_first_and_the_latest_always_stays() {
        // Each exchange: 2 (question) + 6 (kpis + {}) + result + 2 (ok) characters.
        let mut history = [exchange("q1", 100), exchange("q2", 100), exchange("q3", 100)].concat();
        forget_oldest(&mut history, 230);
        // 3 × 110 = 330 > 230: q1 goes; 220 fits.
        assert_eq!(history.len(), 8);
        assert_eq!(history[0], ChatMessage::User("q2".into()));
        forget_oldest(&mut history, 10);
        assert_eq!(history, exchange("q3", 100), "the latest exchange stays even over budget");
        let mut within = exchange("q1", 10);
        forget_oldest(&mut within, 1_000);
        assert_eq!(within.len(), 4);
    }
}
