#!/usr/bin/env bash
# Runs every fuzz target for a while (default 300 s each), seeded with the test fixtures.
# Needs the nightly toolchain and cargo-fuzz: rustup toolchain install nightly;
# cargo install cargo-fuzz. Usage: fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"
seed() {
  mkdir -p "corpus/$1"
  shift
  for f in "$@"; do cp -f "$f" "corpus/${f//\//_}" 2>/dev/null || true; done
}
mkdir -p corpus/usage_import corpus/meta_rate_file corpus/scenario_file corpus/rate_card_toml corpus/usage_values
for f in ../tests/data/usage/*.* ../tests/data/usage/broken/* ../tests/data/actuals/*; do cp -f "$f" corpus/usage_import/; done
for f in ../tests/data/meta/*; do cp -f "$f" corpus/meta_rate_file/; done
for f in ../assets/example-scenario.json ../assets/examples/*.json ../tests/data/*.json; do cp -f "$f" corpus/scenario_file/ 2>/dev/null || true; done
for f in ../rates/cards/*.toml ../rates/markets.csv; do cp -f "$f" corpus/rate_card_toml/; done
printf '2026-10-05T10:00:00Z' > corpus/usage_values/date
printf '+91 98765 43210' > corpus/usage_values/phone
printf '1.234,50' > corpus/usage_values/amount
failed=()
for t in usage_import usage_values meta_rate_file scenario_file rate_card_toml; do
  echo "== $t for ${secs}s"
  if cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 \
      >"$t.log" 2>&1; then
    grep -E "^Done [0-9]+ runs" "$t.log" || tail -2 "$t.log"
  else
    failed+=("$t")
    grep -E "panicked|SUMMARY|Test unit written" "$t.log" | head -5
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in fuzz/artifacts; logs in fuzz/<target>.log)"
  exit 1
fi
echo "no crash"
