// SPDX-License-Identifier: GPL-2.0
/*
 * oomd: loader of the in-kernel systemd-oomd rule (see oomd.bpf.c).
 *
 *   oomd [common options] --watch PATH[=PCT]... [--limit PCT] [--window-ms N]
 *        [--duration-ms N] [--some]
 *
 * --watch: a cgroup to manage, with its pressure limit in % (default --limit, 60, as
 * ManagedOOMMemoryPressureLimit=); up to 16, each at or below the policy's --cgroup.
 * --window-ms: the PSI window (500..10000, default 1000).  --duration-ms: how long the
 * pressure must stay over the limit (default one window; systemd-oomd's
 * DefaultMemoryPressureDurationSec= is 30 s).  --some: "some" stall instead of "full".
 * On exit it prints: "oomd: events=N declared=N refused=N ...".
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "loader.h"
#include "oomd.skel.h"

static struct oomd *skel;
static const char *watch_arg[16];
static unsigned int nwatch;
static unsigned long limit_pct = 60;

enum { K_WATCH = 256, K_LIMIT, K_WINDOW, K_DURATION, K_SOME };

static const struct option knobs[] = {
	{ "watch", required_argument, NULL, K_WATCH },
	{ "limit", required_argument, NULL, K_LIMIT },
	{ "window-ms", required_argument, NULL, K_WINDOW },
	{ "duration-ms", required_argument, NULL, K_DURATION },
	{ "some", no_argument, NULL, K_SOME },
	{ 0 }
};

static int parse_ul(const char *what, const char *arg, unsigned long min, unsigned long max,
		    unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg, &end, 10);
	if (errno || !*arg || *end || arg[0] == '-' || *v < min || *v > max) {
		fprintf(stderr, "oomd: %s wants a number from %lu to %lu, not '%s'\n", what, min,
			max, arg);
		return -1;
	}
	return 0;
}

static int set_knob(int c, const char *arg)
{
	unsigned long v;

	switch (c) {
	case K_WATCH:
		if (nwatch == MG_ARRAY_SIZE(watch_arg)) {
			fprintf(stderr, "oomd: at most %zu --watch\n", MG_ARRAY_SIZE(watch_arg));
			return -1;
		}
		watch_arg[nwatch++] = arg;
		return 0;
	case K_LIMIT:
		return parse_ul("--limit", arg, 1, 100, &limit_pct);
	case K_WINDOW:
		if (parse_ul("--window-ms", arg, 500, 10000, &v))
			return -1;
		skel->rodata->window_us = v * 1000;
		return 0;
	case K_DURATION:
		if (parse_ul("--duration-ms", arg, 0, 3600000, &v))
			return -1;
		skel->rodata->duration_us = v * 1000;
		return 0;
	case K_SOME:
		skel->rodata->use_some = true;
		return 0;
	}
	return -1;
}

/* PATH[=PCT] -> the cgroup's id and its limit. */
static int resolve_watches(void)
{
	unsigned int i;

	if (!nwatch) {
		fprintf(stderr, "oomd: nothing to manage: give --watch PATH[=PCT]\n");
		return -1;
	}
	for (i = 0; i < nwatch; i++) {
		char path[4096], *eq;
		unsigned long pct = limit_pct;
		struct stat st;

		snprintf(path, sizeof(path), "%s", watch_arg[i]);
		eq = strrchr(path, '=');
		if (eq) {
			*eq = '\0';
			if (parse_ul("--watch PATH=PCT", eq + 1, 1, 100, &pct))
				return -1;
		}
		if (stat(path, &st)) {
			fprintf(stderr, "oomd: --watch %s: %s\n", path, strerror(errno));
			return -1;
		}
		skel->rodata->watch_ids[i] = st.st_ino;
		skel->rodata->watch_pct[i] = pct;
	}
	skel->rodata->nwatch = nwatch;
	return 0;
}

static void report(void *arg __attribute__((unused)))
{
	const struct mg_counter c[] = {
		MG_COUNTER("events", skel->bss->nr_events),
		MG_COUNTER("declared", skel->bss->nr_declared),
		MG_COUNTER("refused", skel->bss->nr_refused),
		MG_COUNTER_SIGNED("last_err", skel->bss->last_err),
		MG_COUNTER_SIGNED("init_err", skel->bss->init_err),
		MG_COUNTER("last_declared_id", skel->bss->last_declared_id),
		MG_COUNTER("last_growth_us", skel->bss->last_growth_us),
	};

	mg_loader_print_counters("oomd", c, MG_ARRAY_SIZE(c));
}

int main(int argc, char **argv)
{
	static const char extra[] =
		"--watch PATH[=PCT]... [--limit PCT] [--window-ms N] [--duration-ms N] [--some]";
	struct mg_loader_opts o;
	int rc;

	skel = oomd__open();
	if (!skel) {
		perror("oomd: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, extra, knobs, set_knob);
	if (rc < 0 || rc != argc || resolve_watches()) {
		if (rc >= 0 && rc != argc)
			mg_loader_usage(argv[0], extra);
		oomd__destroy(skel);
		return MG_LOADER_ERR;
	}
	rc = mg_loader_run(skel->skeleton, &o, &(const struct mg_loader_run){
		.map_name = "oomd_ops", .report = report });
	oomd__destroy(skel);
	return rc;
}
