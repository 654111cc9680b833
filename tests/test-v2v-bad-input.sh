#!/bin/bash
# Bad input: each case gives one clear error naming the file and the
# problem, exit status 1, no output files left behind, and an unchanged
# source.
source "$(dirname "$0")/functions.sh"

plan 29
work="$(scratch)"
out="$work/out"
mkdir "$out"
private_tmpdir "$work/tmp"

# run_bad WANT ARGS...: ferry-v2v must fail with one stderr line holding
# WANT, and leave $out empty.
run_bad () {
  local want="$1"; shift
  local err rc
  err="$(ferry-v2v -q "$@" 2>&1 >/dev/null)"; rc=$?
  echo "stderr: $err"
  [ "$rc" -eq 1 ] || { echo "exit status $rc, wanted 1"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "not one line"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "no '$want' in it"; return 1; }
}
# empty DIR: DIR is a folder, and empty.
empty () { absent "$1" '*'; }

# A missing file.
ok "a missing disk is refused" \
  run_bad "cannot open '$work/nope.img': No such file or directory" \
  -i disk "$work/nope.img" -o local -os "$out"
ok "... and nothing is written" empty "$out"

# A file of random bytes: qemu reads it as raw, inspection finds no OS.
head -c 32M /dev/urandom > "$work/random.img"
sum="$(file_sum "$work/random.img")"
ok "a disk of random bytes is refused" \
  run_bad "no operating system found in '$work/random.img'" \
  -i disk "$work/random.img" -o local -os "$out"
ok "... and nothing is written" empty "$out"
is "... and the source is unchanged" "$(file_sum "$work/random.img")" "$sum"

# A disk with a filesystem but no operating system.
mkdir -p "$work/files/data"
echo "not an OS" > "$work/files/data/readme"
mkfs.ext4 -q -F -d "$work/files" "$work/data.img" 64M >/dev/null
ok "a disk with no operating system is refused" \
  run_bad "no operating system found in '$work/data.img'" \
  -i disk "$work/data.img" -if raw -o local -os "$out"
ok "... and nothing is written" empty "$out"

# The wrong -if.
ok "a raw disk given as -if qcow2 is refused" \
  run_bad "cannot open '$work/data.img' as qcow2: Image is not in qcow2 format" \
  -i disk "$work/data.img" -if qcow2 -o local -os "$out"
ok "an unknown -if is refused" \
  run_bad "cannot open '$work/data.img' as floppy: Unknown driver 'floppy'" \
  -i disk "$work/data.img" -if floppy -o local -os "$out"
ok "... and nothing is written" empty "$out"

# A folder is not a disk, and neither is a device node like /dev/null.
ok "a folder as a disk is refused" \
  run_bad "'$work/files' is not a disk image" -i disk "$work/files" -o null
ok "/dev/null as a disk is refused" \
  run_bad "'/dev/null' is not a disk image" -i disk /dev/null -o null

# A qcow2 whose backing file lies outside its folder.
mkdir "$work/inner"
qemu-img create -q -f qcow2 -b "$work/data.img" -F raw "$work/inner/escape.qcow2"
ok "a backing file outside the image's folder is refused" \
  run_bad "'$work/inner/escape.qcow2' refers to '$work/data.img', outside its folder" \
  -i disk "$work/inner/escape.qcow2" -o local -os "$out"
ok "... and nothing is written" empty "$out"
qemu-img create -q -f qcow2 -u -b 'nbd:127.0.0.1:10809' -F raw "$work/inner/nbd.qcow2" 64M
ok "a backing file that is a network address is refused" \
  run_bad "'$work/inner/nbd.qcow2' refers to 'nbd:127.0.0.1:10809', which is not a local file: refused" \
  -i disk "$work/inner/nbd.qcow2" -o local -os "$out"
qemu-img create -q -f qcow2 -o data_file="$work/data.img",data_file_raw=on \
  "$work/inner/datafile.qcow2" 64M
ok "an external data file outside the image's folder is refused" \
  run_bad "'$work/inner/datafile.qcow2' refers to '$work/data.img', outside its folder" \
  -i disk "$work/inner/datafile.qcow2" -o local -os "$out"
ok "... and nothing is written" empty "$out"

# An existing guest of the same name is never replaced.
echo "<domain/>" > "$out/data.xml"
ok "an existing output is not replaced" \
  run_bad "'$out/data.xml' already exists: remove it, or name the guest differently with -on" \
  -i disk "$work/data.img" -if raw -o local -os "$out"
is "... and it is left as it was" "$(ls -A "$out"; cat "$out/data.xml")" "data.xml
<domain/>"
rm -f "$out/data.xml"

# Output folders that are missing, read-only or full.
ok "a missing output folder is refused" \
  run_bad "-os '$work/missing': cannot use the output folder: No such file or directory" \
  -i disk "$work/data.img" -o local -os "$work/missing"

ro="$work/ro"
mkdir "$ro"
mount -t tmpfs -o ro,size=1m tmpfs "$ro"
cleanup umount "$ro"
ok "a read-only output folder is refused" \
  run_bad "-os '$ro': cannot write in the output folder: Read-only file system" \
  -i disk "$work/data.img" -o local -os "$ro"
ok "... and nothing is written" empty "$ro"

# The full folder needs a real guest: the conversion succeeds and the
# copy runs out of space.
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
full="$work/full"
mkdir "$full"
mount -t tmpfs -o size=64m tmpfs "$full"
cleanup umount "$full"
sum="$(file_sum "$gdir/disk.vmdk")"
ok "a full output folder fails the copy" \
  run_bad "cannot write '$full/.bookworm-sda.part': No space left on device" \
  -i disk "$gdir/disk.vmdk" -o local -os "$full" -on bookworm
ok "... and no partial file is left behind" empty "$full"
is "... and the source is unchanged" "$(file_sum "$gdir/disk.vmdk")" "$sum"
ok_no_overlay "... and no overlay is left behind"

# A guest name that would escape the output folder.
ok "-on with a slash is refused" \
  run_bad "'../x' cannot be a guest name" \
  -i disk "$work/data.img" -if raw -o local -os "$out" -on ../x
ok "... and nothing is written" empty "$out"
ok_absent "... and nothing is written beside it" "$work" 'x.xml'
