#!/bin/bash
# The golden domain XML files (converters/testdata, compared by the
# test-domain-xml unit test) pass libvirt's schema.
source "$(dirname "$0")/functions.sh"

files=("$top"/converters/testdata/domain-*.xml)
plan ${#files[@]}
for f in "${files[@]}"; do
  ok "$(basename "$f") passes virt-xml-validate" virt-xml-validate "$f" domain
done
