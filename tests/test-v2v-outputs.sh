#!/bin/bash
# Outputs and reporting: -o null, raw preallocated disks from a raw input,
# machine-readable progress, the terminal progress line, -q.  The runs
# that write also take a second disk (a small ext4 data disk) and the
# options that place the NICs and choose the root: -i disk with two disks
# and -n OUT into -o local's XML; -i libvirtxml with two disks and three
# NICs, -n IN:OUT, -b IN:OUT and -b OUT into -o json's document.
source "$(dirname "$0")/functions.sh"

plan 26
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
private_tmpdir "$work/tmp"
before="$(file_sum "$gdir/disk.raw" "$gdir/disk.vmdk")"

# The second disk: a small ext4 filesystem with a marker.
mkdir "$work/data"
marker="the data disk of the guest"
echo "$marker" > "$work/data/marker"
mkfs.ext4 -q -F -d "$work/data" "$work/data.raw" 64M >/dev/null
rm -rf "$work/data"

# -o null with --machine-readable: the whole pipeline runs, nothing is
# written, and the copy reports N/100 lines.
ok "-o null converts" \
  bash -c "ferry-v2v -i disk '$gdir/disk.raw' -if raw -o null --machine-readable > '$work/null.out' 2> '$work/null.err'"
ok "... with machine-readable progress lines ending at 100/100" \
  bash -c "grep -qx '0/100' '$work/null.out' && grep -qx '100/100' '$work/null.out'"
ok_no_match "... every progress line is N/100" \
  -P '^(?!([0-9]|[1-9][0-9]|100)/100$)[0-9]+/' "$work/null.out"
ok_no_overlay "... and no overlay is left behind"

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

# -of raw -oa preallocated from the raw disk and the data disk, quiet, on
# a pseudo-terminal: -q prints nothing at all.  -n OUT takes the NIC.
mkdir "$work/out"
ok "-of raw -oa preallocated -q converts two disks with -n OUT --root /dev/sda1" \
  bash -c "script -qec \"ferry-v2v -q -i disk '$gdir/disk.raw' '$work/data.raw' -o local -os '$work/out' -of raw -oa preallocated -on pre -n lan-out --root /dev/sda1\" /dev/null > '$work/quiet.tty'"
is "... and -q printed nothing" "$(tr -d '\r\n' < "$work/quiet.tty")" ""
is "... the output is the XML and both disks" \
  "$(ls -A "$work/out" | tr '\n' ' ')" "pre-sda pre-sdb pre.xml "
ok "... the disk is raw" \
  bash -c "qemu-img info '$work/out/pre-sda' | grep -qx 'file format: raw'"
virtual=$(stat -c %s "$gdir/disk.raw")
allocated=$(( $(stat -c %b "$work/out/pre-sda") * 512 ))
ok "... and fully allocated ($allocated of $virtual bytes)" \
  test "$allocated" -ge "$virtual"
is "... the XML names the raw disk" \
  "$(xmllint --xpath 'string(//disk/driver/@type)' "$work/out/pre.xml")" raw
ok "... and passes virt-xml-validate" virt-xml-validate "$work/out/pre.xml"
is "... both disks in order, on virtio as vda and vdb" \
  "$(xmllint --xpath 'concat(//disk[1]/source/@file, " ", //disk[1]/target/@dev, " ", //disk[1]/target/@bus, " ", //disk[2]/source/@file, " ", //disk[2]/target/@dev, " ", //disk[2]/target/@bus)' "$work/out/pre.xml")" \
  "$work/out/pre-sda vda virtio $work/out/pre-sdb vdb virtio"
is "... the second disk's files came through" \
  "$(debugfs -R 'cat /marker' "$work/out/pre-sdb" 2>/dev/null)" "$marker"
is "... -n OUT put the NIC on that libvirt network" \
  "$(xmllint --xpath 'concat(count(//interface), " ", //interface/@type, " ", //interface/source/@network)' "$work/out/pre.xml")" \
  "1 network lan-out"
rm -rf "$work/out"

# -o json, on a terminal, from a libvirt XML naming the VMDK (where the
# test guest is kept, outside the XML's folder: --allow-path lets it in)
# and the data disk, and three NICs: -n IN:OUT and -b IN:OUT take the
# first two, the lone -b OUT the third (a bridge NIC: as in virt-v2v, a
# lone -b takes the bridge NICs left, a lone -n the others).  On a terminal the copy shows percent,
# throughput and ETA.
mkdir "$work/out"
cat > "$work/web03.xml" <<XML
<domain type='kvm'>
  <name>web03</name>
  <memory unit='MiB'>1536</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='vmdk'/>
      <source file='$gdir/disk.vmdk'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$work/data.raw'/>
      <target dev='sdb' bus='scsi'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:00:00:01'/>
      <source network='dmz'/>
      <model type='e1000'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:00:00:02'/>
      <source bridge='lan'/>
      <model type='e1000'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:00:00:03'/>
      <source bridge='backup'/>
      <model type='e1000'/>
    </interface>
  </devices>
</domain>
XML
script -qec "ferry-v2v -i libvirtxml '$work/web03.xml' --allow-path '$gdir' -o json -os '$work/out' --root first -n dmz:dmz-out -b lan:br-lan -b br-any" /dev/null > "$work/tty"
ok "a terminal gets a progress line with percent, throughput and ETA" \
  grep -qE '100%.*/s  ETA' "$work/tty"
ok "... and status lines with elapsed seconds" \
  grep -qE '^\[ *[0-9]+\.[0-9]\] Copying 2 disks' "$work/tty"
is "-o json writes both disks and NAME.json, nothing else" \
  "$(ls -A "$work/out" | tr '\n' ' ')" "web03-sda web03-sdb web03.json "

# One value of the document, as Python prints it.
j () {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$work/out/web03.json" "$1" 2>&1
}
is "the JSON parses: the guest's name, memory and vCPUs from the XML" \
  "$(j 'd["name"], d["memory"], d["vcpus"]')" "('web03', 1610612736, 2)"
is "... the OS inspection found, with virtio on q35 and BIOS" \
  "$(j 'd["os"]["distro"], d["osinfo"], d["virtio"], d["machine"], d["firmware"]')" \
  "('debian', 'http://debian.org/debian/12', True, 'q35', 'bios')"
is "... both disks, raw, on virtio as vda and vdb" \
  "$(j '[(x["file"], x["format"], x["bus"], x["target"]) for x in d["disks"]]')" \
  "[('$work/out/web03-sda', 'raw', 'virtio', 'vda'), ('$work/out/web03-sdb', 'raw', 'virtio', 'vdb')]"
ok "... which are the files written: the first a raw disk, the second the data disk" \
  bash -c 'qemu-img info "$1" | grep -qx "file format: raw" &&
           [ "$(debugfs -R "cat /marker" "$2" 2>/dev/null)" = "$3" ]' \
  - "$(j 'd["disks"][0]["file"]')" "$(j 'd["disks"][1]["file"]')" "$marker"
is "... the NICs, virtio with their MACs, where -n IN:OUT, -b IN:OUT and -b OUT put them" \
  "$(j '[(x["mac"], x["model"], x["type"], x["network"]) for x in d["nics"]]')" \
  "[('52:54:00:00:00:01', 'virtio', 'network', 'dmz-out'), ('52:54:00:00:00:02', 'virtio', 'bridge', 'br-lan'), ('52:54:00:00:00:03', 'virtio', 'bridge', 'br-any')]"
is "the source disks are unchanged" \
  "$(file_sum "$gdir/disk.raw" "$gdir/disk.vmdk")" "$before"
