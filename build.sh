#!/usr/bin/env bash
# ConvLab's one entry point.
#   ./build.sh serve   set up what is missing, build, serve www/ on http://127.0.0.1:8000
#   ./build.sh test    set up what is missing, run every check and test (what CI runs)
#   ./build.sh wasm    build www/pkg only
#   ./build.sh bench   criterion benchmarks + the browser benchmark page in headless Chromium
#   ./build.sh soak    memory soak in headless Chromium (~15 min): uploads, MR8 runs, training
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-8000}"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version pinned with "=" in Cargo.toml; the CLI must be exactly this one.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml
}

setup_rust() {
  command -v cargo >/dev/null || die "Rust is not installed: install it from https://rustup.rs, then run this again."
  if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    step "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt || true
  local want; want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "Cargo.toml must pin wasm-bindgen with '=' (e.g. wasm-bindgen = \"=0.2.130\")."
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    step "installing wasm-bindgen-cli $want (about 5 minutes on 2 cores)"
    # --locked can fail when the registry lacks a version the CLI's lockfile pins.
    cargo install wasm-bindgen-cli --version "$want" --locked 2>/dev/null \
      || cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

setup_node() {
  command -v npm >/dev/null || die "Node.js and npm are needed for the browser tests: apt-get install nodejs npm."
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "installing npm dev dependencies (playwright-core, benchmark peers)"
    npm ci --no-audit --no-fund
  fi
}

setup_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian chromium + chromium-driver"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    die "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium chromium-driver'."
  fi
}

# Two .wasm files from one source: convlab_bg.wasm (SIMD128, every current browser) and
# convlab_relaxed_bg.wasm (+relaxed-simd: fused multiply-add), which www/lib/core.js loads
# where WebAssembly.validate says the browser runs it. The relaxed build has its own target
# directory because RUSTFLAGS (which replaces .cargo/config.toml's rustflags) would otherwise
# invalidate the plain build's cache on every switch. Both share one JS glue: it is checked.
build_wasm() {
  local target="${CARGO_TARGET_DIR:-target}"
  local relaxed_target="$target/relaxed"
  step "building wasm (release, simd128)"
  cargo build --release --target wasm32-unknown-unknown --lib
  wasm-bindgen --target web --out-dir www/pkg "$target/wasm32-unknown-unknown/release/convlab.wasm"
  echo '{"type":"module"}' > www/pkg/package.json
  step "building wasm (release, simd128 + relaxed-simd)"
  RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR="$relaxed_target" \
    cargo build --release --target wasm32-unknown-unknown --lib
  rm -rf "$relaxed_target/bindgen"
  wasm-bindgen --target web --out-dir "$relaxed_target/bindgen" \
    "$relaxed_target/wasm32-unknown-unknown/release/convlab.wasm"
  cmp -s "$relaxed_target/bindgen/convlab.js" www/pkg/convlab.js \
    || die "the relaxed-SIMD build's JS glue differs from the SIMD build's; www/lib/core.js needs them equal"
  cp "$relaxed_target/bindgen/convlab_bg.wasm" www/pkg/convlab_relaxed_bg.wasm
  # Opt-in (WASM_OPT=1): binaryen's wasm-opt -O3 (npm, runs as JS) makes both files 11 % smaller
  # (13 % gzipped) and no faster in Chromium, for about 45 s each on 2 cores: worth it for a
  # deployed copy, not for every build.
  if [ "${WASM_OPT:-0}" = 1 ]; then
    [ -x node_modules/.bin/wasm-opt ] || die "WASM_OPT=1 needs npm's binaryen (npm ci installs it)."
    for f in www/pkg/convlab_bg.wasm www/pkg/convlab_relaxed_bg.wasm; do
      step "wasm-opt -O3 $f"
      node_modules/.bin/wasm-opt -O3 --enable-simd --enable-relaxed-simd --enable-bulk-memory \
        --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        --enable-reference-types --enable-multivalue "$f" -o "$f.opt" && mv "$f.opt" "$f"
    done
  fi
  node scripts/precache.mjs
  for f in www/pkg/convlab_bg.wasm www/pkg/convlab_relaxed_bg.wasm; do
    ls -l "$f" | awk -v f="$f" '{printf "%s: %d KiB\n", f, $5/1024}'
  done
}

run_checks() {
  step "cargo fmt --check"
  cargo fmt --all -- --check
  step "cargo clippy (native, all targets)"
  cargo clippy --all-targets -- -D warnings
  step "cargo clippy (wasm32)"
  cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
  step "cargo test (unit, doc, property, oracle)"
  cargo test
}

run_js_unit() {
  step "JS unit tests (node --test tests/js/: the page's DOM-free modules)"
  node --test tests/js/
}

run_e2e() {
  step "browser end-to-end tests (headless Chromium)"
  node --test --test-concurrency=1 tests/e2e/
}

case "${1:-}" in
  serve)
    setup_rust
    build_wasm
    step "serving"
    exec node scripts/serve.mjs --port "$PORT"
    ;;
  test)
    setup_rust
    setup_node
    setup_chromium
    run_checks
    run_js_unit
    build_wasm
    run_e2e
    step "all checks and tests passed"
    ;;
  wasm)
    setup_rust
    build_wasm
    ;;
  bench)
    setup_rust
    setup_node
    setup_chromium
    build_wasm
    step "browser benchmark (headless Chromium)"
    node scripts/bench-browser.mjs
    step "criterion benchmarks (native)"
    cargo bench --bench conv --bench lenet5
    ;;
  soak)
    setup_rust
    setup_node
    setup_chromium
    build_wasm
    step "memory soak (headless Chromium, about 15 minutes)"
    node --test --test-concurrency=1 tests/soak/
    ;;
  *)
    echo "usage: ./build.sh serve | test | wasm | bench | soak" >&2
    exit 2
    ;;
esac
