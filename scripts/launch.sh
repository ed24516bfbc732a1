#!/usr/bin/env bash
# Start-up against a bare eframe app (examples/bare_eframe.rs), the two taking turns:
#   scripts/launch.sh [RUNS] [FRAMES] [BEFORE]
# Each run starts the window on a private Xvfb display (software rendering, as on a machine
# without a GPU), draws FRAMES frames (1 unless told) and quits; bash's `time` gives its wall
# and CPU seconds. Red Lines starts as a new user does (no settings, no autosave) with nothing
# opened, and again with scenarios/us-compromise.ron; BEFORE, another build of redlines, takes
# its turn too (a change measured side by side). Prints the medians and the ratios.
set -euo pipefail
runs=${1:-15} frames=${2:-1} before=${3:-}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin redlines --example bare_eframe
app=target/release/redlines bare=target/release/examples/bare_eframe
dir=$(mktemp -d)
display=:$((200 + RANDOM % 400))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp > /dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2> /dev/null; rm -rf "$dir"' EXIT
sleep 1
run() { # name, then the command; appends "wall cpu" to $dir/name
    local name=$1
    shift
    rm -rf "$dir/home" && mkdir -p "$dir/home/data" "$dir/home/config" "$dir/home/run"
    chmod 700 "$dir/home/run"
    local TIMEFORMAT='%3R %3U %3S'
    { time DISPLAY=$display XDG_DATA_HOME=$dir/home/data XDG_CONFIG_HOME=$dir/home/config \
        XDG_RUNTIME_DIR=$dir/home/run "$@" > /dev/null 2>&1; } 2> "$dir/t"
    read -r wall user sys < <(tail -1 "$dir/t")
    echo "$wall $(echo "$user + $sys" | bc)" >> "$dir/$name"
}
run bare "$bare" --quit-after-frames "$frames" # a first, unmeasured start warms the caches
rm -f "$dir/bare"
for _ in $(seq "$runs"); do
    run bare "$bare" --quit-after-frames "$frames"
    run app "$app" --quit-after-frames "$frames"
    run scenario "$app" scenarios/us-compromise.ron --quit-after-frames "$frames"
    if [ -n "$before" ]; then
        run before "$before" --quit-after-frames "$frames"
    fi
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
bare_wall=$(cut -d' ' -f1 "$dir/bare" | median) bare_cpu=$(cut -d' ' -f2 "$dir/bare" | median)
echo "$runs runs each, $frames frame(s), medians; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "| window | wall | CPU | wall ratio | CPU ratio |"
echo "|---|---|---|---|---|"
for name in bare app scenario ${before:+before}; do
    wall=$(cut -d' ' -f1 "$dir/$name" | median) cpu=$(cut -d' ' -f2 "$dir/$name" | median)
    printf "| %s | %.3f s | %.3f s | %.2f× | %.2f× |\n" "$name" "$wall" "$cpu" \
        "$(echo "$wall / $bare_wall" | bc -l)" "$(echo "$cpu / $bare_cpu" | bc -l)"
done
