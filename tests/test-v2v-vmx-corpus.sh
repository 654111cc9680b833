#!/bin/bash
# -i vmx over libvirt's VMX corpus: for every .vmx, --print-source
# --machine-readable must report what libvirt's VMX driver reports
# (vmx-expect.tsv): name, memory, vCPUs, number of disks (hard disks,
# CD-ROMs and floppies, as libvirt counts <disk>), number of NICs and
# firmware.  Parsing only: no disk is opened.
source "$(dirname "$0")/functions.sh"

corpus="$top/tests/vmx-corpus"
expect="$corpus/vmx-expect.tsv"
[ -r "$expect" ] || { echo "no VMX corpus at '$corpus'" >&2; exit 1; }

plan "$(grep -c . "$expect")"

# check_vmx FILE NAME MEMORY_KIB VCPUS DISKS NICS FIRMWARE: one line of
# the TSV.  NAME FAIL: libvirt fails only because its test harness says
# the disk file is missing; ferry opens no disk, so the file must parse
# and report its disk.
check_vmx () {
  local json
  json="$(ferry-v2v -i vmx --print-source --machine-readable "$corpus/vmx/$1")" ||
    return 1
  python3 -c '
import json, sys
file, name, memory, vcpus, disks, nics, firmware = sys.argv[1:]
src = json.loads(sys.stdin.read())
if name == "FAIL":
    ok = len(src["disks"]) == 1 and "missing" in src["disks"][0]["location"]
    if not ok:
        print("want one disk on a missing datastore or file, got", src["disks"])
    sys.exit(0 if ok else 1)
got = [src["name"], str(src["memory"] // 1024), str(src["vcpus"]),
       str(len(src["disks"]) + len(src["removables"])), str(len(src["nics"])),
       {"uefi": "efi"}.get(src["firmware"], "-")]
want = [name, memory, vcpus, disks, nics, firmware]
labels = ["name", "memory KiB", "vcpus", "disks", "nics", "firmware"]
bad = [(l, g, w) for l, g, w in zip(labels, got, want) if g != w]
for l, g, w in bad:
    print("%s: got %r, want %r" % (l, g, w))
sys.exit(1 if bad else 0)
' "$@" <<<"$json"
}

while IFS=$'\t' read -r file name memory vcpus disks nics firmware; do
  [ -n "$file" ] || continue
  ok "$file" check_vmx "$file" "$name" "$memory" "$vcpus" "$disks" "$nics" "$firmware"
done < "$expect"
