#!/usr/bin/env bash
# Installs everything building and testing need, on a fresh machine or an old one.
# Idempotent and quick when all is there. Versions: wasm-bindgen-cli is taken from
# Cargo.lock (it must equal the wasm-bindgen crate); Node packages from
# tests/e2e/package-lock.json; Debian packages from the distribution (Debian 12).
#
# Usage: scripts/setup.sh [--browser]   (--browser also installs Chromium, ChromeDriver,
# the DNS test servers and the Node test packages)
set -euo pipefail
cd "$(dirname "$0")/.."

browser=false
[ "${1:-}" = "--browser" ] && browser=true

say() { printf '[setup] %s\n' "$*"; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages.
packages=()
if $browser; then
  command -v chromium >/dev/null || packages+=(chromium)
  command -v chromedriver >/dev/null || packages+=(chromium-driver)
  command -v named-checkzone >/dev/null || packages+=(bind9-utils)
  command -v knotd >/dev/null || packages+=(knot)
  command -v kdig >/dev/null || packages+=(knot-dnsutils)
  command -v dnsdist >/dev/null || packages+=(dnsdist)
  command -v openssl >/dev/null || packages+=(openssl)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || packages+=(nginx-light)  # the probe tests (tests/probe.rs)
fi
if [ ${#packages[@]} -gt 0 ]; then
  say "installing Debian packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# Rust target for the browser build.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI, exactly the version of the wasm-bindgen crate in Cargo.lock.
# (No --locked: one of its locked dependencies is missing from the registry.)
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (takes about 6 minutes once)"
  cargo install -q wasm-bindgen-cli --version "$want" --force
fi

# wasm-opt from npm's binaryen (pinned in scripts/tools/package-lock.json).
if [ ! -f scripts/tools/node_modules/.package-lock.json ] ||
   [ scripts/tools/package-lock.json -nt scripts/tools/node_modules/.package-lock.json ]; then
  say "installing build tools from npm (binaryen)"
  (cd scripts/tools && npm ci --no-audit --no-fund --loglevel=error)
fi

# Node packages for the browser end-to-end tests (playwright-core drives Debian's Chromium).
if $browser; then
  stamp=tests/e2e/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ tests/e2e/package-lock.json -nt "$stamp" ]; then
    say "installing Node packages for the end-to-end tests"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
say "ready"
