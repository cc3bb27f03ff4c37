#!/usr/bin/env bash
# Redraws docs/graph.svg from the bundled dataset, and docs/graph.png from it
# with headless Chromium (apt-get install chromium). Run after the dataset
# changes; look at the PNG before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin deals
target/release/deals graph --format svg > docs/graph.svg
size=$(grep -o 'viewBox="0 0 [0-9]* [0-9]*"' docs/graph.svg | head -1 | tr -dc '0-9 ' | awk '{print $3","$4}')
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --screenshot="$PWD/docs/graph.png" --window-size="$size" "file://$PWD/docs/graph.svg" 2>/dev/null
echo "docs/graph.svg and docs/graph.png (${size/,/x}) from the bundled dataset"
