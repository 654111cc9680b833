#!/bin/bash
# -o kubevirt with network mapping: the bookworm test guest described by
# a VMX with three NICs (and a name that is not a Kubernetes name),
# converted once with -n, --mac and a -b that maps nothing.  The YAML
# must parse (python3-yaml) as a stopped KubeVirt VirtualMachine with the
# VMX's memory and CPUs, the written raw disk on virtio, each NIC's MAC,
# the mapped NICs on their Multus networks and the unmapped one on the
# pod network.
source "$(dirname "$0")/functions.sh"

plan 18
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
mkdir "$work/out"
# The VMX names the test guest's disk where it is kept, outside the VMX's
# folder: --allow-path lets that folder in.
{
  vmx_head "Web Server (prod)" "$gdir/disk.vmdk"
  cat <<VMX
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
ethernet1.present = "TRUE"
ethernet1.virtualDev = "e1000"
ethernet1.networkName = "Storage Net"
ethernet1.connectionType = "bridged"
ethernet1.addressType = "static"
ethernet1.address = "00:50:56:3f:56:78"
ethernet2.present = "TRUE"
ethernet2.virtualDev = "vmxnet3"
ethernet2.networkName = "Backup"
ethernet2.addressType = "generated"
ethernet2.generatedAddress = "00:50:56:aa:bb:cc"
VMX
} > "$work/guest.vmx"
before="$(file_sum "$gdir/disk.vmdk")"

ok "ferry-v2v -i vmx -o kubevirt -n --mac -b converts" \
  bash -c "ferry-v2v -i vmx '$work/guest.vmx' --allow-path '$gdir' \
             -o kubevirt -os '$work/out' \
             -n 'VM Network:prod-net' --mac 00:50:56:3F:56:78:bridge:br-san \
             -b Nowhere:br9 > '$work/log' 2>&1"
ok "... with a warning for the -b that maps no NIC" \
  grep -qF "warning: -b 'Nowhere:br9' maps no NIC" "$work/log"
is "the source disk is unchanged" "$(file_sum "$gdir/disk.vmdk")" "$before"
yaml="$work/out/Web Server (prod).yaml"
disk="$work/out/Web Server (prod)-sda"
is "the output is the raw disk and the YAML" \
  "$(ls "$work/out" | tr '\n' '|')" "Web Server (prod)-sda|Web Server (prod).yaml|"

# One value of the document, as Python prints it.
y () {
  python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
s = d["spec"]["template"]["spec"]
dev = s["domain"]["devices"]
print(eval(sys.argv[2]))' "$yaml" "$1" 2>&1
}
is "the YAML parses as a KubeVirt VirtualMachine" \
  "$(y 'd["apiVersion"], d["kind"]')" "('kubevirt.io/v1', 'VirtualMachine')"
is "it is created stopped" "$(y 'd["spec"]["runStrategy"]')" Halted
is "its name is the VMX's made a DNS-1123 label" \
  "$(y 'd["metadata"]["name"]')" web-server-prod
is "... and the VMX's name is an annotation" \
  "$(y 'd["metadata"]["annotations"]["ferry.invalid/guest-name"]')" \
  "Web Server (prod)"
is "memory from memsize" \
  "$(y 's["domain"]["memory"]["guest"], s["domain"]["resources"]["requests"]["memory"]')" \
  "('1536Mi', '1536Mi')"
is "CPU topology from numvcpus and coresPerSocket" \
  "$(y 's["domain"]["cpu"]["sockets"], s["domain"]["cpu"]["cores"]')" "(1, 2)"
is "BIOS firmware on q35" \
  "$(y 's["domain"]["firmware"]["bootloader"], s["domain"]["machine"]["type"]')" \
  "({'bios': {}}, 'q35')"
is "one disk, on virtio" "$(y '[x["disk"]["bus"] for x in dev["disks"]]')" "['virtio']"
is "its volume is the disk written" \
  "$(y '[(v["hostDisk"]["path"], v["hostDisk"]["type"]) for v in s["volumes"]]')" \
  "[('$disk', 'Disk')]"
ok "... which exists, raw" \
  bash -c "qemu-img info '$disk' | grep -qx 'file format: raw'"
is "each NIC keeps its MAC, lower-cased, on virtio" \
  "$(y '[(i["macAddress"], i["model"]) for i in dev["interfaces"]]')" \
  "[('00:50:56:3f:12:34', 'virtio'), ('00:50:56:3f:56:78', 'virtio'), ('00:50:56:aa:bb:cc', 'virtio')]"
is "-n and --mac put their NICs on Multus, the unmapped one on the pod network" \
  "$(y '[(n["name"], n.get("multus", {}).get("networkName"), "pod" in n) for n in s["networks"]]')" \
  "[('net0', 'prod-net', False), ('net1', 'br-san', False), ('net2', None, True)]"
is "... bridged, and masqueraded on the pod network" \
  "$(y '[(i["name"], "bridge" in i, "masquerade" in i) for i in dev["interfaces"]]')" \
  "[('net0', True, False), ('net1', True, False), ('net2', False, True)]"
ok "the guest's virtio drivers are noted: no fallback" \
  test "$(y 'd["metadata"]["annotations"]["ferry.invalid/virtio"]')" = true
