#!/bin/bash
# Replay every fuzz target's corpus, then fuzz each one briefly (a fixed
# number of runs, so the test is bounded), under ASan and UBSan.  The list
# of targets comes from the build (build-fuzz/fuzz-targets: each line is a
# target and the folder of its corpus), so a new target is replayed as soon
# as its folder's Makefile.inc lists it.
#
# First, the canary: a target with undefined behaviour on purpose must
# fail its replay.  Were the fuzz build to print sanitizer findings and go
# on, every replay below would pass whatever the code does.
source "$(dirname "$0")/functions.sh"

fuzz="${FERRY_BUILD_FUZZ:-$top/build-fuzz}"
list="$fuzz/fuzz-targets"
[ -s "$list" ] || { echo "Bail out! no $list: run make unit"; exit 1; }
mapfile -t targets < "$list"

plan $(( 2 + ${#targets[@]} * 2 ))

canary="$(scratch)"
printf 'x' > "$canary/overflow"
printf 'y' > "$canary/fine"
ok "the canary target passes an input without undefined behaviour" \
  "$fuzz/tests/fuzz-canary" "$canary/fine"
ok "the canary target fails on its undefined behaviour" \
  bash -c '! "$1" "$2" && [ -x "$1" ]' - "$fuzz/tests/fuzz-canary" \
  "$canary/overflow"

for line in "${targets[@]}"; do
  read -r bin corpus <<< "$line"
  name="${bin##*/}"
  ok "$name replays its corpus ($corpus)" \
    "$top/$bin" $(ls -d "$top/$corpus"/*)
  work="$(scratch)"
  cp "$top/$corpus"/* "$work/"
  ok "$name survives 20000 new inputs" \
    "$top/$bin" -runs=20000 -seed=1 -max_len=4096 "$work"
done
