#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's two set-up commands work on a bare Debian 12, and CI runs the
# test command exactly as the README writes it: both start with the one step
# that needs only sh and apt-get (scripts/deps.sh, which installs make), and
# .ci/run's last line is the README's test command.
. "$(dirname "$0")/lib/common.sh"

readme=$srctree/README.md
# the indented command under "Run it:" / "Test it:" in the fresh-machine section
command_after() {
	awk -v want="$1" '$0 == want { found = 1; next }
		found && /^    [^ ]/ { sub(/^    /, ""); print; exit }' "$readme"
}
run_cmd=$(command_after 'Run it:')
test_cmd=$(command_after 'Test it:')
[ -n "$run_cmd" ] && [ -n "$test_cmd" ] || fail "README.md has no 'Run it:' / 'Test it:' commands"
for c in "$run_cmd" "$test_cmd"; do
	case "$c" in
	"sh scripts/deps.sh && "*) ;;
	*) fail "'$c' does not start with 'sh scripts/deps.sh && ' (a bare Debian 12 has no make)" ;;
	esac
done
ci_cmd=$(grep -v '^[[:space:]]*\(#\|$\|echo \)' "$srctree/.ci/run" | tail -n 1)
[ "$ci_cmd" = "$test_cmd" ] || fail ".ci/run runs '$ci_cmd', the README says '$test_cmd'"
sh -n "$srctree/scripts/deps.sh" || fail "scripts/deps.sh is not valid sh"
sh "$srctree/scripts/deps.sh" --print | grep -qx make || fail "scripts/deps.sh does not install make"
info "README: '$run_cmd' / '$test_cmd'; .ci/run runs the latter"
