#!/usr/bin/env bash
# Redraws the README's screenshots from the real window under a virtual X server (Xvfb) and
# the PDF report with poppler's pdftoppm. Run from anywhere: scripts/screenshots.sh
# Needs: xvfb, poppler-utils (apt-get install xvfb poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
bin="$PWD/target/release/wacost"
out="$PWD/assets/screenshots"
work="$(mktemp -d)"
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 2560x1600x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY="$display"
# A fresh data folder: no remembered tab, theme or plan.
export WACOST_DATA_HOME="$work/data"
export WACOST_RATES_HOME="$work/rates"

shot() { "$bin" gui "$@"; }

shot --tab projection --theme light --size 1400x900 --screenshot "$out/projection.png"
shot --tab projection --theme dark --size 1024x700 --screenshot "$out/projection-1024-dark.png"
shot --tab country --theme light --size 1400x900 --screenshot "$out/country.png"
shot --tab table --theme light --size 1400x900 --screenshot "$out/table.png"
shot --scenario assets/examples/october-2026-change.json --tab projection --theme light \
  --size 1400x900 --screenshot "$out/october-2026-change.png"
"$bin" rates import tests/data/meta/meta-rates-USD-2027-01-01.xlsx >/dev/null
shot --tab rates-compare --theme light --size 1400x900 --screenshot "$out/rates-compare.png"
rm -rf "$WACOST_RATES_HOME"
shot --scenario assets/examples/autumn-2026.json --actuals tests/data/usage/pricing_analytics.json \
  --tab actuals --theme dark --size 1400x900 --screenshot "$out/actuals.png"

shot --scenario assets/examples/carnival-variants.json --tab compare --theme light \
  --size 1400x900 --screenshot "$out/compare.png"
shot --scenario assets/examples/brazil-brl.json --tab rates --theme light \
  --size 1400x900 --screenshot "$out/rates-brl.png"

"$bin" report assets/examples/fifty-markets.json -o "$work/report.pdf" >/dev/null
pdftoppm -r 70 -png -f 1 -l 1 "$work/report.pdf" "$work/page"
mv "$work"/page-*1.png "$out/report-page-1.png"
echo "screenshots written to $out"
