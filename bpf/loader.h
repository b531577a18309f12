/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every policy loader shares: common options, attaching a struct_ops map of the
 * policy's skeleton with a link, and waiting until the link is gone.
 */
#ifndef _MEMGOV_LOADER_H
#define _MEMGOV_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <bpf/libbpf.h>
#include <memgov/ops.h>	/* u64, u32, s64: the skeletons' types */

/* Loader exit status: 0 stopped by a signal, 1 usage or load/attach error, 2 ejected. */
enum { MG_LOADER_OK = 0, MG_LOADER_ERR = 1, MG_LOADER_EJECTED = 2 };

struct mg_loader_opts {
	const char *cgroup_path;	/* NULL: whole system (cgroup_id 0) */
	uint64_t cgroup_id;		/* --cgroup-id, when has_cgroup_id */
	bool has_cgroup_id;
	const char *name;		/* NULL: the name compiled into the object */
	uint32_t flags;			/* MEMGOV_F_* */
	bool no_link;			/* tests only: try the legacy non-link attach */
	unsigned int churn;		/* tests only: attach and detach this many times */
	bool verbose;
};

/* Parse the options every loader takes; returns the index of the first unparsed arg or -1. */
int mg_loader_parse(int argc, char **argv, struct mg_loader_opts *o, const char *usage_extra);
void mg_loader_usage(const char *prog, const char *usage_extra);
/*
 * Like mg_loader_parse(), plus the policy's own options: each entry of @knobs has a `val`
 * of 256 or more, and @set_knob gets it with the argument; non-zero = bad value.
 */
struct option;
int mg_loader_parse_knobs(int argc, char **argv, struct mg_loader_opts *o,
			  const char *usage_extra, const struct option *knobs,
			  int (*set_knob)(int c, const char *arg));
/*
 * A policy option's number (decimal, or hex after 0x) from @min to @max into @v; else
 * "PROG: WHAT wants a number from MIN to MAX, not 'ARG'" on stderr and -1.
 */
int mg_loader_parse_num(const char *prog, const char *what, const char *arg, uint64_t min,
			uint64_t max, uint64_t *v);
/* A policy's counter, printed as LABEL=VALUE: a u64 (or s64) of its skeleton's bss. */
struct mg_counter {
	const char *label;
	const volatile u64 *val;
	bool is_signed;
};
#define MG_COUNTER(label, var) { (label), &(var), false }
#define MG_COUNTER_SIGNED(label, var) { (label), (const volatile u64 *)&(var), true }
/* One line "PROG: LABEL=VALUE ..." of @n counters, as the tests read them. */
void mg_loader_print_counters(const char *prog, const struct mg_counter *c, size_t n);

/* Set name / cgroup_id / flags of a struct_ops map per @o; @type_size picks the type. */
int mg_loader_prepare_ops(struct bpf_object *obj, const char *map_name,
			  const struct mg_loader_opts *o);
/* Load the skeleton's object (its bss and data then map the kernel's copies). */
int mg_loader_load(struct bpf_object_skeleton *skel);
/* Attach @map_name of the loaded @obj; prints the attach line the tests wait for. */
struct bpf_link *mg_loader_attach(struct bpf_object *obj, const char *map_name,
				  const struct mg_loader_opts *o);
/* Wait for SIGINT/SIGTERM (detach, return 0) or the kernel's POLLHUP (report, return 2). */
int mg_loader_wait(struct bpf_link *link);
/*
 * Stress tests (--churn N): attach and detach the loaded policy N times, a few ms attached
 * each, against whatever else runs; prints the counts.  Returns MG_LOADER_OK, or
 * MG_LOADER_ERR when an attach failed other than by the attach rules.
 */
int mg_loader_churn(struct bpf_object *obj, const char *map_name, const struct mg_loader_opts *o);

#define MG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct mg_loader_run {
	const char *map_name;			/* the struct_ops map to attach */
	/* After load, before attach (fill maps); non-zero: give up. */
	int (*setup)(void *arg);
	/* Once the policy is gone (stopped or ejected): print its counters. */
	void (*report)(void *arg);
	void *arg;				/* the loader's skeleton */
};
/*
 * The tail every loader's main() shares, once it opened its skeleton and set its knobs
 * (skel->rodata): prepare the map per @o, load and set up, attach (or --churn, or
 * --no-link), wait, report.  The caller destroys the skeleton.  Returns the loader's exit
 * status (MG_LOADER_*).
 */
int mg_loader_run(struct bpf_object_skeleton *skel, const struct mg_loader_opts *o,
		  const struct mg_loader_run *run);

#endif
