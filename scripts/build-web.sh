#!/usr/bin/env bash
# Builds the web version of Red Lines into a folder that any static file server can host:
#   scripts/build-web.sh [SITE_DIR]        (default: target/site)
# It needs Debian's Rust packages for the web (rustup cannot fetch a wasm32 standard library
# here, but -Zbuild-std builds one from rust-web-src) and wasm-bindgen-cli at the version of
# wasm-bindgen in Cargo.lock; see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:-target/site}"

# Debian's toolchain, not rustup's; its own target folder, so the two never rebuild each
# other's host crates.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_WEB:-target/web}"
wasm_bindgen="${WASM_BINDGEN:-wasm-bindgen}"

want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
have=$("$wasm_bindgen" --version | awk '{print $2}')
if [ "$want" != "$have" ]; then
    echo "build-web: wasm-bindgen $have found, Cargo.lock needs $want:" >&2
    echo "  cargo install wasm-bindgen-cli --version $want" >&2
    exit 1
fi

/usr/bin/cargo build --locked --profile web --bin redlines \
    -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown

rm -rf "$site"
mkdir -p "$site"
# Without the names of functions (2 MB of the 12; a panic still says its message, file and
# line) the page is smaller and starts no slower: measured in the README, "Building and
# hosting the web version".
"$wasm_bindgen" --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$site" --out-name redlines \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/web/redlines.wasm"
cp web/index.html web/worker.js "$site/"
echo "build-web: $site holds the site ($(du -sh "$site" | cut -f1)); serve it with any static file server"
