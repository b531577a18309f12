// SPDX-License-Identifier: GPL-2.0
/*
 * faulty: loader of the misbehaving-policy zoo (see faulty.bpf.c).
 *
 *   faulty --fault claim|tiny-kill|protect-all|slow|absurd-delay|no-pet|error
 *          [--victim COMM] [--spin N] [common options]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "loader.h"

extern const char memgov_obj_faulty[];
extern const char memgov_obj_faulty_end[];

static const char *const faults[] = {
	[1] = "claim", "tiny-kill", "protect-all", "slow", "absurd-delay", "no-pet", "error",
};
static int fault;
static char victim[16];
static uint32_t spin = 1000000;

enum { K_FAULT = 256, K_VICTIM, K_SPIN };

static const struct option knobs[] = {
	{ "fault", required_argument, NULL, K_FAULT },
	{ "victim", required_argument, NULL, K_VICTIM },
	{ "spin", required_argument, NULL, K_SPIN },
	{ 0 }
};

static int set_knob(int c, const char *arg)
{
	unsigned long v;
	char *end;
	int i;

	switch (c) {
	case K_FAULT:
		for (i = 1; i < (int)(sizeof(faults) / sizeof(faults[0])); i++)
			if (!strcmp(arg, faults[i]))
				fault = i;
		if (!fault)
			fprintf(stderr, "faulty: unknown --fault '%s'\n", arg);
		return fault ? 0 : -1;
	case K_VICTIM:
		if (!*arg || strlen(arg) >= sizeof(victim))
			return -1;
		strcpy(victim, arg);
		return 0;
	case K_SPIN:
		errno = 0;
		v = strtoul(arg, &end, 0);
		if (errno || *end || !*arg || v > 1 << 23)
			return -1;
		spin = v;
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const char usage[] =
		" --fault claim|tiny-kill|protect-all|slow|absurd-delay|no-pet|error [--victim COMM] [--spin N]";
	struct mg_loader_opts o;
	struct bpf_object *obj;
	struct bpf_link *link;
	const char *map;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc || !fault || (fault == 2 && !victim[0])) {
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	map = fault <= 2 ? "faulty_oom_ops" : "faulty_memcg_ops";
	obj = mg_loader_open(memgov_obj_faulty, memgov_obj_faulty_end - memgov_obj_faulty,
			     "faulty", &o);
	if (!obj)
		return MG_LOADER_ERR;
	if (mg_loader_set_rodata(obj, "fault", &fault, sizeof(fault)) ||
	    mg_loader_set_rodata(obj, "victim", victim, sizeof(victim)) ||
	    mg_loader_set_rodata(obj, "spin", &spin, sizeof(spin)) ||
	    mg_loader_prepare_ops(obj, map, &o)) {
		bpf_object__close(obj);
		return MG_LOADER_ERR;
	}
	link = mg_loader_attach(obj, map, &o);
	if (!link) {
		bpf_object__close(obj);
		return MG_LOADER_ERR;
	}
	rc = mg_loader_wait(link);
	bpf_object__close(obj);
	return rc;
}
