#!/usr/bin/env bash
# Installs the Debian packages PlateProof needs that are not installed yet.
# Usage: scripts/install-system-packages.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail

packages=(libjpeg-dev libpng-dev libsqlite3-dev pkg-config)
# The tests run the store on a throwaway PostgreSQL and drive the review page in headless Chromium.
if [[ "${1:-}" == "--test" ]]; then packages+=(postgresql chromium chromium-driver); fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
