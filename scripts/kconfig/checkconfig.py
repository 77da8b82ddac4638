#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Refuse a .config that Kconfig would silently repair.

kconfiglib only warns about a malformed or out-of-range value and then
falls back to the default, so a typo in a board config would build a
different hypervisor than the one asked for. This script turns those
warnings into one error line per problem and a non-zero exit.

Usage: checkconfig.py <Kconfig> <.config>
"""
import sys

import kconfiglib

# Warnings that mean "the value you wrote is not the value you get".
FATAL = ("is not a valid value", "malformed", "out of range", "invalid",
         "was assigned the value", "ignored")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: checkconfig.py <Kconfig> <.config>")
    kconf = kconfiglib.Kconfig(sys.argv[1], warn_to_stderr=False)
    kconf.load_config(sys.argv[2])
    errors = [w for w in kconf.warnings if any(f in w for f in FATAL)]
    for sym in kconf.unique_defined_syms:
        if sym.type in (kconfiglib.INT, kconfiglib.HEX) and sym.ranges and sym.user_value:
            lo, hi = _active_range(sym)
            if lo is not None:
                val = int(sym.user_value, 0)
                if not lo <= val <= hi:
                    errors.append("%s=%s is outside its range [%d, %d]"
                                  % (sym.name, sym.user_value, lo, hi))
    for err in errors:
        print("%s: error: %s" % (sys.argv[2], err.replace("warning: ", "").replace("\n", " ")), file=sys.stderr)
    if errors:
        print("%s: fix the value(s) above, or run 'make defconfig' to start again"
              % sys.argv[2], file=sys.stderr)
        sys.exit(1)


def _active_range(sym):
    for lo, hi, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            base = 16 if sym.type == kconfiglib.HEX else 10
            return int(lo.str_value, base), int(hi.str_value, base)
    return None, None


if __name__ == "__main__":
    main()
