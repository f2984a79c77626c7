#!/usr/bin/env bash
# Run every fuzz target for SECONDS each, two at a time at most (niced: the machine is shared),
# starting from the committed seeds (tests/fixtures/fuzz/<target>/). Crashes are saved under
# fuzz/artifacts/<target>/; at the end one line per target gives its executions and crashes.
#
#   fuzz/run.sh SECONDS [TARGET...]      (needs a nightly toolchain and cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(content gift roster bundle)
jobs=${FUZZ_JOBS:-2}

root=$(pwd)
# FUZZ_NO_BUILD=1 runs the targets as last built.
[ -n "${FUZZ_NO_BUILD:-}" ] || nice -n 10 cargo +nightly fuzz build -O

run_one() {
    local t=$1
    local corpus="$root/fuzz/corpus/$t" artifacts="$root/fuzz/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    cp -n "$root"/tests/fixtures/fuzz/"$t"/* "$corpus/" 2>/dev/null || true
    # -fork=1 keeps fuzzing after a crash (each one saved), so one bug does not end the run.
    # The binary built above, run directly: a later change to the sources does not rebuild it.
    nice -n 10 "$root/fuzz/target/x86_64-unknown-linux-gnu/release/$t" "$corpus" \
        -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$root/fuzz/$t.log" 2>&1 || true
}

running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

printf '%-8s %14s %8s\n' target executions crashes
for t in "${targets[@]}"; do
    execs=$(grep -Eo '#[0-9]+' "fuzz/$t.log" | tail -1 | tr -d '#' || true)
    crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    printf '%-8s %14s %8s\n' "$t" "${execs:-?}" "$crashes"
done
