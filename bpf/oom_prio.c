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
#include "oom_prio.skel.h"

#define MAX_PRIOS 1024

/* --default-prio goes straight into the policy's .rodata, where its default is. */
static struct oom_prio *skel;
static struct { uint64_t id; uint32_t prio; } prios[MAX_PRIOS];
static int nprios;

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
	uint32_t v;

	switch (c) {
	case K_DEFAULT:
		if (parse_prio(arg, &v))
			return -1;
		skel->rodata->default_prio = v;
		return 0;
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

/* The --prio priorities, into the policy's map before it attaches. */
static int setup(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < nprios; i++) {
		if (bpf_map__update_elem(skel->maps.prios, &prios[i].id, sizeof(prios[i].id), &prios[i].prio,
					 sizeof(prios[i].prio), 0)) {
			fprintf(stderr, "oom_prio: cannot set a priority: %s\n", strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void report(void *arg)
{
	(void)arg;
	printf("oom_prio: ooms=%llu kills=%llu waits=%llu none=%llu last_victim=%d last_err=%d\n",
	       skel->bss->nr_oom, skel->bss->nr_kills, skel->bss->nr_waits, skel->bss->nr_none,
	       skel->bss->last_victim, skel->bss->last_err);
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--prio CGROUP_PATH=N]... [--default-prio N]";
	const struct mg_loader_run run = {
		.map_name = "oom_prio_ops", .setup = setup, .report = report,
	};
	struct mg_loader_opts o;
	int rc;

	skel = oom_prio__open();
	if (!skel) {
		perror("oom_prio: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc >= 0 && rc != argc) {
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	rc = rc < 0 ? MG_LOADER_ERR : mg_loader_run(skel->skeleton, &o, &run);
	oom_prio__destroy(skel);
	return rc;
}
