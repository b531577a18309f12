/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every policy loader shares: common options, opening the embedded BPF object,
 * attaching a struct_ops map with a link, and waiting until the link is gone.
 */
#ifndef _MEMGOV_LOADER_H
#define _MEMGOV_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <bpf/libbpf.h>

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
/* Read a global of the loaded object from the kernel (@sec_name ".bss", ".data"...). */
int mg_loader_read_var(struct bpf_object *obj, const char *sec_name, const char *var,
		       void *out, size_t size);
/* A u64 global of the loaded object's .bss, 0 when it cannot be read. */
uint64_t mg_loader_bss_u64(struct bpf_object *obj, const char *var);
/* A policy's counter: printed as LABEL=VALUE from the u64 (or s64) .bss global VAR. */
struct mg_counter {
	const char *label;
	const char *var;
	bool is_signed;
};
/* One line "PROG: LABEL=VALUE ..." of @n counters, as the tests read them. */
void mg_loader_print_counters(struct bpf_object *obj, const char *prog,
			      const struct mg_counter *c, size_t n);
/* Set a `const volatile` knob in .rodata before load. */
int mg_loader_set_rodata(struct bpf_object *obj, const char *var, const void *val, size_t size);

struct bpf_object *mg_loader_open(const void *buf, size_t len, const char *objname,
				  const struct mg_loader_opts *o);
/* Set name / cgroup_id / flags of a struct_ops map per @o; @type_size picks the type. */
int mg_loader_prepare_ops(struct bpf_object *obj, const char *map_name,
			  const struct mg_loader_opts *o);
/* Load @obj (to fill its maps before attaching); mg_loader_attach() loads it if not. */
int mg_loader_load(struct bpf_object *obj);
/* Load @obj, attach @map_name; prints the attach line the tests wait for. */
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

/* A `const volatile` knob of the policy's .rodata and the loader's value for it. */
struct mg_rodata {
	const char *name;
	const void *val;
	size_t size;
};
#define MG_RODATA(name, var) { (name), &(var), sizeof(var) }
#define MG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct mg_loader_run {
	const char *map_name;			/* the struct_ops map to attach */
	const struct mg_rodata *rodata;		/* set before load; nrodata entries */
	size_t nrodata;
	/* After load, before attach (fill maps, with @arg); non-zero: give up. */
	int (*setup)(struct bpf_object *obj, void *arg);
	/* Once the policy is gone (stopped or ejected): print its counters. */
	void (*report)(struct bpf_object *obj);
	void *arg;
};
/*
 * The tail every loader's main() shares, after mg_loader_open(): set the knobs, prepare the
 * map per @o, load and set up, attach (or --churn, or --no-link), wait, report.  Closes
 * @obj.  Returns the loader's exit status (MG_LOADER_*).
 */
int mg_loader_run(struct bpf_object *obj, const struct mg_loader_opts *o,
		  const struct mg_loader_run *run);

#endif
