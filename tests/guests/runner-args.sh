# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the variables are the sourcing runner's
#
# Sourced by the guest runners that take "SVPN_ELF|native BUILDDIR"
# (run-diff.sh, run-virtio-blk.sh), with their arguments: sets here (this
# directory), srctree, svpn ("native", or SVPN_ELF as an absolute path) and
# builddir (created, absolute). A wrong call ends the runner with status 2.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srctree=$(cd "$here/../.." && pwd)
usage() { echo "usage: $0 SVPN_ELF|native BUILDDIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
svpn=$1
builddir=$(mkdir -p "$2" && cd "$2" && pwd) || usage
if [ "$svpn" != native ]; then
	[ -f "$svpn" ] || { echo "$0: $svpn not found (build SVPN first)" >&2; exit 2; }
	svpn=$(cd "$(dirname "$svpn")" && pwd)/$(basename "$svpn")
fi
