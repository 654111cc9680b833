#!/bin/bash
# Benchmark: the P2V data rate on loopback.
#
#   bench/p2v-rate.sh [RUNS]        (default 2 runs)
#
# ferry-p2v sends the bookworm test guest's raw disk (standing in for a
# physical disk) to ferry-p2v-server behind a private sshd on 127.0.0.1,
# with -o null: the server converts and reads every allocated byte, and
# writes nothing.  ferry-p2v prints the NBD traffic it sent during the
# copy (from the server's first progress report to its last), the copy's
# seconds, and the SSH cipher.  The reference is
# "ssh -c CIPHER root@127.0.0.1 'cat > /dev/null' < FILE" of a file of the
# same number of bytes, through a second private sshd (no forced
# command), with the same cipher.  Prints both rates and their ratio.
# Needs root.
set -euo pipefail

runs="${1:-2}"
top="$(cd "$(dirname "$0")/.." && pwd)"

"$top/scripts/install-deps.sh"
make -C "$top" -s all
export FERRY_BUILD="$top/build"
# The tests' helpers: sshd_start, scratch, cleanup at exit.
source "$top/tests/functions.sh"
guest="$(guest_dir bookworm)"
work="$(scratch)"
mkdir -p "$work/root"

sshd_start "$work/sshd-p2v" \
  "ForceCommand $FERRY_BUILD/ferry-p2v-server --root $work/root" \
  "SetEnv LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg"
p2v_port="$SSHD_PORT"
key="$SSHD_CLIENT_KEY"
fingerprint="$(ssh-keygen -l -E sha256 -f "$work/sshd-p2v/host_key.pub" | cut -d' ' -f2)"
sshd_start "$work/sshd-plain"
plain_port="$SSHD_PORT"
plain_known="$SSHD_KNOWN_HOSTS"
plain_key="$SSHD_CLIENT_KEY"

rate () { echo "scale=1; $1 / $2 / 1048576" | bc; }

printf '%-4s %-28s %14s %9s %12s %s\n' run what bytes seconds MiB/s cipher
for n in $(seq "$runs"); do
  "$FERRY_BUILD/ferry-p2v" --test-disk="$guest/disk.raw" --cmdline="\
p2v.server=127.0.0.1 p2v.port=$p2v_port p2v.username=root \
p2v.identity=file://$key p2v.hostkey=$fingerprint p2v.name=bench$n \
p2v.vcpus=1 p2v.memory=1G p2v.interfaces= p2v.o=null" > "$work/p2v-$n.log"
  line="$(grep '^Copy: sent ' "$work/p2v-$n.log")"
  bytes="$(sed -E 's/.*\(([0-9]+) bytes\).*/\1/' <<<"$line")"
  secs="$(sed -E 's/.* in ([0-9.]+) s.*/\1/' <<<"$line")"
  cipher="$(sed -E 's/.*cipher (.*)$/\1/' <<<"$line")"
  printf '%-4s %-28s %14s %9s %12s %s\n' "$n" "ferry-p2v -> server (-o null)" \
    "$bytes" "$secs" "$(rate "$bytes" "$secs")" "$cipher"

  head -c "$bytes" /dev/urandom > "$work/payload"
  start=$(date +%s.%N)
  ssh -q -p "$plain_port" -i "$plain_key" -c "$cipher" \
    -o UserKnownHostsFile="$plain_known" -o BatchMode=yes \
    root@127.0.0.1 'cat > /dev/null' < "$work/payload"
  end=$(date +%s.%N)
  secs="$(echo "$end - $start" | bc)"
  printf '%-4s %-28s %14s %9.1f %12s %s\n' "$n" "ssh cat > /dev/null" \
    "$bytes" "$secs" "$(rate "$bytes" "$secs")" "$cipher"
  rm -f "$work/payload"
done
