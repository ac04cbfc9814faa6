//! guest-bindgen: guest-raw's operations again, through wasm-bindgen. Where
//! guest-raw places every byte by hand (ABI.md), `#[wasm_bindgen]` generates
//! the glue: strings are copied in and out through an allocator it exports,
//! errors become JS `Error`s, a Rust struct becomes a JS class.
//!
//! Build: `wasm-pack build guest-bindgen --target web` (`make build` does it
//! and copies the package to out/pkg/). Use from JS:
//!
//! ```js
//! import init, { upper, word_count, analyze, WordStats } from './pkg/guest_bindgen.js';
//! await init();
//! upper('grüße'); // 'GRÜSSE'
//! ```

use guest_raw::kernels;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Upper-cases with `str::to_uppercase` semantics, as guest-raw's `upper`.
#[wasm_bindgen]
pub fn upper(text: &str) -> String {
    kernels::upper(text)
}

/// Counts runs of non-whitespace, as guest-raw's `word_count`.
#[wasm_bindgen]
pub fn word_count(text: &str) -> u32 {
    kernels::word_count(text) as u32
}

/// The JSON `analyze` takes: a text and the operations to run on it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    text: String,
    ops: Vec<String>,
}

/// What `analyze` returns, as a plain JS object (fields only if asked for).
#[derive(Serialize, Default)]
struct Analysis {
    #[serde(skip_serializing_if = "Option::is_none")]
    upper: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reverse: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    word_count: Option<u32>,
}

/// Takes `{"text": "...", "ops": ["upper", "reverse", "word_count"]}` and
/// returns `{upper, reverse, word_count}` for the ops asked for. Bad JSON or
/// an unknown op becomes a JS `Error` carrying the message, never a panic.
#[wasm_bindgen]
pub fn analyze(json: &str) -> Result<JsValue, JsError> {
    let request: Request = serde_json::from_str(json).map_err(|e| JsError::new(&format!("bad JSON: {e}")))?;
    let mut analysis = Analysis::default();
    for op in &request.ops {
        match op.as_str() {
            "upper" => analysis.upper = Some(kernels::upper(&request.text)),
            "reverse" => analysis.reverse = Some(kernels::reverse(&request.text)),
            "word_count" => analysis.word_count = Some(kernels::word_count(&request.text) as u32),
            other => return Err(JsError::new(&format!("unknown op `{other}`"))),
        }
    }
    serde_wasm_bindgen::to_value(&analysis).map_err(|e| JsError::new(&e.to_string()))
}

/// Word statistics fed chunk by chunk: a Rust struct exported as a JS class.
/// A word split across two chunks counts once.
#[wasm_bindgen]
#[derive(Default)]
pub struct WordStats {
    words: u32,
    chars: u32,
    lines: u32,
    in_word: bool,
}

#[wasm_bindgen]
impl WordStats {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WordStats {
        WordStats::default()
    }

    /// Adds one chunk of text.
    pub fn feed(&mut self, chunk: &str) {
        for c in chunk.chars() {
            self.chars += 1;
            self.lines += (c == '\n') as u32;
            let starts_word = !c.is_whitespace() && !self.in_word;
            self.words += starts_word as u32;
            self.in_word = !c.is_whitespace();
        }
    }

    #[wasm_bindgen(getter)]
    pub fn words(&self) -> u32 {
        self.words
    }

    #[wasm_bindgen(getter)]
    pub fn chars(&self) -> u32 {
        self.chars
    }

    #[wasm_bindgen(getter)]
    pub fn lines(&self) -> u32 {
        self.lines
    }
}
