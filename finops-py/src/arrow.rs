//! DataFrames cross into Python through the Arrow PyCapsule interface: the columns' buffers are handed
//! over as an Arrow C stream and Python polars adopts them without a copy.
//!
//! This replaces pyo3-polars on purpose: pyo3-polars switches on polars' `python` feature, which makes every
//! polars crate depend on pyo3, so any change in pyo3's build configuration (maturin's versus cargo test's)
//! recompiled all of polars, and test binaries would need libpython. The C stream needs neither.

use polars::prelude::*;
use polars_arrow::array::{Array, StructArray};
use polars_arrow::datatypes::{ArrowDataType, Field as ArrowField};
use polars_arrow::ffi::{export_iterator, ArrowArrayStream, ArrowArrayStreamReader};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::sync::Mutex;

/// An Arrow C stream not yet taken by a consumer. Raw pointers inside are owned by the stream's private data.
#[allow(dead_code)] // never read: owned so that its Drop releases an unconsumed stream
struct Stream(ArrowArrayStream);
// SAFETY: the stream is only moved between threads under the GIL, never used concurrently; its private data
// (an iterator over owned arrays) has no thread affinity.
unsafe impl Send for Stream {}

/// A one-shot Arrow stream exposing `__arrow_c_stream__`.
#[pyclass(name = "_ArrowStream", module = "finops")]
pub(crate) struct ArrowStream {
    stream: Mutex<Option<Stream>>,
}

#[pymethods]
impl ArrowStream {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // the schema is fixed; consumers cast if they need to
        let stream = self
            .stream
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("the Arrow stream was already consumed"))?;
        // The consumer moves the struct out and nulls its `release`; dropping the husk then does nothing.
        PyCapsule::new_with_value_and_destructor(py, stream, c"arrow_array_stream", |stream, _| drop(stream))
    }
}

fn export(mut df: DataFrame) -> Stream {
    df.rechunk_mut();
    let compat = CompatLevel::newest();
    let fields: Vec<ArrowField> = df.columns().iter().map(|c| c.field().to_arrow(compat)).collect();
    let struct_type = ArrowDataType::Struct(fields);
    let batches: Vec<Box<dyn Array>> = df
        .iter_chunks(compat, false)
        .map(|batch| {
            let height = batch.height();
            Box::new(StructArray::new(struct_type.clone(), height, batch.into_arrays(), None)) as Box<dyn Array>
        })
        .collect();
    let field = ArrowField::new("".into(), struct_type, false);
    Stream(export_iterator(Box::new(batches.into_iter().map(Ok)), field))
}

/// A Python `polars.DataFrame` holding `df`'s buffers.
pub(crate) fn to_polars(py: Python<'_>, df: DataFrame) -> PyResult<Bound<'_, PyAny>> {
    let stream = Bound::new(py, ArrowStream { stream: Mutex::new(Some(export(df))) })?;
    py.import("polars")?.getattr("DataFrame")?.call1((stream,))
}

/// A DataFrame from any Python object exporting an Arrow C stream (`__arrow_c_stream__`: a polars DataFrame,
/// a pyarrow Table, a pandas frame through pyarrow). The buffers are adopted without a copy.
pub(crate) fn from_arrow(obj: &Bound<'_, PyAny>) -> PyResult<DataFrame> {
    let invalid = |what: String| pyo3::exceptions::PyTypeError::new_err(what);
    let capsule = obj
        .call_method0("__arrow_c_stream__")
        .map_err(|_| invalid("expected a DataFrame exporting an Arrow stream (polars, pyarrow)".into()))?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(c"arrow_array_stream"))?.cast::<ArrowArrayStream>();
    // SAFETY: the capsule holds an ArrowArrayStream (checked by name); moving it out and leaving an empty (released)
    // stream behind is the C stream interface's protocol for a consumer.
    let stream = unsafe { std::ptr::replace(pointer.as_ptr(), ArrowArrayStream::empty()) };
    // SAFETY: the stream came from a producer following the Arrow C stream interface.
    let mut reader =
        unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }.map_err(|e| invalid(e.to_string()))?;
    let ArrowDataType::Struct(fields) = reader.field().dtype().clone() else {
        return Err(invalid("the Arrow stream does not hold record batches".into()));
    };
    let mut chunks: Vec<Vec<Box<dyn Array>>> = vec![Vec::new(); fields.len()];
    // SAFETY: as above.
    while let Some(batch) = unsafe { reader.next() } {
        let batch = batch.map_err(|e| invalid(e.to_string()))?;
        let batch = batch
            .as_any()
            .downcast_ref::<StructArray>()
            .ok_or_else(|| invalid("the Arrow stream does not hold record batches".into()))?;
        for (chunk, values) in chunks.iter_mut().zip(batch.values()) {
            chunk.push(values.clone());
        }
    }
    let columns = fields
        .iter()
        .zip(chunks)
        .map(|(field, arrays)| Series::from_arrow_chunks(field.name.clone(), arrays).map(Column::from))
        .collect::<PolarsResult<Vec<Column>>>()
        .map_err(|e| invalid(e.to_string()))?;
    DataFrame::new_infer_height(columns).map_err(|e| invalid(e.to_string()))
}
