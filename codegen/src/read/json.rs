//! Small helpers for walking JSON with a JSON Pointer in hand, so every error says where.

use serde_json::{Map, Value};

use crate::error::{pointer_push, Error};

/// Parses JSON text, reporting the line and column of a syntax error.
pub fn parse(file: &str, text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// A JSON value together with where it is.
#[derive(Clone, Copy)]
pub struct At<'a> {
    /// The input file.
    pub file: &'a str,
    /// JSON Pointer to `value`.
    pub pointer: &'a str,
    /// The value.
    pub value: &'a Value,
}

impl<'a> At<'a> {
    /// An error at this location.
    pub fn invalid(&self, message: impl Into<String>) -> Error {
        Error::Invalid {
            file: self.file.to_owned(),
            pointer: self.pointer.to_owned(),
            message: message.into(),
        }
    }

    /// An error for an unsupported thing at this location.
    pub fn unsupported(&self, what: &'static str, found: impl Into<String>) -> Error {
        Error::Unsupported {
            file: self.file.to_owned(),
            pointer: self.pointer.to_owned(),
            what,
            found: found.into(),
        }
    }

    /// The value as an object.
    pub fn object(&self) -> Result<&'a Map<String, Value>, Error> {
        self.value
            .as_object()
            .ok_or_else(|| self.invalid(format!("expected an object, found {}", kind(self.value))))
    }

    /// The value as a string.
    pub fn string(&self) -> Result<&'a str, Error> {
        self.value
            .as_str()
            .ok_or_else(|| self.invalid(format!("expected a string, found {}", kind(self.value))))
    }

    /// The value as a boolean.
    pub fn boolean(&self) -> Result<bool, Error> {
        self.value
            .as_bool()
            .ok_or_else(|| self.invalid(format!("expected a boolean, found {}", kind(self.value))))
    }

    /// The value as a non-negative integer.
    pub fn unsigned(&self) -> Result<u64, Error> {
        self.value.as_u64().ok_or_else(|| {
            self.invalid(format!(
                "expected a non-negative integer, found {}",
                self.value
            ))
        })
    }

    /// The value as an integer.
    pub fn integer(&self) -> Result<i64, Error> {
        self.value
            .as_i64()
            .ok_or_else(|| self.invalid(format!("expected an integer, found {}", self.value)))
    }

    /// The value as an array of strings.
    pub fn strings(&self, pointer_buf: &mut String) -> Result<Vec<String>, Error> {
        let items = self.value.as_array().ok_or_else(|| {
            self.invalid(format!("expected an array, found {}", kind(self.value)))
        })?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                *pointer_buf = pointer_push(self.pointer, &i.to_string());
                At {
                    file: self.file,
                    pointer: pointer_buf,
                    value: item,
                }
                .string()
                .map(str::to_owned)
            })
            .collect()
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
