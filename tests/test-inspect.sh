#!/bin/bash
# ferry-inspect: the bookworm test guest reported without conversion, as
# XML from its VMDK (-i disk) and as JSON from a VMX (-i vmx); the source
# is not written, nothing is left behind, and bad input is one error.
source "$(dirname "$0")/functions.sh"

plan 25
gdir="$(guest_dir bookworm)"
work="$(scratch)"
before="$(sha256sum < "$gdir/disk.vmdk")"

ok "ferry-inspect reports on a VMDK" \
  bash -c "ferry-inspect '$gdir/disk.vmdk' > '$work/report.xml' 2> '$work/report.err'"
ok "... stdout is one well-formed XML document" xmllint --noout "$work/report.xml"
x () { xmllint --xpath "string($1)" "$work/report.xml"; }
is "... the OS type" "$(x /ferry-inspect/operatingsystem/type)" linux
is "... the distro and major version" \
  "$(x /ferry-inspect/operatingsystem/distro) $(x /ferry-inspect/operatingsystem/major_version)" \
  "debian 12"
is "... the osinfo id" "$(x /ferry-inspect/operatingsystem/osinfo)" \
  http://debian.org/debian/12
is "... the host name" "$(x /ferry-inspect/operatingsystem/hostname)" ferry-bookworm
is "... the firmware found on the disk" "$(x /ferry-inspect/operatingsystem/firmware)" bios
is "... the virtual size" "$(x /ferry-inspect/disks/disk/virtual_size)" \
  "$(qemu-img info --output=json "$gdir/disk.vmdk" | python3 -c 'import json,sys; print(json.load(sys.stdin)["virtual-size"])')"
allocated="$(x /ferry-inspect/disks/disk/estimated_allocated_size)"
ok "... an estimated allocation between 200 MiB and 2 GiB ($allocated)" \
  test "${allocated:-0}" -gt $((200 << 20)) -a "${allocated:-0}" -lt $((2 << 30))
is "... the devices: virtio on q35, the disk as vda" \
  "$(x /ferry-inspect/devices/virtio) $(x /ferry-inspect/devices/machine) $(x /ferry-inspect/disks/disk/target_dev)" \
  "yes q35 vda"
ok "... a note says open-vm-tools would be removed" \
  grep -q "<note>conversion removes other hypervisors' tools: open-vm-tools</note>" "$work/report.xml"
is "... and nothing on stderr" "$(cat "$work/report.err")" ""

{
  vmx_head web01 "$gdir/disk.vmdk"
  cat <<VMX
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
VMX
} > "$work/web01.vmx"
ok "ferry-inspect -i vmx --json reports on a VMX" \
  bash -c "ferry-inspect -i vmx '$work/web01.vmx' --json -n 'VM Network:prod' > '$work/report.json'"
j () {
  python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    r = r[int(k)] if k.isdigit() else r[k]
print(json.dumps(r))' "$work/report.json" "$1"
}
is "... the source name and memory from the VMX" \
  "$(j source.name) $(j source.memory) $(j source.input)" '"web01" 1610612736 "vmx"'
is "... the OS" "$(j operatingsystem.distro) $(j operatingsystem.major_version)" '"debian" 12'
is "... the disk, from SCSI sda to virtio vda" \
  "$(j disks.0.source_bus) $(j disks.0.source_target) $(j disks.0.target_dev)" \
  '"scsi" "sda" "vda"'
is "... the NIC from vmxnet3 to virtio with its MAC" \
  "$(j nics.0.source_model) $(j nics.0.target_model) $(j nics.0.mac)" \
  '"vmxnet3" "virtio" "00:50:56:3f:12:34"'
is "... devices.virtio is a JSON boolean" "$(j devices.virtio)" true
is "... the NIC goes where -n puts it" \
  "$(j nics.0.target_type) $(j nics.0.target_name)" '"network" "prod"'

is "the source disk is unchanged" "$(sha256sum < "$gdir/disk.vmdk")" "$before"
ok "no overlay is left behind" bash -c "! ls -d /var/tmp/ferry.* 2>/dev/null | grep -q ."

pod="$top/converters/ferry-inspect.pod"
accepted="$( (ferry-inspect --short-options; ferry-inspect --long-options) | sort)"
documented="$(grep '^=item' "$pod" | grep -oE 'B<-[^>]*>' | sed 's/^B<//; s/>$//' | sort -u)"
is "the man page documents exactly the options ferry-inspect accepts" \
  "$documented" "$accepted"
ok "... and is valid POD" podchecker "$pod"

ferry-inspect "$work/nope.vmdk" > "$work/bad.out" 2> "$work/bad.err"
is "a missing disk exits 1" "$?" 1
is "... with one message naming it, and no report" \
  "$(cat "$work/bad.err")$(cat "$work/bad.out")" \
  "ferry-inspect: cannot open '$work/nope.vmdk': No such file or directory"
