//! `Workspace.chat`, `Workspace.ask`: `finops.Chat` (a conversation) and `finops.Answer`.

use std::sync::{Arc, Mutex};

use finops_core::{Answer, ChatSession, Workspace};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::arrow::to_polars;
use crate::errors::IntoPy;
use crate::filter::{resolve, PyFilter};
use crate::workspace::PyWorkspace;

/// Rows of each table shown in an answer's markdown.
const SHOWN_ROWS: usize = 20;

/// A conversation about a workspace's costs: the language model the configuration names (OPENAI_API_KEY,
/// OPENAI_API_BASE, OPENAI_MODEL) calling finops' tools, or the offline analyst without a key. Earlier
/// questions and answers are remembered until `clear()`.
#[pyclass(name = "Chat", module = "finops")]
pub(crate) struct PyChat {
    session: ChatSession,
    workspace: Arc<Mutex<Workspace>>,
}

impl PyChat {
    pub(crate) fn open(ws: &PyWorkspace) -> PyResult<PyChat> {
        let session = ws.lock().chat().py_err()?;
        Ok(PyChat { session, workspace: ws.shared() })
    }
}

#[pymethods]
impl PyChat {
    /// Answers `question` with the engine's numbers (see `Answer`).
    pub(crate) fn ask(&mut self, py: Python<'_>, question: &str) -> PyResult<PyAnswer> {
        let (session, workspace) = (&mut self.session, &self.workspace);
        let answer = py
            .detach(|| {
                let ws = workspace.lock().unwrap_or_else(|p| p.into_inner());
                session.ask(&ws, question)
            })
            .py_err()?;
        Ok(PyAnswer(answer))
    }

    /// Narrows every later question to a filter (a `Filter` or keywords); no arguments clear it.
    #[pyo3(signature = (filter=None, **kwargs))]
    pub(crate) fn set_filter(&mut self, filter: Option<PyFilter>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        self.session.set_filter(resolve(filter, kwargs)?);
        Ok(())
    }

    /// Forgets the conversation (the filter stays).
    fn clear(&mut self) {
        self.session.clear();
    }

    /// True when no language model is configured and the offline analyst answers.
    #[getter]
    fn offline(&self) -> bool {
        self.session.is_offline()
    }

    /// Messages exchanged so far.
    fn __len__(&self) -> usize {
        self.session.history().len()
    }

    fn __repr__(&self) -> String {
        let who = if self.session.is_offline() { "offline analyst" } else { "language model" };
        format!("Chat({who}, {} messages)", self.session.history().len())
    }
}

/// An answer: markdown text whose numbers come from the engine, the tables it used, and the tool calls made.
#[pyclass(name = "Answer", module = "finops", frozen)]
pub(crate) struct PyAnswer(Answer);

#[pymethods]
impl PyAnswer {
    /// The question.
    #[getter]
    fn question(&self) -> String {
        self.0.question.clone()
    }

    /// The answer, in markdown.
    #[getter]
    fn text(&self) -> String {
        self.0.text.clone()
    }

    /// The tables the answer used, by name, as polars DataFrames.
    #[getter]
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for table in &self.0.tables {
            d.set_item(&table.name, to_polars(py, table.frame.clone())?)?;
        }
        Ok(d)
    }

    /// The tool calls made: dicts with `name`, `arguments` (JSON text) and `error` (None when it succeeded).
    #[getter]
    fn tool_calls<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for call in &self.0.tool_calls {
            let d = PyDict::new(py);
            d.set_item("name", &call.name)?;
            d.set_item("arguments", &call.arguments)?;
            d.set_item("error", &call.error)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The language model that answered (None: the offline analyst).
    #[getter]
    fn model(&self) -> Option<String> {
        self.0.model.clone()
    }

    fn __str__(&self) -> String {
        self.0.text.clone()
    }

    fn __repr__(&self) -> String {
        self.0.to_string()
    }

    fn _repr_markdown_(&self) -> String {
        self.0.to_markdown(SHOWN_ROWS)
    }
}
