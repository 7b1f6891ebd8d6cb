#!/bin/bash
set -uo pipefail  # a refused enrolment is a result here, not a failure
# The plates-3 robustness suite with a site's profile, within each repeated platesv2 bowl (leave
# one out): the model is enrolled from the bowl's other photos, the one left out is changed and
# verified with and without the profile.
# - Changes to the plate itself (rim glaze, printed motif) make another model: they are applied the
#   same way to every photo (--one-model) and the model is enrolled from the changed photos.
# - Changes to the photo (cutlery laid on it, tilt, rotation, re-encode, upscale) keep the model:
#   it is enrolled from the untransformed photos.
cd "$(dirname "$0")/.."
swift build -c release --product plateproof >&2
B=$PWD/.build/release/plateproof; P=$PWD/../shared/plates
O=$(mktemp -d); R=$(mktemp)
J=$(mktemp); $B robustness $P --one-model --out $O --json > $J
python3 -c 'import json,sys;[print(r["transformation"].ljust(18), r["flips"], "of", r["applied"], "flipped") for r in json.load(open(sys.argv[1]))["rows"]]' $J >&2
groups=("navy 097 102 120 130" "green 122 132 138 052" "red 076 084 092 065 144" "yellow 091 117 121 082")
for t in rim_glaze rim_motif cutlery tilt rotation reencode_q60 upscale_4000; do
  case $t in rim_*) from=$O/$t/clean ;; *) from=$P/clean ;; esac
  for g in "${groups[@]}"; do
    set -- $g; name=$1; shift; members=("$@")
    for held in "${members[@]}"; do
      S=$(mktemp -d); $B sites create s --data $S >/dev/null
      others=(); for m in "${members[@]}"; do [ $m != $held ] && others+=($from/pv2_$m.jpg); done
      enrol=$($B plates enrol --site s --name $name --data $S --json "${others[@]}" | python3 -c 'import json,sys;print(json.load(sys.stdin).get("error",{}).get("code","enrolled"))')
      with=$($B verify $O/$t/clean/pv2_$held.jpg --site s --data $S --json | python3 -c 'import json,sys;r=json.load(sys.stdin);print(r["decision"],r["plate_profile"])')
      without=$($B verify $O/$t/clean/pv2_$held.jpg --json | python3 -c 'import json,sys;print(json.load(sys.stdin)["decision"])')
      echo "$t $name $held $enrol $with $without" | tee -a $R >&2
      rm -rf $S
    done
  done
done
python3 - $R <<'PY'
import sys
from collections import Counter, defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    t, name, held, enrol, with_, profile, without = line.split()
    rows[t].append((enrol, with_, profile, without))
print(f"{'change':14} held-out  enrolled  matched  with profile (approve/review/reject)  without")
for t, rs in rows.items():
    w, wo = Counter(r[1] for r in rs), Counter(r[3] for r in rs)
    fmt = lambda c: f"{c['approve']}/{c['review']}/{c['reject']}"
    print(f"{t:14} {len(rs):8}  {sum(r[0]=='enrolled' for r in rs):8}  {sum(r[2]!='None' for r in rs):7}  {fmt(w):>38}  {fmt(wo):>7}")
PY
# The suite's flips under the plate changes, each photo's changed plate enrolled from that photo
# turned by quarter turns: the same shot, so an optimistic check that the profile explains the
# glaze or motif, not a measure of generalisation (needs python3 with PIL).
echo "plate changes the suite flipped, self-enrolled (same shot, quarter turns):"
for t in rim_glaze rim_motif; do
  for f in $(python3 -c 'import json,sys;[print(p) for r in json.load(open(sys.argv[1]))["rows"] if r["transformation"]==sys.argv[2] for p in r["flipped"]]' $J $t); do
    n=$(basename $f .jpg); T=$(mktemp -d); S=$(mktemp -d); $B sites create s --data $S >/dev/null
    python3 -c 'import sys;from PIL import Image;i=Image.open(sys.argv[1]);[i.rotate(a,expand=True).save(f"{sys.argv[2]}/{a}.png") for a in (90,180,270)]' $O/$t/clean/$n.jpg $T
    enrol=$($B plates enrol --site s --name self --data $S --json $T/*.png | python3 -c 'import json,sys;print(json.load(sys.stdin).get("error",{}).get("code","enrolled"))')
    with=$($B verify $O/$t/clean/$n.jpg --site s --data $S --json | python3 -c 'import json,sys;r=json.load(sys.stdin);print(r["decision"],r["plate_profile"])')
    echo "  $t $n $enrol with: $with"
    rm -rf $T $S
  done
done
rm -rf $O $R $J
