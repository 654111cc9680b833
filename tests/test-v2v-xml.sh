#!/bin/bash
# The golden domain XML files (converters/output/testdata, compared by the
# test-domain-xml unit test) pass libvirt's schema.
source "$(dirname "$0")/functions.sh"

files=("$top"/converters/output/testdata/domain-*.xml)
plan ${#files[@]}
for f in "${files[@]}"; do
  ok "$(basename "$f") passes virt-xml-validate" virt-xml-validate "$f" domain
done
