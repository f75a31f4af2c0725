#!/usr/bin/env bash
# Installs what x86fuzz needs beyond the Swift toolchain: Debian's Capstone (libcapstone-dev).
set -euo pipefail
if pkg-config --exists capstone 2>/dev/null; then
    exit 0
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq libcapstone-dev pkg-config >/dev/null
