#!/bin/bash
# ferry's main job on a built-in example: build a real Debian guest that
# looks like a VMware guest, convert it with ferry-v2v, and show the result.
#
#   scripts/example.sh [OUTPUT-DIR]      (default: ./example-output)
#
# Run through "make example", which installs the packages and builds
# ferry first.  FERRY_BUILD names another build folder (default: build).
# tests/test-v2v-bookworm.sh runs this script and checks its result.
set -euo pipefail

top="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-example-output}")"
ferry_v2v="${FERRY_BUILD:-$top/build}/ferry-v2v"
# guest_dir: the one way to the cached test guests.
source "$top/tests/guests/fixtures.sh"
export LIBGUESTFS_BACKEND=direct
# Machines without working nested KVM need TCG; set
# LIBGUESTFS_BACKEND_SETTINGS= (empty) to let libguestfs use KVM.
export LIBGUESTFS_BACKEND_SETTINGS="${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}"

echo "== Building the example guest (Debian 12, cached after the first run)"
guest="$(guest_dir bookworm)"
echo "   $guest/disk.vmdk"

echo "== Converting it with ferry-v2v"
mkdir -p "$out"
# ferry-v2v never replaces a guest's files: remove the previous example.
rm -f "$out/ferry-example.xml" "$out/ferry-example-sda"
"$ferry_v2v" -i disk "$guest/disk.vmdk" \
  -o local -os "$out" -of qcow2 -on ferry-example

echo
echo "== Result"
ls -l "$out/ferry-example.xml" "$out/ferry-example-sda"
echo
echo "Boot it with libvirt:"
echo "  virsh define $out/ferry-example.xml && virsh start --console ferry-example"
echo "or check under qemu that it boots and root (password: ferry) logs in with no failed unit:"
echo "  $top/tests/boot-check $out/ferry-example.xml"
