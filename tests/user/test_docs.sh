#!/bin/bash
# Userspace tier: memgovctl(8) and the bash completion stay true to memgovctl itself.
set -uo pipefail
. "$(dirname "$0")/../../scripts/config.sh"
cd "$MEMGOV_ROOT"
export PATH=$PWD/build/bin:$PATH
man=userspace/memgovctl.8
comp=userspace/memgovctl.bash-completion

# The man page renders without a groff warning.
if command -v groff > /dev/null; then
	warn=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
	if [ -z "$warn" ]; then
		echo "ok - man_page_renders_without_warnings"
	else
		echo "not ok - man_page_renders_without_warnings"
		echo "$warn" | sed 's/^/#   /'
	fi
else
	echo "not ok - man_page_renders_without_warnings"
	echo "#   groff is not installed (scripts/deps.sh installs groff-base)"
fi

# Every command, limit, counter and exit status memgovctl knows is in the man page.
text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man")
missing=""
while read -r obj verb; do
	grep -q "^\.B memgovctl $obj${verb:+ $verb}" "$man" || missing="$missing [synopsis: $obj $verb]"
done < <(memgovctl help | sed -n 's/^  \([a-z]*\)\( [a-z]*\)\{0,1\} .*/\1\2/p; s/^  \([a-z]*\)$/\1/p' |
	 awk 'NF {print $1, ($2 ~ /^[a-z]+$/ ? $2 : "")}')
for k in $(memgovctl help | sed -n 's/^limits ([^)]*): //p'); do
	grep -q "$k" <<< "$text" || missing="$missing [limit $k]"
done
for c in $(sed -n 's/.*\[MEMGOV_STATS_A_[A-Z_]*\] = "\([a-z_]*\)".*/\1/p' userspace/client.c); do
	grep -q "$c" <<< "$text" || missing="$missing [counter $c]"
done
for o in --json --cgroup --cgroup-id --id --all; do
	grep -q -- "$o" <<< "$text" || missing="$missing [option $o]"
done
for s in 0 1 2 3; do
	grep -q "^\.B $s$" "$man" || missing="$missing [exit $s]"
done
if [ -z "$missing" ]; then
	echo "ok - man_page_covers_every_command_limit_counter_and_exit_status"
else
	echo "not ok - man_page_covers_every_command_limit_counter_and_exit_status"
	echo "#   missing:$missing"
fi

# Completion: source it and ask it what a user would.
complete_for() {
	bash -c '
		. "$0"
		shift_words=("$@")
		COMP_WORDS=(memgovctl "${shift_words[@]}")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_memgovctl
		printf "%s\n" "${COMPREPLY[@]}"' "$comp" "$@" | sort | tr '\n' ' '
}
bad=""
expect_comp() {
	local want=$1 got
	shift
	got=$(complete_for "$@")
	[ "$got" = "$want" ] || bad="$bad [$* -> '$got', want '$want']"
}
if bash -n "$comp"; then
	expect_comp "config help monitor policy stats status " ""
	expect_comp "stats status " "st"
	expect_comp "detach list show " policy ""
	expect_comp "load set show " config ""
	expect_comp "--cgroup --cgroup-id " config load --
	expect_comp "--cgroup --cgroup-id --json " config show --
	expect_comp "strikes_max= " config set strik
	expect_comp "psi_full_pct= psi_some_pct= " config set psi_
	expect_comp "--json " stats ""
	expect_comp "--all " policy detach --a
	n=$(complete_for config set "" | wc -w)
	[ "$n" = $((2 + $(memgovctl help | sed -n 's/^limits ([^)]*): //p' | wc -w))) ] ||
		bad="$bad [config set offers $n words]"
else
	bad="syntax"
fi
if [ -z "$bad" ]; then
	echo "ok - bash_completion_offers_commands_verbs_options_and_limits"
else
	echo "not ok - bash_completion_offers_commands_verbs_options_and_limits"
	echo "#  $bad"
fi
