//! Flattening one newline-delimited JSON record (GCP's BigQuery export) into dotted columns, the
//! same shape as the export flattened to CSV: `service.description`, `credits` as JSON text.

use serde_json::Value;

/// Flattens nested objects into `a.b` keys; arrays and scalars become their CSV-export text.
pub(crate) fn flatten_json_line(line: &str) -> Result<Vec<(String, String)>, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err("each line must be a JSON object".to_string());
    };
    let mut out = Vec::new();
    for (k, v) in map {
        flatten_into(&k, v, &mut out);
    }
    Ok(out)
}

fn flatten_into(prefix: &str, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten_into(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::String(s) => out.push((prefix.to_string(), s)),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_objects_become_dotted_columns() {
        let row = flatten_json_line(
            r#"{"service":{"description":"Compute Engine"},"cost":1.5,"credits":[{"amount":-0.5}],"x":null}"#,
        )
        .unwrap();
        assert!(row.contains(&("service.description".into(), "Compute Engine".into())));
        assert!(row.contains(&("cost".into(), "1.5".into())));
        assert!(row.contains(&("credits".into(), r#"[{"amount":-0.5}]"#.into())));
        assert!(row.contains(&("x".into(), String::new())));
        assert!(flatten_json_line("[1]").is_err());
    }
}
