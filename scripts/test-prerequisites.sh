#!/usr/bin/env bash
# What `npm test` needs beyond npm packages (run by npm as the `pretest` script):
#   - Debian's Chromium at /usr/bin/chromium, which the browser tests drive (no browser download from npm);
#   - the official OAI-PMH 2.0 and oai_dc XML schemas, with the DCMI and W3C schemas they import, for the
#     tests that validate /oai answers. Debian ships them in python3-gavo; only the schema files are
#     unpacked from its package, nothing of it is installed;
#   - xmllint (Debian's libxml2-utils), which checks the fuzzed /oai answers against those schemas in one go.
# As root on a machine with apt-get (a fresh Debian machine, CI) it installs what is missing; otherwise it
# stops with one line that says what is missing and what to run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
chromium=/usr/bin/chromium
schemas="$root/server/src/modules/interop/oai/xsd/official"
schema_files=(OAI-PMH.xsd oai_dc.xsd simpledc20021212.xsd xml.xsd)

have_schemas() {
  for file in "${schema_files[@]}"; do [ -f "$schemas/$file" ] || return 1; done
}

missing=()
[ -x "$chromium" ] || missing+=("Chromium ($chromium, пакет chromium)")
have_schemas || missing+=("официальных схем OAI-PMH (из пакета python3-gavo)")
command -v xmllint >/dev/null || missing+=("xmllint (пакет libxml2-utils)")
[ ${#missing[@]} -eq 0 ] && exit 0

what="$(printf '%s и ' "${missing[@]}")"
what="${what% и }"
if ! command -v apt-get >/dev/null; then
  echo "npm test: нет ${what}; на этой системе нет apt-get: установите Chromium в $chromium и xmllint, положите ${schema_files[*]} в $schemas" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "npm test: нет ${what}; установите: sudo bash scripts/test-prerequisites.sh" >&2
  exit 1
fi

echo "npm test: не хватает ${what}; устанавливаю"
apt-get update -qq
[ -x "$chromium" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v xmllint >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
if ! have_schemas; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download python3-gavo >/dev/null 2>apt.log && dpkg-deb -x python3-gavo_*.deb unpacked) || { cat "$work/apt.log" >&2; exit 1; }
  mkdir -p "$schemas"
  for file in "${schema_files[@]}"; do
    cp "$work/unpacked/usr/lib/python3/dist-packages/gavo/resources/schemata/$file" "$schemas/"
  done
fi
