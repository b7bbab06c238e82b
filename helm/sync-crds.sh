#!/usr/bin/env bash
# Copies the generated CRDs (crds/, the one source of truth, written by the crd-generator in scheduler/api)
# into the chart's crds/ folder. ChartCrdsTest fails until the two folders hold the same files.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=$root/crds
dst=$root/helm/wattshift/crds
mkdir -p "$dst"
find "$dst" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) -delete
cp "$src"/*.y*ml "$dst"/
echo "sync-crds: $(ls "$dst" | wc -l) CRD files copied from crds/ to helm/wattshift/crds/"
