#!/bin/bash
# -i libvirtxml without converting anything: --print-source on XML whose
# disks do not exist (files, block devices, NBD exports), the parser's
# refusals, and the opening of NBD disks served by nbdkit (qemu-img info
# only: every run that opens its disks is stopped by a missing -os folder
# before any conversion starts).  Disks that are host files or devices
# rather than files of the XML's folder (/etc/shadow, a ".." escape, a
# symbolic link out, <disk type='block'>) are refused before any
# appliance could be launched, with nothing written; --allow-path lets
# one through.
source "$(dirname "$0")/functions.sh"

plan 32
work="$(scratch)"
# Every run that is not --print-source names this missing -os folder, so
# that none can go on to convert anything.
nofolder="$work/no-such-folder"

# A guest as virsh dumpxml writes one, with every kind of disk ferry
# takes; none of them exists.
cat > "$work/web01.xml" <<'XML'
<domain type='kvm'>
  <name>web01</name>
  <memory unit='MiB'>1536</memory>
  <vcpu placement='static'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='disks/web01-sda.qcow2'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='nbd' name='sdb'>
        <host transport='unix' socket='/run/ferry/job 1/sdb.sock'/>
      </source>
      <target dev='sdb' bus='sata'/>
    </disk>
    <disk type='network' device='disk'>
      <source protocol='nbd'>
        <host name='192.0.2.7' port='10810'/>
      </source>
      <target dev='vdc' bus='virtio'/>
    </disk>
    <disk type='block' device='disk'>
      <source dev='/dev/mapper/data'/>
      <target dev='hdd'/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='/srv/iso/debian-12.iso'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <interface type='bridge'>
      <mac address='52:54:00:AB:CD:EF'/>
      <source bridge='br0'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
XML

ok "--print-source reads an XML whose disks do not exist" \
  bash -c "ferry-v2v -i libvirtxml '$work/web01.xml' --print-source > '$work/text'"
is "... with its name, memory, vCPUs and firmware" \
  "$(head -n 4 "$work/text")" \
  "name: web01
memory: 1.5 GiB (1610612736 bytes)
vcpus: 2
firmware: uefi"
is "... its disks in document order, relative names from the XML's folder" \
  "$(sed -n '/^disks:/,/^removables:/p' "$work/text")" \
  "disks: 4
  sda scsi qcow2 '$work/disks/web01-sda.qcow2'
  sdb sata raw 'nbd+unix:///sdb?socket=/run/ferry/job%201/sdb.sock'
  vdc virtio raw 'nbd://192.0.2.7:10810/'
  hdd ide (probe) '/dev/mapper/data'
removables: 1"
is "... the CD-ROM and the bridged NIC" \
  "$(sed -n '/^removables:/,$p' "$work/text")" \
  "removables: 1
  hdc ide cdrom '/srv/iso/debian-12.iso'
nics: 1
  52:54:00:ab:cd:ef virtio bridged 'br0'"
json="$(ferry-v2v -i libvirtxml "$work/web01.xml" --print-source --machine-readable)"
ok "... and as JSON" perl -MJSON::PP -e 'decode_json($ARGV[0])' "$json"
is "... which names the NBD URI" \
  "$(perl -MJSON::PP -e 'print decode_json($ARGV[0])->{disks}[2]{location}' "$json")" \
  "nbd://192.0.2.7:10810/"
ok "--print-source with a relative path to the XML" \
  bash -c "cd '$work' && ferry-v2v -i libvirtxml web01.xml --print-source | grep -qF \"'$work/disks/web01-sda.qcow2'\""

# Each refusal: exit status 1 and one line on stderr, naming the problem.
check_error () {
  local want="$1"; shift
  local err rc
  err="$(ferry-v2v "$@" 2>&1 >/dev/null)"; rc=$?
  [ "$rc" -eq 1 ] || { echo "exit status $rc"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$err"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "$err"; return 1; }
}
xml () { printf '%s\n' "$2" > "$work/$1"; echo "$work/$1"; }

f="$(xml doctype.xml '<?xml version="1.0"?>
<!DOCTYPE domain [
<!ENTITY passwd SYSTEM "file:///etc/passwd">
]>
<domain><name>&passwd;</name><memory>1</memory></domain>')"
ok "a DOCTYPE (an external entity) is refused" \
  check_error "cannot parse '$f' line 2: a <!DOCTYPE> is refused" \
  -i libvirtxml "$f" --print-source
f="$(xml entity.xml '<domain><name>&x;</name><memory>1</memory></domain>')"
ok "an undeclared entity is an error" \
  check_error "cannot parse '$f' line 1: Entity 'x' not defined" \
  -i libvirtxml "$f" --print-source
f="$(xml broken.xml '<domain><name>g</name>
<memory>1</memory>')"
ok "XML that is not well-formed names the line" \
  check_error "cannot parse '$f' line 3: " -i libvirtxml "$f" --print-source
f="$(xml vm.xml '<vm/>')"
ok "another root element" \
  check_error "cannot read '$f': not a libvirt domain (the root element is <vm>" \
  -i libvirtxml "$f" --print-source
f="$(xml unit.xml '<domain><name>g</name>
<memory unit="furlong">1</memory></domain>')"
ok "an unknown unit of memory" \
  check_error "invalid <memory unit> in '$f' line 2: 'furlong' is not a unit of memory" \
  -i libvirtxml "$f" --print-source
f="$(xml tls.xml "<domain><name>g</name><memory>1</memory><devices>
<disk type='network'><source protocol='nbd' tls='yes'><host name='h'/></source></disk>
</devices></domain>")"
ok "NBD over TLS" \
  check_error "invalid <source tls> in '$f' line 2: NBD over TLS is not supported" \
  -i libvirtxml "$f" --print-source
f="$(xml iscsi.xml "<domain><name>g</name><memory>1</memory><devices>
<disk type='network'><source protocol='iscsi' name='iqn.2024-01.org.example:t/0'><host name='h'/></source></disk>
</devices></domain>")"
ok "another network protocol" \
  check_error "invalid <source protocol> in '$f' line 2: 'iscsi' cannot be converted" \
  -i libvirtxml "$f" --print-source
ok "a missing file" \
  check_error "cannot open '$work/missing.xml': No such file or directory" \
  -i libvirtxml "$work/missing.xml" --print-source
ok "a folder" check_error "cannot read '$work': not a regular file" \
  -i libvirtxml "$work" --print-source
truncate -s 17M "$work/huge.xml"
ok "a file larger than 16 MiB" \
  check_error "cannot parse '$work/huge.xml': larger than 16 MiB" \
  -i libvirtxml "$work/huge.xml" --print-source
ok "two arguments" check_error "-i libvirtxml: too many arguments" \
  -i libvirtxml "$work/web01.xml" "$work/web01.xml" --print-source
f="$(xml nodisk.xml '<domain><name>g</name><memory>1</memory></domain>')"
ok "a guest without disks, to convert" \
  check_error "-i libvirtxml: the source has no disks" -i libvirtxml "$f" -o local -os "$nofolder"

# Opening the disks for a conversion, stopped before it starts: the input
# is opened first, then -o local checks its missing -os folder.
stops_at_output () {
  check_error "-os '$nofolder': cannot use the output folder" \
    -i libvirtxml "$1" -o local -os "$nofolder"
}
f="$(xml missing-disk.xml "<domain><name>g</name><memory>1</memory><devices>
<disk type='file'><source file='nothing.raw'/></disk></devices></domain>")"
ok "a disk file that does not exist is an error" \
  check_error "cannot open '$work/nothing.raw': No such file or directory" \
  -i libvirtxml "$f" -o local -os "$nofolder"
f="$(xml no-server.xml "<domain><name>g</name><memory>1</memory><devices>
<disk type='network'><source protocol='nbd'><host transport='unix' socket='$work/none.sock'/></source></disk>
</devices></domain>")"
ok "an NBD disk whose server is not there is an error" \
  check_error "cannot open 'nbd+unix:///?socket=$work/none.sock' as raw: " \
  -i libvirtxml "$f" -o local -os "$nofolder"

qemu-img create -q -f raw "$work/small.raw" 16M
qemu-img create -q -f qcow2 -b "$work/small.raw" -F raw "$work/child.qcow2"
qemu-img create -q -f vmdk -o subformat=monolithicSparse "$work/small.vmdk" 16M

nbd_xml () {
  printf '%s\n' "<domain><name>nbd</name><memory>1</memory><devices>
<disk type='network'><driver type='$2'/><source protocol='nbd'>$3</source>
<target dev='sda'/></disk></devices></domain>" > "$work/$1"
  echo "$work/$1"
}

nbd_serve_unix "$work/raw.sock" "$work/small.raw"
f="$(nbd_xml raw-unix.xml raw "<host transport='unix' socket='$work/raw.sock'/>")"
ok "a raw disk from nbdkit on a unix socket opens" stops_at_output "$f"
nbd_serve_tcp "$work/small.raw"
f="$(nbd_xml raw-tcp.xml raw "<host name='127.0.0.1' port='$nbd_port'/>")"
ok "a raw disk from nbdkit over TCP opens" stops_at_output "$f"
nbd_serve_unix "$work/vmdk.sock" "$work/small.vmdk"
f="$(nbd_xml vmdk.xml vmdk "<host transport='unix' socket='$work/vmdk.sock'/>")"
ok "a monolithic VMDK over NBD opens (its one extent is itself)" \
  stops_at_output "$f"
nbd_serve_unix "$work/child.sock" "$work/child.qcow2"
f="$(nbd_xml backing.xml qcow2 "<host transport='unix' socket='$work/child.sock'/>")"
ok "a qcow2 over NBD that names a backing file is refused" \
  check_error "refers to '$work/small.raw': a disk read over the network must not name other images: refused" \
  -i libvirtxml "$f" -o local -os "$nofolder"
f="$(nbd_xml wrong-format.xml qcow2 "<host transport='unix' socket='$work/raw.sock'/>")"
ok "a raw export declared qcow2 is an error" \
  check_error "cannot open 'nbd+unix:///?socket=$work/raw.sock' as qcow2: " \
  -i libvirtxml "$f" -o local -os "$nofolder"

# Disks outside the XML's folder.  The appliance's hypervisor is a
# stand-in that leaves a mark: no refusal may get that far.
mkdir "$work/vm" "$work/out"
launched="$work/appliance-launched"
printf '#!/bin/sh\ntouch "%s"\nexit 1\n' "$launched" > "$work/hypervisor"
chmod +x "$work/hypervisor"
export LIBGUESTFS_HV="$work/hypervisor"

# host_disk WANT TYPE KEY NAME: an XML whose one disk is <disk type=TYPE>
# with <source KEY=NAME> must be refused with WANT, writing nothing and
# launching nothing.
host_disk () {
  local want="$1" type="$2" key="$3" name="$4"
  printf '%s\n' "<domain><name>g</name><memory>1</memory><devices>
<disk type='$type' device='disk'><source $key='$name'/><target dev='vda' bus='virtio'/></disk>
</devices></domain>" > "$work/vm/g.xml"
  check_error "$want" -i libvirtxml "$work/vm/g.xml" -o local -os "$work/out" ||
    return 1
  absent "$work/out" '*' || return 1
  [ ! -e "$launched" ] || { echo "an appliance was launched"; return 1; }
}
ok "<source file='/etc/shadow'/> is refused" \
  host_disk "ferry-v2v: '$work/vm/g.xml': disk 'vda' names '/etc/shadow', outside the folder of the XML (allow it with --allow-path /etc)" \
  file file /etc/shadow
ok "a file named ../ up to /etc/passwd is refused" \
  host_disk "ferry-v2v: '$work/vm/g.xml': disk 'vda' names '$work/vm/$(printf '../%.0s' {1..40})etc/passwd', which leads to '/etc/passwd', outside the folder of the XML (allow it with --allow-path /etc)" \
  file file "$(printf '../%.0s' {1..40})etc/passwd"
ln -s ../small.raw "$work/vm/g.raw"
ok "a symbolic link out of the folder is refused" \
  host_disk "ferry-v2v: '$work/vm/g.xml': disk 'vda' names '$work/vm/g.raw', which leads to '$work/small.raw', outside the folder of the XML (allow it with --allow-path $work)" \
  file file g.raw
# A block device of this host: /dev/loop0, else the first there is.
dev=/dev/loop0
[ -b "$dev" ] || dev="/dev/$(ls /sys/block | head -n 1)"
ok "<disk type='block'> ($dev) is refused" \
  host_disk "ferry-v2v: '$work/vm/g.xml': disk 'vda' names '$dev', a block device, not a file in the folder of the XML (allow it with --allow-path $dev)" \
  block dev "$dev"
ok "... as is a block device named as a file" \
  host_disk "names '$dev', a block device, not a file in the folder of the XML" \
  file file "$dev"

# --allow-path lets the device through: it is opened, and the run stops
# at the missing -os folder.
ok "--allow-path lets that block device through" \
  check_error "-os '$nofolder': cannot use the output folder" \
  --allow-path "$dev" -i libvirtxml "$work/vm/g.xml" -o local -os "$nofolder"
