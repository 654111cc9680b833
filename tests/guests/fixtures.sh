# ferry: the one way to a cached test guest (source it).  Sourced by
# tests/functions.sh for every test and by scripts/example.sh.
#
#   guest_dir DIST     print the folder of the test guest DIST (bullseye,
#                      bookworm or trixie), built if it is not cached
#
# Its stdout is the folder's absolute path and nothing else, checked to be
# a folder holding disk.raw, disk.vmdk and their hashes (SUMS); anything
# else is an error on stderr and a non-zero return.  Build logs go to
# stderr.
#
# A cached guest is trusted only if its disks still match the hashes
# build-guest.sh recorded: a guest whose disk changed (a test that wrote
# to it, a crash in the middle of a copy) is built again.  Hashing 5 GiB
# costs about a second, so a folder remembers in "verified" the identity
# (device, inode, size, modification and change times) of the disks it
# last checked, and the check is skipped while they are the same: any
# write to a disk changes its change time.

_fixtures_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The disks' identity, as stored in DIR/verified.
_fixture_identity () {
  (cd "$1" && stat -c '%d %i %s %y %z %n' disk.raw disk.vmdk)
}

# Whether DIR's disks match its SUMS; remembers a match in DIR/verified.
_fixture_verify () {
  local dir="$1" identity
  identity="$(_fixture_identity "$dir")" || return 1
  if [ -f "$dir/verified" ] && [ "$(cat "$dir/verified")" = "$identity" ]; then
    return 0
  fi
  (cd "$dir" && xxh128sum --quiet -c SUMS) >&2 || return 1
  printf '%s\n' "$identity" > "$dir/verified.$$" &&
    mv -f "$dir/verified.$$" "$dir/verified"
}

# Whether PATH, the whole output of build-guest.sh, is a guest's folder.
_fixture_check_path () {
  local path="$1"
  case "$path" in
    /*) ;;
    *) echo "guest_dir: build-guest.sh printed '$path', not an absolute" \
         "path" >&2; return 1 ;;
  esac
  if [ "$(printf '%s\n' "$path" | wc -l)" -ne 1 ] || [ ! -d "$path" ]; then
    echo "guest_dir: build-guest.sh printed '$path', not a folder" >&2
    return 1
  fi
  local f
  for f in disk.raw disk.vmdk SUMS; do
    [ -f "$path/$f" ] ||
      { echo "guest_dir: '$path' holds no $f" >&2; return 1; }
  done
}

guest_dir () {
  local dist="$1" path
  path="$("$_fixtures_here/build-guest.sh" "$dist")" || return 1
  _fixture_check_path "$path" || return 1
  if ! _fixture_verify "$path"; then
    echo "guest_dir: the $dist test guest's disks no longer match" \
      "'$path/SUMS': building it again" >&2
    path="$("$_fixtures_here/build-guest.sh" --rebuild "$dist")" || return 1
    _fixture_check_path "$path" || return 1
    _fixture_verify "$path" ||
      { echo "guest_dir: the rebuilt $dist guest does not match its SUMS" >&2
        return 1; }
  fi
  printf '%s\n' "$path"
}
