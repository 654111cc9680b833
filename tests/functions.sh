# ferry: shared code for the integration tests (source it).
#
# Puts the uninstalled programs first in PATH, runs the libguestfs
# appliance and every VM under TCG, and prints TAP:
#
#   plan N                 the number of checks
#   ok DESC CMD...         one check: passes when CMD exits 0
#   not_ok_unless ...      (same as ok, for readability of negatives)
#   is DESC GOT WANT       one check: passes when GOT = WANT
#   diag TEXT              a comment line
#   requires_kvm_device    exit 77 (skip) when there is no /dev/kvm
#   cleanup CMD...         run CMD when the test exits (stacked)
#   nbd_serve_unix S F     serve file F read-only with nbdkit on socket S
#   nbd_serve_tcp F        same on 127.0.0.1, on a free port: $nbd_port
#
# Fixtures are shared between tests through $FERRY_CACHE (default
# ~/.cache/ferry): guest images are built once and kept.

set -u

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${FERRY_BUILD:-$top/build}:$top/tests:$top/tests/guests:$PATH"
export LIBGUESTFS_BACKEND=direct
export LIBGUESTFS_BACKEND_SETTINGS=force_tcg
export FERRY_CACHE="${FERRY_CACHE:-$HOME/.cache/ferry}"

_tap_n=0
_tap_failed=0
_cleanups=()

plan () { echo "1..$1"; }

ok () {
  local desc="$1"; shift
  _tap_n=$((_tap_n + 1))
  local out
  if out="$("$@" 2>&1)"; then
    echo "ok $_tap_n - $desc"
  else
    echo "not ok $_tap_n - $desc"
    _tap_failed=$((_tap_failed + 1))
    printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
  fi
}

is () {
  local desc="$1" got="$2" want="$3"
  _tap_n=$((_tap_n + 1))
  if [ "$got" = "$want" ]; then
    echo "ok $_tap_n - $desc"
  else
    echo "not ok $_tap_n - $desc"
    _tap_failed=$((_tap_failed + 1))
    printf '#   got:  %s\n#   want: %s\n' "$got" "$want"
  fi
}

diag () { printf '# %s\n' "$*"; }

cleanup () { _cleanups+=("$*"); }

_run_cleanups () {
  local i
  for (( i=${#_cleanups[@]}-1; i>=0; i-- )); do
    eval "${_cleanups[$i]}" >/dev/null 2>&1 || true
  done
}
trap _run_cleanups EXIT

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
cleanup "rm -rf '$_scratch_root'"
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

# The folder of the cached test guest DIST, built if needed.
guest_dir () {
  build-guest.sh "$1" >&2 || return 1
  build-guest.sh --print "$1"
}

# Print the files in DIR other than the ones named (for "no output left").
leftovers () {
  local dir="$1"
  ls -A "$dir"
}

# nbdkit -r serving FILE, in the background, its output away from the TAP
# stream, stopped when the test exits.  Call these in the test's own
# shell, not in $(...): the cleanup (and $nbd_port) would be lost.
nbd_serve_unix () {
  local sock="$1" file="$2" pid
  pid="$(mktemp -u "${TMPDIR:-/var/tmp}/ferry-nbdkit.XXXXXX")"
  nbdkit -r -U "$sock" -P "$pid" file "$file" </dev/null >/dev/null 2>&1 ||
    return 1
  cleanup "kill \$(cat '$pid'); rm -f '$pid'"
}

nbd_serve_tcp () {
  local file="$1" pid p
  pid="$(mktemp -u "${TMPDIR:-/var/tmp}/ferry-nbdkit.XXXXXX")"
  for p in $(shuf -i 20000-60000 -n 20); do
    if nbdkit -r -i 127.0.0.1 -p "$p" -P "$pid" file "$file" \
         </dev/null >/dev/null 2>&1; then
      cleanup "kill \$(cat '$pid'); rm -f '$pid'"
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
      cleanup "kill $pid"
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
