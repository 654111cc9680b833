#!/bin/bash
# The bookworm test guest described by a VMX file, as vSphere writes one
# (SCSI disk as a monolithicSparse VMDK, vmxnet3 NICs with static and
# generated MACs, an empty CD-ROM), converted with -i vmx -o local, boots
# on virtio with the VMX's name, memory, vCPUs and MAC; --mac puts the
# first NIC on a host bridge and -n the second on a libvirt network.
source "$(dirname "$0")/functions.sh"

plan 13
gdir="$(guest_dir bookworm)"
work="$(scratch)"
mkdir "$work/out"
cat > "$work/web01.vmx" <<VMX
.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "14"
displayName = "web01"
guestOS = "debian12-64"
memsize = "1536"
numvcpus = "2"
cpuid.coresPerSocket = "2"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.deviceType = "scsi-hardDisk"
scsi0:0.fileName = "$gdir/disk.vmdk"
ide1:0.present = "TRUE"
ide1:0.deviceType = "cdrom-image"
ide1:0.fileName = "/vmfs/volumes/datastore1/iso/debian-12.iso"
ide1:0.startConnected = "FALSE"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
ethernet1.present = "TRUE"
ethernet1.virtualDev = "vmxnet3"
ethernet1.networkName = "Storage Net"
ethernet1.addressType = "generated"
ethernet1.generatedAddress = "00:50:56:3f:56:78"
floppy0.present = "FALSE"
VMX

ok "ferry-v2v -i vmx converts" \
  ferry-v2v -i vmx "$work/web01.vmx" -o local -os "$work/out" -of qcow2 \
    --mac 00:50:56:3f:12:34:bridge:br0 -n "Storage Net:san" -n "VM Network:lan"
xml="$work/out/web01.xml"
ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
x () { xmllint --xpath "$1" "$xml"; }
is "the name comes from displayName" "$(x 'string(/domain/name)')" web01
is "the memory from memsize" "$(x 'string(/domain/memory)')" 1572864
is "the vCPUs from numvcpus" "$(x 'string(/domain/vcpu)')" 2
is "the MAC is kept, lower-cased" "$(x 'string(//interface/mac/@address)')" 00:50:56:3f:12:34
is "the NIC is virtio" "$(x 'string(//interface/model/@type)')" virtio
is "--mac puts the first NIC on host bridge br0, before -n" \
  "$(x 'concat(//interface[1]/@type, " ", //interface[1]/source/@bridge, " ", //interface[1]/mac/@address)')" \
  "bridge br0 00:50:56:3f:12:34"
is "-n puts the second NIC on libvirt network san" \
  "$(x 'concat(//interface[2]/@type, " ", //interface[2]/source/@network, " ", //interface[2]/mac/@address)')" \
  "network san 00:50:56:3f:56:78"
is "the disk is on virtio" "$(x 'string(//disk[@device="disk"]/target/@bus)')" virtio
is "the CD-ROM drive stays, on SATA, empty" \
  "$(x 'count(//disk[@device="cdrom" and not(source)]/target[@bus="sata"])')" 1
is "the output disk is named after the guest" "$(ls "$work/out" | tr '\n' ' ')" "web01-sda web01.xml "
boot="$(boot-check --timeout 600 "$xml" 2>&1)"
ok "the converted guest boots to login: on virtio" \
  grep -q '^boot-check: login prompt after' <<<"$boot"
diag "$boot"
