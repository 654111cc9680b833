#!/bin/bash
# -i libvirt and -o libvirt against a real libvirt daemon that the test
# starts for itself: a session libvirtd (qemu:///session) whose
# configuration, state and socket live in the test's scratch folder, run
# as "nobody" when the test runs as root (root's libvirtd would be the
# system one).  Nothing of the machine's own libvirt is used or changed,
# and the daemon is stopped at the end.
#
# A dir pool and a source domain whose disk is the bookworm test guest's
# raw disk (read only) are defined, and ONE run converts the domain into
# the pool as a new domain.  Then: the domain is defined, not started,
# with a virtio disk that is the pool's volume; the volume is listed; the
# XML validates; the guest boots.  Bad cases fail with one clear error
# and leave nothing: a domain that does not exist, a pool that does not
# exist, a domain name or a volume name already taken (before any copy).
#
# Without converting again, tests/libvirt-output drives -o libvirt over a
# small qcow2 disk: through a connection that is not local (the "ext"
# transport, a bridge to the daemon's socket), so that the disk is
# uploaded into a volume libvirt creates; and, in both ways, with a
# domain of the same name defined behind its back, so that the last step
# fails and must leave no volume, no file and no local copy.  A domain
# whose disk is a pool's volume is read too.
source "$(dirname "$0")/functions.sh"

plan 27
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
# The daemon's user reaches its files here (a+x adds search rights only).
chmod 755 "$work"
chmod a+x "$(dirname "$work")"
helper="${FERRY_BUILD:-$top/build}/tests/libvirt-output"
source_sum="$(file_sum "$gdir/disk.raw")"

# The private daemon, and the user it runs as.
home="$work/home"
mkdir "$home"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown nobody:nogroup "$home"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
sock="$home/run/libvirt/libvirt-sock"
uri="qemu+unix:///session?socket=$sock"
start_daemon () {
  if ! "${as_user[@]}" test -w "$home"; then
    echo "the daemon's user cannot reach '$home': let others search" \
      "the folders of TMPDIR" >&2
    return 1
  fi
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" \
    XDG_CONFIG_HOME="$home/config" XDG_RUNTIME_DIR="$home/run" \
    XDG_CACHE_HOME="$home/cache" XDG_DATA_HOME="$home/data" \
    "${as_user[@]}" libvirtd --daemon --pid-file="$home/libvirtd.pid" \
    </dev/null >/dev/null 2>&1 || return 1
  for _ in $(seq 1 60); do
    virsh -q -c "$uri" uri >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "libvirtd did not answer on $sock" >&2
  return 1
}
stop_daemon () {
  local pid
  pid="$(cat "$home/libvirtd.pid" 2>/dev/null)" || return 0
  # Only if the number is libvirtd's still (process ids are recycled).
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null
}
cleanup stop_daemon
ok "a private libvirt daemon starts" start_daemon

v () { virsh -q -c "$uri" "$@"; }

# The pool, and the source domain on the test guest's disk.
# The daemon's user creates volumes in it, and ferry-v2v (root) writes
# there too: sticky and root's, as /tmp, which ferry-v2v accepts.
pool="$work/pool"
mkdir "$pool"
chmod 1777 "$pool"
ok "a dir pool is defined and started" \
  bash -c "virsh -q -c '$uri' pool-define-as ferrypool dir --target '$pool' &&
           virsh -q -c '$uri' pool-build ferrypool &&
           virsh -q -c '$uri' pool-start ferrypool"
cat > "$work/src.xml" <<XML
<domain type='qemu'>
  <name>bookworm-src</name>
  <memory unit='MiB'>1536</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$gdir/disk.raw'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:12:34:56'/>
      <source network='default'/>
      <model type='e1000'/>
    </interface>
  </devices>
</domain>
XML
ok "the source domain is defined" v define "$work/src.xml"

# Each bad case: exit status 1, one line on stderr with WANT, no "Copying".
check_error () {
  local want="$1"; shift
  local err rc
  err="$(ferry-v2v "$@" 2>&1 >"$work/stdout")"; rc=$?
  [ "$rc" -eq 1 ] || { echo "exit status $rc"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$err"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "$err"; return 1; }
  no_match 'Copying' "$work/stdout"
}
# What the daemon and the pool's folder hold, to see that nothing stays.
state () {
  v list --all --name | sort | tr '\n' ' '
  echo "| $(v vol-list ferrypool | awk '{print $1}' | tr '\n' ' ')"
  echo "| $(ls -A "$pool" | tr '\n' ' ')"
}
before="$(state)"

is "-i libvirt --print-source reads the domain from the daemon" \
  "$(ferry-v2v -i libvirt -ic "$uri" bookworm-src --print-source |
     sed -n 's/^name: //p; s/^  sda scsi raw //p')" \
  "bookworm-src
'$gdir/disk.raw'"
ok "-i libvirt of a domain that does not exist" \
  check_error "-i libvirt: there is no domain 'nosuchguest' on '$uri'" \
  -i libvirt -ic "$uri" nosuchguest -o libvirt -oc "$uri" -os ferrypool
ok "-o libvirt to a pool that does not exist" \
  check_error "-os 'nosuchpool': there is no libvirt storage pool of that name on '$uri'" \
  -i libvirt -ic "$uri" bookworm-src -o libvirt -oc "$uri" -os nosuchpool -on new
ok "-o libvirt to a domain name already taken, before any copy" \
  check_error "a libvirt domain called 'bookworm-src' already exists on '$uri'" \
  -i libvirt -ic "$uri" bookworm-src -o libvirt -oc "$uri" -os ferrypool
v vol-create-as ferrypool taken-sda 1M >/dev/null
ok "-o libvirt with a volume name already taken, before any copy" \
  check_error "volume 'taken-sda' already exists in libvirt storage pool 'ferrypool'" \
  -i libvirt -ic "$uri" bookworm-src -o libvirt -oc "$uri" -os ferrypool -on taken
v vol-delete --pool ferrypool taken-sda >/dev/null
is "the failed runs left nothing: no domain, no volume, no file" \
  "$(state)" "$before"

# The one conversion.
ok "ferry-v2v -i libvirt ... -o libvirt converts the domain into the pool" \
  ferry-v2v -i libvirt -ic "$uri" bookworm-src \
    -o libvirt -oc "$uri" -os ferrypool -on bookworm-new
v dumpxml bookworm-new > "$work/new.xml"
x () { xmllint --xpath "$1" "$work/new.xml"; }
is "the new domain: name, memory, vCPUs and MAC kept" \
  "$(x 'string(/domain/name)') $(x 'string(/domain/memory)') $(x 'string(/domain/vcpu)') $(x 'string(//interface/mac/@address)')" \
  "bookworm-new 1572864 2 52:54:00:12:34:56"
is "one virtio disk whose source is the pool's volume" \
  "$(x 'count(//disk[@device="disk"])') $(x 'string(//disk[@device="disk"]/target/@bus)') $(x 'string(//disk[@device="disk"]/source/@file)') $(x 'string(//interface/model/@type)')" \
  "1 virtio $(v vol-path --pool ferrypool bookworm-new-sda) virtio"
is "the volume is listed in the pool, at that path" \
  "$(v vol-list ferrypool | awk '{print $1, $2}' | sort | tr '\n' ' ')" \
  "bookworm-new-sda $pool/bookworm-new-sda "
is "the pool's folder holds the volume alone (no .part left)" \
  "$(ls -A "$pool")" "bookworm-new-sda"
ok "the domain XML passes virt-xml-validate" virt-xml-validate "$work/new.xml"
is "the domain is defined, not started" "$(v domstate bookworm-new)" "shut off"
is "the source domain is still there, its disk untouched" \
  "$(v domstate bookworm-src) $(file_sum "$gdir/disk.raw")" \
  "shut off $source_sum"
ok "converting it again fails: the name is taken" \
  check_error "a libvirt domain called 'bookworm-new' already exists on '$uri'" \
  -i libvirt -ic "$uri" bookworm-src -o libvirt -oc "$uri" -os ferrypool -on bookworm-new

# -o libvirt over a connection that is not local: the disk is uploaded.
cat > "$work/bridge" <<BRIDGE
#!/bin/sh
# libvirt's "ext" transport runs this and talks to the daemon through it.
exec /usr/bin/python3 -c '
import os, socket, sys, threading
s = socket.socket (socket.AF_UNIX)
s.connect (sys.argv[1])
def up ():
    while True:
        d = os.read (0, 65536)
        if not d:
            s.shutdown (socket.SHUT_WR)
            return
        s.sendall (d)
threading.Thread (target=up, daemon=True).start ()
while True:
    d = s.recv (65536)
    if not d:
        break
    os.write (1, d)
' '$sock'
BRIDGE
chmod 755 "$work/bridge"
ext="qemu+ext:///session?command=$work/bridge"
truncate -s 64M "$work/small.raw"
head -c 1M /dev/urandom | dd of="$work/small.raw" conv=notrunc status=none
head -c 1M /dev/urandom |
  dd of="$work/small.raw" bs=1M seek=40 conv=notrunc status=none
qemu-img convert -O qcow2 "$work/small.raw" "$work/small.qcow2"
mkdir "$work/tmp"
ok "-o libvirt uploads a qcow2 disk over a connection that is not local" \
  env TMPDIR="$work/tmp" "$helper" --qcow2 "$ext" ferrypool up "$work/small.qcow2"
upvol="$(v vol-path --pool ferrypool up-sda)"
is "the uploaded volume is qcow2" \
  "$(v vol-dumpxml --pool ferrypool up-sda |
     xmllint --xpath 'string(/volume/target/format/@type)' -)" qcow2
ok "the uploaded volume holds the disk" \
  qemu-img compare -q -f qcow2 -F qcow2 "$work/small.qcow2" "$upvol"
is "the domain's disk is the uploaded volume, and no local copy is left" \
  "$(v dumpxml up | xmllint --xpath 'string(//disk[@device="disk"]/source/@file)' -) $(v dumpxml up | xmllint --xpath 'string(//disk[@device="disk"]/driver/@type)' -) $(leftovers "$work/tmp")" \
  "$upvol qcow2 "
# clash_fails URI NAME: the output to NAME fails at its last step.
clash_fails () {
  local err
  err="$(TMPDIR="$work/tmp" "$helper" --clash "$1" ferrypool "$2" \
           "$work/small.qcow2" 2>&1)" && { echo "it succeeded"; return 1; }
  grep -qF "cannot define libvirt domain '$2'" <<<"$err" ||
    { echo "$err"; return 1; }
}
before="$(state)"
ok "an upload whose domain cannot be defined fails" clash_fails "$ext" clash1
ok "a copy in place whose domain cannot be defined fails" \
  clash_fails "$uri" clash2
is "they left only the clashing domains: no volume, no file, no local copy" \
  "$(state) $(leftovers "$work/tmp")" \
  "${before/bookworm-src /bookworm-src clash1 clash2 } "

# -i libvirt reads a disk of type 'volume' as the volume's file.
v vol-create-as ferrypool srcvol 1M >/dev/null
cat > "$work/volsrc.xml" <<XML
<domain type='qemu'>
  <name>volume-src</name>
  <memory unit='MiB'>512</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/>
      <source pool='ferrypool' volume='srcvol'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
XML
v define "$work/volsrc.xml" >/dev/null
is "-i libvirt takes a volume disk as the volume's file" \
  "$(ferry-v2v -i libvirt -ic "$uri" volume-src --print-source |
     sed -n 's/^  vda virtio raw //p')" "'$pool/srcvol'"

boot="$(boot-check --timeout 600 "$work/new.xml" 2>&1)"
ok "the converted guest boots to login: on virtio" \
  grep -q '^boot-check: login prompt after' <<<"$boot"
diag "$boot"
