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

# A scratch folder removed at exit.
scratch () {
  local d
  d="$(mktemp -d "${TMPDIR:-/var/tmp}/ferry-test.XXXXXX")"
  cleanup "rm -rf '$d'"
  echo "$d"
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
