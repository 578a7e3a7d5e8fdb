//! The language-model client the chat service talks to, behind the [`ChatModel`] trait: one chat
//! completion with tool definitions in, one assistant message (text and/or tool calls) out.
//!
//! [`OpenAiModel`] speaks the OpenAI chat-completions protocol, so OpenAI, Groq, Ollama, vLLM or any
//! compatible server works (OPENAI_API_BASE). Its API is blocking: notebooks call it synchronously, and it
//! owns the async runtime it needs. Tests script a real HTTP server on loopback, never the internet.
//!
//! This module knows nothing of cost data or tools' meaning, and must never print, log or put the API key
//! in an error.

mod openai;
mod wire;

use serde::{Deserialize, Serialize};

use crate::error::Result;
pub use openai::{LlmSettings, OpenAiModel};

/// One message of a conversation, in the order the model reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ChatMessage {
    /// Instructions for the model.
    System(String),
    /// The user's words.
    User(String),
    /// What the model answered: text, tool calls, or both.
    Assistant(AssistantReply),
    /// A tool's result, for the call with this id.
    Tool {
        /// The [`ToolCall::id`] it answers.
        tool_call_id: String,
        /// The result (JSON or text).
        content: String,
    },
}

/// A function the model may call, described by a JSON schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolDefinition {
    /// The function name (`kpis`, `group_by`...).
    pub name: String,
    /// What it does and when to use it.
    pub description: String,
    /// A JSON schema of its arguments (an `object`).
    pub parameters: serde_json::Value,
}

/// A function call the model asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The id the result must quote.
    pub id: String,
    /// The function name, as the model wrote it (it may not exist).
    pub name: String,
    /// The arguments as the model wrote them: JSON text that may be malformed.
    pub arguments: String,
}

/// The model's answer to one completion request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AssistantReply {
    /// Text, if any.
    pub content: Option<String>,
    /// Tool calls, if any (the chat loop runs them and asks again).
    pub tool_calls: Vec<ToolCall>,
}

/// A chat-completion model with tool calling.
pub trait ChatModel: Send + Sync + std::fmt::Debug {
    /// The model's answer to `messages`, which may call any of `tools`.
    fn complete(&self, messages: &[ChatMessage], tools: &[ToolDefinition]) -> Result<AssistantReply>;

    /// Like [`ChatModel::complete`], handing text to `on_text` as it arrives. The default calls `complete`
    /// and hands over the whole text at once.
    fn complete_streaming(
        &self,
        messages: &[ChatMessage],
        tools: &[ToolDefinition],
        on_text: &mut dyn FnMut(&str),
    ) -> Result<AssistantReply> {
        let reply = self.complete(messages, tools)?;
        if let Some(text) = &reply.content {
            on_text(text);
        }
        Ok(reply)
    }

    /// The model's name, for the record of an answer.
    fn model_name(&self) -> String;
}
