#!/usr/bin/env bash
# Benchmarks deals against the parse floors and against jq, jaq and DuckDB
# (each when installed) on generated datasets of 10k, 100k and 1M deals.
# Run it on a quiet machine; see bench/bench.py --help for the options.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin deals --example parse_floor
exec python3 bench/bench.py "$@"
