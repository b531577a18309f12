// SPDX-License-Identifier: GPL-2.0
/*
 * oom_prio: loader of the priority-based OOM policy (see oom_prio.bpf.c).
 *
 *   oom_prio [common options] [--prio PATH=N]... [--default-prio N]
 *
 * N is 0..1000, higher = more important (killed last).  The priorities go into the policy's
 * `prios` map before it attaches; `bpftool map update` changes them while it runs.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include "loader.h"

extern const char memgov_obj_oom_prio[];
extern const char memgov_obj_oom_prio_end[];

#define MAX_PRIOS 1024

static struct { uint64_t id; uint32_t prio; } prios[MAX_PRIOS];
static int nprios;
static uint32_t default_prio = 500;

enum { K_PRIO = 256, K_DEFAULT };

static const struct option knobs[] = {
	{ "prio", required_argument, NULL, K_PRIO },
	{ "default-prio", required_argument, NULL, K_DEFAULT },
	{ 0 }
};

static int parse_prio(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > 1000) {
		fprintf(stderr, "oom_prio: a priority is 0..1000, not '%s'\n", s);
		return -1;
	}
	*out = v;
	return 0;
}

static int set_knob(int c, const char *arg)
{
	char path[4096];
	const char *eq;
	struct statfs sfs;
	struct stat st;

	switch (c) {
	case K_DEFAULT:
		return parse_prio(arg, &default_prio);
	case K_PRIO:
		eq = strrchr(arg, '=');
		if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(path)) {
			fprintf(stderr, "oom_prio: --prio wants CGROUP_PATH=PRIORITY, not '%s'\n", arg);
			return -1;
		}
		if (nprios == MAX_PRIOS) {
			fprintf(stderr, "oom_prio: at most %d --prio\n", MAX_PRIOS);
			return -1;
		}
		memcpy(path, arg, eq - arg);
		path[eq - arg] = '\0';
		if (statfs(path, &sfs) || stat(path, &st) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
			fprintf(stderr, "oom_prio: %s is not a cgroup v2 directory\n", path);
			return -1;
		}
		prios[nprios].id = st.st_ino;
		if (parse_prio(eq + 1, &prios[nprios].prio))
			return -1;
		nprios++;
		return 0;
	}
	return -1;
}

static uint64_t get(struct bpf_object *obj, const char *var, size_t size)
{
	uint64_t v = 0;

	mg_loader_read_var(obj, ".bss", var, &v, size);
	return v;
}

/* The --prio priorities, into the policy's map before it attaches. */
static int setup(struct bpf_object *obj, void *arg)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "prios");
	int i;

	(void)arg;
	for (i = 0; map && i < nprios; i++) {
		if (bpf_map__update_elem(map, &prios[i].id, sizeof(prios[i].id), &prios[i].prio,
					 sizeof(prios[i].prio), 0)) {
			fprintf(stderr, "oom_prio: cannot set a priority: %s\n", strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void report(struct bpf_object *obj)
{
	printf("oom_prio: ooms=%" PRIu64 " kills=%" PRIu64 " waits=%" PRIu64 " none=%" PRIu64
	       " last_victim=%" PRIu64 " last_err=%" PRId64 "\n",
	       get(obj, "nr_oom", 8), get(obj, "nr_kills", 8), get(obj, "nr_waits", 8),
	       get(obj, "nr_none", 8), get(obj, "last_victim", 4),
	       (int64_t)(int32_t)get(obj, "last_err", 4));
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--prio CGROUP_PATH=N]... [--default-prio N]";
	const struct mg_rodata rodata[] = { MG_RODATA("default_prio", default_prio) };
	const struct mg_loader_run run = {
		.map_name = "oom_prio_ops", .rodata = rodata, .nrodata = MG_ARRAY_SIZE(rodata),
		.setup = setup, .report = report,
	};
	struct mg_loader_opts o;
	struct bpf_object *obj;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc) {
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	obj = mg_loader_open(memgov_obj_oom_prio, memgov_obj_oom_prio_end - memgov_obj_oom_prio,
			     "oom_prio", &o);
	if (!obj)
		return MG_LOADER_ERR;
	return mg_loader_run(obj, &o, &run);
}
