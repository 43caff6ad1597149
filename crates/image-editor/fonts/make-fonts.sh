#!/usr/bin/env bash
# Rebuilds the editor's two extra web fonts in public/fonts/ from the TTFs bundled in
# crates/documents/fonts/ (fontTools + brotli from PyPI, in a venv outside the clone).
# Subsets keep the layout features (Arabic joining, ligatures, marks) and drop hinting,
# which a canvas drawing text at poster sizes does not need.
set -euo pipefail
cd "$(dirname "$0")/../../.."
VENV="${FONTTOOLS_VENV:-$HOME/.cache/pulse-ai-studio/fonttools-venv}"
[ -x "$VENV/bin/pyftsubset" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q fonttools brotli; }
COMMON=(--flavor=woff2 --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline --no-hinting --drop-tables+=DSIG)
"$VENV/bin/pyftsubset" crates/documents/fonts/NotoNaskhArabic-Regular.ttf "${COMMON[@]}" \
  --output-file=public/fonts/naskh-arabic-400.v1.woff2 \
  --unicodes="U+0020-007E,U+00A0,U+00AB,U+00BB,U+00D7,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+2010-2027,U+2030-203A,U+25CC"
"$VENV/bin/pyftsubset" crates/documents/fonts/NotoSerif-Regular.ttf "${COMMON[@]}" \
  --output-file=public/fonts/noto-serif-400.v1.woff2 \
  --unicodes="U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2212"
ls -l public/fonts/naskh-arabic-400.v1.woff2 public/fonts/noto-serif-400.v1.woff2
