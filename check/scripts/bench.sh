#!/bin/sh
# Benchmark: muslab check --brief -r TREE against scanelf on the same tree, same run.
# Usage: check/scripts/bench.sh [TREE]   (default /usr). Prints wall times and file counts.
# Not a timed test: numbers depend on the machine and the page cache (each tool runs
# once to warm the cache, then is timed).
set -eu
TREE=${1:-/usr}
BIN=${MUSLAB_CHECK:-${CARGO_TARGET_DIR:-target}/release/muslab-check}
[ -x "$BIN" ] || cargo build --release -p muslab-check
t() { s=$(date +%s.%N); "$@" > /tmp/bench.out 2>/dev/null || true; e=$(date +%s.%N); echo "$(echo "$e - $s" | bc) s, $(wc -l < /tmp/bench.out) lines: $*"; }
"$BIN" --brief -r "$TREE" > /dev/null 2>&1 || true
scanelf -R -n -i "$TREE" > /dev/null 2>&1 || true
t "$BIN" --brief -r "$TREE"
t scanelf -R -n -i "$TREE"
