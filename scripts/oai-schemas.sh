#!/usr/bin/env bash
# The official OAI-PMH 2.0 and oai_dc XML schemas, for the tests that validate /oai answers.
# Debian ships them (with the DCMI and W3C schemas they import) in python3-gavo; only the
# schema files are unpacked from its package, nothing is installed. Needs xmllint as well.
set -euo pipefail
target="$(cd "$(dirname "$0")/.." && pwd)/server/src/modules/interop/oai/xsd/official"
files=(OAI-PMH.xsd oai_dc.xsd simpledc20021212.xsd xml.xsd)
if [ -f "$target/OAI-PMH.xsd" ] && command -v xmllint >/dev/null; then exit 0; fi
apt-get update -qq
command -v xmllint >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download python3-gavo >/dev/null 2>&1 && dpkg-deb -x python3-gavo_*.deb unpacked)
mkdir -p "$target"
for file in "${files[@]}"; do
  cp "$work/unpacked/usr/lib/python3/dist-packages/gavo/resources/schemata/$file" "$target/"
done
echo "OAI-PMH schemas: ${files[*]} -> $target"
