#!/bin/bash
# Outputs and reporting: -o null, raw preallocated disks from a raw input,
# machine-readable progress, the terminal progress line, -q.
source "$(dirname "$0")/functions.sh"

plan 15
gdir="$(guest_dir bookworm)"
work="$(scratch)"

# -o null with --machine-readable: the whole pipeline runs, nothing is
# written, and the copy reports N/100 lines.
ok "-o null converts" \
  bash -c "ferry-v2v -i disk '$gdir/disk.raw' -if raw -o null --machine-readable > '$work/null.out' 2> '$work/null.err'"
ok "... with machine-readable progress lines ending at 100/100" \
  bash -c "grep -qx '0/100' '$work/null.out' && grep -qx '100/100' '$work/null.out'"
ok "... every progress line is N/100" \
  bash -c "! grep -E '^[0-9]+/' '$work/null.out' | grep -vqxE '([0-9]|[1-9][0-9]|100)/100'"
ok "... and no overlay is left behind" \
  bash -c "! ls -d /var/tmp/ferry.* 2>/dev/null | grep -q ."

# The other lines are JSON events, as virt-v2v prints them: message,
# timestamp (ISO 8601 with the UTC offset) and type.
cat > "$work/events.py" <<'EOF'
import json, re, sys
kinds = set()
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if re.fullmatch(r"[0-9]+/100", line):
        continue
    ev = json.loads(line)
    assert sorted(ev) == ["message", "timestamp", "type"], ev
    assert ev["type"] in ("message", "warning", "error"), ev
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d",
                        ev["timestamp"]), ev
    kinds.add((ev["type"], ev["message"].split(" ")[0]))
for want in sys.argv[2:]:
    assert tuple(want.split(":")) in kinds, (want, kinds)
EOF
ok "... every other stdout line is a JSON event, Opening and Finished among them" \
  python3 "$work/events.py" "$work/null.out" message:Opening message:Finished
ferry-v2v -i disk "$work/missing.img" -o null --machine-readable > "$work/fail.out" 2> "$work/fail.err"
ok "a failure under --machine-readable is an error event on stdout" \
  python3 "$work/events.py" "$work/fail.out" error:cannot
ok "... and the same message on stderr" \
  grep -q "^ferry-v2v: cannot.*missing.img" "$work/fail.err"

# -of raw -oa preallocated from the raw disk, quiet, on a pseudo-terminal:
# -q prints nothing at all.
mkdir "$work/out"
ok "-of raw -oa preallocated -q converts" \
  bash -c "script -qec \"ferry-v2v -q -i disk '$gdir/disk.raw' -o local -os '$work/out' -of raw -oa preallocated -on pre\" /dev/null > '$work/quiet.tty'"
is "... and -q printed nothing" "$(tr -d '\r\n' < "$work/quiet.tty")" ""
ok "... the disk is raw" \
  bash -c "qemu-img info '$work/out/pre-sda' | grep -qx 'file format: raw'"
virtual=$(stat -c %s "$gdir/disk.raw")
allocated=$(( $(stat -c %b "$work/out/pre-sda") * 512 ))
ok "... and fully allocated ($allocated of $virtual bytes)" \
  test "$allocated" -ge "$virtual"
is "... the XML names the raw disk" \
  "$(xmllint --xpath 'string(//disk/driver/@type)' "$work/out/pre.xml")" raw
ok "... and passes virt-xml-validate" virt-xml-validate "$work/out/pre.xml"
rm -rf "$work/out"

# On a terminal the copy shows percent, throughput and ETA.
mkdir "$work/out"
script -qec "ferry-v2v -i disk '$gdir/disk.vmdk' -o local -os '$work/out' -on tty" /dev/null > "$work/tty"
ok "a terminal gets a progress line with percent, throughput and ETA" \
  grep -qE '100%.*/s  ETA' "$work/tty"
ok "... and status lines with elapsed seconds" \
  grep -qE '^\[ *[0-9]+\.[0-9]\] Copying 1 disk' "$work/tty"
