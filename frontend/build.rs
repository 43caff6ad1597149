//! The main bundle is cut into pages by `wasm-split-cli` (infra/scripts/build-site.sh), which
//! needs the linker's relocations: `--emit-relocs`, for the wasm32 cdylib only (a native
//! build of this crate, as in `cargo test --workspace`, links with the system linker).
fn main() {
    if std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32")) {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
