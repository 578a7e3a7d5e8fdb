//! Our messages to and from async-openai's chat-completion types. Requests are written as the protocol's JSON
//! and read into async-openai's request type, which validates them; replies are read field by field.

use async_openai::types::chat::{
    ChatCompletionMessageToolCalls, ChatCompletionResponseStream, CreateChatCompletionRequest,
    CreateChatCompletionResponse,
};
use futures_util::StreamExt;
use serde_json::{json, Value};

use super::{AssistantReply, ChatMessage, ToolCall, ToolDefinition};

/// The request body for `model` (with `stream` set when streaming).
pub(super) fn request(
    model: &str,
    messages: &[ChatMessage],
    tools: &[ToolDefinition],
) -> Result<CreateChatCompletionRequest, String> {
    let messages: Vec<Value> = messages.iter().map(message).collect();
    let mut body = json!({ "model": model, "messages": messages, "temperature": 0.0 });
    if !tools.is_empty() {
        let tools: Vec<Value> = tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": t.parameters }})
            })
            .collect();
        body["tools"] = Value::Array(tools);
    }
    serde_json::from_value(body).map_err(|e| format!("cannot build the request: {e}"))
}

fn message(message: &ChatMessage) -> Value {
    match message {
        ChatMessage::System(text) => json!({"role": "system", "content": text}),
        ChatMessage::User(text) => json!({"role": "user", "content": text}),
        ChatMessage::Assistant(reply) => {
            let mut m = json!({"role": "assistant", "content": reply.content});
            if !reply.tool_calls.is_empty() {
                let calls: Vec<Value> = reply
                    .tool_calls
                    .iter()
                    .map(|c| {
                        json!({"id": c.id, "type": "function",
                               "function": {"name": c.name, "arguments": c.arguments}})
                    })
                    .collect();
                m["tool_calls"] = Value::Array(calls);
            }
            m
        }
        ChatMessage::Tool { tool_call_id, content } => {
            json!({"role": "tool", "tool_call_id": tool_call_id, "content": content})
        }
    }
}

/// The first choice's message.
pub(super) fn reply(response: CreateChatCompletionResponse) -> Result<AssistantReply, String> {
    let choice = response.choices.into_iter().next().ok_or("the response has no choices")?;
    let message = choice.message;
    let tool_calls = message
        .tool_calls
        .unwrap_or_default()
        .into_iter()
        .map(|call| match call {
            ChatCompletionMessageToolCalls::Function(f) => {
                ToolCall { id: f.id, name: f.function.name, arguments: f.function.arguments }
            }
            ChatCompletionMessageToolCalls::Custom(c) => {
                ToolCall { id: c.id, name: c.custom_tool.name, arguments: c.custom_tool.input }
            }
        })
        .collect();
    Ok(AssistantReply { content: message.content.filter(|t| !t.is_empty()), tool_calls })
}

/// A streamed reply put back together: text deltas handed to `on_text` and appended, tool-call fragments
/// joined by their index. `next_chunk` bounds the wait for each chunk.
pub(super) async fn collect_stream(
    mut stream: ChatCompletionResponseStream,
    on_text: &mut dyn FnMut(&str),
    next_chunk: impl Fn() -> tokio::time::Sleep,
) -> Result<AssistantReply, StreamFailure> {
    let mut text = String::new();
    let mut calls: Vec<ToolCall> = Vec::new();
    loop {
        let chunk = tokio::select! {
            chunk = stream.next() => chunk,
            _ = next_chunk() => return Err(StreamFailure::Timeout),
        };
        let Some(chunk) = chunk else { break };
        let chunk = chunk.map_err(StreamFailure::Client)?;
        for choice in chunk.choices.into_iter().filter(|c| c.index == 0) {
            if let Some(delta) = choice.delta.content {
                on_text(&delta);
                text.push_str(&delta);
            }
            for part in choice.delta.tool_calls.unwrap_or_default() {
                let index = part.index as usize;
                if calls.len() <= index {
                    calls.resize_with(index + 1, || ToolCall {
                        id: String::new(),
                        name: String::new(),
                        arguments: String::new(),
                    });
                }
                let call = &mut calls[index];
                if let Some(id) = part.id {
                    call.id = id;
                }
                if let Some(function) = part.function {
                    call.name.push_str(function.name.as_deref().unwrap_or_default());
                    call.arguments.push_str(function.arguments.as_deref().unwrap_or_default());
                }
            }
        }
    }
    Ok(AssistantReply { content: (!text.is_empty()).then_some(text), tool_calls: calls })
}

/// Why a stream stopped early.
pub(super) enum StreamFailure {
    /// No chunk arrived in time.
    Timeout,
    /// The client reported an error.
    Client(async_openai::error::OpenAIError),
}
