#!/bin/bash
set -uo pipefail  # a refused enrolment is a result here, not a failure
# Leave-one-out within repeated platesv2 bowls: enrol from the others, verify the one left out,
# with and without the site's profiles; then every food photo shown to a site with all the models.
cd "$(dirname "$0")/.."
swift build -c release --product plateproof >&2
B=$PWD/.build/release/plateproof; P=$PWD/../shared/plates
D=$(mktemp -d); $B sites create pv2 --data $D >/dev/null
groups=("navy 097 102 120 130" "green 122 132 138 052" "red 076 084 092 065 144" "yellow 091 117 121 082")
for g in "${groups[@]}"; do
  set -- $g; name=$1; shift; members=("$@")
  for held in "${members[@]}"; do
    S=$(mktemp -d); $B sites create s --data $S >/dev/null
    others=(); for m in "${members[@]}"; do [ $m != $held ] && others+=($P/clean/pv2_$m.jpg); done
    enrol=$($B plates enrol --site s --name $name --data $S --json "${others[@]}")
    with=$($B verify $P/clean/pv2_$held.jpg --site s --data $S --json)
    without=$($B verify $P/clean/pv2_$held.jpg --json)
    echo "$name $held | enrol: $(echo $enrol | cut -c1-90) | with: $(echo $with | python3 -c 'import json,sys;r=json.load(sys.stdin);print(r["decision"],r["score"],r["plate_profile"])') | without: $(echo $without | python3 -c 'import json,sys;r=json.load(sys.stdin);print(r["decision"],r["score"])')"
  done
  $B plates enrol --site pv2 --name $name --data $D --json $(for m in "${members[@]:0:3}"; do echo $P/clean/pv2_$m.jpg; done) > /dev/null
done
$B plates list --site pv2 --data $D
echo "food photos, with the site's models:"
$B verify $P/food/* $P/other/* --site pv2 --data $D --json | python3 -c '
import json,sys
from collections import Counter
rows=[json.loads(l) for l in sys.stdin]
print(Counter(r["decision"] for r in rows), "matched:", Counter(r["plate_profile"] for r in rows))
for r in rows:
    if r["decision"]=="approve": print("  approved", r["file"], r["plate_profile"])'
echo "food photos, without:"
$B verify $P/food/* $P/other/* --json | python3 -c '
import json,sys
from collections import Counter
print(Counter(json.loads(l)["decision"] for l in sys.stdin))'
