#!/bin/bash
# ferry-p2v-server without its client: the test speaks the protocol
# (docs/p2v-protocol.md) over pipes.  Two clients at once convert the
# bookworm test guest, whose raw disk a local "nbdkit -r -s" serves on
# stdin/stdout, bridged to the server with "data JOB 0": one to the end
# (-o local -os sub), one whose control channel closes in the middle of
# the copy.  Then the queries, the refusals (bad descriptions, -os outside
# the root, bad data requests), the man page, and setup.sh's account and
# sshd block through a real sshd.
source "$(dirname "$0")/functions.sh"

plan 62
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
disk="$gdir/disk.raw"
size="$(stat -c %s "$disk")"
work="$(scratch)"
root="$work/root"
mkdir -p "$root/sub" "$work/outside"
ln -s "$work/outside" "$root/escape"
server="$(command -v ferry-p2v-server)"

# description NAME OS [LINE...]: a description of the bookworm guest, with
# LINEs added to [output].
description () {
  local name="$1" os="$2" line
  shift 2
  printf '[machine]\nname=%s\nvcpus=1\nmemory=1073741824\nfirmware=bios\n\n' \
    "$name"
  printf '[disk 0]\nname=sda\nsize=%s\n\n' "$size"
  printf '[nic 0]\nname=eth0\nmac=52:54:00:12:34:56\n\n'
  printf '[output]\no=local\nos=%s\n' "$os"
  for line in "$@"; do printf '%s\n' "$line"; done
}

# wait_for FILE PATTERN SECONDS: until a line of FILE matches PATTERN.
wait_for () {
  local i
  for (( i = 0; i < $3 * 10; i++ )); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "no line matching '$2' in $1 after $3 s" >&2
  return 1
}

# The control channels the test holds open: every background process
# closes them, so that closing one is the end of its input for the server.
ctl_fds=()
background () {
  (
    for fd in "${ctl_fds[@]}"; do eval "exec $fd>&-"; done
    exec "$@"
  ) &
}

# session NAME DESCRIPTION-FILE: start a control session in $work/NAME,
# send the description and wait for "job JOB".  Sets ctl_NAME (the fd of
# its input), pid_NAME, job_NAME.  The session's temporary files (the
# overlays) go to $work/NAME/tmp, libguestfs's where they would have.
session () {
  local name="$1" desc="$2" dir="$work/$1" fd
  mkdir -p "$dir/tmp"
  mkfifo "$dir/in"
  background env TMPDIR="$dir/tmp" \
    LIBGUESTFS_TMPDIR="${LIBGUESTFS_TMPDIR:-${TMPDIR:-/tmp}}" \
    LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}" \
    bash -c 'ferry-p2v-server --root "$1" convert \
    < "$2/in" > "$2/out" 2> "$2/err"; echo $? > "$2/rc"' - "$root" "$dir"
  eval "pid_$name=$!"
  exec {fd}>"$dir/in"
  ctl_fds+=("$fd")
  eval "ctl_$name=$fd"
  { printf 'describe %d\n' "$(stat -c %s "$desc")"; cat "$desc"; } >&"$fd"
  wait_for "$dir/out" '^(job|error) ' 60 || return 1
  eval "job_$name=$(sed -n 's/^job //p' "$dir/out")"
}

# bridge NAME: serve the guest's disk with nbdkit -s, bridged by
# "data JOB 0" (its exit status in $work/NAME/data-rc).
bridge () {
  local dir="$work/$1" job
  eval "job=\$job_$1"
  mkfifo "$dir/d_in" "$dir/d_out"
  background bash -c 'nbdkit -r -s file "$1" < "$2/d_in" > "$2/d_out"' \
    - "$disk" "$dir"
  background bash -c 'ferry-p2v-server --root "$1" data "$3" 0 \
    > "$2/d_in" < "$2/d_out" 2> "$2/data-err"; echo $? > "$2/data-rc"' \
    - "$root" "$dir" "$job"
}

# data_error WANT JOB INDEX: "data JOB INDEX" is refused with WANT.
data_error () {
  local want="$1" out err rc
  out="$(ferry-p2v-server --root "$root" data "$2" "$3" 2>"$work/err" \
    </dev/null)"; rc=$?
  err="$(cat "$work/err")"
  [ "$rc" -eq 1 ] && [ -z "$out" ] || { echo "rc $rc, stdout: $out"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$err"; return 1; }
  grep -qF -- "error: $want" <<<"$err" || { echo "$err"; return 1; }
}

# --- The queries. ---
is "version" "$(ferry-p2v-server version)" \
  "$(printf 'ferry-p2v-server 0.1.0\nprotocol 1')"
caps="$(ferry-p2v-server capabilities)"
is "capabilities: the protocol, then the outputs a client may choose" \
  "$(grep -v '^convert:' <<<"$caps" | tr '\n' ' ')" \
  "protocol 1 output:local output:null output:qemu output:json output:kubevirt "
ok "capabilities: the conversion modules" grep -qx 'convert:linux-debian' \
  <<<"$caps"
is "the request may come in SSH_ORIGINAL_COMMAND" \
  "$(SSH_ORIGINAL_COMMAND=capabilities ferry-p2v-server --root "$root")" \
  "$caps"
for bad in 'version; id' 'data  x 0' 'version ' '$(id)' 'convert --root /'; do
  ok "SSH_ORIGINAL_COMMAND '$bad' is refused" bash -c '
    out="$(SSH_ORIGINAL_COMMAND="$1" ferry-p2v-server --root "$2" 2>&1 \
      </dev/null)"; rc=$?
    [ $rc -eq 1 ] && grep -q "^error: " <<<"$out" || { echo "$rc: $out"; exit 1; }' \
    - "$bad" "$root"
done

# --- The man page documents exactly the options the program takes. ---
pod="$top/p2v-server/ferry-p2v-server.pod"
accepted="$( (ferry-p2v-server --short-options; ferry-p2v-server --long-options) | sort)"
documented="$(grep '^=item' "$pod" | grep -oE 'B<-[^>]*>' | sed 's/^B<//; s/>$//' | sort -u)"
is "every accepted option is documented and every documented one accepted" \
  "$documented" "$accepted"
ok "the man page is valid POD" podchecker "$pod"

# --- Refusals before any job: "error ...", exit 1, nothing created. ---
# refused WANT FILE: the control session given FILE (the whole input).
refused () {
  local want="$1" before after out rc
  before="$(cd "$root" && find . | sort)"
  out="$(ferry-p2v-server --root "$root" convert < "$2" 2>&1)"; rc=$?
  after="$(cd "$root" && find . | sort)"
  [ "$rc" -eq 1 ] || { echo "exit status $rc: $out"; return 1; }
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || { echo "$out"; return 1; }
  case "$out" in
    "error "*"$want"*) ;;
    *) echo "$out"; return 1 ;;
  esac
  [ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after"); return 1; }
  absent "$work/outside" '*' || { echo "written outside"; return 1; }
}
# input FILE: "describe LENGTH" and the description on stdin, into FILE.
input () {
  local text
  text="$(cat)"
  { printf 'describe %d\n' "$(( ${#text} + 1 ))"; printf '%s\n' "$text"; } > "$1"
}
description x sub | sed '/^size=/d' | input "$work/no-size"
ok "a description without a disk size is refused" \
  refused "description: [disk 0] 'size' is missing" "$work/no-size"
description x sub | sed 's/^size=.*/size=12x/' | input "$work/bad-size"
ok "a bad number is refused" \
  refused "description: [disk 0] size '12x': not a decimal number" "$work/bad-size"
description x sub | sed 's/^vcpus=.*/vcpus=-1/' | input "$work/bad-vcpus"
ok "a negative vCPU count is refused" \
  refused "vcpus '-1': not a decimal number" "$work/bad-vcpus"
description x ../../etc | input "$work/os-dotdot"
ok "-os ../../etc is refused" \
  refused "-os '../../etc': it must not hold a '..' component" "$work/os-dotdot"
description x /etc | input "$work/os-abs"
ok "-os /etc is refused" \
  refused "-os '/etc': it must be a folder relative to the output root" "$work/os-abs"
description x escape | input "$work/os-link"
ok "-os through a symlink out of the root is refused" \
  refused "-os 'escape': the folder is outside the output root" "$work/os-link"
description x sub/escape-too | input "$work/os-missing"
ok "-os that does not exist is refused" \
  refused "-os 'sub/escape-too': cannot use the output folder" "$work/os-missing"
description '../x' sub | input "$work/bad-name"
ok "a guest name with '/' is refused" \
  refused "name '../x': not a valid name: it holds '/'" "$work/bad-name"
description x sub o=libvirt | sed '/^o=local$/d' | input "$work/bad-o"
ok "an output the server does not offer is refused" \
  refused "o 'libvirt': not an output of this server" "$work/bad-o"
description x sub oo=qemu-boot\; | sed 's/^o=local$/o=qemu/' | input "$work/boot"
ok "-oo qemu-boot is refused" \
  refused "oo 'qemu-boot': not allowed on the conversion server" "$work/boot"
printf 'hello\n' > "$work/hello"
ok "a first line other than 'describe LENGTH' is refused" \
  refused "expected 'describe LENGTH'" "$work/hello"
ok "a data request for a job that does not exist is refused" \
  data_error "no job 'nosuchjob' on this server" nosuchjob 0

# --- Two clients at once. ---
description p2v-done sub > "$work/done.desc"
description p2v-lost sub > "$work/lost.desc"
session done "$work/done.desc"
session lost "$work/lost.desc"
jdir="$root/jobs/$job_done"
is "the control session answers 'job JOB'" \
  "$(grep -cE '^job [A-Za-z0-9-]+$' "$work/done/out") $(grep -cE '^job ' "$work/lost/out")" \
  "1 1"
ok "the jobs are two folders of mode 0700" \
  test "$job_done" != "$job_lost" -a "$(stat -c %a "$jdir")" = 700 \
       -a "$(stat -c %a "$root/jobs/$job_lost")" = 700
is "the job's status is 'waiting'" "$(cat "$jdir/status")" waiting
ok "the job keeps the description as sent" cmp "$work/done.desc" "$jdir/description"
ok "a data request for a disk the job does not have is refused" \
  data_error "job '$job_done' has no disk 1 (it has 1)" "$job_done" 1
ok "a data request with a malformed index is refused" \
  data_error "'01' is not a disk index" "$job_done" 01

bridge done
bridge lost
ok "the bridge publishes the disk's socket" \
  bash -c 'for i in $(seq 600); do [ -S "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$jdir/disk-0.sock"
ok "a second bridge for the same disk is refused" \
  data_error "disk 0 of job '$job_done' is already connected" "$job_done" 0
echo start >&"$ctl_done"
echo start >&"$ctl_lost"

# The lost client: its control channel closes once the copy has begun.
ok "the second client's conversion reaches the copy" \
  wait_for "$work/lost/out" '^progress 0 ' 900
eval "exec $ctl_lost>&-"
ok "the server ends when its control channel closes" \
  bash -c 'for i in $(seq 600); do [ -e "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$work/lost/rc"
is "... with exit status 1" "$(cat "$work/lost/rc")" 1
is "... and the status 'failed: connection to the client lost'" \
  "$(cat "$root/jobs/$job_lost/status")" "failed: connection to the client lost"
ok "... which the log says" grep -q ' error connection to the client lost$' \
  "$root/jobs/$job_lost/log"
ok_absent "... leaving no output that looks complete and no partial file" \
  "$root/sub" '*p2v-lost*'

# The other client is not disturbed.
ok "the first client's conversion ends" \
  bash -c 'for i in $(seq 9000); do [ -e "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$work/done/rc"
is "... with exit status 0" "$(cat "$work/done/rc")" 0
is "... and 'done FILE' as its last line" "$(tail -n 1 "$work/done/out")" \
  "done sub/p2v-done.xml"
is "the job's status says it is done" "$(cat "$jdir/status")" \
  "done sub/p2v-done.xml"
ok "the guest's XML is under ROOT/sub and valid" \
  virt-xml-validate "$root/sub/p2v-done.xml"
is "the guest's disk is next to it" \
  "$(xmllint --xpath 'string(//disk[@device="disk"]/source/@file)' "$root/sub/p2v-done.xml")" \
  "$root/sub/p2v-done-sda"
ok_absent "no partial file is left" "$root/sub" '*.part'
out="$work/done/out"
ok "messages are relayed" grep -q '^message Copying 1 disk' "$out"
is "progress starts at 0 and ends at the disk's size" \
  "$(grep '^progress' "$out" | sed -n '1p;$p' | tr '\n' ' ')" \
  "progress 0 0 $size progress 0 $size $size "
ok "progress goes forward, at most a few lines a second" \
  bash -c 'awk "\$1 == \"progress\" { if (\$3 < last) exit 1; last = \$3; n++ }
              END { exit n > 200 }" "$1"' - "$out"
ok_no_match "the control lines are protocol lines only" \
  -v -E '^(job |message |warning |progress |done )' "$out"
ok "the log has the run" bash -c 'grep -q " message Copying 1 disk" "$1" &&
  grep -q " bridge disk 0: ready on " "$1" && grep -q " job done sub/p2v-done.xml$" "$1"' \
  - "$jdir/log"
ok "the bridges end with their jobs" \
  bash -c 'for i in $(seq 300); do [ -e "$1" ] && [ -e "$2" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$work/done/data-rc" "$work/lost/data-rc"
ok_absent "... and remove their sockets" "$jdir" '*.sock'
ok_absent "... both of them" "$root/jobs/$job_lost" '*.sock'
ok "a data request for a job that is over is refused" \
  data_error "job '$job_done' takes no data connection: it is done" "$job_done" 0
is "no overlay is left behind, by either conversion" \
  "$(leftovers "$work/done/tmp")$(leftovers "$work/lost/tmp")" ""
ok_absent "nothing was written outside the root" "$work/outside" '*'

# --- setup.sh, and the account it makes, through a real sshd. ---
user="ferry-p2v-t$$"
sroot="$work/sroot"
cleanup userdel -r "$user"
setup () {
  "$top/p2v-server/setup.sh" --user "$user" --root "$sroot" \
    --server "/var/lib/$user/ferry-p2v-server" "$@"
}
ok "setup.sh makes the account and the root" setup
ok "setup.sh is idempotent" setup
ok "the root belongs to the account, mode 0750" \
  test "$(stat -c '%U %a' "$sroot")" = "$user 750"
install -m 0755 -o "$user" "$server" "/var/lib/$user/ferry-p2v-server"
block="$(setup | sed -n '/^# ferry-p2v/,/^Match all/p')"
mapfile -t lines < <(grep -v '^#' <<<"$block")
sshd_start "$work/sshd" "${lines[@]}"
ok "setup.sh --key adds the key once" bash -c '
  "$1" --user "$2" --root "$3" --server "/var/lib/$2/ferry-p2v-server" --key "$4" --sshd-config "$5" --install &&
  "$1" --user "$2" --root "$3" --server "/var/lib/$2/ferry-p2v-server" --key "$4" --sshd-config "$5" --install &&
  [ "$(grep -c . "/var/lib/$2/.ssh/authorized_keys")" -eq 1 ] &&
  cmp <(printf "%s\n" "$6") "$5"' \
  - "$top/p2v-server/setup.sh" "$user" "$sroot" "$SSHD_CLIENT_KEY.pub" \
  "$work/ferry-p2v.conf" "$block"
cat > "$work/ssh-p2v" <<SSH
#!/bin/sh
exec ssh -i "$SSHD_CLIENT_KEY" -o UserKnownHostsFile="$SSHD_KNOWN_HOSTS" \\
  -o BatchMode=yes -o StrictHostKeyChecking=yes -p "$SSHD_PORT" \\
  \${P2V_SSH_OPTS:-} "$user@127.0.0.1" "\$@" </dev/null
SSH
chmod +x "$work/ssh-p2v"
is "over SSH the forced command answers the request" \
  "$("$work/ssh-p2v" version 2>&1)" "$(printf 'ferry-p2v-server 0.1.0\nprotocol 1')"
ok "over SSH a shell command is refused" \
  bash -c 'out="$("$1" "id; uname" 2>&1)"; [ $? -eq 1 ] && grep -q "^error: unknown request" <<<"$out"' \
  - "$work/ssh-p2v"
# The refusal must be the forwarding's: ssh exits 255 saying so (a
# connection that fails for any other reason would exit 255 too).
ok "over SSH the account cannot forward ports" \
  bash -c 'out="$(P2V_SSH_OPTS="-o ExitOnForwardFailure=yes -R 127.0.0.1:$2:127.0.0.1:22" "$1" version 2>&1)"
    rc=$?
    [ $rc -eq 255 ] && grep -q "remote port forwarding failed for listen port $2" <<<"$out" ||
      { echo "exit status $rc: $out"; exit 1; }' \
  - "$work/ssh-p2v" "$(shuf -i 20000-60000 -n 1)"
