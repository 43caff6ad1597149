#!/usr/bin/env bash
# Rebuilds the interface's web fonts in public/fonts/ (IBM Plex Sans Arabic, 400 and 700,
# one Arabic and one Latin file per weight) from @fontsource/ibm-plex-sans-arabic on npm,
# with fontTools + brotli from PyPI in a venv outside the clone.
#
# Each subset is cut to its @font-face `unicode-range` in style/main.css (keep the lists
# equal; a code point the font lacks, such as U+200C–200F, is simply not in the file), keeps
# the layout features text needs (Arabic joining, rlig, marks, kerning; not the fractions
# and capital spacing we never ask for), and drops TrueType hinting: phones and macOS
# ignore it, and it was a quarter of each file. The Arabic files also keep the space and
# the no-break space (in main.css their range lists them: Arabic pages draw their spaces
# from the Arabic file, so a bold Arabic heading does not fetch the bold Latin file), and
# the image editor loads each file as a face of its own, where Arabic text needs its
# spaces from the same face. They also carry the signs Arabic pages print between their
# words: ASCII digits and punctuation, « » · × – — … (taken from the Latin file of the
# same weight and merged in, 2.7 KB): an Arabic page draws them from the Arabic file and
# fetches a Latin file only for Latin letters (an Arabic chat page fetched the 11.7 KB
# Latin file for "0 / 20,000" and "(دون اتصال)"). Kerning between a Latin letter and such
# a sign (the two are in different files then) is lost on Arabic pages. The Arabic files
# hold the Arabic language's letters, marks, digits and punctuation, the letters Levantine
# writing borrows for foreign sounds (پ چ ژ ڤ گ ک ی) and the Persian digits: 13.5 KB each
# before the signs (16.2–16.3 KB with them), where the whole block U+0600–06FF (the
# Urdu, Sindhi, Pashto and Kurdish letters and the Quranic marks too, 968 glyphs) took
# 22 KB. The rest of the block, the presentation forms and the supplements fall back to
# the system's Arabic font, letter by letter; the words still join (the browser shapes
# across the change of font), only the letter's style differs.
# Bump the `.vN` in the names (here, main.css, shell.rs, sw.js, the image editor's host,
# README and browser test, server/tests/units.rs) when the files change: they are served
# as immutable.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=5.3.0
OUT=v4
VENV="${FONTTOOLS_VENV:-$HOME/.cache/pulse-ai-studio/fonttools-venv}"
[ -x "$VENV/bin/pyftsubset" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q fonttools brotli; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack -q "@fontsource/ibm-plex-sans-arabic@$VERSION" >/dev/null && tar xzf ./*.tgz)
ARABIC="U+0020,U+00A0,U+060C,U+061B,U+061F,U+0621-065F,U+0660-066D,U+0670-0671,U+067E,U+0686,U+0698,U+06A4,U+06A9,U+06AF,U+06CC,U+06F0-06F9,U+200C-200F,U+25CC,U+FD3E-FD3F"
SIGNS="U+0021-0040,U+005B-0060,U+007B-007E,U+00AB,U+00B7,U+00BB,U+00D7,U+2013-2014,U+2026"
LATIN="U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-0301,U+0303-0304,U+0308,U+2013-2014,U+2018-201E,U+2022,U+2026,U+2039-203A,U+20AC,U+2122,U+2191,U+2193,U+2212"
FEATURES=ccmp,locl,isol,init,medi,fina,rlig,calt,liga,clig,kern,mark,mkmk,curs
"$VENV/bin/python" - "$TMP/package/files" "$OUT" "$ARABIC" "$SIGNS" "$LATIN" "$FEATURES" <<'PY'
import sys
from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

files, out, arabic, signs, latin, features = sys.argv[1:]

def cut(script, weight, unicodes):
    font = TTFont(f"{files}/ibm-plex-sans-arabic-{script}-{weight}-normal.woff2")
    options = subset.Options()
    options.layout_features = features.split(",")
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    font.flavor = None
    return font

for weight in (400, 700):
    # Arabic: its letters and spaces, then the signs from the Latin file (no code point is
    # in both parts; only .notdef is, and the merger keeps the first part's).
    parts = []
    for i, (script, unicodes) in enumerate((("arabic", arabic), ("latin", signs))):
        path = f"{files}/part-{weight}-{i}.ttf"
        cut(script, weight, unicodes).save(path)
        parts.append(path)
    merged = Merger().merge(parts)
    merged.flavor = "woff2"
    merged.save(f"public/fonts/plex-arabic-arabic-{weight}.{out}.woff2")
    latin_font = cut("latin", weight, latin)
    latin_font.flavor = "woff2"
    latin_font.save(f"public/fonts/plex-arabic-latin-{weight}.{out}.woff2")
PY
ls -l public/fonts/plex-arabic-*."$OUT".woff2
