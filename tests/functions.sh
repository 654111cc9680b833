# ferry: shared code for the integration tests (source it).
#
# Puts the uninstalled programs first in PATH, runs the libguestfs
# appliance and every VM under TCG, and prints TAP:
#
#   plan N                 the number of checks
#   ok DESC CMD...         one check: passes when CMD exits 0
#   is DESC GOT WANT       one check: passes when GOT = WANT
#   ok_absent DESC DIR PATTERN
#                          one check: DIR exists and holds no entry whose
#                          name matches the glob PATTERN (dot files too)
#   ok_no_match DESC [GREP-OPTION...] PATTERN FILE...
#                          one check: each FILE exists and no line of them
#                          matches (grep exits 1; an error is a failure);
#                          the options are the words before PATTERN that
#                          start with "-": PATTERN cannot start with "-"
#   ok_no_process DESC PATTERN
#                          one check: no process's command line matches
#                          PATTERN (pgrep -f exits 1; an error is a failure)
#   ok_no_overlay DESC     one check: no ferry overlay folder is left where
#                          ferry puts them, ${TMPDIR:-/var/tmp}
#   private_tmpdir DIR     TMPDIR=DIR for the rest of the test
#   diag TEXT              a comment line
#   bail_out TEXT          "Bail out!" and exit 1
#   requires_kvm_device    exit 77 (skip) when there is no /dev/kvm
#   cleanup CMD ARG...     run CMD ARG... when the test exits (stacked,
#                          last in first out); each word is kept as it is
#   kill_job [-g] PID      stop the background job PID (-g: its process
#                          group) if it is still running; for cleanups
#   nbd_serve_unix S F     serve file F read-only with nbdkit on socket S
#   nbd_serve_tcp F        same on 127.0.0.1, on a free port: $nbd_port
#   file_sum FILE...       a hash of each FILE's bytes, to compare a
#                          source before and after a conversion
#   guest_dir DIST         the folder of a cached test guest (fixtures.sh)
#
# absent, no_match and no_process are the same tests without TAP, for use
# inside a check's own function.  Negative checks must use them: a plain
# "! grep ..." also passes when the file is missing.
#
# The test's exit status tells the truth when it is run by hand: 0 when
# every planned check ran and passed, else the number of failed checks
# (at most 76: 77 means "skipped"), or 1 when fewer or more checks ran
# than planned.
#
# Fixtures are shared between tests through $FERRY_CACHE (default
# ~/.cache/ferry): guest images are built once and kept.  Tests get them
# from guest_dir (tests/guests/fixtures.sh).

set -u

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's programs before any other installation's (a python3 of pyenv
# or /usr/local would lack Debian's modules, and start slower).
export PATH="${FERRY_BUILD:-$top/build}:$top/tests:$top/tests/guests:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
export LIBGUESTFS_BACKEND=direct
export LIBGUESTFS_BACKEND_SETTINGS=force_tcg
export FERRY_CACHE="${FERRY_CACHE:-$HOME/.cache/ferry}"
source "$top/tests/guests/fixtures.sh"

_tap_n=0
_tap_failed=0
_tap_planned=

plan () { _tap_planned="$1"; echo "1..$1"; }

_tap_result () {
  _tap_n=$((_tap_n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $_tap_n - $2"
  else
    echo "not ok $_tap_n - $2"
    _tap_failed=$((_tap_failed + 1))
  fi
}

ok () {
  local desc="$1"; shift
  local out rc=0
  out="$("$@" 2>&1)" || rc=1
  _tap_result "$rc" "$desc"
  [ "$rc" -eq 0 ] || printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
}

is () {
  local desc="$1" got="$2" want="$3" rc=0
  [ "$got" = "$want" ] || rc=1
  _tap_result "$rc" "$desc"
  [ "$rc" -eq 0 ] || printf '#   got:  %s\n#   want: %s\n' "$got" "$want"
}

# Every line of TEXT is a comment: a line of a program's output must not
# read as a TAP result.
diag () { printf '%s\n' "$*" | sed 's/^/# /'; }

bail_out () { echo "Bail out! $*"; exit 1; }

# absent DIR PATTERN: DIR is a folder and no entry in it matches PATTERN.
absent () {
  local dir="$1" pattern="$2" found
  [ -d "$dir" ] || { echo "no folder '$dir' to look in"; return 1; }
  found="$(find "$dir" -mindepth 1 -maxdepth 1 -name "$pattern" -printf '%f\n')" ||
    { echo "cannot list '$dir'"; return 1; }
  [ -z "$found" ] || { echo "in '$dir':"; printf '%s\n' "$found"; return 1; }
}
ok_absent () { ok "$1" absent "$2" "$3"; }

# no_match [GREP-OPTION...] PATTERN FILE...: no line of the FILEs matches.
no_match () {
  local opts=() pattern f rc
  while [ $# -gt 0 ] && [[ "$1" == -* ]]; do opts+=("$1"); shift; done
  [ $# -ge 2 ] || { echo "no_match: PATTERN FILE... expected"; return 1; }
  pattern="$1"; shift
  for f in "$@"; do
    [ -f "$f" ] && [ -r "$f" ] || { echo "no file '$f' to look in"; return 1; }
  done
  grep "${opts[@]}" -e "$pattern" -- "$@"; rc=$?
  case $rc in
    0) echo "(the lines above match '$pattern')"; return 1 ;;
    1) return 0 ;;
    *) echo "grep failed (exit status $rc)"; return 1 ;;
  esac
}
ok_no_match () { local desc="$1"; shift; ok "$desc" no_match "$@"; }

# no_process PATTERN: no process runs whose command line matches PATTERN.
no_process () {
  local rc
  command -v pgrep >/dev/null || { echo "pgrep is missing (procps)"; return 1; }
  # pgrep never lists itself; PATTERN must not match the test's own
  # command line (write "[n]bdkit" for "nbdkit" when it could).
  pgrep -a -f -- "$1"; rc=$?
  case $rc in
    0) echo "(the processes above match '$1')"; return 1 ;;
    1) return 0 ;;
    *) echo "pgrep failed (exit status $rc)"; return 1 ;;
  esac
}
ok_no_process () { ok "$1" no_process "$2"; }

# ferry-v2v and ferry-inspect make their overlays in folders named
# ferry.XXXXXX in $TMPDIR, or /var/tmp when it is unset or empty
# (converters/overlay.c).
ok_no_overlay () { ok "$1" absent "${TMPDIR:-/var/tmp}" 'ferry.*'; }

# Send ferry's temporary files (its overlays) to DIR, made here, for the
# rest of the test: what a run leaves in TMPDIR is then the test's to see,
# not mixed with other runs' on the same machine.  libguestfs keeps its
# appliance cache where it was (it would follow TMPDIR).
private_tmpdir () {
  mkdir -p "$1" || return 1
  export LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}"
  export TMPDIR="$1"
}

# A hash of each FILE's bytes, one line per file (xxh128: hashing a 5 GiB
# sparse disk takes a second, sha256sum half a minute).
file_sum () { xxh128sum -- "$@"; }

# Cleanup hooks: hook N is the array _cleanup_N, run as "${hook[@]}".
_cleanup_count=0
cleanup () {
  [ $# -ge 1 ] || return 0
  eval "_cleanup_$_cleanup_count"'=("$@")'
  _cleanup_count=$((_cleanup_count + 1))
}

_run_cleanups () {
  local i
  for (( i = _cleanup_count - 1; i >= 0; i-- )); do
    local -n _hook="_cleanup_$i"
    "${_hook[@]}" >/dev/null 2>&1 || true
    unset -n _hook
  done
  _cleanup_count=0
}

_on_exit () {
  local rc=$?
  _run_cleanups
  if [ "$rc" -eq 0 ]; then
    if [ "$_tap_failed" -gt 0 ]; then
      echo "# failed $_tap_failed of $_tap_n checks" >&2
      rc=$(( _tap_failed < 76 ? _tap_failed : 76 ))
    elif [ -n "$_tap_planned" ] && [ "$_tap_n" -ne "$_tap_planned" ]; then
      echo "# planned $_tap_planned checks but ran $_tap_n" >&2
      rc=1
    fi
  fi
  exit "$rc"
}
trap _on_exit EXIT

requires_kvm_device () {
  if [ ! -e /dev/kvm ]; then
    echo "no /dev/kvm on this machine" >&2
    exit 77
  fi
}

# A scratch folder removed at exit.  Tests call it as "$(scratch)", in a
# subshell whose cleanups would be lost: every scratch folder lives in one
# folder per test, made here and removed by the test's own shell.
_scratch_root="$(mktemp -d "${TMPDIR:-/var/tmp}/ferry-test.XXXXXX")"
cleanup rm -rf "$_scratch_root"
# Each test has a TMPDIR of its own: tests may run side by side (make
# check runs two at a time), and what one leaves must not be another's.
private_tmpdir "$_scratch_root/tmp"
scratch () {
  mktemp -d "$_scratch_root/scratch.XXXXXX"
}

# The head of a VMX file as vSphere writes one: guest NAME, 1536 MiB, two
# vCPUs on one socket, and one SCSI (pvscsi) hard disk whose fileName is
# DISK, as written.  Tests append their own devices.
vmx_head () {
  cat <<VMX
.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "14"
displayName = "$1"
guestOS = "debian12-64"
memsize = "1536"
numvcpus = "2"
cpuid.coresPerSocket = "2"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.deviceType = "scsi-hardDisk"
scsi0:0.fileName = "$2"
VMX
}

# Print the files in DIR (for "no output left": compare with "").  A DIR
# that is not a folder prints a message saying so, never nothing.
leftovers () {
  local dir="$1"
  [ -d "$dir" ] || { echo "(no folder '$dir')"; return 1; }
  ls -A "$dir"
}

# A cleanup must not kill a process by a number that is no longer its
# own: process ids are recycled fast here (pid_max is 32768), and a
# stale number can belong to anything, another test's prove included.

# kill_job [-g] PID: stop PID, a background job of this shell, or with -g
# the process group it leads, only if the job is still running.
kill_job () {
  local group=no p
  [ "$1" != -g ] || { group=yes; shift; }
  for p in $(jobs -rp); do
    [ "$p" = "$1" ] || continue
    if [ "$group" = yes ]; then kill -- "-$1"; else kill "$1"; fi
    return
  done
}

# Stop the nbdkit whose id is in FILE, if that process is nbdkit still,
# and remove FILE.
_kill_pidfile () {
  local pid
  pid="$(cat "$1")" &&
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nbdkit ] &&
    kill "$pid"
  rm -f "$1"
}

# nbdkit -r serving FILE, in the background, its output away from the TAP
# stream, stopped when the test exits.  Call these in the test's own
# shell, not in $(...): the cleanup (and $nbd_port) would be lost.
nbd_serve_unix () {
  local sock="$1" file="$2" pid
  pid="$(mktemp -u "${TMPDIR:-/var/tmp}/ferry-nbdkit.XXXXXX")"
  nbdkit -r -U "$sock" -P "$pid" file "$file" </dev/null >/dev/null 2>&1 ||
    return 1
  cleanup _kill_pidfile "$pid"
}

nbd_serve_tcp () {
  local file="$1" pid p
  pid="$(mktemp -u "${TMPDIR:-/var/tmp}/ferry-nbdkit.XXXXXX")"
  for p in $(shuf -i 20000-60000 -n 20); do
    if nbdkit -r -i 127.0.0.1 -p "$p" -P "$pid" file "$file" \
         </dev/null >/dev/null 2>&1; then
      cleanup _kill_pidfile "$pid"
      nbd_port="$p"
      return 0
    fi
  done
  echo "nbd_serve_tcp: no free port for nbdkit" >&2
  return 1
}

# A private OpenSSH server on 127.0.0.1, on a free port, for tests that
# read over SSH (never the system's sshd): its own host key, configuration
# and authorized keys in DIR (created), run as root in the foreground
# with its log in DIR/sshd.log, stopped when the test exits.  Root may log
# in with the key $SSHD_CLIENT_KEY; passwords are refused unless an extra
# argument says otherwise: each extra argument is an sshd_config line,
# put first so that it wins ("PasswordAuthentication yes").  Sets:
#   SSHD_PORT          the port it listens on
#   SSHD_KNOWN_HOSTS   a known_hosts file holding its host key
#   SSHD_CLIENT_KEY    a private key (no passphrase) in its authorized keys
#   SSHD_PID           its process id
# Call it in the test's own shell, not in $(...): the cleanup (and the
# variables) would be lost.
sshd_start () {
  local dir="$1"; shift
  local sshd p pid i line
  sshd="$(PATH="$PATH:/usr/sbin:/sbin" command -v sshd)" ||
    { echo "sshd_start: no sshd (openssh-server)" >&2; return 1; }
  mkdir -p "$dir" || return 1
  rm -f "$dir/host_key" "$dir/client_key"
  ssh-keygen -q -t ed25519 -N '' -C ferry-test-host -f "$dir/host_key" &&
    ssh-keygen -q -t ed25519 -N '' -C ferry-test-client \
      -f "$dir/client_key" &&
    cp "$dir/client_key.pub" "$dir/authorized_keys" || return 1
  # The privilege separation folder sshd requires (Debian's is in /run).
  mkdir -p /run/sshd
  for p in $(shuf -i 20000-60000 -n 20); do
    {
      for line in "$@"; do echo "$line"; done
      cat <<CONFIG
ListenAddress 127.0.0.1
Port $p
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
X11Forwarding no
Subsystem sftp internal-sftp
CONFIG
    } > "$dir/sshd_config"
    "$sshd" -D -e -f "$dir/sshd_config" </dev/null >"$dir/sshd.log" 2>&1 &
    pid=$!
    for i in $(seq 100); do
      grep -q "Server listening on 127.0.0.1 port $p" "$dir/sshd.log" &&
        break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if grep -q "Server listening on 127.0.0.1 port $p" "$dir/sshd.log"; then
      cleanup kill_job "$pid"
      SSHD_PORT="$p"
      SSHD_PID="$pid"
      SSHD_CLIENT_KEY="$dir/client_key"
      SSHD_KNOWN_HOSTS="$dir/known_hosts"
      echo "[127.0.0.1]:$p $(cut -d' ' -f1,2 "$dir/host_key.pub")" \
        > "$SSHD_KNOWN_HOSTS"
      export SSHD_PORT SSHD_PID SSHD_CLIENT_KEY SSHD_KNOWN_HOSTS
      return 0
    fi
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  echo "sshd_start: sshd did not start:" >&2
  tail -n 5 "$dir/sshd.log" >&2
  return 1
}

# A conversion server for P2V tests: ferry-p2v-server with its output
# root ROOT, as the forced command of a private sshd in DIR (sshd_start),
# with the test's libguestfs settings (sshd clears the environment) and
# no forwarding or TTY.  Extra arguments are more sshd_config lines
# ("PasswordAuthentication yes").  Sets what sshd_start sets, and
#   P2V_HOSTKEY        the sshd's host key fingerprint, "SHA256:..."
# Call it in the test's own shell, as sshd_start.
p2v_server_start () {
  local dir="$1" root="$2"; shift 2
  local server
  server="$(command -v ferry-p2v-server)" ||
    { echo "p2v_server_start: no ferry-p2v-server (run make)" >&2; return 1; }
  sshd_start "$dir" "ForceCommand $server --root $root" \
    "SetEnv LIBGUESTFS_BACKEND=$LIBGUESTFS_BACKEND LIBGUESTFS_BACKEND_SETTINGS=$LIBGUESTFS_BACKEND_SETTINGS" \
    "AllowTcpForwarding no" "AllowStreamLocalForwarding no" "PermitTTY no" \
    "$@" || return 1
  P2V_HOSTKEY="$(ssh-keygen -l -E sha256 -f "$dir/host_key.pub" | cut -d' ' -f2)"
  export P2V_HOSTKEY
}
