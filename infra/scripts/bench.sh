#!/usr/bin/env bash
# Prints the figures that matter on a phone over mobile data: the bytes a cold first load
# of /app/chat transfers (HTML, CSS, JS, WASM, fonts), the release WASM size (and the image
# editor's separate module, with its resize against the browser's canvas), and the
# server's idle memory and start-to-ready time. Figures only: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pulse-ai-studio/target}"
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

infra/scripts/build-site.sh release >/dev/null
PKG=target/site/pkg
WASM=$(ls "$PKG"/pulse.*.wasm | grep -v -e '\.gz$' -e '\.br$')
echo "== release WASM"
printf '  raw     %9d B\n  gzip -9 %9d B\n  brotli  %9d B\n' "$(stat -c%s "$WASM")" "$(stat -c%s "$WASM.gz")" "$(stat -c%s "$WASM.br")"

echo "== lazy pages (each fetched when the page opens; goal: none of it in chat's first load)"
python3 - "$PKG" <<'PY'
import json, os, sys
pkg = sys.argv[1]
names = {f.split(".")[0]: f for f in os.listdir(pkg) if f.endswith(".wasm.br")}
manifest = json.load(open(os.path.join(pkg, "__wasm_split_manifest.json")))
for split, files in sorted(manifest.items()):
    size = sum(os.path.getsize(os.path.join(pkg, names[f.split(".")[0]])) for f in files)
    page = split.strip("_").split("_pages_view")[0]
    print(f"  {page:<10} {size:>9} B brotli in {len(files)} files")
print(f"  all lazy modules: {len([n for n in names if n.startswith(('split_', 'chunk_'))])} files")
PY

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
START=$(date +%s%N)
LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true DATA_DIR="$DATA" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/pulse" >"$DATA/server.log" 2>&1 &
PID=$!
until curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $PID 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
  sleep 0.01
done
READY=$(( ($(date +%s%N) - START) / 1000000 ))
echo "== server (release, fresh SQLite: includes creating the database and running migrations)"
echo "  start-to-ready   ${READY} ms"
sleep 1
echo "  idle RSS         $(awk '/VmRSS/{print $2, $3}' /proc/$PID/status)"

echo "== first load"
(cd end2end && node bench/first-load.mjs "http://127.0.0.1:$PORT/app/chat")

echo "== image editor (its own module, fetched only when the editor opens; goal: resize ≤ 2× the canvas)"
EDITOR_WASM=$(ls "$PKG"/pulse_editor.*.wasm | grep -v -e '\.gz$' -e '\.br$')
printf '  main WASM brotli   %9d B   editor WASM brotli %9d B (raw %d B)\n' \
  "$(stat -c%s "$WASM.br")" "$(stat -c%s "$EDITOR_WASM.br")" "$(stat -c%s "$EDITOR_WASM")"
(cd end2end && node bench/editor-resize.mjs "http://127.0.0.1:$PORT")
curl -s -o /dev/null "http://127.0.0.1:$PORT/" 
echo "  idle RSS after traffic $(awk '/VmRSS/{print $2, $3}' /proc/$PID/status)"

echo "== quota ledger (release build)"
RUSTFLAGS="--cfg erase_components" cargo build --release -q -p server --example ledger_bench
BENCH_BIN="$CARGO_TARGET_DIR/release/examples/ledger_bench"
"$BENCH_BIN" "sqlite://$DATA/bench.db"
infra/scripts/with-postgres.sh bash -c "\"$BENCH_BIN\" \"\$PULSE_TEST_POSTGRES_URL\"" 2>/dev/null

echo "== durable jobs (release build; empty jobs, so this is the queue's own cost)"
RUSTFLAGS="--cfg erase_components" cargo build --release -q -p server --example jobs_bench
JOBS_BIN="$CARGO_TARGET_DIR/release/examples/jobs_bench"
"$JOBS_BIN" "sqlite://$DATA/jobs.db"
infra/scripts/with-postgres.sh bash -c "\"$JOBS_BIN\" \"\$PULSE_TEST_POSTGRES_URL\"" 2>/dev/null

echo "== chat (release build)"
RUSTFLAGS="--cfg erase_components" cargo build --release -q -p server --example chat_bench
ulimit -n 65536 2>/dev/null || true
"$CARGO_TARGET_DIR/release/examples/chat_bench"

echo "== documents (release build)"
cargo build --release -q -p pulse-documents --example documents_bench
"$CARGO_TARGET_DIR/release/examples/documents_bench"

echo "== video studio (release build; the demo clip and an ffmpeg caption burn-in)"
RUSTFLAGS="--cfg erase_components" cargo build --release -q -p server --example video_bench
"$CARGO_TARGET_DIR/release/examples/video_bench"
