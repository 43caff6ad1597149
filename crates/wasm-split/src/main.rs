//! `pulse-wasm-split INPUT.wasm OUT_DIR NAME`: cuts a `--emit-relocs` WASM at its
//! `#[lazy]` / `#[lazy_route]` split points (Leptos, through `wasm_split_helpers`) with the
//! `wasm_split_cli_support` library — the same library and settings cargo-leptos uses for
//! `--split`. Writes into OUT_DIR:
//! - `NAME.wasm`, the main module, for wasm-bindgen (`--keep-lld-exports --no-demangle`);
//! - one `.wasm` per split point and per chunk shared by several of them;
//! - `__wasm_split.js`, which loads them (it imports `initSync` from `./NAME.js`);
//! - `__wasm_split_manifest.json`, split point → files to preload, which Leptos reads to
//!   preload a lazy page's files when the server renders that page.
//!
//! The library's own CLI does not write the manifest; that is why this is a program.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, name] = args.as_slice() else {
        eprintln!("usage: pulse-wasm-split INPUT.wasm OUT_DIR NAME");
        return ExitCode::from(2);
    };
    match split(input, out_dir, name) {
        Ok(n) => {
            println!("wasm-split: {n} lazy modules");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wasm-split: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &str, out_dir: &str, name: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input)?;
    let out_dir = PathBuf::from(out_dir);
    std::fs::create_dir_all(&out_dir)?;
    let main_out = out_dir.join(format!("{name}.wasm"));
    let main_module = format!("./{name}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &out_dir;
        opts.main_out_path = &main_out;
        opts.main_module = &main_module;
        opts.link_name = "./__wasm_split.js";
        opts
    })
    .map_err(|e| format!("{e:?}"))?;
    let manifest: std::collections::BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    std::fs::write(out_dir.join("__wasm_split_manifest.json"), serde_json::to_string_pretty(&manifest)?)?;
    Ok(split.split_modules.len())
}
