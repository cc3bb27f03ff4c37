#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) one after another, one job
# at a time, on a stable toolchain (RUSTC_BOOTSTRAP=1 lets stable rustc take
# the -Z flags cargo-fuzz passes). Usage, from anywhere in the repository:
#
#   cargo install cargo-fuzz          # once
#   bash fuzz/run.sh 600              # ten minutes per target
#   bash fuzz/run.sh 60 loader date   # only these targets
#
# New inputs go to fuzz/corpus/TARGET (not committed), crashes to
# fuzz/artifacts/TARGET, logs to fuzz/logs/TARGET.log. The committed seeds
# in fuzz/seeds/TARGET (and fuzz/TARGET.dict, if any) start each run.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(loader amount date names record)
fi

export RUSTC_BOOTSTRAP=1
cargo fuzz build
mkdir -p fuzz/logs
status=0
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    seeds=()
    [ -d "fuzz/seeds/$target" ] && seeds+=("fuzz/seeds/$target")
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
    [ -f "fuzz/$target.dict" ] && options+=(-dict="fuzz/$target.dict")
    echo "fuzzing $target for ${seconds}s (log: fuzz/logs/$target.log)"
    if cargo fuzz run "$target" "fuzz/corpus/$target" "${seeds[@]}" -- "${options[@]}" \
        >"fuzz/logs/$target.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/logs/$target.log" | grep -o '[0-9]*$' || true)
        echo "  $target: ok, ${runs:-?} executions"
    else
        echo "  $target: FAILED; see fuzz/logs/$target.log and fuzz/artifacts/$target/"
        status=1
    fi
done
exit "$status"
