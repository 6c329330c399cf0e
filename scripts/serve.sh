#!/usr/bin/env bash
# Builds the WebAssembly core and serves the page, which opens with Microsoft's example
# CSV already checked. Usage: scripts/serve.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-wasm.sh
port=${1:-${PORT:-8080}}
echo "Serving the page at http://127.0.0.1:$port/www/  (Ctrl+C to stop)"
exec python3 -m http.server "$port" --bind 127.0.0.1
