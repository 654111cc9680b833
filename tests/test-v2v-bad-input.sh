#!/bin/bash
# Bad input: each case gives one clear error naming the file and the
# problem, exit status 1, no output files left behind, and an unchanged
# source.
source "$(dirname "$0")/functions.sh"

plan 47
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
ok "a full output folder is refused before the copy" \
  run_bad "not enough space in '$full' for the converted disk: " \
  -i disk "$gdir/disk.vmdk" -o local -os "$full" -on bookworm
ok "... and no partial file is left behind" empty "$full"
is "... and the source is unchanged" "$(file_sum "$gdir/disk.vmdk")" "$sum"
ok_no_overlay "... and no overlay is left behind"

# The attack on the output folder: while a conversion runs, its
# temporary disk is replaced by a link to a file of root's, and a second
# conversion of the same name starts.  The disk data must not reach the
# file the link names, the swapped name must not become the guest's disk,
# and the second run must be refused before any work.
atk="$work/attacked"
mkdir -m 0755 "$atk"
printf 'root:x:0:0::/root:/bin/bash\n' > "$work/victim"
victim_sum="$(file_sum "$work/victim")"
ferry-v2v -q -i disk "$gdir/disk.vmdk" -o local -os "$atk" -on web \
  > /dev/null 2> "$work/attacked.err" &
attacked=$!
cleanup kill_job "$attacked"
for _ in $(seq 1 300); do
  [ ! -e "$atk/.web-sda.part" ] || break
  sleep 0.1
done
ok "a second conversion of the same name into the same folder is refused" \
  run_bad "another conversion is writing 'web' in '$atk'" \
  -i disk "$work/data.img" -if raw -o local -os "$atk" -on web
rm -f "$atk/.web-sda.part" && ln -s "$work/victim" "$atk/.web-sda.part"
wait "$attacked"; rc=$?
is "the attacked conversion fails (exit status)" "$rc" 1
ok "... saying its disk was replaced" \
  grep -qF "'$atk/.web-sda.part' was replaced or removed while ferry wrote it" "$work/attacked.err"
is "... the file the planted link names is unchanged" \
  "$(file_sum "$work/victim")" "$victim_sum"
is "... and only the planted link is left" "$(ls -A "$atk")" ".web-sda.part"

# A guest name that would escape the output folder.
ok "-on with a slash is refused" \
  run_bad "-on '../x': not a valid name: it holds '/'" \
  -i disk "$work/data.img" -if raw -o local -os "$out" -on ../x
ok "... and nothing is written" empty "$out"
ok_absent "... and nothing is written beside it" "$work" 'x.xml'

# Names with control characters: refused, and the message shows them
# escaped (one line, no escape sequence reaches the terminal).
ok "-on with a newline and an escape sequence is refused" \
  run_bad "-on 'web\\n\\x1b[2Jx': not a valid name: it holds control characters" \
  -i disk "$work/data.img" -if raw -o local -os "$out" -on "web
$(printf '\033')[2Jx"
ok "... and nothing is written" empty "$out"
ferry-v2v -q -i disk "$work/data.img" -if raw -o local -os "$out" \
  -on "$(printf 'a\033]0;x\007\302\233b')" > /dev/null 2> "$work/ctl.err"
ok_no_match "... no control character of the name reaches stderr" \
  -P '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$work/ctl.err"
cat > "$work/ctl.xml" <<XML
<domain type='kvm'>
  <name>web&#10;ferry-v2v: Finished</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$work/data.img'/>
      <target dev='sda' bus='scsi'/>
    </disk>
  </devices>
</domain>
XML
ok "a source whose name holds a newline needs -on" \
  run_bad "the guest's name 'web\\nferry-v2v: Finished': not a valid name: it holds control characters (rename the guest with -on)" \
  -i libvirtxml "$work/ctl.xml" -o local -os "$out"
ok "... and nothing is written" empty "$out"

# Output folders that others can change under ferry's feet.
for mode in 0777 0770 0775; do
  mkdir -m "$mode" "$work/shared-$mode"
  ok "an output folder of mode $mode is refused" \
    run_bad "-os '$work/shared-$mode': other accounts may write in the output folder (mode $mode, owner 0)" \
    -i disk "$work/data.img" -if raw -o local -os "$work/shared-$mode"
  ok "... and nothing is written" empty "$work/shared-$mode"
done
mkdir -m 1777 "$work/theirs"
chown nobody "$work/theirs"
ok "a sticky output folder of another account is refused" \
  run_bad "-os '$work/theirs': the output folder belongs to another account ($(id -u nobody))" \
  -i disk "$work/data.img" -if raw -o local -os "$work/theirs"
ok "... and nothing is written" empty "$work/theirs"
