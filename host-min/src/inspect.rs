//! `host-min inspect`: a module's imports and exports with their types, or a
//! component's world with WIT types, read through wasmtime's own `Module` and
//! `Component` APIs (no second parser).

use std::fmt::Write;
use wasmtime::component::types::{ComponentFunc, ComponentItem, Type};
use wasmtime::component::Component;
use wasmtime::{Engine, ExternType, FuncType, MemoryType, Module};

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

/// A component's world, in WIT's own notation.
pub fn component_report(engine: &Engine, component: &Component) -> String {
    let ty = component.component_type();
    let mut out = String::from("a component; its world:\nworld {\n");
    for (direction, items) in [
        ("import", ty.imports(engine).collect::<Vec<_>>()),
        ("export", ty.exports(engine).collect::<Vec<_>>()),
    ] {
        for (name, item) in items {
            let what = match &item.ty {
                ComponentItem::ComponentFunc(func) => wit_func(func),
                ComponentItem::ComponentInstance(_) => "interface".to_string(),
                ComponentItem::Resource(_) => "resource".to_string(),
                ComponentItem::Type(ty) => format!("type {}", wit_type(ty)),
                ComponentItem::CoreFunc(_) | ComponentItem::Module(_) => "core item".to_string(),
                ComponentItem::Component(_) => "component".to_string(),
            };
            let _ = writeln!(out, "  {direction} {name}: {what};");
        }
    }
    out.push_str("}\n");
    out
}

/// `func(s: string) -> string`
fn wit_func(func: &ComponentFunc) -> String {
    let params: Vec<String> = func
        .params()
        .map(|(name, ty)| format!("{name}: {}", wit_type(&ty)))
        .collect();
    let results: Vec<String> = func.results().map(|ty| wit_type(&ty)).collect();
    match results.len() {
        0 => format!("func({})", params.join(", ")),
        _ => format!("func({}) -> {}", params.join(", "), results.join(", ")),
    }
}

/// The WIT name of a type; records, variants and the like by kind only.
fn wit_type(ty: &Type) -> String {
    let simple = match ty {
        Type::Bool => "bool",
        Type::S8 => "s8",
        Type::U8 => "u8",
        Type::S16 => "s16",
        Type::U16 => "u16",
        Type::S32 => "s32",
        Type::U32 => "u32",
        Type::S64 => "s64",
        Type::U64 => "u64",
        Type::Float32 => "f32",
        Type::Float64 => "f64",
        Type::Char => "char",
        Type::String => "string",
        Type::List(list) => return format!("list<{}>", wit_type(&list.ty())),
        Type::Option(option) => return format!("option<{}>", wit_type(&option.ty())),
        Type::Result(result) => {
            let side = |t: Option<Type>| t.map_or("_".to_string(), |t| wit_type(&t));
            return match (result.ok(), result.err()) {
                (None, None) => "result".to_string(),
                (ok, None) => format!("result<{}>", side(ok)),
                (ok, err) => format!("result<{}, {}>", side(ok), side(err)),
            };
        }
        Type::Record(_) => "record",
        Type::Tuple(_) => "tuple",
        Type::Variant(_) => "variant",
        Type::Enum(_) => "enum",
        Type::Flags(_) => "flags",
        Type::Own(_) | Type::Borrow(_) => "resource handle",
        _ => "other",
    };
    simple.to_string()
}
