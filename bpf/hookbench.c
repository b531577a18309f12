// SPDX-License-Identifier: GPL-2.0
/*
 * hookbench: loader of the one-hook policies `make bench` measures (see hookbench.bpf.c).
 *
 *   hookbench --hook charge|uncharge|protect|events [common options]
 *
 * Only the chosen map is created, and only its programs loaded.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "loader.h"
#include "hookbench.skel.h"

static const struct {
	const char *hook, *map, *progs[2];
} hooks[] = {
	{ "charge", "hb_charge_ops", { "hb_charged" } },
	{ "uncharge", "hb_uncharge_ops", { "hb_uncharged" } },
	{ "protect", "hb_protect_ops", { "hb_below_low", "hb_below_min" } },
	{ "events", "hb_events_ops", { "hb_online" } },
};
static int chosen = -1;

enum { K_HOOK = 256 };

static const struct option knobs[] = {
	{ "hook", required_argument, NULL, K_HOOK },
	{ 0 }
};

static int set_knob(int c, const char *arg)
{
	size_t i;

	for (i = 0; c == K_HOOK && i < MG_ARRAY_SIZE(hooks); i++)
		if (!strcmp(arg, hooks[i].hook))
			chosen = i;
	if (chosen < 0)
		fprintf(stderr, "hookbench: unknown --hook '%s'\n", arg);
	return chosen < 0 ? -1 : 0;
}

/* Create only the chosen map, and load only its programs. */
static int only_chosen(struct hookbench *skel)
{
	struct bpf_program *prog;
	size_t i;

	for (i = 0; i < MG_ARRAY_SIZE(hooks); i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(skel->obj, hooks[i].map);

		if (!m || bpf_map__set_autocreate(m, (int)i == chosen))
			return -1;
	}
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);
		bool used = false;

		for (i = 0; i < MG_ARRAY_SIZE(hooks[chosen].progs); i++)
			used |= hooks[chosen].progs[i] && !strcmp(name, hooks[chosen].progs[i]);
		if (bpf_program__set_autoload(prog, used))
			return -1;
	}
	return 0;
}

static void report(void *arg)
{
	struct hookbench *skel = arg;
	const struct mg_counter counters[] = { MG_COUNTER("calls", skel->bss->nr_calls) };

	mg_loader_print_counters("hookbench", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " --hook charge|uncharge|protect|events";
	struct mg_loader_run run = { .report = report };
	struct hookbench *skel;
	struct mg_loader_opts o;
	int rc;

	skel = hookbench__open();
	if (!skel) {
		perror("hookbench: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	run.arg = skel;
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc >= 0 && (rc != argc || chosen < 0)) {
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	if (rc >= 0) {
		run.map_name = hooks[chosen].map;
		rc = only_chosen(skel) ? -1 : mg_loader_run(skel->skeleton, &o, &run);
	}
	hookbench__destroy(skel);
	return rc < 0 ? MG_LOADER_ERR : rc;
}
