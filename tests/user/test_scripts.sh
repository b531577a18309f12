#!/bin/bash
# Userspace tier: the scripts' own logic that runs before anything is installed.
set -uo pipefail
. "$(dirname "$0")/../../scripts/config.sh"

# memgov_debian_uri finds the machine's Debian source in either apt format, so that
# bookworm-backports and the trixie root come from the registry already in use.
uri_case() {
	local name=$1 suite=$2 want=$3 got
	got=$(memgov_debian_uri "$suite")
	if [ "$got" = "$want" ]; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		echo "#   memgov_debian_uri $suite: got '$got', wanted '$want'"
	fi
}
etc=$(mktemp -d)
trap 'rm -rf "$etc"' EXIT
export MEMGOV_APT_ETC=$etc
mkdir -p "$etc/sources.list.d"
# deb822, a stanza listing Suites before URIs, and a disabled one-line file that must not count.
cat > "$etc/sources.list.d/debian.sources" <<'SRC'
Types: deb
URIs: http://mirror.invalid/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
Suites: bookworm-security
URIs: http://mirror.invalid/debian-security
Components: main
SRC
echo "deb http://wrong.invalid/debian bookworm main" > "$etc/sources.list.d/old.list.disabled"
uri_case debian_uri_from_deb822_sources bookworm http://mirror.invalid/debian
uri_case debian_uri_from_deb822_with_suites_before_uris bookworm-security \
	http://mirror.invalid/debian-security
uri_case debian_uri_empty_for_a_suite_not_configured trixie ""
# A one-line sources.list, with options in brackets, as a default Debian 12 install has it.
rm "$etc/sources.list.d/debian.sources"
cat > "$etc/sources.list" <<'SRC'
# deb cdrom:[Debian GNU/Linux 12]/ bookworm main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://line.invalid/debian bookworm main
deb http://line.invalid/debian-security bookworm-security main
SRC
uri_case debian_uri_from_one_line_sources_list bookworm http://line.invalid/debian
uri_case debian_uri_from_one_line_security bookworm-security http://line.invalid/debian-security
