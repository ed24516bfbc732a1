#!/usr/bin/env bash
# The web build, checked as a visitor meets it: the site is built, served from a local static
# server, and opened in headless Chromium with a link that carries the teaching example. The
# page must draw that scenario: each party's card border, in its colour, where its card is.
# Opened on the Explore tab, the search must answer from its web worker; with WebGL turned off,
# the page must say that it needs WebGL. Served by `redlines serve`, a presenter page and three
# audience pages must share a live room: they follow a step, and a prediction is counted.
#   web/check.sh [SITE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:-target/site}"
scripts/build-web.sh "$site"
site="$(cd "$site" && pwd)"

work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
python3 web/serve.py "$site" "$port" >"$work/server.log" 2>&1 &
server=$!
rooms_server=""
trap 'kill $server $rooms_server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/" >/dev/null && break
    sleep 0.1
done

link="$(cargo run --quiet --locked -- link scenarios/riverside-opening-offer.ron \
    --base "http://127.0.0.1:$port/")"
browse() {
    rm -rf "$work/profile"
    chromium --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --disable-quic --user-data-dir="$work/profile" \
        --virtual-time-budget=20000 --window-size=1280,800 "$@" 2>>"$work/chromium.log"
}
browse --screenshot="$work/shot.png" "$link" >/dev/null
test -s "$work/shot.png"

# The four cards of the teaching example, left to right, at 1280×800: council, union, riders,
# chamber. Each region must hold plenty of its party's colour (a border is ~1,500 pixels).
failed=0
check() { # name colour x y
    local count
    count=$(convert "$work/shot.png" -crop "200x150+$3+$4" +repage -fill black +opaque "$2" \
        -fill white -opaque "$2" -colorspace gray -format "%[fx:round(mean*w*h)]" info:)
    if [ "$count" -lt 500 ]; then
        echo "web check: the $1 card ($2) is not drawn at $3,$4: $count pixels" >&2
        failed=1
    else
        echo "web check: the $1 card is drawn ($count pixels of $2)"
    fi
}
check council "#1e88e5" 466 92
check union "#e53935" 669 92
check riders "#43a047" 873 92
check chamber "#8e24aa" 1076 92
if [ "$failed" -ne 0 ]; then
    cp "$work/shot.png" "${WEB_CHECK_SHOT:-/tmp/web-check-failed.png}"
    exit 1
fi

# On the Explore tab the search runs in a web worker: its answer must reach the page. This runs
# in real time (playwright-core drives Chromium), since Chromium's virtual time does not wait
# for a worker that is still loading.
tools="${WEB_CHECK_TOOLS:-target/web-check}"
if [ ! -d "$tools/node_modules/playwright-core" ]; then
    mkdir -p "$tools"
    npm install --silent --no-audit --no-fund --prefix "$tools" playwright-core@1 >/dev/null
fi
cp web/check-worker.mjs "$tools/"
answer="$(node "$tools/check-worker.mjs" "$link&tab=explore")" || {
    echo "web check: the Explore tab's search in a web worker did not answer" >&2
    exit 1
}
case "$answer" in
    *isolated=true*) ;;
    *)
        echo "web check: served with web/serve.py's headers, the page should be cross-origin isolated ($answer)" >&2
        exit 1
        ;;
esac
echo "web check: the Explore tab's search ran in a web worker and answered ($answer)"

# No WebGL: a plain sentence, not a blank page.
browse --disable-webgl --disable-3d-apis --dump-dom "$link" >"$work/dom.html"
if ! grep -q "needs WebGL" "$work/dom.html"; then
    echo "web check: without WebGL the page did not say so" >&2
    exit 1
fi
echo "web check: without WebGL the page says it needs WebGL"

# A live room: one presenter page and three audience pages, served by `redlines serve` (the
# desktop binary; its rooms kept in a folder of this run's own).
rooms_port=$((20000 + RANDOM % 20000))
while [ "$rooms_port" = "$port" ]; do rooms_port=$((20000 + RANDOM % 20000)); done
cargo build --quiet --locked
target/debug/redlines serve --site "$site" --port "$rooms_port" --data "$work/rooms" \
    >"$work/rooms.log" 2>&1 &
rooms_server=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$rooms_port/" >/dev/null && break
    sleep 0.1
done
cp web/check-rooms.mjs "$tools/"
rooms="$(node "$tools/check-rooms.mjs" "http://127.0.0.1:$rooms_port")" || {
    echo "web check: the live room did not work in Chromium (server said: $(cat "$work/rooms.log"))" >&2
    exit 1
}
echo "web check: a presenter and three audience pages shared a live room ($rooms)"
