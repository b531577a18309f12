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

extern const char memgov_obj_memcg_pin[];
extern const char memgov_obj_memcg_pin_end[];

static int protect;
static uint32_t delay_ms;
static uint64_t reclaim_above, reclaim_to;

enum { K_PROTECT = 256, K_DELAY, K_ABOVE, K_TO };

static const struct option knobs[] = {
	{ "protect", required_argument, NULL, K_PROTECT },
	{ "charge-delay-ms", required_argument, NULL, K_DELAY },
	{ "reclaim-above", required_argument, NULL, K_ABOVE },
	{ "reclaim-to", required_argument, NULL, K_TO },
	{ 0 }
};

static int parse_u64(const char *what, const char *arg, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 0);
	if (errno || !*arg || *end || arg[0] == '-' || *v > max) {
		fprintf(stderr, "memcg_pin: %s wants a number up to %" PRIu64 ", not '%s'\n", what,
			max, arg);
		return -1;
	}
	return 0;
}

static int set_knob(int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case K_PROTECT:
		if (!strcmp(arg, "min"))
			protect = 1;
		else if (!strcmp(arg, "low"))
			protect = 2;
		else {
			fprintf(stderr, "memcg_pin: --protect wants min or low\n");
			return -1;
		}
		return 0;
	case K_DELAY:
		if (parse_u64("--charge-delay-ms", arg, UINT32_MAX, &v))
			return -1;
		delay_ms = v;
		return 0;
	case K_ABOVE:
		return parse_u64("--reclaim-above", arg, UINT64_MAX, &reclaim_above);
	case K_TO:
		return parse_u64("--reclaim-to", arg, UINT64_MAX, &reclaim_to);
	}
	return -1;
}

static void report(struct bpf_object *obj)
{
	static const struct mg_counter counters[] = {
		{ "charged", "nr_charged", false },
		{ "uncharged", "nr_uncharged", false },
		{ "below_min", "nr_below_min", false },
		{ "below_low", "nr_below_low", false },
		{ "online", "nr_online", false },
		{ "offline", "nr_offline", false },
		{ "reclaim_queued", "nr_reclaim_queued", false },
		{ "reclaim_requeued", "nr_reclaim_requeued", false },
		{ "reclaim_ok", "nr_reclaim_ok", false },
		{ "reclaim_err", "nr_reclaim_err", false },
		{ "max_usage", "max_usage", false },
		{ "limit_max", "last_limit_max", false },
		{ "psi_some_us", "last_psi_some_us", false },
		{ "faults", "last_faults", false },
		{ "refaults", "last_refaults", false },
		{ "pages_charged", "pages_charged", false },
		{ "pages_uncharged", "pages_uncharged", false },
		{ "max_charge", "max_charge", false },
	};

	mg_loader_print_counters(obj, "memcg_pin", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--protect min|low] [--charge-delay-ms N]"
				    " [--reclaim-above BYTES --reclaim-to BYTES]";
	const struct mg_rodata rodata[] = {
		MG_RODATA("protect", protect),
		MG_RODATA("charge_delay_ms", delay_ms),
		MG_RODATA("reclaim_above", reclaim_above),
		MG_RODATA("reclaim_to", reclaim_to),
	};
	const struct mg_loader_run run = {
		.map_name = "memcg_pin_ops", .rodata = rodata, .nrodata = MG_ARRAY_SIZE(rodata),
		.report = report,
	};
	struct mg_loader_opts o;
	struct bpf_object *obj;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc || (reclaim_above && reclaim_to >= reclaim_above)) {
		if (rc == argc)
			fprintf(stderr, "memcg_pin: --reclaim-to must be below --reclaim-above\n");
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	obj = mg_loader_open(memgov_obj_memcg_pin,
			     memgov_obj_memcg_pin_end - memgov_obj_memcg_pin, "memcg_pin", &o);
	if (!obj)
		return MG_LOADER_ERR;
	return mg_loader_run(obj, &o, &run);
}
