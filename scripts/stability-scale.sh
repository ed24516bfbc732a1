#!/usr/bin/env bash
# The stability analysis by size, before and after a change, side by side in one run:
#   scripts/stability-scale.sh BEFORE_BINARY AFTER_BINARY [CONTROLS]
# Each model: 2^N states (N binary positions), four parties each moving CONTROLS of them (3
# unless told), four preferences each, seed 7; `redlines stability --format json` timed with
# GNU time (wall seconds, CPU seconds, peak memory), the two binaries taking turns.
set -euo pipefail
before=$1 after=$2 controls=${3:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "| states | before: wall / CPU / peak | after: wall / CPU / peak | wall ratio |"
echo "|---|---|---|---|"
for n in 10 12 14 16 18 19 20; do
    "$after" generate-model --positions "$n" --options 2 --red-lines "$n" --parties 4 \
        --controls "$controls" --preferences 4 --seed 7 > "$dir/m.ron"
    row=()
    walls=()
    for binary in "$before" "$after"; do
        if /usr/bin/time -f "%e %U %S %M" -o "$dir/t" "$binary" stability "$dir/m.ron" \
            --format json --timeout 0 > "$dir/out.json" 2> "$dir/err"; then
            read -r wall user sys kb < <(tail -1 "$dir/t")
            cpu=$(printf "%.2f" "$(echo "$user + $sys" | bc)")
            row+=("$wall s / $cpu s / $((kb / 1024)) MB")
            walls+=("$wall")
        else
            row+=("refused: $(tail -1 "$dir/err" | cut -c1-60)…")
            walls+=("")
        fi
    done
    ratio="–"
    if [[ -n ${walls[0]} && -n ${walls[1]} ]]; then
        ratio=$(echo "scale=1; ${walls[0]} / ${walls[1]}" | bc)×
    fi
    echo "| 2^$n | ${row[0]} | ${row[1]} | $ratio |"
done
