#!/usr/bin/env bash
# The deal-space grid: every question timed on synthetic models, under a budget; prints each
# model's times to stderr and a Markdown table (median / worst per shape) to stdout:
#   scripts/grid.sh [--positions 12,16,20 --options 3,4,5 --seeds 1-5 --budget 10 --no-wide]
# The full grid (the defaults) takes up to an hour on 2 cores where questions reach the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench --locked --no-default-features --bench grid -- "$@"
