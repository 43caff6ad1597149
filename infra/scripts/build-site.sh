#!/usr/bin/env bash
# Builds the site exactly as cargo-leptos 0.3.10 does, with tools that come from
# crates.io, npm and Debian only (nothing is downloaded from GitHub):
#   1. the `frontend` crate (and `frontend-admin`, the admin console's own bundle) to
#      wasm32, 2. wasm-bindgen (version pinned in Cargo.lock),
#   3. wasm-opt from npm's binaryen (release only), 4. the image editor's own WASM module
#      (crates/image-editor, loaded with import() only when the editor opens; pkg/editor.json
#      names its files), 5. CSS and public/ into the site, 6. content hashes in the file
#      names (+ hash.txt beside the server binary, read by Leptos at run time), gzip/brotli
#      copies, 7. the `pulse` server binary.
# Usage: infra/scripts/build-site.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/../.."

PROFILE="${1:-${PROFILE:-debug}}"
NAME=pulse
SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
PKG="$SITE_ROOT/pkg"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
export LEPTOS_OUTPUT_NAME="$NAME"
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

case "$PROFILE" in
  # The debug binary with the very feature set `make test` builds it with (its packages are
  # selected there, so their `default` features are on): one build serves both.
  debug)   FRONT_ARGS=(); FRONT_DIR=debug; BIN_ARGS=(--features app/default); BIN_DIR=debug ;;
  release) FRONT_ARGS=(--profile wasm-release); FRONT_DIR=wasm-release; BIN_ARGS=(--release); BIN_DIR=release
           # Type-erased components: about 18 % less WASM. Server and WASM must agree on it
           # (hydration walks the same view tree), so both get it.
           FRONT_RUSTFLAGS="--cfg erase_components"; BIN_RUSTFLAGS="--cfg erase_components" ;;
  *) echo "unknown profile $PROFILE (debug|release)" >&2; exit 2 ;;
esac

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

step "frontend and the admin console's bundle → wasm32 ($PROFILE)"
# One build, two modules: `frontend` hydrates every page but /admin/*, `frontend-admin`
# (pulse_admin) the admin console; the app crate is compiled once for both.
RUSTFLAGS="${FRONT_RUSTFLAGS:-}" cargo build --package=frontend --package=frontend-admin --lib \
  --target=wasm32-unknown-unknown --no-default-features "${FRONT_ARGS[@]}"

step "wasm-split, wasm-bindgen"
# The main bundle is cut at its lazy pages (`#[lazy_route]`, app/src/routes.rs) before
# wasm-bindgen, as cargo-leptos --split does: pulse-wasm-split (crates/wasm-split) writes
# the main module, one module per page and per chunk pages share, __wasm_split.js (their
# loader) and __wasm_split_manifest.json (each page's files; `make bench` reads it, the
# server does not preload them: see "Paint first" in docs/ARCHITECTURE.md).
rm -rf "$PKG"; mkdir -p "$PKG"
cargo build -q --release --package=pulse-wasm-split
SPLIT_TMP="$PKG/split-tmp"
"$TARGET_DIR/release/pulse-wasm-split" "$TARGET_DIR/wasm32-unknown-unknown/$FRONT_DIR/frontend.wasm" "$SPLIT_TMP" "$NAME"
wasm-bindgen --target=web --no-typescript --keep-lld-exports --no-demangle --out-name="$NAME" --out-dir="$PKG" "$SPLIT_TMP/$NAME.wasm"
mv "$PKG/${NAME}_bg.wasm" "$PKG/$NAME.wasm"
rm "$SPLIT_TMP/$NAME.wasm"
wasm-bindgen --target=web --no-typescript --out-name="${NAME}_admin" --out-dir="$PKG" \
  "$TARGET_DIR/wasm32-unknown-unknown/$FRONT_DIR/frontend_admin.wasm"
mv "$PKG/${NAME}_admin_bg.wasm" "$PKG/${NAME}_admin.wasm"
if [ "$PROFILE" = release ]; then
  step "wasm-opt -Oz ($(command -v wasm-opt))"
  for f in "$PKG/$NAME.wasm" "$PKG/${NAME}_admin.wasm" "$SPLIT_TMP"/*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$f" -o "$f"
  done
  # The main module, which every page fetches, a second time: what the first run's
  # inlining and merging open up (about 1.5 KB brotli, for some 30 s of build).
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$PKG/$NAME.wasm" -o "$PKG/$NAME.wasm"
fi

step "image editor → wasm32 ($PROFILE)"
# Its own module: not in the frontend's bundle. No FRONT_RUSTFLAGS (nothing in it uses
# Leptos). fast_image_resize emits SIMD128; wasm-opt reads the module's target_features
# section and keeps it, so no --enable-simd is needed.
cargo build --package=pulse-image-editor --lib --target=wasm32-unknown-unknown "${FRONT_ARGS[@]}"
EDITOR_TMP="$PKG/editor-tmp"
wasm-bindgen --target=web --no-typescript --out-name=pulse_editor --out-dir="$EDITOR_TMP" \
  "$TARGET_DIR/wasm32-unknown-unknown/$FRONT_DIR/pulse_image_editor.wasm"
if [ "$PROFILE" = release ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$EDITOR_TMP/pulse_editor_bg.wasm" -o "$EDITOR_TMP/pulse_editor_bg.wasm"
fi
EDITOR_HASH=$(sha256sum "$EDITOR_TMP/pulse_editor_bg.wasm" | cut -c1-20)
mv "$EDITOR_TMP/pulse_editor.js" "$PKG/pulse_editor.$EDITOR_HASH.js"
mv "$EDITOR_TMP/pulse_editor_bg.wasm" "$PKG/pulse_editor.$EDITOR_HASH.wasm"
# The editor injects the same sheet itself (it is compiled in); the file lets the host
# link it before the module arrives.
cp crates/image-editor/src/editor.css "$PKG/pulse_editor.$EDITOR_HASH.css"
rm -rf "$EDITOR_TMP"
printf '{"js":"/pkg/pulse_editor.%s.js","wasm":"/pkg/pulse_editor.%s.wasm","css":"/pkg/pulse_editor.%s.css"}\n' \
  "$EDITOR_HASH" "$EDITOR_HASH" "$EDITOR_HASH" > "$PKG/editor.json"

step "style and public assets"
cp style/main.css "$PKG/$NAME.css"
cp -R public/. "$SITE_ROOT/"

step "content hashes"
hash_of() { sha256sum "$1" | cut -c1-20; }
# The lazy pages' modules first: their names go into __wasm_split.js and the manifest.
SPLIT_SED=()
for f in "$SPLIT_TMP"/*.wasm; do
  stem=$(basename "$f" .wasm); h=$(hash_of "$f")
  mv "$f" "$PKG/$stem.$h.wasm"
  SPLIT_SED+=(-e "s|\"\\./$stem\\.wasm\"|\"./$stem.$h.wasm\"|" -e "s|\"$stem\"|\"$stem.$h\"|")
done
sed -i "${SPLIT_SED[@]}" "$SPLIT_TMP/__wasm_split.js" "$SPLIT_TMP/__wasm_split_manifest.json"
if grep -qE '"(\./)?(chunk|split)_[A-Za-z0-9_]+(\.wasm)?"' "$SPLIT_TMP/__wasm_split.js" "$SPLIT_TMP/__wasm_split_manifest.json"; then
  echo "__wasm_split.js or its manifest names a module without its hash" >&2; exit 1
fi
# pulse.js and __wasm_split.js import each other. pulse.js's name is the hash of everything
# the bundle is made of (so a change in any page renames it); __wasm_split.js then names it
# and is hashed itself, and pulse.js's import of it gets that name.
JS_HASH=$(cat "$PKG/$NAME.js" "$PKG/$NAME.wasm" "$SPLIT_TMP/__wasm_split.js" | sha256sum | cut -c1-20)
sed -i "s|from \"\./$NAME\.js\"|from \"./$NAME.$JS_HASH.js\"|" "$SPLIT_TMP/__wasm_split.js"
grep -q "from \"./$NAME.$JS_HASH.js\"" "$SPLIT_TMP/__wasm_split.js" || { echo "__wasm_split.js: main module not renamed" >&2; exit 1; }
SPLIT_HASH=$(hash_of "$SPLIT_TMP/__wasm_split.js")
mv "$SPLIT_TMP/__wasm_split.js" "$PKG/__wasm_split.$SPLIT_HASH.js"
mv "$SPLIT_TMP/__wasm_split_manifest.json" "$PKG/__wasm_split_manifest.json"
rmdir "$SPLIT_TMP"
sed -i -E "s#from ([\"'])\./__wasm_split\.js[\"']#from \1./__wasm_split.$SPLIT_HASH.js\1#g" "$PKG/$NAME.js"
grep -q "__wasm_split.$SPLIT_HASH.js" "$PKG/$NAME.js" || { echo "$NAME.js: __wasm_split.js not renamed" >&2; exit 1; }
WASM_HASH=$(hash_of "$PKG/$NAME.wasm"); CSS_HASH=$(hash_of "$PKG/$NAME.css")
mv "$PKG/$NAME.js" "$PKG/$NAME.$JS_HASH.js"
mv "$PKG/$NAME.wasm" "$PKG/$NAME.$WASM_HASH.wasm"
mv "$PKG/$NAME.css" "$PKG/$NAME.$CSS_HASH.css"
ADMIN_JS_HASH=$(hash_of "$PKG/${NAME}_admin.js"); ADMIN_WASM_HASH=$(hash_of "$PKG/${NAME}_admin.wasm")
mv "$PKG/${NAME}_admin.js" "$PKG/${NAME}_admin.$ADMIN_JS_HASH.js"
mv "$PKG/${NAME}_admin.wasm" "$PKG/${NAME}_admin.$ADMIN_WASM_HASH.wasm"
# The service worker's version: the bundles' hashes, so each build replaces the caches.
# The messages are not in the bundles (the server serves them, /i18n/…): a change of wording
# alone is a new version too, so the precached offline page and the old files go.
LOCALES_HASH=$(cat locales/*/*.ftl | sha256sum | cut -c1-20)
SW_VERSION=$(printf '%s' "$JS_HASH$WASM_HASH$CSS_HASH$EDITOR_HASH$ADMIN_WASM_HASH$SPLIT_HASH$LOCALES_HASH" | sha256sum | cut -c1-12)
sed -i "s/^const VERSION = \"[^\"]*\";/const VERSION = \"$SW_VERSION\";/" "$SITE_ROOT/sw.js"
grep -q "const VERSION = \"$SW_VERSION\";" "$SITE_ROOT/sw.js" || { echo "sw.js: version not stamped" >&2; exit 1; }
for f in "$PKG"/*.js "$PKG"/*.wasm "$PKG"/*.css; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then brotli -q 11 -f -k "$f"; fi
done

step "server ($PROFILE)"
RUSTFLAGS="${BIN_RUSTFLAGS:-}" cargo build --package=server --bin=pulse "${BIN_ARGS[@]}"
# The bundles' names, read by the shell (`bundle_files` in app/src/shell.rs).
printf 'js: %s\nwasm: %s\ncss: %s\n' "$JS_HASH" "$WASM_HASH" "$CSS_HASH" > "$TARGET_DIR/$BIN_DIR/hash.txt"
printf 'js: %s\nwasm: %s\n' "$ADMIN_JS_HASH" "$ADMIN_WASM_HASH" > "$TARGET_DIR/$BIN_DIR/hash-admin.txt"

echo "site: $SITE_ROOT   server: $TARGET_DIR/$BIN_DIR/pulse"
ls -l "$PKG"
