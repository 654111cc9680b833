#!/bin/bash
# ferry-v2v's options: the man page documents exactly the options the
# program accepts, and option errors are clear.
source "$(dirname "$0")/functions.sh"

plan 26
pod="$top/converters/ferry-v2v.pod"

accepted="$( (ferry-v2v --short-options; ferry-v2v --long-options) | sort)"
# Every B<-option> on an =item line ("=item B<-q>, B<--quiet>" is two).
documented="$(grep '^=item' "$pod" | grep -oE 'B<-[^>]*>' | sed 's/^B<//; s/>$//' | sort -u)"
is "every accepted option is documented and every documented one accepted" \
  "$documented" "$accepted"
ok "the man page is valid POD" podchecker "$pod"
ok "--help names every long option" \
  bash -c "help=\"\$(ferry-v2v --help)\"; for o in $(ferry-v2v --long-options | tr '\n' ' '); do grep -qe \"\$o\" <<<\"\$help\" || exit 1; done"
is "--version" "$(ferry-v2v --version)" "ferry-v2v 0.1.0"
is "--machine-readable lists the capabilities" \
  "$(ferry-v2v --machine-readable | tr '\n' ' ')" \
  "ferry-v2v input:disk input:vmx input:libvirtxml input:ova input:libvirt output:local output:null output:qemu output:json output:libvirt output:kubevirt convert:linux-debian "

# Each bad command line: exit status 1 and one line on stderr, naming the
# problem.  CASES: expected message fragment, then the arguments.
check_error () {
  local want="$1"; shift
  local err rc
  err="$(ferry-v2v "$@" 2>&1 >/dev/null)"; rc=$?
  [ "$rc" -eq 1 ] || { echo "exit status $rc"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$err"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "$err"; return 1; }
}
out="$(scratch)"
ok "unknown option" check_error "unknown option '--frobnicate'" --frobnicate
ok "no -i" check_error "no input: choose one with -i" -o null x.img
ok "unknown -i" check_error "-i 'vcenter': unknown input type" -i vcenter -o null x
ok "no -o" check_error "no output: choose one with -o" -i disk x.img
ok "unknown -o" check_error "-o 'glance': unknown output type" -i disk -o glance x
ok "bad -oa" check_error "-oa 'thick': must be sparse or preallocated" \
  -i disk -o null -oa thick x
ok "missing argument" check_error "option '-os' needs an argument" -i disk -o local x -os
ok "-o local without -os" check_error "-o local needs -os" \
  -i disk "$top/converters/output/testdata/domain-virtio.xml" -if raw -o local
ok "bad -of" check_error "-of 'vmdk': the output format must be raw or qcow2" \
  -i disk "$top/converters/output/testdata/domain-virtio.xml" -if raw -o local -os "$out" -of vmdk
ok "-oo that the output does not take" \
  check_error "-oo 'qemu-boot': -o local takes no -oo option" \
  -i disk "$top/converters/output/testdata/domain-virtio.xml" -if raw -o local -os "$out" -oo qemu-boot
ok "unknown -oo" check_error "-oo 'boot': not an option of -o qemu (it takes: qemu-boot)" \
  -i disk "$top/converters/output/testdata/domain-virtio.xml" -if raw -o qemu -os "$out" -oo qemu-boot -oo boot

# Network mapping specs are checked as they are read, before any work.
ok "-n with no source network before ':'" \
  check_error "-n ':prod': no source network name before ':'" -n :prod -i disk x -o null
ok "-n with an empty network name" \
  check_error "-n 'VM Network:': the network name is empty" -n "VM Network:" -i disk x -o null
ok "a second -n OUT" \
  check_error "-n 'b': -n 'a' already maps every other network" -n a -n b -i disk x -o null
ok "-b with a name that is not a host bridge's" \
  check_error "-b 'lan:br 0': 'br 0' is not a host bridge name" -b "lan:br 0" -i disk x -o null
ok "--mac that is not MAC:KIND:NAME" \
  check_error "--mac '00:50:56:3f:12:34': expected MAC:network:NAME or MAC:bridge:NAME" \
  --mac 00:50:56:3f:12:34 -i disk x -o null
ok "--mac with an unknown kind" \
  check_error "--mac '00:50:56:3f:12:34:vlan:7': 'vlan' is not network or bridge" \
  --mac 00:50:56:3f:12:34:vlan:7 -i disk x -o null
ok "--mac MAC:ip:... is refused" \
  check_error "static IP addresses (MAC:ip:...) are not supported" \
  --mac 00:50:56:3f:12:34:ip:192.0.2.1 -i disk x -o null
ok "-o kubevirt refuses -of qcow2" \
  check_error "-of 'qcow2': -o kubevirt writes raw disks only" \
  -i disk "$top/converters/output/testdata/domain-virtio.xml" -if raw -o kubevirt -os "$out" -of qcow2

# --allow-path is for the inputs whose files name their disks.
ok "--allow-path with an input that takes none" \
  check_error "--allow-path '/srv': -i disk takes no --allow-path (it is for -i vmx and -i libvirtxml)" \
  --allow-path /srv -i disk x -o null
ok "an empty --allow-path" \
  check_error "--allow-path '': name a folder, a file or a device" \
  --allow-path '' -i vmx x.vmx -o null
