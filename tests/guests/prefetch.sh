#!/bin/bash
# Start building the test guests that are not cached yet, in the
# background, and return at once: make check runs this before it builds
# ferry, so that the guests (debootstrap, mostly waiting on the mirror
# and on dpkg) are made while the compiler and the first tests use the
# processors, not while every test file that needs one waits for it.
#
#   prefetch.sh LOG-DIR
#
# Each build's messages go to LOG-DIR/guest-DIST.log.  Nothing is
# waited for and nothing here can fail make check: a test that needs a
# guest gets it through guest_dir (fixtures.sh), which waits on the
# build's lock, and builds the guest itself if this build failed.
# bookworm, which most tests need, runs at normal priority; the others
# under nice, so that bookworm is ready first.

logs="${1:?usage: prefetch.sh LOG-DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$logs" || exit 0

for dist in bookworm bullseye trixie; do
  path="$("$here/build-guest.sh" --print "$dist")" || continue
  [ -f "$path/done" ] && continue
  nice_level=10
  [ "$dist" = bookworm ] && nice_level=0
  echo "prefetch.sh: building the $dist test guest in the background" \
    "(log: $logs/guest-$dist.log)"
  nohup nice -n "$nice_level" "$here/build-guest.sh" "$dist" \
    </dev/null >/dev/null 2>"$logs/guest-$dist.log" &
done
exit 0
