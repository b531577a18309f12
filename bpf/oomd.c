// SPDX-License-Identifier: GPL-2.0
/*
 * oomd: loader of the in-kernel systemd-oomd rule (see oomd.bpf.c).
 *
 *   oomd [common options] [--watch PATH[=PCT]]... [--limit PCT] [--window-ms N]
 *        [--duration-ms N] [--some] [--swap PATH]... [--swap-limit PCT]
 *
 * --watch: a cgroup to manage, with its pressure limit in % (default --limit, 60, as
 * ManagedOOMMemoryPressureLimit=); up to 16, each at or below the policy's --cgroup.
 * --window-ms: the PSI window (500..10000, default 1000).  --duration-ms: how long the
 * pressure must stay over the limit (default one window; systemd-oomd's
 * DefaultMemoryPressureDurationSec= is 30 s).  --some: "some" stall instead of "full".
 * --swap: a cgroup to kill in when the system's swap is over --swap-limit % used (default 90,
 * as SwapUsedLimit=; ManagedOOMSwap=kill); up to 16, at or below the policy's --cgroup.
 * At least one --watch or --swap.
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
static const char *watch_arg[16], *swap_arg[16];
static unsigned int nwatch, nswap;
static uint64_t limit_pct = 60;

enum { K_WATCH = 256, K_LIMIT, K_WINDOW, K_DURATION, K_SOME, K_SWAP, K_SWAP_LIMIT };

static const struct option knobs[] = {
	{ "watch", required_argument, NULL, K_WATCH },
	{ "limit", required_argument, NULL, K_LIMIT },
	{ "window-ms", required_argument, NULL, K_WINDOW },
	{ "duration-ms", required_argument, NULL, K_DURATION },
	{ "some", no_argument, NULL, K_SOME },
	{ "swap", required_argument, NULL, K_SWAP },
	{ "swap-limit", required_argument, NULL, K_SWAP_LIMIT },
	{ 0 }
};

/* One more PATH of a repeatable option, into @paths (MG_ARRAY_SIZE(watch_arg) of them). */
static int add_path(const char *what, const char **paths, unsigned int *n, const char *arg)
{
	if (*n == MG_ARRAY_SIZE(watch_arg)) {
		fprintf(stderr, "oomd: at most %zu %s\n", MG_ARRAY_SIZE(watch_arg), what);
		return -1;
	}
	paths[(*n)++] = arg;
	return 0;
}

static int set_knob(int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case K_WATCH:
		return add_path("--watch", watch_arg, &nwatch, arg);
	case K_LIMIT:
		return mg_loader_parse_num("oomd", "--limit", arg, 1, 100, &limit_pct);
	case K_WINDOW:
		if (mg_loader_parse_num("oomd", "--window-ms", arg, 500, 10000, &v))
			return -1;
		skel->rodata->window_us = v * 1000;
		return 0;
	case K_DURATION:
		if (mg_loader_parse_num("oomd", "--duration-ms", arg, 0, 3600000, &v))
			return -1;
		skel->rodata->duration_us = v * 1000;
		return 0;
	case K_SOME:
		skel->rodata->use_some = true;
		return 0;
	case K_SWAP:
		return add_path("--swap", swap_arg, &nswap, arg);
	case K_SWAP_LIMIT:
		if (mg_loader_parse_num("oomd", "--swap-limit", arg, 1, 100, &v))
			return -1;
		skel->rodata->swap_limit_pct = v;
		return 0;
	}
	return -1;
}

/* PATH[=PCT] -> the cgroup's id and its limit; --swap PATH -> the cgroup's id. */
static int resolve_watches(void)
{
	unsigned int i;
	struct stat st;

	if (!nwatch && !nswap) {
		fprintf(stderr, "oomd: nothing to manage: give --watch PATH[=PCT] or --swap PATH\n");
		return -1;
	}
	for (i = 0; i < nswap; i++) {
		if (stat(swap_arg[i], &st)) {
			fprintf(stderr, "oomd: --swap %s: %s\n", swap_arg[i], strerror(errno));
			return -1;
		}
		skel->rodata->swap_ids[i] = st.st_ino;
	}
	skel->rodata->nswap = nswap;
	for (i = 0; i < nwatch; i++) {
		char path[4096], *eq;
		uint64_t pct = limit_pct;

		snprintf(path, sizeof(path), "%s", watch_arg[i]);
		eq = strrchr(path, '=');
		if (eq) {
			*eq = '\0';
			if (mg_loader_parse_num("oomd", "--watch PATH=PCT", eq + 1, 1, 100, &pct))
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
		MG_COUNTER("stale", skel->bss->nr_stale),
		MG_COUNTER_SIGNED("last_err", skel->bss->last_err),
		MG_COUNTER_SIGNED("init_err", skel->bss->init_err),
		MG_COUNTER("last_declared_id", skel->bss->last_declared_id),
		MG_COUNTER("last_growth_us", skel->bss->last_growth_us),
		MG_COUNTER("swap_checks", skel->bss->nr_swap_checks),
		MG_COUNTER("swap_declared", skel->bss->nr_swap_declared),
		MG_COUNTER("last_swap_used_pct", skel->bss->last_swap_used_pct),
		MG_COUNTER("swap_used_pct_declared", skel->bss->swap_used_pct_declared),
	};

	mg_loader_print_counters("oomd", c, MG_ARRAY_SIZE(c));
}

int main(int argc, char **argv)
{
	static const char extra[] =
		"[--watch PATH[=PCT]]... [--limit PCT] [--window-ms N] [--duration-ms N] [--some]\n"
		"       [--swap PATH]... [--swap-limit PCT]";
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
