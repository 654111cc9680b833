#!/bin/bash
# Benchmark: ferry-v2v against virt-v2v on the bookworm test guest.
#
#   bench/v2v-bookworm.sh [RUNS]        (default 2 runs of each)
#
# Both convert the same VMDK with "-i disk ... -o local -of qcow2", under
# TCG, in alternating runs.  For each run it prints the wall time, the
# bytes the output disk occupies, the number of libguestfs appliance
# launches (counted from libguestfs's debug log), and whether the result
# boots to a login prompt on its serial console within 300 s
# (tests/boot-check; a converted bookworm guest needs about 40 s).
# Needs root; installs virt-v2v (the reference, never used by ferry).
set -euo pipefail

runs="${1:-2}"
top="$(cd "$(dirname "$0")/.." && pwd)"
export LIBGUESTFS_BACKEND=direct
export LIBGUESTFS_BACKEND_SETTINGS=force_tcg

"$top/scripts/install-deps.sh"
command -v virt-v2v >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virt-v2v >/dev/null
make -C "$top" -s all
# guest_dir: the one way to the cached test guests (built if missing,
# checked by hash if cached).
source "$top/tests/guests/fixtures.sh"
guest="$(guest_dir bookworm)"
vmdk="$guest/disk.vmdk"
work="$(mktemp -d /var/tmp/ferry-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# run TOOL N: convert once, print one result line.
run () {
  local tool="$1" n="$2" out="$work/$1-$2" log="$work/$1-$2.log"
  local start end secs bytes launches boot
  mkdir -p "$out"
  start=$(date +%s.%N)
  case "$tool" in
    ferry)
      LIBGUESTFS_DEBUG=1 "$top/build/ferry-v2v" -i disk "$vmdk" \
        -o local -os "$out" -of qcow2 -on bench >"$log" 2>&1 ;;
    virt-v2v)
      LIBGUESTFS_DEBUG=1 virt-v2v -i disk "$vmdk" \
        -o local -os "$out" -of qcow2 -on bench >"$log" 2>&1 ;;
  esac || { echo "$tool run $n failed; see $log"; tail -n 5 "$log"; return 1; }
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  bytes=$(du -B1 "$out/bench-sda" | cut -f1)
  launches=$(grep -c 'libguestfs: launch: program=' "$log" || true)
  if "$top/tests/boot-check" --timeout 300 "$out/bench.xml" >"$work/boot.log" 2>&1; then
    boot="yes ($(sed -n 's/.*after \([0-9]*\) s.*/\1/p' "$work/boot.log") s)"
  else
    boot=no
  fi
  printf '%-9s run %d  %8.1f s  %12d bytes written  %d appliance launch(es)  boots: %s\n' \
    "$tool" "$n" "$secs" "$bytes" "$launches" "$boot"
  echo "$tool $secs" >> "$work/times"
  rm -rf "$out"
}

echo "ferry-v2v $("$top/build/ferry-v2v" --version | cut -d' ' -f2), $(virt-v2v --version)"
echo "input: $vmdk ($(du -B1 "$vmdk" | cut -f1) bytes allocated)"
for n in $(seq 1 "$runs"); do
  run ferry "$n"
  run virt-v2v "$n"
done

awk '{ s[$1] += $2; c[$1]++ }
     END { f = s["ferry"] / c["ferry"]; v = s["virt-v2v"] / c["virt-v2v"];
           printf "mean wall time: ferry-v2v %.1f s, virt-v2v %.1f s, ratio %.3f\n",
                  f, v, f / v }' "$work/times"
