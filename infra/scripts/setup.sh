#!/usr/bin/env bash
# Installs what is missing on a fresh machine (Debian, Rust via rustup), and nothing
# that is already there. Every tool comes from crates.io, npm or Debian: nothing is
# downloaded from GitHub.
# Usage: infra/scripts/setup.sh run|test|bench|dev
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE="${1:-run}"
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=""; [ "$(id -u)" != 0 ] && command -v sudo >/dev/null && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m--> %s\033[0m\n' "$*"; }
APT_UPDATED=""
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$APT_UPDATED" ]; then say "apt-get update"; $SUDO apt-get update -q >/dev/null; APT_UPDATED=1; fi
  say "apt-get install ${missing[*]}"
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Rust: the wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI at exactly the version of the wasm-bindgen crate in Cargo.lock.
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)
if ! (command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $WB$"); then
  say "cargo install wasm-bindgen-cli $WB (about 3-8 minutes)"
  # Not --locked: its lock file names a webpki-roots the registry does not serve.
  CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version "$WB"
fi

# Small Debian tools: brotli for precompressed assets, python3 to pick free ports,
# ffmpeg for ffprobe (uploaded videos are probed for duration and codec), poppler-utils
# for pdftotext (chat reads attached PDFs).
apt_install brotli python3 ca-certificates ffmpeg poppler-utils

# Node packages: wasm-opt (binaryen 132: Debian's 108 breaks hydration) and Playwright.
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "npm ci (end2end: @playwright/test, binaryen)"
  (cd end2end && npm ci --no-audit --no-fund >/dev/null)
fi

# The shared build directory keeps every test binary cargo ever linked (about 1.3 GB each
# for the integration tests and the server): those not touched for a day are dropped, so
# repeated runs on one machine do not fill its disk. Libraries stay, so nothing rebuilds.
TARGET="${CARGO_TARGET_DIR:-$HOME/.cache/pulse-ai-studio/target}"
if [ -d "$TARGET/debug/deps" ]; then
  find "$TARGET/debug/deps" "$TARGET/debug/examples" -maxdepth 1 -type f -size +100M \
    ! -name '*.rlib' ! -name '*.rmeta' ! -name '*.so' -mtime +0 -delete 2>/dev/null || true
fi

case "$MODE" in
  test|bench)
    # Debian's Chromium for Playwright (never `npx playwright install`), PostgreSQL server.
    # poppler-utils: pdftotext reads invoices back in the document engine's tests.
    apt_install chromium chromium-driver fonts-noto-core redis-server poppler-utils
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
    # The bench compares our DOCX/PPTX-to-PDF with LibreOffice's where Debian can install it
    # (about 400 MB, so for the bench only; tests that use it skip when it is absent).
    if [ "$MODE" = bench ]; then
      apt_install libreoffice-writer-nogui libreoffice-impress-nogui || say "LibreOffice not installed; the bench skips its comparison"
      # The pages-under-load figure (oha, crates.io) and Lighthouse (npm, run in Debian's
      # Chromium): bench-only tools, kept outside the clone.
      TOOLS="$HOME/.cache/pulse-ai-studio/tools"
      if ! ("$TOOLS/bin/oha" --version 2>/dev/null | grep -q ' 1.16.0$'); then
        say "cargo install oha 1.16.0 (about 6 minutes)"
        cargo install oha --version 1.16.0 --locked --root "$TOOLS"
      fi
      if [ "$("$TOOLS/lighthouse/node_modules/.bin/lighthouse" --version 2>/dev/null)" != 12.8.2 ]; then
        say "npm install lighthouse 12.8.2 (in $TOOLS/lighthouse)"
        mkdir -p "$TOOLS/lighthouse"
        (cd "$TOOLS/lighthouse" && npm install -q --no-audit --no-fund lighthouse@12.8.2 >/dev/null)
      fi
    fi
    rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
    # cargo-deny for `make deny` (part of `make lint`; deny.toml). 0.20.2 needs Rust 1.88.
    DENY_VERSION=0.20.2
    if ! (command -v cargo-deny >/dev/null && cargo deny --version | grep -qx "cargo-deny $DENY_VERSION"); then
      say "cargo install cargo-deny $DENY_VERSION (about 3 minutes)"
      cargo install cargo-deny --version "$DENY_VERSION" --locked
    fi
    # Python packages the tests drive (PyPI), in one venv: the official `openai` client
    # (server/tests/api.rs; its npm twin comes with end2end's npm ci), and python-docx /
    # python-pptx, which open our Office exports the way other software reads them.
    apt_install python3-venv
    PY_PACKAGES="openai==3.57.0 python-docx==1.2.0 python-pptx==1.0.2"
    PY_VENV="$HOME/.cache/pulse-ai-studio/openai-venv"
    PY_STAMP="$PY_VENV/.installed-$(echo "$PY_PACKAGES" | tr ' =' '_-')"
    if [ ! -f "$PY_STAMP" ]; then
      say "pip install $PY_PACKAGES (a venv in $PY_VENV)"
      rm -rf "$PY_VENV"
      python3 -m venv "$PY_VENV"
      "$PY_VENV/bin/pip" install -q --disable-pip-version-check $PY_PACKAGES
      touch "$PY_STAMP"
    fi
    # An S3-compatible server for the S3 storage tests (crates.io; checks signatures and expiry).
    S3S="$HOME/.cache/pulse-ai-studio/tools/bin/s3s-fs"
    if [ ! -x "$S3S" ]; then
      say "cargo install s3s-fs 0.14.1 (about 2 minutes; the newest needs a newer Rust)"
      cargo install s3s-fs --version 0.14.1 --features binary --root "$HOME/.cache/pulse-ai-studio/tools"
    fi
    ;;
  dev)
    if ! command -v cargo-leptos >/dev/null; then
      say "cargo install cargo-leptos 0.3.10 (about 17 minutes; 0.3.11 does not build on this Rust)"
      cargo install cargo-leptos --version 0.3.10 --locked
    fi
    ;;
esac
say "tools ready"
