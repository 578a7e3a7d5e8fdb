//! [`OpenAiModel`]: the OpenAI chat-completions protocol through async-openai, on a tokio runtime it owns.
//!
//! Retries: async-openai's executor retries 429 (except `insufficient_quota`), 5xx and connection failures
//! itself, three times, with exponential backoff from 100 ms (doubling, at most 8 s) or the server's
//! `Retry-After`. Its retry policy cannot be configured without the `middleware` feature, and a second
//! retry loop on top would multiply the attempts, so that bounded policy is the one used; [`LlmSettings::timeout`]
//! bounds a whole request, retries included, so a long `Retry-After` or a server that never answers ends
//! in [`Error::LlmTimeout`].

use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::Client;

use super::wire::{self, StreamFailure};
use super::{AssistantReply, ChatMessage, ChatModel, ToolDefinition};
use crate::error::{Error, Result};
use crate::infra::{ApiKey, Config};

/// The default server when OPENAI_API_BASE is not set.
const OPENAI_API_BASE: &str = "https://api.openai.com/v1";

/// Where the model is and how long to wait for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmSettings {
    /// The key (never printed).
    pub api_key: ApiKey,
    /// The server's base URL, up to `/v1` (`https://api.openai.com/v1`, `http://localhost:11434/v1`).
    pub api_base: String,
    /// The model name.
    pub model: String,
    /// The most a request may take, retries included; for a streamed answer, the most between two chunks.
    pub timeout: Duration,
}

impl LlmSettings {
    /// The settings of `config` (OPENAI_API_KEY, OPENAI_API_BASE, OPENAI_MODEL), None without a key. The
    /// timeout is 120 s: a model that calls tools can take a while to write a long answer.
    pub fn from_config(config: &Config) -> Option<LlmSettings> {
        Some(LlmSettings {
            api_key: config.openai_api_key.clone()?,
            api_base: config.openai_api_base.clone().unwrap_or_else(|| OPENAI_API_BASE.into()),
            model: config.openai_model.clone(),
            timeout: Duration::from_secs(120),
        })
    }
}

/// A model on an OpenAI-compatible server. Blocking: each call runs to completion on an internal runtime
/// (call it from plain threads, not from inside another tokio runtime).
pub struct OpenAiModel {
    settings: LlmSettings,
    client: Client<OpenAIConfig>,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for OpenAiModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiModel")
            .field("api_base", &self.settings.api_base)
            .field("model", &self.settings.model)
            .field("timeout", &self.settings.timeout)
            .finish_non_exhaustive()
    }
}

impl OpenAiModel {
    /// A client for `settings`. Nothing is sent until the first completion.
    pub fn new(settings: LlmSettings) -> Result<OpenAiModel> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Error::Llm {
            api_base: settings.api_base.clone(),
            status: None,
            message: format!("cannot start the async runtime: {e}"),
        })?;
        let config =
            OpenAIConfig::new().with_api_key(settings.api_key.expose()).with_api_base(settings.api_base.clone());
        Ok(OpenAiModel { client: Client::with_config(config), runtime, settings })
    }

    /// The model of `config`, or [`Error::LlmNotConfigured`] without OPENAI_API_KEY.
    pub fn from_config(config: &Config) -> Result<OpenAiModel> {
        OpenAiModel::new(LlmSettings::from_config(config).ok_or(Error::LlmNotConfigured)?)
    }

    /// The settings in use.
    pub fn settings(&self) -> &LlmSettings {
        &self.settings
    }

    /// Our error for async-openai's, with the key scrubbed from every text.
    fn error(&self, error: OpenAIError) -> Error {
        let (status, message) = match error {
            OpenAIError::ApiError(e) => (Some(e.status_code.as_u16()), e.api_error.message),
            OpenAIError::Reqwest(e) => (e.status().map(|s| s.as_u16()), e.to_string()),
            OpenAIError::JSONDeserialize(e, content) => {
                let content: String = content.chars().take(300).collect();
                (None, format!("the server's reply is not a chat completion ({e}): {content}"))
            }
            other => (None, other.to_string()),
        };
        let message = if message.trim().is_empty() { "(no message)".to_string() } else { message };
        Error::Llm { api_base: self.settings.api_base.clone(), status, message: self.settings.api_key.redact(&message) }
    }

    fn timeout(&self) -> Error {
        Error::LlmTimeout { api_base: self.settings.api_base.clone(), seconds: self.settings.timeout.as_secs_f64() }
    }

    fn invalid(&self, message: String) -> Error {
        Error::Llm { api_base: self.settings.api_base.clone(), status: None, message }
    }
}

impl ChatModel for OpenAiModel {
    fn complete(&self, messages: &[ChatMessage], tools: &[ToolDefinition]) -> Result<AssistantReply> {
        let request = wire::request(&self.settings.model, messages, tools).map_err(|m| self.invalid(m))?;
        let chat = self.client.chat();
        let response = self
            .runtime
            .block_on(async { tokio::time::timeout(self.settings.timeout, chat.create(request)).await })
            .map_err(|_| self.timeout())?
            .map_err(|e| self.error(e))?;
        wire::reply(response).map_err(|m| self.invalid(m.to_string()))
    }

    fn complete_streaming(
        &self,
        messages: &[ChatMessage],
        tools: &[ToolDefinition],
        on_text: &mut dyn FnMut(&str),
    ) -> Result<AssistantReply> {
        let request = wire::request(&self.settings.model, messages, tools).map_err(|m| self.invalid(m))?;
        let timeout = self.settings.timeout;
        let outcome = self.runtime.block_on(async {
            let stream = match tokio::time::timeout(timeout, self.client.chat().create_stream(request)).await {
                Err(_) => return Err(StreamFailure::Timeout),
                Ok(stream) => stream.map_err(StreamFailure::Client)?,
            };
            wire::collect_stream(stream, on_text, || tokio::time::sleep(timeout)).await
        });
        outcome.map_err(|failure| match failure {
            StreamFailure::Timeout => self.timeout(),
            StreamFailure::Client(e) => self.error(e),
        })
    }

    fn model_name(&self) -> String {
        self.settings.model.clone()
    }
}
