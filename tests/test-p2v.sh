#!/bin/bash
# P2V end to end on loopback: ferry-p2v, headless, driven by a p2v.*
# command line, sends two disks (the bookworm test guest's raw image and a
# small data disk, standing in for the machine's) over SSH to
# ferry-p2v-server behind a private OpenSSH sshd whose forced command it
# is.  The result boots with both disks.  p2v.pre and p2v.post run around
# that conversion, p2v.fail after a failed one, each split into words
# without a shell.  A password read from --cmdline-file logs in, and shows
# in no process's arguments, log or output.  Then what must fail does: a
# wrong host key (before any job exists), a wrong password, an output
# folder outside the root (p2v.fail runs), and a connection killed during
# the copy.  Last, cancels (SIGINT, SIGTERM), which stop both ends and do
# not run p2v.fail: one while p2v.pre runs, one as soon as the server
# starts converting.
source "$(dirname "$0")/functions.sh"

plan 48
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
root="$work/root"
mkdir -p "$root/out" "$root/out2" "$root/out3" "$work/data"
server="$(command -v ferry-p2v-server)"

# The second disk: a small ext4 filesystem with a marker.
echo "second disk of the physical machine" > "$work/data/marker"
mkfs.ext4 -q -F -d "$work/data" "$work/data.raw" 64M >/dev/null

# sshd clears the environment: the server's libguestfs gets the test's
# settings (TCG) from sshd's own configuration.
sshd_start "$work/sshd" "ForceCommand $server --root $root" \
  "SetEnv LIBGUESTFS_BACKEND=$LIBGUESTFS_BACKEND LIBGUESTFS_BACKEND_SETTINGS=$LIBGUESTFS_BACKEND_SETTINGS" \
  "PasswordAuthentication yes" "AllowTcpForwarding no" \
  "AllowStreamLocalForwarding no" "PermitTTY no"
fingerprint="$(ssh-keygen -l -E sha256 -f "$work/sshd/host_key.pub" | cut -d' ' -f2)"

base="p2v.server=127.0.0.1 p2v.port=$SSHD_PORT p2v.username=root"
base+=" p2v.identity=file://$SSHD_CLIENT_KEY p2v.hostkey=$fingerprint"
base+=" p2v.vcpus=1 p2v.memory=1G p2v.interfaces= p2v.o=local p2v.of=qcow2"
disks=(--test-disk="$gdir/disk.raw" --test-disk="$work/data.raw")
before="$(file_sum "$gdir/disk.raw" "$work/data.raw")"

# The hooks: p2v.pre copies the output folder (still empty), p2v.post the
# guest's XML to a file named '$HOME' (no shell expands it), p2v.fail
# must not run.
hooks="$work/hooks"
mkdir "$hooks"
main="$base p2v.name=p2vguest p2v.os=out"
main+=" p2v.pre=\"cp -R $root/out '$hooks/out before'\""
main+=" p2v.post=\"cp $root/out/p2vguest.xml $hooks/\$HOME\""
main+=" p2v.fail=\"touch $hooks/failed\""
ok "ferry-p2v converts the machine through the server" \
  bash -c 'ferry-p2v --cmdline="$1" "${@:3}" > "$2" 2>&1' - \
  "$main" "$work/client.log" "${disks[@]}"
ok "... the client showed the server's messages" \
  grep -q "^server: .*Copying 2 disks" "$work/client.log"
ok "... and per-disk and total progress" \
  grep -qE "sda [0-9]+%  sdb [0-9]+%  \| total [0-9]+%.*/s  ETA" "$work/client.log"
ok "... and the result" grep -q "^Finished: the server wrote out/p2vguest.xml" "$work/client.log"
xml="$root/out/p2vguest.xml"
ok "the domain XML is in the output folder and validates" virt-xml-validate "$xml"
is "... with both disks, on virtio" \
  "$(xmllint --xpath 'count(//disk[@device="disk"]/target[@bus="virtio"])' "$xml")" 2
is "... the memory and vCPUs the command line gave" \
  "$(xmllint --xpath 'string(//memory)' "$xml") $(xmllint --xpath 'string(//vcpu)' "$xml")" \
  "1048576 1"
is "the second disk arrived whole" \
  "$(guestfish --ro -a "$root/out/p2vguest-sdb" -m /dev/sda cat /marker)" \
  "second disk of the physical machine"
status="$(cat "$root"/jobs/*/status)"
is "the job's status says done" "$status" "done out/p2vguest.xml"
ok "the job keeps its log" grep -q "Copying 2 disks" "$root"/jobs/*/log
ok "p2v.pre ran before the conversion: the output folder was empty" \
  bash -c '[ -d "$1" ] && [ -z "$(ls -A "$1")" ]' - "$hooks/out before"
ok "p2v.post ran after it: it copied the guest's XML" cmp "$xml" "$hooks/\$HOME"
is "... the hooks' words were split without a shell, and p2v.fail did not run" \
  "$(ls -A "$hooks" | tr '\n' '|')" '$HOME|out before|'
ok "the converted guest boots" boot-check "$xml"
is "the source disks are unchanged" "$(file_sum "$gdir/disk.raw" "$work/data.raw")" "$before"
ok_no_process "no nbdkit is left on the client" "[n]bdkit .*--unix $TMPDIR/"

jobs_before="$(ls "$root/jobs" | wc -l)"

# A wrong host key: nothing reaches the server.
bad="SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
ferry-p2v --cmdline="${base/p2v.hostkey=$fingerprint/p2v.hostkey=$bad} p2v.name=x p2v.os=out" \
  "${disks[@]}" > "$work/hostkey.log" 2>&1
is "a wrong host key fails" "$?" 1
ok "... saying so, with the server's real fingerprint" \
  grep -q "host key verification failed for '127.0.0.1:$SSHD_PORT'.*$fingerprint.*$bad" "$work/hostkey.log"
is "... and no job was created" "$(ls "$root/jobs" | wc -l)" "$jobs_before"

# A password login, for an account of its own (removed at exit, with
# its home folder: sshd says on stderr when it cannot enter one).  The
# password, with spaces, is in a --cmdline-file; the account runs the
# server but cannot write to the root, so the job is refused once the
# client is in.  Meanwhile every process's arguments are searched for the
# password.  The hooks run after that failure: p2v.fail, not p2v.post.
user="ferry-p2v-$$"
useradd -m -s /bin/sh "$user" && cleanup userdel -r "$user"
password="$(head -c 12 /dev/urandom | base64 | tr -d '+/=') with spaces"
echo "$user:$password" | chpasswd
printf '%s\n' "$password" > "$work/password.pattern"
mkdir "$work/hooks2"
printf '%s\n' "p2v.server=127.0.0.1 p2v.port=$SSHD_PORT p2v.username=$user \"p2v.password=$password\" p2v.hostkey=$fingerprint p2v.vcpus=1 p2v.memory=1G p2v.interfaces= p2v.o=local p2v.name=pw p2v.os=out p2v.pre=\"touch $work/hooks2/pre\" p2v.post=\"touch $work/hooks2/post\" p2v.fail=\"touch $work/hooks2/fail\"" \
  > "$work/password.cmdline"
: > "$work/argv.hits"
ferry-p2v --cmdline-file="$work/password.cmdline" --test-disk="$work/data.raw" \
  > "$work/login.log" 2>&1 &
client=$!
while kill -0 $client 2>/dev/null; do
  grep -aHFf "$work/password.pattern" /proc/[0-9]*/cmdline 2>/dev/null |
    tr '\0' ' ' >> "$work/argv.hits"
done
wait $client
is "a password login whose job is refused fails" "$?" 1
ok "... after logging in with p2v.password" \
  grep -q "^Connected to 127.0.0.1 (ferry-p2v-server " "$work/login.log"
ok "... and the server refused the job" grep -q "refused the job" "$work/login.log"
is "p2v.pre ran, then p2v.fail, and not p2v.post" \
  "$(ls -A "$work/hooks2" | tr '\n' ' ')" "fail pre "
is "the password was in no process's arguments" "$(cat "$work/argv.hits")" ""
# grep -r exits 1 when nothing matches, 2 when a file or folder is missing.
password_nowhere () {
  no_match -F "$password" "$work/login.log" "$work/sshd/sshd.log" || return 1
  grep -rqF -- "$password" "$root"
  [ $? -eq 1 ]
}
ok "... nor in the client's output, sshd's log or the root" password_nowhere

# A wrong password.
echo "$user:$(head -c 12 /dev/urandom | base64)" | chpasswd
ferry-p2v --cmdline="p2v.server=127.0.0.1 p2v.port=$SSHD_PORT p2v.username=$user p2v.password=\"not the password\" p2v.hostkey=$fingerprint p2v.vcpus=1 p2v.memory=1G p2v.interfaces= p2v.o=local" \
  "${disks[@]}" > "$work/password.log" 2>&1
is "a wrong password fails" "$?" 1
ok "... with a clear message" \
  grep -q "cannot log in to '127.0.0.1:$SSHD_PORT' as '$user': the password was refused" "$work/password.log"
ok_no_match "... that does not show the password" -F 'not the password' "$work/password.log"

# An output folder outside the root: the server refuses the job.
ferry-p2v --cmdline="$base p2v.name=y p2v.os=../../etc p2v.fail=\"touch $work/escape-failed\"" \
  "${disks[@]}" > "$work/escape.log" 2>&1
is "p2v.os=../../etc fails" "$?" 1
ok "... refused by the server" grep -q "refused the job:.*\.\." "$work/escape.log"
is "... and no job was created" "$(ls "$root/jobs" | wc -l)" "$jobs_before"
ok "... and p2v.fail ran" test -e "$work/escape-failed"

# The connection killed in the middle of the copy.
ferry-p2v --cmdline="$base p2v.name=cut p2v.os=out2" "${disks[@]}" > "$work/cut.log" 2>&1 &
client=$!
for i in $(seq 1200); do
  grep -q "^server: Copying 2 disks" "$work/cut.log" && break
  kill -0 $client 2>/dev/null || break
  sleep 0.25
done
sleep 1     # the copy of 5 GiB takes several seconds: cut it in its midst
pkill -P "$SSHD_PID"   # every session sshd runs: the client's connection
wait $client
is "a connection killed during the copy fails the client" "$?" 1
for i in $(seq 60); do
  grep -q "^failed" "$root"/jobs/*/status 2>/dev/null && break
  sleep 1
done
ok "... the server marked the job failed" \
  grep -q "^failed: connection to the client lost" $(ls -t "$root"/jobs/*/status | head -1)
is "... and left nothing in the output folder" "$(leftovers "$root/out2")" ""

# Cancels.  A cancel while p2v.pre runs waits for it, then does nothing
# else: no nbdkit, no connection, no job, no p2v.fail.  (The signal goes
# to ferry-p2v alone, as kill sends it, not to the command.)
jobs_before="$(ls "$root/jobs" | wc -l)"
ferry-p2v --cmdline="$base p2v.name=pre p2v.os=out3 p2v.pre=\"sleep 2\" p2v.fail=\"touch $work/pre-failed\"" \
  "${disks[@]}" > "$work/cancel-pre.log" 2>&1 &
client=$!
for i in $(seq 100); do
  grep -q "^Running p2v.pre" "$work/cancel-pre.log" && break
  sleep 0.1
done
kill -TERM $client
wait $client
is "SIGTERM while p2v.pre runs cancels: exit status 2" "$?" 2
is "... after p2v.pre, nothing else ran" "$(cat "$work/cancel-pre.log")" \
  "Running p2v.pre: sleep 2
ferry-p2v: the conversion was cancelled"
is "... no job was created" "$(ls "$root/jobs" | wc -l)" "$jobs_before"
ok "... and p2v.fail did not run" test ! -e "$work/pre-failed"

# A cancel (Ctrl-C: SIGINT, which a background job of a script would
# ignore without env) as soon as the server starts converting: the data
# flows, the server's job runs.
env --default-signal=INT ferry-p2v \
  --cmdline="$base p2v.name=cancelled p2v.os=out3 p2v.fail=\"touch $work/cancel-failed\"" \
  "${disks[@]}" > "$work/cancel.log" 2>&1 &
client=$!
for i in $(seq 1200); do
  grep -q "^server: Starting the libguestfs appliance" "$work/cancel.log" && break
  kill -0 $client 2>/dev/null || break
  sleep 0.1
done
# What the "no nbdkit is left" checks look for is there while it runs.
ok "while the client runs, its nbdkits serve from its TMPDIR" \
  pgrep -f "[n]bdkit .*--unix $TMPDIR/"
kill -INT $client
start=$SECONDS
wait $client
is "SIGINT during the conversion cancels it: exit status 2" "$?" 2
ok "... at once" test $((SECONDS - start)) -le 5
cancel_said () {
  tail -n 1 "$work/cancel.log" |
    grep -qx 'ferry-p2v: the conversion was cancelled' &&
    no_match -E 'error|failed' "$work/cancel.log"
}
ok "... saying so, and no error" cancel_said
ok_no_process "... no nbdkit is left on the client" "[n]bdkit .*--unix $TMPDIR/"
ok "... p2v.fail did not run" test ! -e "$work/cancel-failed"
job="$(dirname "$(grep -lx 'name=cancelled' "$root"/jobs/*/description)")"
for i in $(seq 60); do
  grep -q "^failed" "$job/status" && ! ls "$job"/*.sock >/dev/null 2>&1 && break
  sleep 1
done
is "... the server marked the job failed" "$(cat "$job/status")" \
  "failed: connection to the client lost"
is "... stopped its disks' servers" "$(cd "$job" && ls *.sock *.pid 2>/dev/null)" ""
is "... and left nothing in the output folder" "$(leftovers "$root/out3")" ""
