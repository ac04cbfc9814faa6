module wasm-by-hand/plugins/go

go 1.27
