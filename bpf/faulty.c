// SPDX-License-Identifier: GPL-2.0
/*
 * faulty: loader of the misbehaving-policy zoo (see faulty.bpf.c).
 *
 *   faulty --fault claim|tiny-kill|protect-all|slow|absurd-delay|no-pet|error|sleepable|
 *                  foreign-kfunc|unclocked-slow|reclaim-outside|protect-low-all|max-delay|
 *                  timer-self|wq-after-eject|oom-no-pressure
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
#include "faulty.h"
#include "faulty.skel.h"

#define FAULTY_NAME(e, name) [F_##e] = name,
static const char *const faults[] = { FAULTY_FAULTS(FAULTY_NAME) };
static const char *const maps[] = {
	"faulty_oom_ops", "faulty_memcg_ops", "faulty_sleepy_ops", "faulty_tcp_ops", "faulty_psi_ops",
};
/* The knobs go straight into the policy's .rodata, where their defaults are. */
static struct faulty *skel;

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
		for (i = F_NONE + 1; i < __F_MAX; i++)
			if (!strcmp(arg, faults[i]))
				skel->rodata->fault = i;
		if (!skel->rodata->fault)
			fprintf(stderr, "faulty: unknown --fault '%s'\n", arg);
		return skel->rodata->fault ? 0 : -1;
	case K_VICTIM:
		if (!*arg || strlen(arg) >= sizeof(skel->rodata->victim))
			return -1;
		strcpy((char *)skel->rodata->victim, arg);
		return 0;
	case K_SPIN:
		errno = 0;
		v = strtoul(arg, &end, 0);
		if (errno || *end || !*arg || v > 1 << 23)
			return -1;
		skel->rodata->spin = v;
		return 0;
	case K_OTHER:
		errno = 0;
		skel->rodata->other = strtoull(arg, &end, 0);
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
		bool psi = !strncmp(bpf_program__name(prog), "faulty_psi_", 11);

		if (strncmp(sec, "struct_ops", 10))
			continue;
		if (bpf_program__set_autoload(prog, !strcmp(keep, "faulty_sleepy_ops") ? sleepy :
					      !strcmp(keep, "faulty_tcp_ops") ? tcp :
					      !strcmp(keep, "faulty_psi_ops") ? psi :
					      !sleepy && !tcp && !psi))
			return -1;
	}
	return 0;
}

/* What some faults counted, for the tests that read it. */
static void report(void *arg)
{
	const struct faulty__bss *bss = skel->bss;

	(void)arg;
	if (skel->rodata->fault == F_RECLAIM_OUTSIDE) {
		printf("faulty: jobs=%llu reclaim_err_root=%d reclaim_err_other=%d\n",
		       bss->nr_jobs, skel->data->reclaim_err_root, skel->data->reclaim_err_other);
	} else if (skel->rodata->fault == F_TIMER_SELF) {
		printf("faulty: ticks=%llu overlap=%llu stolen=%llu self_in_callback=%llu\n",
		       bss->nr_ticks, bss->nr_overlap, bss->nr_stolen, bss->nr_self_in_cb);
	} else if (skel->rodata->fault == F_OOM_NO_PRESSURE) {
		printf("faulty: declares=%llu declare_err=%lld\n", bss->nr_psi_declares,
		       (long long)bss->psi_declare_err);
	} else if (skel->rodata->fault == F_WQ_AFTER_EJECT) {
		sleep(1);	/* its job runs on after the ejection */
		printf("faulty: ok=%llu esrch=%llu late_ok=%llu\n", bss->nr_ok, bss->nr_esrch,
		       bss->nr_late_ok);
	}
}

int main(int argc, char **argv)
{
	static const char usage[] =
		" --fault claim|tiny-kill|protect-all|slow|absurd-delay|no-pet|error|sleepable|"
		"foreign-kfunc|unclocked-slow|reclaim-outside|protect-low-all|max-delay|timer-self|"
		"wq-after-eject|oom-no-pressure [--victim COMM] "
		"[--spin N] "
		"[--other ID]";
	struct mg_loader_run run = { .report = report };
	struct mg_loader_opts o;
	int fault, rc;

	skel = faulty__open();
	if (!skel) {
		perror("faulty: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	fault = skel->rodata->fault;
	if (rc >= 0 && (rc != argc || !fault || (fault == F_TINY_KILL && !skel->rodata->victim[0]))) {
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	if (rc < 0)
		goto out;
	run.map_name = fault <= F_TINY_KILL ? "faulty_oom_ops" :
		       fault == F_SLEEPABLE ? "faulty_sleepy_ops" :
		       fault == F_FOREIGN_KFUNC ? "faulty_tcp_ops" :
		       fault == F_OOM_NO_PRESSURE ? "faulty_psi_ops" : "faulty_memcg_ops";
	if (only_map(skel->obj, run.map_name)) {
		rc = -1;
	} else if (fault == F_FOREIGN_KFUNC) {
		/* Not a memgov type: it has nothing to attach; loading is what must fail. */
		rc = mg_loader_load(skel->skeleton);
		if (!rc)
			printf("faulty: a tcp_congestion_ops program calling memgov's kfuncs was loaded\n");
	} else {
		rc = mg_loader_run(skel->skeleton, &o, &run);
	}
out:
	faulty__destroy(skel);
	return rc < 0 ? MG_LOADER_ERR : rc;
}
