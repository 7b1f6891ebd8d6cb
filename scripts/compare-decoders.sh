#!/usr/bin/env bash
# Times PlateProof against djpeg (libjpeg-turbo-progs) and vipsthumbnail (libvips-tools) on the same photos,
# single-threaded, in one run, net of process start-up.
# Usage: scripts/compare-decoders.sh DIR [REPEAT]     (builds plateproof in release mode first)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$1"
repeat="${2:-3}"
command -v djpeg >/dev/null && command -v vipsthumbnail >/dev/null || {
    echo "needs djpeg and vipsthumbnail: apt-get install libjpeg-turbo-progs libvips-tools" >&2
    exit 2
}
swift build -c release --product plateproof >/dev/null
plateproof=.build/release/plateproof
mapfile -t files < <(find -L "$dir" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | sort)
count=${#files[@]}
jpegs=$(printf '%s\n' "${files[@]}" | grep -ciE '\.jpe?g$' || true)
tiny=TestImages/edge/one-pixel-1x1.jpg
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export VIPS_CONCURRENCY=1

now() { date +%s%N; }
# Milliseconds per photo of "$@" run once per file, minus the same command's cost on a 1x1 image.
per_photo_ms() {
    local start end startup total
    start=$(now)
    for _ in $(seq "$repeat"); do for f in "${files[@]}"; do "$@" "$tiny" >/dev/null 2>&1; done; done
    end=$(now)
    startup=$((end - start))
    start=$(now)
    for _ in $(seq "$repeat"); do for f in "${files[@]}"; do "$@" "$f" >/dev/null 2>&1; done; done
    end=$(now)
    total=$((end - start - startup))
    echo "scale=2; $total / 1000000 / ($repeat * $count)" | bc
}
# Milliseconds per photo of one vipsthumbnail process over all files, minus its start-up.
vips_ms() {
    local start end startup total
    start=$(now)
    for _ in $(seq "$repeat"); do vipsthumbnail -s 512 -o "$scratch/%s.jpg" "$tiny" >/dev/null 2>&1; done
    end=$(now)
    startup=$((end - start))
    start=$(now)
    for _ in $(seq "$repeat"); do vipsthumbnail -s 512 -o "$scratch/%s.jpg" "${files[@]}" >/dev/null 2>&1; done
    end=$(now)
    total=$((end - start - startup))
    echo "scale=2; $total / 1000000 / ($repeat * $count)" | bc
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

if [[ "$jpegs" -gt 0 ]]; then
    djpeg_eighth=$(per_photo_ms djpeg -scale 1/8 -outfile /dev/null)
    djpeg_full=$(per_photo_ms djpeg -outfile /dev/null)
fi
vips=$(vips_ms)
eighth_json=$($plateproof bench "$dir" --repeat "$repeat" --scale 8 --json)
full_json=$($plateproof bench "$dir" --repeat "$repeat" --scale 1 --json)
# Means (1000 / photos per second), as the other tools' figures are: medians mislead on mixed folders.
mean_ms() { echo "scale=2; 1000 / $(json_field "$1" <<<"$2")" | bc; }
ours_eighth=$(mean_ms decode_photos_per_second "$eighth_json")
ours_full=$(mean_ms decode_photos_per_second "$full_json")
pipeline=$(mean_ms photos_per_second "$eighth_json")

ratio() { echo "scale=2; $1 / $2" | bc; }
echo "$count photos in $dir, $repeat rounds, single thread (ms per photo)"
if [[ "$jpegs" -eq 0 ]]; then
    # djpeg reads only JPEG: without one its rows would time its own refusal.
    printf '  %-44s %8s\n' "plateproof decode (no DCT scaling)" "$ours_full"
    printf '  %-44s %8s\n' "vipsthumbnail -s 512 (one process)" "$vips"
    printf '  %-44s %8s   vips is %sx ours\n' "plateproof pipeline" "$pipeline" "$(ratio "$vips" "$pipeline")"
    exit 0
fi
printf '  %-44s %8s\n' "djpeg -scale 1/8 (the floor)" "$djpeg_eighth"
printf '  %-44s %8s   %sx djpeg 1/8\n' "plateproof decode at 1/8" "$ours_eighth" "$(ratio "$ours_eighth" "$djpeg_eighth")"
printf '  %-44s %8s\n' "djpeg full size" "$djpeg_full"
printf '  %-44s %8s   %sx djpeg\n' "plateproof decode at full size" "$ours_full" "$(ratio "$ours_full" "$djpeg_full")"
printf '  %-44s %8s\n' "vipsthumbnail -s 512 (one process)" "$vips"
printf '  %-44s %8s   %sx djpeg 1/8, vips is %sx ours\n' "plateproof pipeline" "$pipeline" \
    "$(ratio "$pipeline" "$djpeg_eighth")" "$(ratio "$vips" "$pipeline")"
