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

static uint64_t get(struct bpf_object *obj, const char *var)
{
	uint64_t v = 0;

	mg_loader_read_var(obj, ".bss", var, &v, sizeof(v));
	return v;
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--protect min|low] [--charge-delay-ms N]"
				    " [--reclaim-above BYTES --reclaim-to BYTES]";
	struct mg_loader_opts o;
	struct bpf_object *obj;
	struct bpf_link *link;
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
	if (mg_loader_set_rodata(obj, "protect", &protect, sizeof(protect)) ||
	    mg_loader_set_rodata(obj, "charge_delay_ms", &delay_ms, sizeof(delay_ms)) ||
	    mg_loader_set_rodata(obj, "reclaim_above", &reclaim_above, sizeof(reclaim_above)) ||
	    mg_loader_set_rodata(obj, "reclaim_to", &reclaim_to, sizeof(reclaim_to)) ||
	    mg_loader_prepare_ops(obj, "memcg_pin_ops", &o)) {
		bpf_object__close(obj);
		return MG_LOADER_ERR;
	}
	link = mg_loader_attach(obj, "memcg_pin_ops", &o);
	if (!link) {
		bpf_object__close(obj);
		return MG_LOADER_ERR;
	}
	rc = mg_loader_wait(link);
	printf("memcg_pin: charged=%" PRIu64 " uncharged=%" PRIu64 " below_min=%" PRIu64
	       " below_low=%" PRIu64 " online=%" PRIu64 " offline=%" PRIu64
	       " reclaim_queued=%" PRIu64 " reclaim_requeued=%" PRIu64 " reclaim_ok=%" PRIu64
	       " reclaim_err=%" PRIu64
	       " max_usage=%" PRIu64 " limit_max=%" PRIu64 " psi_some_us=%" PRIu64
	       " faults=%" PRIu64 " refaults=%" PRIu64 " pages_charged=%" PRIu64
	       " pages_uncharged=%" PRIu64 " max_charge=%" PRIu64 "\n",
	       get(obj, "nr_charged"), get(obj, "nr_uncharged"), get(obj, "nr_below_min"),
	       get(obj, "nr_below_low"), get(obj, "nr_online"), get(obj, "nr_offline"),
	       get(obj, "nr_reclaim_queued"), get(obj, "nr_reclaim_requeued"),
	       get(obj, "nr_reclaim_ok"),
	       get(obj, "nr_reclaim_err"), get(obj, "max_usage"), get(obj, "last_limit_max"),
	       get(obj, "last_psi_some_us"), get(obj, "last_faults"), get(obj, "last_refaults"),
	       get(obj, "pages_charged"), get(obj, "pages_uncharged"), get(obj, "max_charge"));
	bpf_object__close(obj);
	return rc;
}
