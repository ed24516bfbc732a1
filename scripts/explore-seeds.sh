#!/usr/bin/env bash
# Explore on many seeds of one shape, before and after a change, side by side in one run:
#   scripts/explore-seeds.sh BEFORE_BINARY AFTER_BINARY POSITIONS OPTIONS RED_LINES [FIRST_SEED [COUNT]]
# Seeds FIRST_SEED … FIRST_SEED+COUNT-1 (a random first seed and 20 unless told; printed, so a
# run can be repeated); each model through `redlines explore --format json --timeout 30`, the
# two binaries taking turns. Prints each seed's wall time and peak memory, then the median and
# worst of each, and how many answers were partial.
set -euo pipefail
before=$1 after=$2 positions=$3 options=$4 red_lines=$5
first=${6:-$((RANDOM * 32 + RANDOM % 32))} count=${7:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "$positions × $options × $red_lines, seeds $first–$((first + count - 1))"
for side in before after; do : > "$dir/$side"; done
for seed in $(seq "$first" $((first + count - 1))); do
    "$after" generate-model --positions "$positions" --options "$options" \
        --red-lines "$red_lines" --seed "$seed" > "$dir/m.ron"
    line="seed $seed:"
    for side in before after; do
        binary=$before
        [[ $side == after ]] && binary=$after
        code=0
        /usr/bin/time -f "%e %M" -o "$dir/t" "$binary" explore "$dir/m.ron" --format json \
            --timeout 30 > /dev/null 2> /dev/null || code=$?
        read -r wall kb < <(tail -1 "$dir/t")
        partial=0 note=""
        if [[ $code == 3 ]]; then
            partial=1 note=" (partial)"
        fi
        echo "$wall $kb $partial" >> "$dir/$side"
        line="$line $side ${wall} s $((kb / 1024)) MB$note"
    done
    echo "$line"
done
for side in before after; do
    sort -n "$dir/$side" | awk -v side="$side" '
        { wall[NR] = $1; if ($2 > peak) peak = $2; partial += $3 }
        END {
            median = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
            printf "%s: median %.2f s, worst %.2f s, peak %d MB, partial %d of %d\n",
                side, median, wall[NR], peak / 1024, partial, NR
        }'
done
