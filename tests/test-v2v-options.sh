#!/bin/bash
# ferry-v2v's options: the man page documents exactly the options the
# program accepts, and option errors are clear.
source "$(dirname "$0")/functions.sh"

plan 38
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
  "ferry-v2v colours-option io/oo mac-option input:disk input:vmx input:libvirtxml input:ova input:libvirt output:local output:null output:qemu output:json output:libvirt output:kubevirt convert:linux-debian "

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

# virt-v2v 2.x's long options: the same meaning, or one line naming the
# option that ferry-v2v does not have.
ok "--network is -n" \
  check_error "-n ':prod': no source network name before ':'" --network :prod -i disk x -o null
ok "--bridge is -b" \
  check_error "-b 'lan:br 0': 'br 0' is not a host bridge name" --bridge "lan:br 0" -i disk x -o null
ok "--trace, --colours, --colors, --wrap, --no-fstrim, --block-driver virtio-blk and -m are accepted" \
  ferry-v2v --trace --colours --colors --wrap --no-fstrim --block-driver virtio-blk -m 2048 --version
ok "--block-driver virtio-scsi is refused" \
  check_error "--block-driver 'virtio-scsi': not supported by ferry-v2v, whose disks go on virtio-blk" \
  --block-driver virtio-scsi -i disk x -o null
ok "-m below 256 MiB is refused" \
  check_error "-m '100': the appliance's memory must be a number of MiB from 256 to 1048576" \
  --memsize 100 -i disk x -o null
refused_ok () {
  local spec
  for spec in "--collect=/etc/hosts:collect" "--collect-output=out.tar.xz:collect" \
              "--in-place:in place" "--parallel=4:one disk at a time" \
              "--smp=4:vCPUs" "-op=pw:password" "--echo-keys:encrypted" \
              "--key=all:file:k:encrypted" "--keys-from-stdin:encrypted"; do
    local arg="${spec%:*}" why="${spec##*:}"
    check_error "option '${arg%%=*}' of virt-v2v is not supported: " "$arg" -i disk x -o null ||
      return 1
    check_error "$why" "$arg" -i disk x -o null || return 1
  done
}
ok "virt-v2v's options ferry-v2v does not have: one line each, naming it and why" refused_ok

# --machine-readable=FORMAT sends its lines where virt-v2v would.
is "--machine-readable=stream:stderr lists the capabilities on stderr" \
  "$(ferry-v2v --machine-readable=stream:stderr 2>&1 >/dev/null | head -2 | tr '\n' ' ')" \
  "ferry-v2v colours-option "
ok "--machine-readable=file:NAME writes them to a new file" \
  bash -c "ferry-v2v --machine-readable=file:'$out/caps' && grep -qx output:null '$out/caps'"
ok "... and refuses a file that exists" \
  check_error "--machine-readable: cannot create '$out/caps': File exists" \
  --machine-readable=file:"$out/caps"
is "--machine-readable=fd:N writes them to that descriptor" \
  "$(ferry-v2v --machine-readable=fd:5 5>&1 >/dev/null | head -1)" ferry-v2v
ok "a FORMAT that is none of these is refused" \
  check_error "--machine-readable='json': expected fd:N, file:NAME, stream:stdout or stream:stderr" \
  --machine-readable=json
# A run that fails, read as management tools read virt-v2v: each stdout
# line is N/M progress or a JSON event; the last one is the error.
events () {
  ferry-v2v --machine-readable -i disk "$out/no-such-disk.img" -o null 2>/dev/null |
    python3 -c '
import json, re, sys
kinds = []
for line in sys.stdin:
    line = line.rstrip("\n")
    if re.match(r"^[0-9]+/[0-9]+$", line):
        kinds.append("progress")
        continue
    event = json.loads(line)
    assert set(event) == {"message", "timestamp", "type"}, event
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$", event["timestamp"])
    kinds.append(event["type"])
print(" ".join(kinds), "|", event["message"].split(chr(39))[0])'
}
is "a failing run's stdout is JSON events, the error last" "$(events)" \
  "message error | cannot open "
