#!/bin/bash
# ferry-p2v-server without its client: the test speaks the protocol
# (docs/p2v-protocol.md) over pipes.  Two clients at once convert the
# bookworm test guest, whose raw disk a local "nbdkit -r -s" serves on
# stdin/stdout, bridged to the server with "data JOB 0" after the job's
# token: one to the end (-o local -os sub), one whose control channel
# closes in the middle of the copy.  Then the queries, the refusals (bad
# descriptions, -os outside the root, bad data requests), the man page,
# and setup.sh's account and sshd block through a real sshd.
#
# A job is its creator's: requests about it from anyone else (no token, a
# wrong one, another job's) get the answer a job that does not exist
# gets, through pipes and through sshd; only so many jobs may wait for
# their data (--max-waiting-jobs), a job not started in time fails
# (--job-wait-timeout), old jobs' folders go (--keep-jobs) and nothing
# else does; no token shows in a process's arguments or in a file the
# server writes.
source "$(dirname "$0")/functions.sh"

plan 103
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

# Every job's token is kept in files only, as a client would keep it:
# never in a variable that reaches a command line, which the test scans.
# $work/tokens: one token a line, every one the server gave.
: > "$work/tokens"
chmod 600 "$work/tokens"

# session NAME DESCRIPTION-FILE [OPTION...]: start a control session in
# $work/NAME (the server given the OPTIONs), send the description and wait
# for "job JOB TOKEN".  Sets ctl_NAME (the fd of its input), pid_NAME,
# job_NAME; the line "token TOKEN" the job's requests begin with goes to
# $work/NAME/token-line.  The session's temporary files (the overlays) go
# to $work/NAME/tmp, libguestfs's where they would have.
session () {
  local name="$1" desc="$2" dir="$work/$1" fd
  shift 2
  mkdir -p "$dir/tmp"
  mkfifo "$dir/in"
  background env TMPDIR="$dir/tmp" \
    LIBGUESTFS_TMPDIR="${LIBGUESTFS_TMPDIR:-${TMPDIR:-/tmp}}" \
    LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}" \
    bash -c 'ferry-p2v-server --root "$1" "${@:3}" convert \
    < "$2/in" > "$2/out" 2> "$2/err"; echo $? > "$2/rc"' - "$root" "$dir" "$@"
  eval "pid_$name=$!"
  exec {fd}>"$dir/in"
  ctl_fds+=("$fd")
  eval "ctl_$name=$fd"
  { printf 'describe %d\n' "$(stat -c %s "$desc")"; cat "$desc"; } >&"$fd"
  wait_for "$dir/out" '^(job|error) ' 60 || return 1
  eval "job_$name=$(sed -n 's/^job \([^ ]*\) .*/\1/p' "$dir/out")"
  ( umask 077
    sed -n 's/^job [^ ]* \(.*\)/token \1/p' "$dir/out" > "$dir/token-line"
    sed -n 's/^job [^ ]* //p' "$dir/out" >> "$work/tokens" )
}

# bridge NAME: serve the guest's disk with nbdkit -s, bridged by
# "data JOB 0" after the job's token (its exit status in
# $work/NAME/data-rc).
bridge () {
  local dir="$work/$1" job
  eval "job=\$job_$1"
  mkfifo "$dir/d_in" "$dir/d_out"
  background bash -c 'nbdkit -r -s file "$1" < "$2/d_in" > "$2/d_out"' \
    - "$disk" "$dir"
  background bash -c 'cat "$2/token-line" "$2/d_out" |
    ferry-p2v-server --root "$1" data "$3" 0 \
    > "$2/d_in" 2> "$2/data-err"; echo $? > "$2/data-rc"' \
    - "$root" "$dir" "$job"
}

# data_error WANT JOB INDEX [INPUT]: "data JOB INDEX", with INPUT (a
# token line) on stdin, is refused with WANT.
data_error () {
  local want="$1" out err rc
  out="$(ferry-p2v-server --root "$root" data "$2" "$3" 2>"$work/err" \
    <"${4:-/dev/null}")"; rc=$?
  err="$(cat "$work/err")"
  [ "$rc" -eq 1 ] && [ -z "$out" ] || { echo "rc $rc, stdout: $out"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$err"; return 1; }
  grep -qF -- "error: $want" <<<"$err" || { echo "$err"; return 1; }
}

# answer INPUT WORD...: the request WORD... with INPUT on stdin, as
# "EXIT-STATUS|STDOUT|STDERR", run by the command in the array via (the
# server on $root, or through SSH).
via=(ferry-p2v-server --root "$root")
answer () {
  local input="$1" out rc
  shift
  out="$("${via[@]}" "$@" <"$input" 2>"$work/answer-err")"
  rc=$?
  printf '%s|%s|%s' "$rc" "$out" "$(cat "$work/answer-err")"
}

# like_missing JOB INPUT REQUEST [INDEX]: "REQUEST JOB [INDEX]" with INPUT
# on stdin gets exactly the answer a job that does not exist gets (but
# for the job's name), and that is a refusal.
missing=20991231-aaaaaaaaaaaaa
like_missing () {
  local job="$1" input="$2" request="$3" got want
  shift 3
  got="$(answer "$input" "$request" "$job" "$@")"
  want="$(answer "$input" "$request" "$missing" "$@")"
  got="${got//$job/JOB}"
  want="${want//$missing/JOB}"
  [ "$got" = "$want" ] || { echo "got:  $got"; echo "want: $want"; return 1; }
  [ "$want" = "1||error: no job 'JOB' on this server" ] ||
    { echo "not the refusal expected: $want"; return 1; }
}

# no_token_in_argv N: no process's arguments hold a token of
# $work/tokens, which has N at least.
no_token_in_argv () {
  local found f
  [ "$(grep -c . "$work/tokens")" -ge "$1" ] ||
    { echo "fewer than $1 tokens to look for"; return 1; }
  # Processes come and go: those gone before grep reads them are skipped.
  found="$(grep -laFs -f "$work/tokens" /proc/[0-9]*/cmdline)"
  [ -z "$found" ] || {
    for f in $found; do echo "${f%/cmdline}: $(tr '\0' ' ' < "$f")"; done
    return 1
  }
}

# no_token_in FILE-OR-FOLDER...: no file holds a token of $work/tokens.
no_token_in () {
  local rc
  grep -rlF -f "$work/tokens" -- "$@"; rc=$?
  case $rc in
    0) echo "(the files above hold a token)"; return 1 ;;
    1) return 0 ;;
    *) echo "grep failed (exit status $rc)"; return 1 ;;
  esac
}

# --- The queries. ---
is "version" "$(ferry-p2v-server version)" \
  "$(printf 'ferry-p2v-server 0.1.0\nprotocol 2')"
caps="$(ferry-p2v-server capabilities)"
is "capabilities: the protocol, then the outputs a client may choose" \
  "$(grep -v '^convert:' <<<"$caps" | tr '\n' ' ')" \
  "protocol 2 output:local output:null output:qemu output:json output:kubevirt "
ok "capabilities: the conversion modules" grep -qx 'convert:linux-debian' \
  <<<"$caps"
is "the request may come in SSH_ORIGINAL_COMMAND" \
  "$(SSH_ORIGINAL_COMMAND=capabilities ferry-p2v-server --root "$root" | grep -v '^free:')" \
  "$caps"
is "with a root, capabilities ends with the space free in it" \
  "$(ferry-p2v-server --root "$root" capabilities | tail -n 1 | sed 's/^free:[1-9][0-9]*$/free:N/')" \
  "free:N"
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
# refused WANT FILE [OPTION...]: the control session given FILE (the whole
# input), the server the OPTIONs.
refused () {
  local want="$1" before after out rc
  before="$(cd "$root" && find . | sort)"
  out="$(ferry-p2v-server --root "$root" "${@:3}" convert < "$2" 2>&1)"; rc=$?
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
is "the control session answers 'job JOB TOKEN'" \
  "$(grep -cE '^job [0-9]{8}-[a-z2-7]{13} [0-9a-f]{64}$' "$work/done/out" "$work/lost/out" | tr '\n' ' ')" \
  "$work/done/out:1 $work/lost/out:1 "
ok "the jobs are two folders of mode 0700" \
  test "$job_done" != "$job_lost" -a "$(stat -c %a "$jdir")" = 700 \
       -a "$(stat -c %a "$root/jobs/$job_lost")" = 700
is "the job's status is 'waiting'" "$(cat "$jdir/status")" waiting
ok "the job keeps the description as sent" cmp "$work/done.desc" "$jdir/description"
is "the job's creator may ask for its status, with its token" \
  "$(answer "$work/done/token-line" status "$job_done")" "0|waiting|"

# Another client knows the job's name, and tries to feed it a disk or to
# read its status: without a token, with a wrong one, with its own job's.
printf 'token %s\n' "$(printf '%064d' 0)" > "$work/wrong-token"
for attempt in "no token:/dev/null" "a wrong token:$work/wrong-token" \
               "another job's token:$work/lost/token-line"; do
  ok "a data request with ${attempt%%:*} is answered as for no job" \
    like_missing "$job_done" "${attempt#*:}" data 0
  ok "a status request with ${attempt%%:*} is answered as for no job" \
    like_missing "$job_done" "${attempt#*:}" status
done
sed 's/$/0/' "$work/done/token-line" > "$work/long-token"
ok "a data request with the token and a character more is answered as for no job" \
  like_missing "$job_done" "$work/long-token" data 0
ok_absent "those requests left nothing in the job's folder" "$jdir" 'disk-*'
is "... and the job waits still" \
  "$(answer "$work/done/token-line" status "$job_done")" "0|waiting|"
ok "a data request for a disk the job does not have is refused" \
  data_error "job '$job_done' has no disk 1 (it has 1)" "$job_done" 1 \
  "$work/done/token-line"
ok "a data request with a malformed index is refused" \
  data_error "'01' is not a disk index" "$job_done" 01

# Two jobs wait: a third is refused when the server allows two.
description p2v-cap sub | input "$work/cap"
ok "a job beyond --max-waiting-jobs is refused" \
  refused "the conversion server already has 2 jobs waiting for data, its limit: try again later" \
  "$work/cap" --max-waiting-jobs 2

bridge done
bridge lost
ok "the bridge publishes the disk's socket" \
  bash -c 'for i in $(seq 600); do [ -S "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$jdir/disk-0.sock"
ok "a second bridge for the same disk is refused" \
  data_error "disk 0 of job '$job_done' is already connected" "$job_done" 0 \
  "$work/done/token-line"
ok "while both wait, no process's arguments hold a token" no_token_in_argv 2
echo start >&"$ctl_done"
echo start >&"$ctl_lost"

# The lost client: its control channel closes once the copy has begun.
ok "the second client's conversion reaches the copy" \
  wait_for "$work/lost/out" '^progress 0 ' 900
ok "during the copy, no process's arguments hold a token" no_token_in_argv 2
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
  data_error "job '$job_done' takes no data connection: it is done" "$job_done" 0 \
  "$work/done/token-line"
is "no overlay is left behind, by either conversion" \
  "$(leftovers "$work/done/tmp")$(leftovers "$work/lost/tmp")" ""
ok_absent "nothing was written outside the root" "$work/outside" '*'

# --- A job not started in time fails, and frees its place. ---
description p2v-late sub > "$work/late.desc"
# (5 s: the bridge must come up first, on a machine that may be busy.)
session late "$work/late.desc" --job-wait-timeout 5 --max-waiting-jobs 1
bridge late
ok "a job not started within --job-wait-timeout ends" \
  bash -c 'for i in $(seq 300); do [ -e "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$work/late/rc"
ok "... though its disk was bridged while it waited" \
  grep -q " bridge disk 0: ready on " "$root/jobs/$job_late/log"
is "... with exit status 1" "$(cat "$work/late/rc")" 1
is "... telling its client why" "$(tail -n 1 "$work/late/out")" \
  "failed the client did not start the job within 5 s"
is "... and its status says it failed" "$(cat "$root/jobs/$job_late/status")" \
  "failed: the client did not start the job within 5 s"
ok "... its data bridge ends" \
  bash -c 'for i in $(seq 100); do [ -e "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$work/late/data-rc"
ok_absent "... and removes its socket" "$root/jobs/$job_late" '*.sock'
ok_absent "... and its nbdkit's folder" "$root/jobs/$job_late" 'ferry-nbdkit.*'
eval "exec $ctl_late>&-"
description p2v-again sub > "$work/again.desc"
session again "$work/again.desc" --job-wait-timeout 1 --max-waiting-jobs 1
ok "... and no longer counts as waiting: a new job takes its place" \
  grep -qE '^job [0-9]{8}-[a-z2-7]{13} [0-9a-f]{64}$' "$work/again/out"
ok "(which ends in time too)" \
  bash -c 'for i in $(seq 100); do [ -e "$1" ] && exit 0; sleep 0.1; done; exit 1' \
  - "$work/again/rc"
eval "exec $ctl_again>&-"

# --- --keep-jobs: the folders of old jobs go when a job starts. ---
# Two old jobs of this server's (one holding a symlink to a folder outside
# the root), and what is not: a symlink planted in the jobs' folder to a
# folder outside that looks like an old job; an old job folder of another
# name; one of a job's name but without the token-digest every job gets.
jobs="$root/jobs"
mkdir -p "$work/precious" "$work/planted"
echo keep > "$work/precious/file"
ln -s "$work/precious" "$jobs/$job_lost/escape"
cp "$jdir/status" "$jdir/token-digest" "$jdir/log" "$work/planted/"
ln -s "$work/planted" "$jobs/20200101-plantedsymlnk"
mkdir "$jobs/keep-me" "$jobs/20200101-nodigestaaaaa"
cp "$jdir/status" "$jdir/token-digest" "$jobs/keep-me/"
cp "$jdir/status" "$jobs/20200101-nodigestaaaaa/"
touch -d '3 days ago' "$jobs/$job_done" "$jobs/$job_lost" "$work/planted" \
  "$jobs/keep-me" "$jobs/20200101-nodigestaaaaa"
touch -h -d '3 days ago' "$jobs/20200101-plantedsymlnk"
intact () { (cd "$work" && find planted precious -printf '%p %s %T@\n' | sort); }
before_sweep="$(intact)"
description p2v-sweep sub > "$work/sweep.desc"
session sweep "$work/sweep.desc" --keep-jobs 2 --job-wait-timeout 1
ok "a new job starts" grep -q '^job ' "$work/sweep/out"
ok "the folders of the jobs over for more than --keep-jobs days are gone" \
  bash -c '[ ! -e "$1" ] && [ ! -L "$1" ] && [ ! -e "$2" ] && [ ! -L "$2" ]' \
  - "$jobs/$job_done" "$jobs/$job_lost"
ok "... which the new job's log says" \
  bash -c 'grep -q " job removed the folder of the old job .$2.$" "$1" &&
    grep -q " job removed the folder of the old job .$3.$" "$1"' \
  - "$jobs/$job_sweep/log" "$job_done" "$job_lost"
ok "a job over for less time stays" test -f "$jobs/$job_late/status"
ok "the symlink planted in the jobs' folder stays, not followed" \
  test -L "$jobs/20200101-plantedsymlnk"
is "... and what it points to, and what the old job's symlink pointed to, are intact" \
  "$(intact)" "$before_sweep"
ok "folders the server did not make stay" \
  test -f "$jobs/keep-me/status" -a -f "$jobs/20200101-nodigestaaaaa/status"
eval "exec $ctl_sweep>&-"

# --- No token in a file the server writes, or in its messages. ---
ok "no file of the jobs' or the guest's holds a token, nor the server's stderr" \
  no_token_in "$jobs" "$root/sub/p2v-done.xml" "$work"/*/err "$work"/*/data-err

# --- setup.sh, and the account it makes, through a real sshd. ---
user="ferry-p2v-t$$"
# In the account's home: the account must reach it.
sroot="/var/lib/$user/root"
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
# sshd logs the requests it runs: its log is checked for tokens.
sshd_start "$work/sshd" "LogLevel DEBUG1" "${lines[@]}"
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
# The same with the caller's stdin.
sed 's| </dev/null$||' "$work/ssh-p2v" > "$work/ssh-p2v-in"
chmod +x "$work/ssh-p2v" "$work/ssh-p2v-in"
is "over SSH the forced command answers the request" \
  "$("$work/ssh-p2v" version 2>&1)" "$(printf 'ferry-p2v-server 0.1.0\nprotocol 2')"
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

# --- Through sshd: a job is the connection's that created it. ---
# Connection A creates a job and waits; other connections try it.
a="$work/ssh-a"
mkdir "$a"
mkfifo "$a/in"
description p2v-ssh "" > "$work/ssh.desc"
background bash -c '"$1" convert < "$2/in" > "$2/out" 2> "$2/err"' \
  - "$work/ssh-p2v-in" "$a"
exec {ctl_ssh}>"$a/in"
ctl_fds+=("$ctl_ssh")
{ printf 'describe %d\n' "$(stat -c %s "$work/ssh.desc")"; cat "$work/ssh.desc"; } >&"$ctl_ssh"
ok "over SSH a connection gets a job and its token" \
  wait_for "$a/out" '^job [0-9]{8}-[a-z2-7]{13} [0-9a-f]{64}$' 60
job_ssh="$(sed -n 's/^job \([^ ]*\) .*/\1/p' "$a/out")"
( umask 077
  sed -n 's/^job [^ ]* \(.*\)/token \1/p' "$a/out" > "$a/token-line"
  sed -n 's/^job [^ ]* //p' "$a/out" >> "$work/tokens" )
via=("$work/ssh-p2v-in")
is "over SSH the job's status comes to a connection that gives its token" \
  "$(answer "$a/token-line" status "$job_ssh")" "0|waiting|"
ok "over SSH another connection's data request without the token is answered as for no job" \
  like_missing "$job_ssh" /dev/null data 0
ok "... with a wrong token too" like_missing "$job_ssh" "$work/wrong-token" data 0
ok "... and its status request" like_missing "$job_ssh" "$work/wrong-token" status
ok_absent "those requests left nothing in the job's folder" "$sroot/jobs/$job_ssh" 'disk-*'
ok "over SSH, no process's arguments hold a token" no_token_in_argv 6
eval "exec $ctl_ssh>&-"
ok "the job's session ends with its connection" \
  bash -c 'for i in $(seq 100); do grep -qx "failed: connection to the client lost" "$1" && exit 0; sleep 0.1; done; exit 1' \
  - "$sroot/jobs/$job_ssh/status"
ok "no token is in sshd's log, the job's files or the server's stderr" \
  no_token_in "$work/sshd/sshd.log" "$sroot/jobs" "$a/err"
