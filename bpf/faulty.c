// SPDX-License-Identifier: GPL-2.0
/*
 * faulty: loader of the misbehaving-policy zoo (see faulty.bpf.c).
 *
 *   faulty --fault claim|tiny-kill|protect-all|slow|absurd-delay|no-pet|error|sleepable|
 *                  foreign-kfunc|unclocked-slow|reclaim-outside|protect-low-all|max-delay|
 *                  timer-self|wq-after-eject
 *          [--victim COMM] [--spin N] [--other CGROUP_ID] [common options]
 *
 * For reclaim-outside, timer-self and wq-after-eject it prints, once detached, what the
 * policy's jobs and timers counted (wq-after-eject a second after its ejection, so that its
 * job runs on).
 *
 * Only the struct_ops map of the chosen fault is created (and so only its programs loaded):
 * the refused programs must not keep the others from loading.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "loader.h"

extern const char memgov_obj_faulty[];
extern const char memgov_obj_faulty_end[];

static const char *const faults[] = {
	[1] = "claim", "tiny-kill", "protect-all", "slow", "absurd-delay", "no-pet", "error",
	"sleepable", "foreign-kfunc", "unclocked-slow", "reclaim-outside", "protect-low-all",
	"max-delay", "timer-self", "wq-after-eject",
};
static const char *const maps[] = {
	"faulty_oom_ops", "faulty_memcg_ops", "faulty_sleepy_ops", "faulty_tcp_ops",
};
static uint64_t other;
static int fault;
static char victim[16];
static uint32_t spin = 1000000;

enum { K_FAULT = 256, K_VICTIM, K_SPIN, K_OTHER };

static const struct option knobs[] = {
	{ "fault", required_argument, NULL, K_FAULT },
	{ "victim", required_argument, NULL, K_VICTIM },
	{ "spin", required_argument, NULL, K_SPIN },
	{ "other", required_argument, NULL, K_OTHER },
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
	case K_OTHER:
		errno = 0;
		other = strtoull(arg, &end, 0);
		return errno || *end || !*arg ? -1 : 0;
	}
	return -1;
}

/* Create only @keep of the struct_ops maps, and load only the programs it uses. */
static int only_map(struct bpf_object *obj, const char *keep)
{
	struct bpf_program *prog;
	unsigned int i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(obj, maps[i]);

		if (!m || bpf_map__set_autocreate(m, !strcmp(maps[i], keep)))
			return -1;
	}
	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);
		bool sleepy = !strcmp(bpf_program__name(prog), "faulty_sleepy_charged");
		bool tcp = !strncmp(bpf_program__name(prog), "faulty_tcp_", 11);

		if (strncmp(sec, "struct_ops", 10))
			continue;
		if (bpf_program__set_autoload(prog, !strcmp(keep, "faulty_sleepy_ops") ? sleepy :
					      !strcmp(keep, "faulty_tcp_ops") ? tcp :
					      !sleepy && !tcp))
			return -1;
	}
	return 0;
}

/* What some faults counted, for the tests that read it. */
static void report(struct bpf_object *obj)
{
	if (fault == 11) {
		uint64_t jobs = 0;
		int root = 0, oth = 0;

		mg_loader_read_var(obj, ".bss", "nr_jobs", &jobs, sizeof(jobs));
		mg_loader_read_var(obj, ".data", "reclaim_err_root", &root, sizeof(root));
		mg_loader_read_var(obj, ".data", "reclaim_err_other", &oth, sizeof(oth));
		printf("faulty: jobs=%llu reclaim_err_root=%d reclaim_err_other=%d\n",
		       (unsigned long long)jobs, root, oth);
	} else if (fault == 14) {
		unsigned long long v[4] = { 0 };

		mg_loader_read_var(obj, ".bss", "nr_ticks", &v[0], sizeof(v[0]));
		mg_loader_read_var(obj, ".bss", "nr_overlap", &v[1], sizeof(v[1]));
		mg_loader_read_var(obj, ".bss", "nr_stolen", &v[2], sizeof(v[2]));
		mg_loader_read_var(obj, ".bss", "nr_self_in_cb", &v[3], sizeof(v[3]));
		printf("faulty: ticks=%llu overlap=%llu stolen=%llu self_in_callback=%llu\n",
		       v[0], v[1], v[2], v[3]);
	} else if (fault == 15) {
		unsigned long long v[3] = { 0 };

		sleep(1);
		mg_loader_read_var(obj, ".bss", "nr_ok", &v[0], sizeof(v[0]));
		mg_loader_read_var(obj, ".bss", "nr_esrch", &v[1], sizeof(v[1]));
		mg_loader_read_var(obj, ".bss", "nr_late_ok", &v[2], sizeof(v[2]));
		printf("faulty: ok=%llu esrch=%llu late_ok=%llu\n", v[0], v[1], v[2]);
	}
}

int main(int argc, char **argv)
{
	static const char usage[] =
		" --fault claim|tiny-kill|protect-all|slow|absurd-delay|no-pet|error|sleepable|"
		"foreign-kfunc|unclocked-slow|reclaim-outside|protect-low-all|max-delay|timer-self|"
		"wq-after-eject [--victim COMM] "
		"[--spin N] "
		"[--other ID]";
	const struct mg_rodata rodata[] = {
		MG_RODATA("fault", fault),
		MG_RODATA("victim", victim),
		MG_RODATA("spin", spin),
		MG_RODATA("other", other),
	};
	struct mg_loader_run run = {
		.rodata = rodata, .nrodata = MG_ARRAY_SIZE(rodata), .report = report,
	};
	struct mg_loader_opts o;
	struct bpf_object *obj;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc || !fault || (fault == 2 && !victim[0])) {
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	run.map_name = fault <= 2 ? "faulty_oom_ops" : fault == 8 ? "faulty_sleepy_ops" :
		       fault == 9 ? "faulty_tcp_ops" : "faulty_memcg_ops";
	obj = mg_loader_open(memgov_obj_faulty, memgov_obj_faulty_end - memgov_obj_faulty,
			     "faulty", &o);
	if (!obj)
		return MG_LOADER_ERR;
	if (only_map(obj, run.map_name)) {
		bpf_object__close(obj);
		return MG_LOADER_ERR;
	}
	if (fault == 9) {
		/* Not a memgov type: it has nothing to attach; loading is what must fail. */
		if (mg_loader_load(obj)) {
			bpf_object__close(obj);
			return MG_LOADER_ERR;
		}
		printf("faulty: a tcp_congestion_ops program calling memgov's kfuncs was loaded\n");
		bpf_object__close(obj);
		return 0;
	}
	return mg_loader_run(obj, &o, &run);
}
