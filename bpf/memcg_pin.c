// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_pin: loader of the fixed-answer memcg policy (see memcg_pin.bpf.c).
 *
 *   memcg_pin [common options] [--protect min|low] [--charge-delay-ms N]
 *             [--reclaim-above BYTES --reclaim-to BYTES]
 *
 * On exit it prints one line of counters: "memcg_pin: charged=N ... offline=N".
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "loader.h"
#include "memcg_pin.h"
#include "memcg_pin.skel.h"


/* The knobs go straight into the policy's .rodata. */
static struct memcg_pin *skel;

enum { K_PROTECT = 256, K_DELAY, K_ABOVE, K_TO };

static const struct option knobs[] = {
	{ "protect", required_argument, NULL, K_PROTECT },
	{ "charge-delay-ms", required_argument, NULL, K_DELAY },
	{ "reclaim-above", required_argument, NULL, K_ABOVE },
	{ "reclaim-to", required_argument, NULL, K_TO },
	{ 0 }
};

static int set_knob(int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case K_PROTECT:
		if (!strcmp(arg, "min"))
			skel->rodata->protect = PIN_PROTECT_MIN;
		else if (!strcmp(arg, "low"))
			skel->rodata->protect = PIN_PROTECT_LOW;
		else {
			fprintf(stderr, "memcg_pin: --protect wants min or low\n");
			return -1;
		}
		return 0;
	case K_DELAY:
		if (mg_loader_parse_num("memcg_pin", "--charge-delay-ms", arg, 0, UINT32_MAX, &v))
			return -1;
		skel->rodata->charge_delay_ms = v;
		return 0;
	case K_ABOVE:
		if (mg_loader_parse_num("memcg_pin", "--reclaim-above", arg, 0, UINT64_MAX, &v))
			return -1;
		skel->rodata->reclaim_above = v;
		return 0;
	case K_TO:
		if (mg_loader_parse_num("memcg_pin", "--reclaim-to", arg, 0, UINT64_MAX, &v))
			return -1;
		skel->rodata->reclaim_to = v;
		return 0;
	}
	return -1;
}

static void report(void *arg)
{
	const struct mg_counter counters[] = {
		MG_COUNTER("charged", skel->bss->nr_charged),
		MG_COUNTER("uncharged", skel->bss->nr_uncharged),
		MG_COUNTER("below_min", skel->bss->nr_below_min),
		MG_COUNTER("below_low", skel->bss->nr_below_low),
		MG_COUNTER("online", skel->bss->nr_online),
		MG_COUNTER("offline", skel->bss->nr_offline),
		MG_COUNTER("reclaim_queued", skel->bss->nr_reclaim_queued),
		MG_COUNTER("reclaim_requeued", skel->bss->nr_reclaim_requeued),
		MG_COUNTER("reclaim_ok", skel->bss->nr_reclaim_ok),
		MG_COUNTER("reclaim_err", skel->bss->nr_reclaim_err),
		MG_COUNTER("max_usage", skel->bss->max_usage),
		MG_COUNTER("limit_max", skel->bss->last_limit_max),
		MG_COUNTER("psi_some_us", skel->bss->last_psi_some_us),
		MG_COUNTER("faults", skel->bss->last_faults),
		MG_COUNTER("refaults", skel->bss->last_refaults),
		MG_COUNTER("pages_charged", skel->bss->pages_charged),
		MG_COUNTER("pages_uncharged", skel->bss->pages_uncharged),
		MG_COUNTER("max_charge", skel->bss->max_charge),
	};

	(void)arg;
	mg_loader_print_counters("memcg_pin", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--protect min|low] [--charge-delay-ms N]"
				    " [--reclaim-above BYTES --reclaim-to BYTES]";
	const struct mg_loader_run run = { .map_name = "memcg_pin_ops", .report = report };
	struct mg_loader_opts o;
	int rc;

	skel = memcg_pin__open();
	if (!skel) {
		perror("memcg_pin: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc >= 0 && (rc != argc || (skel->rodata->reclaim_above &&
				       skel->rodata->reclaim_to >= skel->rodata->reclaim_above))) {
		if (rc == argc)
			fprintf(stderr, "memcg_pin: --reclaim-to must be below --reclaim-above\n");
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	rc = rc < 0 ? MG_LOADER_ERR : mg_loader_run(skel->skeleton, &o, &run);
	memcg_pin__destroy(skel);
	return rc;
}
