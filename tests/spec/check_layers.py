#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""memgov.ko's units call only downward: no dependency cycle among kmod/ and governor/.

    check_layers.py OBJDIR [--name TEST_NAME]

Reads the symbols each object of OBJDIR/kmod and OBJDIR/governor defines and uses (nm), draws
the graph "unit A calls a function or reads a variable of unit B", and prints
"ok - NAME" when it has no cycle, else "not ok - NAME" with each cycle and the symbols that
close it.  kmod/netlink_gen.o is generated from the spec for kmod/netlink.c (its ops table
names the handlers): the two are one unit.  Prints the units bottom-up on success.
"""
import argparse
import collections
import glob
import os
import subprocess
import sys

SAME_UNIT = {"kmod/netlink_gen": "kmod/netlink"}


def unit_of(path, root):
    u = os.path.splitext(os.path.relpath(path, root))[0]
    return SAME_UNIT.get(u, u)


def graph(root):
    defs, uses = {}, collections.defaultdict(set)
    objs = sorted(glob.glob(os.path.join(root, "kmod", "*.o")) +
                  glob.glob(os.path.join(root, "governor", "*.o")))
    if not objs:
        sys.exit("check_layers: no objects under %s" % root)
    for o in objs:
        u = unit_of(o, root)
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 2 and f[0] == "U":
                uses[u].add(f[1])
            elif len(f) == 3 and f[1] in "TDRB":
                defs[f[2]] = u
    g = collections.defaultdict(lambda: collections.defaultdict(set))
    for u, syms in uses.items():
        for s in syms:
            d = defs.get(s)
            if d and d != u:
                g[u][d].add(s)
    units = set(uses) | set(defs.values())
    return units, g


def sccs(units, g):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(units):
        if v not in index:
            visit(v)
    return out  # reverse topological order: callees first


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("objdir")
    ap.add_argument("--name", default="kmod_units_call_only_downward")
    args = ap.parse_args()
    units, g = graph(args.objdir)
    comps = sccs(units, g)
    cycles = [c for c in comps if len(c) > 1]
    if not cycles:
        print("ok - " + args.name)
        print("# bottom-up: " + " ".join(c[0] for c in comps))
        return 0
    print("not ok - " + args.name)
    for c in cycles:
        members = set(c)
        print("#   cycle among " + ", ".join(sorted(c)) + ":")
        for a in sorted(c):
            for b in sorted(g[a]):
                if b in members:
                    print("#     %s -> %s (%s)" % (a, b, ", ".join(sorted(g[a][b])[:4])))
    return 1


if __name__ == "__main__":
    sys.exit(main())
