#!/bin/bash
# Replay every fuzz target's corpus, then fuzz each one briefly (a fixed
# number of runs, so the test is bounded), under ASan and UBSan.
source "$(dirname "$0")/functions.sh"

targets=(devname image-info vmx)
targets+=(libvirtxml)
targets+=(ovf)
targets+=(vmdk)
# Targets outside converters/ are named FOLDER/NAME.
targets+=(p2v-gui/cmdline)
targets+=(p2v-server/description)
plan $(( ${#targets[@]} * 2 ))
for t in "${targets[@]}"; do
  dir=converters
  case "$t" in */*) dir="${t%/*}"; t="${t##*/}" ;; esac
  bin="${FERRY_BUILD_FUZZ:-$top/build-fuzz}/$dir/fuzz-$t"
  corpus="$top/$dir/fuzz/$t"
  ok "fuzz-$t replays its corpus" "$bin" $(ls -d "$corpus"/*)
  work="$(scratch)"
  cp "$corpus"/* "$work/"
  ok "fuzz-$t survives 20000 new inputs" \
    "$bin" -runs=20000 -seed=1 -max_len=4096 "$work"
done
