//! `host-min inspect`: a module's imports and exports with their types, read
//! through wasmtime's own `Module` API (no second parser).

use std::fmt::Write;
use wasmtime::{ExternType, FuncType, MemoryType, Module};

/// The report `host-min inspect` prints.
pub fn report(module: &Module) -> String {
    let mut out = String::new();
    let imports: Vec<_> = module.imports().collect();
    let _ = writeln!(out, "imports ({}):", imports.len());
    for import in imports {
        let name = format!("{}.{}", import.module(), import.name());
        let _ = writeln!(out, "  {name:<40} {}", describe(&import.ty()));
    }
    let exports: Vec<_> = module.exports().collect();
    let _ = writeln!(out, "exports ({}):", exports.len());
    for export in exports {
        let _ = writeln!(out, "  {:<40} {}", export.name(), describe(&export.ty()));
    }
    out
}

fn describe(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(func) => format!("func {}", signature(func)),
        ExternType::Memory(memory) => format!("memory {}", pages(memory)),
        ExternType::Global(global) => {
            format!("global {:?} {}", global.mutability(), global.content())
        }
        ExternType::Table(table) => {
            format!("table of {} (min {})", table.element(), table.minimum())
        }
        ExternType::Tag(_) => "tag".to_string(),
    }
}

/// `(i32, i32) -> i64`
fn signature(func: &FuncType) -> String {
    let list = |types: Vec<String>| types.join(", ");
    let params = list(func.params().map(|t| t.to_string()).collect());
    let results: Vec<String> = func.results().map(|t| t.to_string()).collect();
    match results.len() {
        0 => format!("({params})"),
        1 => format!("({params}) -> {}", results[0]),
        _ => format!("({params}) -> ({})", list(results)),
    }
}

/// "17 pages (1088 KiB) initial, no maximum"; a page is 64 KiB.
fn pages(memory: &MemoryType) -> String {
    let initial = memory.minimum();
    let maximum = match memory.maximum() {
        Some(max) => format!("maximum {max} pages"),
        None => "no maximum".to_string(),
    };
    format!("{initial} pages ({} KiB) initial, {maximum}", initial * 64)
}
