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
//! The library's own CLI does not write the manifest; that is why this is a program. It
//! also changes one line of the loader (see [`spread_fetches`]).

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
    spread_fetches(&out_dir.join("__wasm_split.js"))?;
    let manifest: std::collections::BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    std::fs::write(out_dir.join("__wasm_split_manifest.json"), serde_json::to_string_pretty(&manifest)?)?;
    Ok(split.split_modules.len())
}

/// The library's loader asks for a module's chunks all at once (`deps.map(d => d())`, a
/// `fetch` each, in one task) and then for the module itself. A `fetch` call costs the main
/// thread a millisecond or two in Chromium (more with DevTools or Lighthouse watching the
/// network), and the signed-out pages need 20 files: one task of 40–50 ms while the
/// landing page hydrates, counted four times over on Lighthouse's slow phone. This asks
/// for the module first, then for one chunk per task (`scheduler.yield()`, or a message to
/// itself where there is none: neither is clamped to 4 ms as a nested `setTimeout` is).
/// The files still download side by side.
fn spread_fetches(loader: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    const ALL_AT_ONCE: &str = "const parallelStuff = deps.map(d => d());\n        const instantiate = fetcher();";
    const ONE_PER_TASK: &str = "const instantiate = fetcher();\n        const parallelStuff = [];\n        \
        for (const d of deps) { await nextTask(); parallelStuff.push(d()); }";
    const NEXT_TASK: &str = "const nextTask = () => globalThis.scheduler?.yield ? scheduler.yield() : \
        new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });\n";
    let js = std::fs::read_to_string(loader)?;
    if js.matches(ALL_AT_ONCE).count() != 1 {
        return Err(format!(
            "{}: the loader's `{ALL_AT_ONCE}` is not there once (a new wasm_split_cli_support?)",
            loader.display()
        )
        .into());
    }
    let js = js.replacen(ALL_AT_ONCE, ONE_PER_TASK, 1);
    let js = match js.find("function makeLoad(") {
        Some(at) => format!("{}{NEXT_TASK}{}", &js[..at], &js[at..]),
        None => return Err(format!("{}: no `function makeLoad(`", loader.display()).into()),
    };
    std::fs::write(loader, js)?;
    Ok(())
}
