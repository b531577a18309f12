#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/netlink/specs/memgov.yaml against the rest of memgov.

    check_spec.py [--header H] [--kmod NETLINK_GEN_C] [--family NETLINK_C] [--schema SCHEMA]

Prints "ok - NAME" / "not ok - NAME" lines:
  - the spec is valid against the kernel's genetlink-legacy schema;
  - every enum, command, attribute and constant of the spec has the same name and value in
    the UAPI header (compiled: the header is what C sees), and every one of the header's
    family enumerators is in the spec;
  - the limits' ranges (include/memgov/limits.h) match the spec; the ops table generated in
    kmod/netlink_gen.c has the spec's commands and admin-only ones, and the multicast group
    table of kmod/netlink.c the spec's groups and admin-only ones;
  - memgovctl(8) gives each limit the table's range and default;
  - include/memgov/names.h spells the exit kinds as the spec does.
Exit status 1 when any check failed.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "Documentation/netlink/specs/memgov.yaml")

# The header's enums that belong to the family (the others are the BPF policy interface).
FAMILY_ENUMS = {
    "memgov_cmd", "memgov_attr", "memgov_policy_attr", "memgov_exit_attr",
    "memgov_config_attr", "memgov_event_attr", "memgov_stats_attr",
    "memgov_policy_type", "memgov_policy_flags", "memgov_policy_state", "memgov_exit_kind",
}
NLA_TYPES = {"NLA_U32": "u32", "NLA_U64": "u64", "NLA_NUL_STRING": "string",
             "NLA_NESTED": "nest", "NLA_FLAG": "flag"}

results = []


def report(name, ok, why=""):
    results.append(ok)
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        for line in why.strip().splitlines():
            print("#   " + line)


def c_name(prefix, name):
    return (prefix + name).upper().replace("-", "_")


def spec_values(spec):
    """Every C constant the spec defines: {C name: value}, plus enum membership."""
    vals, enums = {}, {}
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            vals[c_name("memgov-", d["name"])] = d["value"]
            continue
        prefix = d.get("name-prefix", "memgov-" + d["name"] + "-")
        ename = d.get("enum-name", "memgov-" + d["name"]).replace("-", "_")
        members = enums.setdefault(ename, [])
        v = d.get("value-start", 0 if d["type"] == "enum" else 0)
        for i, e in enumerate(d["entries"]):
            ent = e if isinstance(e, str) else e["name"]
            val = (1 << (v + i)) if d["type"] == "flags" else v + i
            vals[c_name(prefix, ent)] = val
            members.append(c_name(prefix, ent))
    for s in spec["attribute-sets"]:
        ename = s["enum-name"].replace("-", "_")
        members = enums.setdefault(ename, [])
        v = 1
        for a in s["attributes"]:
            v = a.get("value", v)
            vals[c_name(s["name-prefix"], a["name"])] = v
            members.append(c_name(s["name-prefix"], a["name"]))
            last = v
            v += 1
        # The header's MAX define: the highest attribute.
        maxname = c_name(s["name-prefix"], "max")
        vals[maxname] = last
    ops = spec["operations"]
    members = enums.setdefault(ops["enum-name"].replace("-", "_"), [])
    for op in ops["list"]:
        vals[c_name(ops["name-prefix"], op["name"])] = op["value"]
        members.append(c_name(ops["name-prefix"], op["name"]))
    vals[spec["cmd-max-name"].upper().replace("-", "_")] = max(o["value"] for o in ops["list"])
    return vals, enums


def header_enums(text):
    """{enum name: [enumerators]} of the header, by reading its enum blocks."""
    out = {}
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\};", text, re.S):
        # The generator's "/* private: */" tail (render-max) is not part of the contract.
        body = m.group(2).split("/* private: */")[0]
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        names = [re.match(r"\s*(\w+)", x).group(1) for x in body.split(",")
                 if re.match(r"\s*\w", x)]
        out[m.group(1)] = [n for n in names if not n.startswith("__")]
    return out


def check_values(spec, header, cc):
    vals, enums = spec_values(spec)
    src = ["#include <stdio.h>", "#include <string.h>", '#include "%s"' % header, ""]
    for name, v in sorted(vals.items()):
        src.append('_Static_assert((unsigned long long)(%s) == %dULL, '
                   '"%s: the spec says %d");' % (name, v, name, v))
    src += ["int main(void) {", "\tint bad = 0;",
            '\tif (strcmp(MEMGOV_GENL_NAME, "%s")) { puts("family name differs"); bad = 1; }'
            % spec["name"],
            '\tif (MEMGOV_GENL_VERSION != %d) { puts("version differs"); bad = 1; }'
            % spec.get("version", 1)]
    for g in spec["mcast-groups"]["list"]:
        src.append('\tif (strcmp(MEMGOV_MCGRP_%s, "%s")) { puts("group %s differs"); bad = 1; }'
                   % (g["name"].upper(), g["name"], g["name"]))
    src += ["\treturn bad;", "}"]
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, "spec.c")
        with open(c, "w") as f:
            f.write("\n".join(src) + "\n")
        exe = os.path.join(tmp, "spec")
        r = subprocess.run([cc, "-std=gnu11", "-I", os.path.dirname(header), "-o", exe, c],
                           capture_output=True, text=True)
        if r.returncode:
            errs = [l for l in r.stderr.splitlines() if "error" in l]
            report("spec_values_match_uapi_header", False, "\n".join(errs[:20]))
        else:
            r = subprocess.run([exe], capture_output=True, text=True)
            report("spec_values_match_uapi_header", r.returncode == 0, r.stdout)
    # The other way round: nothing in the header's family enums that the spec lacks.
    with open(header) as f:
        hdr = f.read()
    henums = header_enums(hdr)
    missing = []
    for e in sorted(FAMILY_ENUMS):
        if e not in henums:
            missing.append("enum %s is not in the header" % e)
            continue
        for n in henums[e]:
            if n not in enums.get(e, []):
                missing.append("%s (enum %s) is not in the spec" % (n, e))
        for n in enums.get(e, []):
            if n not in henums[e]:
                missing.append("%s (enum %s) is not in the header" % (n, e))
    for e in enums:
        if e not in FAMILY_ENUMS:
            missing.append("the spec's enum %s is not one of the family's" % e)
    report("every_header_enumerator_is_in_the_spec_and_back", not missing, "\n".join(missing))
    return hdr


def c_int(expr):
    expr = expr.strip().replace("ULL", "").replace("UL", "")
    if not re.fullmatch(r"[0-9 <()+*-]+", expr):
        raise ValueError(expr)
    return eval(expr)  # digits and shifts only, checked above


def limits_table(path):
    """include/memgov/limits.h: {ATTR: (name, min, max, default)} in the table's order."""
    with open(path) as f:
        src = f.read()
    out = {}
    for m in re.finditer(r"\bX\((\w+),\s*(\w+),\s*(\d+),\s*([^,]+),\s*([^,]+),\s*([^,]+),", src):
        out["MEMGOV_CFG_A_" + m.group(1)] = (m.group(2), c_int(m.group(4)), c_int(m.group(5)),
                                            c_int(m.group(6)))
    return out


def man_number(text):
    m = re.fullmatch(r"(\d+)\^(\d+)", text)
    return int(m.group(1)) ** int(m.group(2)) if m else int(text)


def check_names(spec, names):
    """include/memgov/names.h spells each exit kind as the spec's exit-kind enum does."""
    with open(names) as f:
        src = f.read()
    got = {m.group(1): m.group(2)
           for m in re.finditer(r"\[(MEMGOV_EXIT_\w+)\]\s*=\s*\"([^\"]*)\"", src)}
    want = {}
    for d in spec["definitions"]:
        if d["name"] == "exit-kind":
            want = {c_name(d["name-prefix"], e): e for e in d["entries"]}
    bad = ["%s: %r in names.h, %r in the spec" % (k, got.get(k), want.get(k))
           for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k)]
    report("exit_kind_names_match_the_spec", bool(want) and not bad, "\n".join(bad))


def check_man(limits, man):
    """Each limit has its own entry in memgovctl(8) with the table's range and default."""
    with open(man) as f:
        text = f.read()
    bad = []
    for attr, (name, lo, hi, dflt) in limits.items():
        m = re.search(r'^\.BR %s " \(([0-9^]+)\.\.([0-9^]+), default ([0-9]+)' % name, text, re.M)
        if not m:
            bad.append("%s: no '.BR %s \" (MIN..MAX, default N' entry" % (name, name))
            continue
        got = (man_number(m.group(1)), man_number(m.group(2)), int(m.group(3)))
        if got != (lo, hi, dflt):
            bad.append("%s: man page %s..%s default %s, table %s..%s default %s"
                       % ((name,) + got + (lo, hi, dflt)))
    report("man_page_limits_match_the_limits_table", not bad, "\n".join(bad))


def check_kernel(spec, kmod, family, limits):
    with open(kmod) as f:
        src = f.read()
    bad = []
    table = re.search(r"genl_split_ops\s+memgov_nl_ops\[\d*\]\s*=\s*\{(.*?)\n\};", src, re.S)
    if not table:
        report("kernel_ranges_and_admin_commands_match_the_spec", False,
               "no memgov_nl_ops[] table in " + kmod)
        return
    optable = table.group(1)
    ranges = {attr: (lo, hi) for attr, (_, lo, hi, _) in limits.items()}
    for s in spec["attribute-sets"]:
        for a in s["attributes"]:
            chk = a.get("checks")
            if not chk or s["name"] != "config":
                continue
            name = c_name(s["name-prefix"], a["name"])
            got = ranges.get(name)
            if got != (chk["min"], chk["max"]):
                bad.append("%s: kernel range %s, spec %s..%s" % (name, got, chk["min"], chk["max"]))
            ranges.pop(name, None)
    for name in ranges:
        bad.append("%s has a range in the kernel but none in the spec" % name)
    # Admin-only commands: GENL_ADMIN_PERM in the ops table against flags: [admin-perm].
    admin = set()
    for m in re.finditer(r"\{\s*\.cmd\s*=\s*(MEMGOV_CMD_\w+),(.*?)\}", optable, re.S):
        if "GENL_ADMIN_PERM" in m.group(2):
            admin.add(m.group(1))
    ops = spec["operations"]
    spec_admin = {c_name(ops["name-prefix"], o["name"]) for o in ops["list"]
                  if "admin-perm" in o.get("flags", [])}
    if admin != spec_admin:
        bad.append("admin-only commands: kernel %s, spec %s" % (sorted(admin), sorted(spec_admin)))
    # Every do/dump command of the spec has an op in the kernel, and no more.
    kops = set(re.findall(r"\.cmd\s*=\s*(MEMGOV_CMD_\w+)", optable))
    sops = {c_name(ops["name-prefix"], o["name"]) for o in ops["list"]
            if "do" in o or "dump" in o}
    if kops != sops:
        bad.append("commands: kernel %s, spec %s" % (sorted(kops), sorted(sops)))
    # The multicast groups: kmod/netlink.c writes the table (6.12's generator cannot for a
    # genetlink-legacy family); each group admin-only exactly when the spec says admin-perm.
    with open(family) as f:
        fam = f.read()
    groups = re.search(r"genl_multicast_group\s+memgov_mcgrps\[\]\s*=\s*\{(.*?)\n\};", fam, re.S)
    got = {}
    if groups:
        for m in re.finditer(r"\[MEMGOV_NLGRP_(\w+)\]\s*=\s*\{([^}]*)\}", groups.group(1)):
            got[m.group(1).lower().replace("_", "-")] = "GENL_MCAST_CAP_NET_ADMIN" in m.group(2)
    want = {g["name"]: "admin-perm" in g.get("flags", []) for g in spec["mcast-groups"]["list"]}
    if got != want:
        bad.append("multicast groups (name: admin only): %s has %s, spec %s" % (family, got, want))
    report("kernel_ranges_and_admin_commands_match_the_spec", not bad, "\n".join(bad))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--header", default=os.path.join(ROOT, "include/uapi/linux/memgov.h"))
    ap.add_argument("--kmod", default=os.path.join(ROOT, "kmod/netlink_gen.c"))
    ap.add_argument("--family", default=os.path.join(ROOT, "kmod/netlink.c"))
    ap.add_argument("--limits", default=os.path.join(ROOT, "include/memgov/limits.h"))
    ap.add_argument("--man", default=os.path.join(ROOT, "userspace/memgovctl.8"))
    ap.add_argument("--names", default=os.path.join(ROOT, "include/memgov/names.h"))
    ap.add_argument("--schema")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--only-values", action="store_true")
    args = ap.parse_args()
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    if args.schema:
        import jsonschema
        with open(args.schema) as f:
            schema = yaml.safe_load(f)
        try:
            jsonschema.validate(spec, schema)
            report("spec_is_valid_against_kernel_genetlink_legacy_schema", True)
        except jsonschema.ValidationError as e:
            report("spec_is_valid_against_kernel_genetlink_legacy_schema", False, str(e)[:2000])
    hdr = check_values(spec, args.header, args.cc)
    if not args.only_values:
        limits = limits_table(args.limits)
        check_kernel(spec, args.kmod, args.family, limits)
        check_man(limits, args.man)
        check_names(spec, args.names)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
