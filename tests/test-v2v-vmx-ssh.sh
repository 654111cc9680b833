#!/bin/bash
# -i vmx -it ssh: a VMware guest read from a host over SSH, with no local
# copy of its disks.  A private sshd on 127.0.0.1 serves a folder holding
# the bookworm test guest's VMX, its monolithicSparse VMDK (read as VMDK
# through nbdkit) and a second disk as an ESXi descriptor with a raw
# -flat.vmdk extent (read as raw).  The guest converts and boots; the
# source files are unchanged; no nbdkit outlives the run.  --print-source
# connects only to read the VMX.  Password login (-ip) works for ferry's
# own session and for nbdkit, with the password on no command line.  A
# wrong or unknown host key, a wrong password, a missing remote file and
# a snapshot disk are each one clear error, with nothing written.  So
# are disks that resolve, on the remote host, outside the VMX's folder:
# /etc/shadow, a symbolic link out (the guest's own VMDK, linked from
# the cache of test guests, until --allow-path lets its folder in), a
# flat extent linked out of its descriptor's folder.
#
# Password login needs an account with a password: the test creates one
# (ferry-sshNNNN, no home, removed at exit) rather than touch root's.
source "$(dirname "$0")/functions.sh"

plan 31
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
sshd_start "$work/sshd" "PasswordAuthentication yes" ||
  { echo "Bail out! cannot start a private sshd"; exit 1; }
url="ssh://root@127.0.0.1:$SSHD_PORT"
keys=(-io "ssh-identity=$SSHD_CLIENT_KEY"
      -io "ssh-known-hosts=$SSHD_KNOWN_HOSTS")

# The guest's folder, as on a datastore: the VMX names its disks by
# relative names; the sparse disk is the test guest's (a symbolic link,
# which the SFTP server follows); the second disk is a descriptor and a
# 64 MiB flat extent starting with a marker.
vm="$work/vm"
mkdir "$vm" "$work/tmp" "$work/out" "$work/bad"
ln -s "$gdir/disk.vmdk" "$vm/web01.vmdk"
truncate -s 64M "$vm/data-flat.vmdk"
printf 'ferry flat extent marker' |
  dd of="$vm/data-flat.vmdk" conv=notrunc status=none
cat > "$vm/data.vmdk" <<'VMDK'
# Disk DescriptorFile
version=1
encoding="UTF-8"
CID=5e1d2c3b
parentCID=ffffffff
isNativeSnapshot="no"
createType="vmfs"

# Extent description
RW 131072 VMFS "data-flat.vmdk"

# The Disk Data Base
#DDB

ddb.adapterType = "lsilogic"
ddb.thinProvisioned = "1"
VMDK
vmx_text () {
  cat <<VMX
.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "14"
displayName = "web01"
guestOS = "debian12-64"
memsize = "1536"
numvcpus = "2"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "web01.vmdk"
scsi0:1.present = "TRUE"
scsi0:1.fileName = "$1"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
VMX
}
vmx_text data.vmdk > "$vm/web01.vmx"
vmx_text missing.vmdk > "$vm/missing-disk.vmx"
vmx_text snap-000001.vmdk > "$vm/snapshot.vmx"
cat > "$vm/snap-000001.vmdk" <<'VMDK'
# Disk DescriptorFile
version=1
CID=7a7a7a7a
parentCID=5e1d2c3b
createType="vmfsSparse"
parentFileNameHint="data.vmdk"
RW 131072 VMFSSPARSE "snap-000001-delta.vmdk"
VMDK
# Disks of the remote host rather than of the guest's folder.
printf 'scsi0.present = "TRUE"\nscsi0:0.present = "TRUE"\nscsi0:0.fileName = "%s"\n' \
  /etc/shadow > "$vm/shadow.vmx"
sed 's/data-flat.vmdk/evil-flat.vmdk/' "$vm/data.vmdk" > "$vm/evil.vmdk"
truncate -s 64M "$work/outside-flat.vmdk"
ln -s ../outside-flat.vmdk "$vm/evil-flat.vmdk"
printf 'scsi0.present = "TRUE"\nscsi0:0.present = "TRUE"\nscsi0:0.fileName = "evil.vmdk"\n' \
  > "$vm/evil.vmx"
allow=(--allow-path "$gdir")
sums () { file_sum "$gdir/disk.vmdk" "$vm"/*.vmx "$vm"/data* "$vm"/snap*; }
sums_before="$(sums)"

# Each failure: exit status 1, one line on stderr holding WANT, nothing
# in $work/bad, no nbdkit left.  Then the arguments.
check_error () {
  local want="$1"; shift
  local err rc
  err="$(ferry-v2v "$@" -o local -os "$work/bad" 2>&1 >/dev/null)"; rc=$?
  [ "$rc" -eq 1 ] || { echo "exit status $rc: $err"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$err"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "$err"; return 1; }
  absent "$work/bad" '*' || return 1
  no_process "port=$SSHD_PORT" || { echo "nbdkit left running"; return 1; }
}

# --print-source: the VMX only, no nbdkit, the disks by their URLs.
src="$(ferry-v2v -x -i vmx -it ssh "$url$vm/web01.vmx" "${keys[@]}" \
         --print-source 2>"$work/print.err")"
is "--print-source over ssh: the VMX's name and disks, by URL" \
  "$(sed -n 's/^name: //p; s/^  \(sd[ab]\) scsi vmdk /\1 /p' <<<"$src")" \
  "web01
sda '$url$vm/web01.vmdk'
sdb '$url$vm/data.vmdk'"
is "--print-source over ssh runs no nbdkit" \
  "$(grep -c "^+ 'nbdkit'" "$work/print.err")" 0

# Host keys: a different key, or none, stops everything.
ssh-keygen -q -t ed25519 -N '' -f "$work/other_key"
echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$work/other_key.pub")" \
  > "$work/wrong_known_hosts"
: > "$work/empty_known_hosts"
ok "a host key other than the known one is refused" \
  check_error "host key verification failed for '127.0.0.1:$SSHD_PORT': its key (ssh-ed25519 SHA256:" \
  -i vmx -it ssh "$url$vm/web01.vmx" -io "ssh-identity=$SSHD_CLIENT_KEY" \
  -io "ssh-known-hosts=$work/wrong_known_hosts"
ok "... naming the known hosts file" \
  check_error "is not the one recorded in '$work/wrong_known_hosts': refused" \
  -i vmx -it ssh "$url$vm/web01.vmx" -io "ssh-identity=$SSHD_CLIENT_KEY" \
  -io "ssh-known-hosts=$work/wrong_known_hosts"
ok "an unknown host is refused" \
  check_error "the host is not in '$work/empty_known_hosts'" \
  -i vmx -it ssh "$url$vm/web01.vmx" -io "ssh-identity=$SSHD_CLIENT_KEY" \
  -io "ssh-known-hosts=$work/empty_known_hosts"

# Missing files, a snapshot, a key the server does not take.
ok "a missing remote VMX is a clear error" \
  check_error "cannot open '$url$vm/nope.vmx': No such file or directory" \
  -i vmx -it ssh "$url$vm/nope.vmx" "${keys[@]}"
ok "a missing remote disk is a clear error, before any nbdkit" \
  check_error "cannot open '$url$vm/missing.vmdk': No such file or directory" \
  -i vmx -it ssh "$url$vm/missing-disk.vmx" "${keys[@]}" "${allow[@]}"
ok "a snapshot disk over ssh is refused, saying so" \
  check_error "'$url$vm/snap-000001.vmdk' is a snapshot" \
  -i vmx -it ssh "$url$vm/snapshot.vmx" "${keys[@]}" "${allow[@]}"

# Disks outside the VMX's folder on the remote host.
ok "a remote disk named /etc/shadow is refused" \
  check_error "ferry-v2v: '$url$vm/shadow.vmx': disk 'scsi0:0' names '/etc/shadow', outside the folder of the .vmx (allow it with --allow-path /etc)" \
  -i vmx -it ssh "$url$vm/shadow.vmx" "${keys[@]}"
ok "a remote link out of the folder is refused, naming --allow-path" \
  check_error "ferry-v2v: '$url$vm/web01.vmx': disk 'scsi0:0' names '$vm/web01.vmdk', which leads to '$(realpath "$gdir/disk.vmdk")', outside the folder of the .vmx (allow it with --allow-path $(realpath "$gdir"))" \
  -i vmx -it ssh "$url$vm/web01.vmx" "${keys[@]}"
ok "a flat extent linked out of its descriptor's folder is refused" \
  check_error "ferry-v2v: '$url$vm/evil.vmdk' refers to 'evil-flat.vmdk', outside its folder '$vm': refused" \
  -i vmx -it ssh "$url$vm/evil.vmx" "${keys[@]}"
ok "a key the server does not take is a login error" \
  check_error "cannot log in to '127.0.0.1:$SSHD_PORT' as 'root'" \
  -i vmx -it ssh "$url$vm/web01.vmx" -io "ssh-identity=$work/other_key" \
  -io "ssh-known-hosts=$SSHD_KNOWN_HOSTS"
ok "a missing identity file is a clear error" \
  check_error "cannot read the identity file '$work/no_key'" \
  -i vmx -it ssh "$url$vm/web01.vmx" -io "ssh-identity=$work/no_key" \
  -io "ssh-known-hosts=$SSHD_KNOWN_HOSTS"

# Options that do not go together.
ok "-it takes only ssh" check_error "-it 'ftp': -i vmx cannot read over that (it can over: ssh)" \
  -i vmx -it ftp "$url$vm/web01.vmx"
ok "-io needs -it ssh" check_error "-io 'ssh-identity=$SSHD_CLIENT_KEY': needs -it ssh" \
  -i vmx "$vm/web01.vmx" -io "ssh-identity=$SSHD_CLIENT_KEY"
ok "-io takes known keys only" \
  check_error "-io 'ssh-port=22': not an option of -i vmx (it takes: ssh-identity, ssh-known-hosts)" \
  -i vmx -it ssh "$url$vm/web01.vmx" -io ssh-port=22
ok "a password in the URL is refused" \
  check_error "a password must not be written in a URL" \
  -i vmx -it ssh "ssh://root:secret@127.0.0.1:$SSHD_PORT$vm/web01.vmx"

# Password login, as a user made for the test, on a folder it can read
# (a small empty disk).
user="ferry-ssh$$"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
useradd -M -d /nonexistent -s /bin/sh "$user" &&
  cleanup userdel "$user" &&
  echo "$user:$password" | chpasswd
# (Not under $work: the user must be able to reach it from /.)
pub="$(mktemp -d /var/tmp/ferry-ssh-pub.XXXXXX)"
cleanup rm -rf "$pub"
qemu-img create -q -f vmdk "$pub/small.vmdk" 16M
printf 'displayName = "small"\nscsi0.present = "TRUE"\nscsi0:0.present = "TRUE"\nscsi0:0.fileName = "small.vmdk"\n' \
  > "$pub/small.vmx"
chmod 755 "$pub" && chmod 644 "$pub"/*
printf '%s\n' "$password" > "$work/password"
printf 'not%s\n' "$password" > "$work/wrong_password"
chmod 600 "$work/password" "$work/wrong_password"
purl="ssh://$user@127.0.0.1:$SSHD_PORT$pub/small.vmx"
is "-ip: a password login reads the VMX" \
  "$(ferry-v2v -i vmx -it ssh "$purl" -ip "$work/password" \
       -io "ssh-known-hosts=$SSHD_KNOWN_HOSTS" --print-source |
     sed -n 's/^name: //p')" small
ferry-v2v -x -i vmx -it ssh "$purl" -ip "$work/password" \
  -io "ssh-known-hosts=$SSHD_KNOWN_HOSTS" -o local -os "$work/no-such-dir" \
  > /dev/null 2> "$work/password.err"
is "-ip: nbdkit logs in with the password file too (the run stops later, at -os)" \
  "$(grep -c "^+ 'nbdkit' .*'password=+$work/password'" "$work/password.err") $(tail -n 1 "$work/password.err" | grep -c "^ferry-v2v: -os '$work/no-such-dir'")" \
  "1 1"
is "-ip: the password is on no command line and in no message" \
  "$(grep -cF -- "$password" "$work/password.err")" 0
ok "a wrong password is a clear error" \
  check_error "cannot log in to '127.0.0.1:$SSHD_PORT' as '$user': the password in '$work/wrong_password' was refused" \
  -i vmx -it ssh "$purl" -ip "$work/wrong_password" \
  -io "ssh-known-hosts=$SSHD_KNOWN_HOSTS"

# The conversion, its temporary files in $work/tmp (the libguestfs
# appliance cache where it always is).
ok "ferry-v2v -i vmx -it ssh converts" \
  env TMPDIR="$work/tmp" \
    LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}" \
    ferry-v2v -i vmx -it ssh "$url$vm/web01.vmx" "${keys[@]}" \
      "${allow[@]}" -o local -os "$work/out"
xml="$work/out/web01.xml"
ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
x () { xmllint --xpath "$1" "$xml"; }
is "the name, memory, vCPUs and MAC come from the VMX" \
  "$(x 'string(/domain/name)') $(x 'string(/domain/memory)') $(x 'string(/domain/vcpu)') $(x 'string(//interface/mac/@address)')" \
  "web01 1572864 2 00:50:56:3f:12:34"
is "both disks are local files on virtio" \
  "$(x 'count(//disk[@device="disk"]/target[@bus="virtio"])') $(x 'string(//disk[@device="disk"][1]/source/@file)') $(x 'string(//disk[@device="disk"][2]/source/@file)')" \
  "2 $work/out/web01-sda $work/out/web01-sdb"
is "the flat disk was read as raw: same size, marker at its start" \
  "$(stat -c %s "$work/out/web01-sdb") $(head -c 24 "$work/out/web01-sdb")" \
  "67108864 ferry flat extent marker"
ok_no_process "no nbdkit is left running" "port=$SSHD_PORT"
is "no temporary file is left (sockets, overlays)" "$(leftovers "$work/tmp")" ""
is "the source files are unchanged" "$(sums)" "$sums_before"
is "the failed runs wrote nothing" "$(leftovers "$work/bad")" ""
boot="$(boot-check --timeout 600 "$xml" 2>&1)"
ok "the converted guest boots to login: on virtio" \
  grep -q '^boot-check: login prompt after' <<<"$boot"
diag "$boot"
