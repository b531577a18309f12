/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every memgov BPF policy includes: the target kernel's types (vmlinux.h, generated
 * from the distro kernel's BTF at build time), libbpf's helpers, memgov's struct_ops types,
 * and the struct_ops program helpers.
 */
#ifndef _MEMGOV_COMMON_BPF_H
#define _MEMGOV_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <memgov/ops.h>

/* vmlinux.h has no errno values; the ones kfuncs return. */
#ifndef EPERM
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define ENOMEM 12
#define EBUSY 16
#define EXDEV 18
#define EINVAL 22
#define EAGAIN 11
#define EALREADY 114
#endif

/* One callback of a struct_ops policy: BPF_STRUCT_OPS(my_charged, struct mem_cgroup *m, ...) */
#define BPF_STRUCT_OPS(name, args...) \
	SEC("struct_ops/" #name) BPF_PROG(name, ##args)

#define BPF_STRUCT_OPS_SLEEPABLE(name, args...) \
	SEC("struct_ops.s/" #name) BPF_PROG(name, ##args)

/* memgov's kfuncs: one header with the module, which checks its definitions against it. */
#include <memgov/kfuncs.h>

/* Generic kfuncs the distro kernel has but whose prototypes its BTF-only vmlinux lacks. */
extern int bpf_iter_task_new(struct bpf_iter_task *it, struct task_struct *task,
			     unsigned int flags) __weak __ksym;
extern struct task_struct *bpf_iter_task_next(struct bpf_iter_task *it) __weak __ksym;
extern void bpf_iter_task_destroy(struct bpf_iter_task *it) __weak __ksym;
extern struct cgroup *bpf_cgroup_from_id(u64 cgid) __weak __ksym;
extern void bpf_cgroup_release(struct cgroup *cgrp) __weak __ksym;
/*
 * The memory cgroup of the cgroup with @cgroup_id, referenced (release it with
 * bpf_put_mem_cgroup()); NULL when there is no such cgroup or it has no memory controller.
 */
static __always_inline struct mem_cgroup *memgov_memcg_of(u64 cgroup_id)
{
	struct cgroup *cg = bpf_cgroup_from_id(cgroup_id);
	struct mem_cgroup *memcg;

	if (!cg)
		return NULL;
	memcg = bpf_get_mem_cgroup(&cg->self);
	bpf_cgroup_release(cg);
	return memcg;
}

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __weak __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __weak __ksym;
/*
 * Setting a bpf_wq's callback: bpf_wq_set_callback_impl() up to 6.19, bpf_wq_set_callback()
 * (its aux argument implicit) from 7.0, where the _impl one is no kfunc any more.  libbpf
 * resolves a kfunc's name without its ___flavour, so both are declared and the one the
 * running kernel has is called (the other branch is dead code to the verifier).
 */
extern int bpf_wq_set_callback_impl(struct bpf_wq *wq,
				    int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags, void *aux__ign) __weak __ksym;
extern int bpf_wq_set_callback___v7(struct bpf_wq *wq,
				    int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags) __weak __ksym;
#define memgov_wq_set_callback(wq, cb, flags)					\
	(bpf_ksym_exists(bpf_wq_set_callback___v7) ?				\
	 bpf_wq_set_callback___v7(wq, cb, flags) :				\
	 bpf_wq_set_callback_impl(wq, cb, flags, NULL))

/*
 * A kernfs node's parent (a cgroup's parent cgroup, for a cgroup's directory): the field is
 * `parent` up to 6.15, `__parent` (RCU-managed) from 6.16.  A direct load, relocated by
 * CO-RE: the verifier types it by the running kernel's own struct.
 */
struct kernfs_node___v616 {
	struct kernfs_node *__parent;
} __attribute__((preserve_access_index));
struct kernfs_node___v612 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *memgov_kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(struct kernfs_node___v616, __parent))
		return ((struct kernfs_node___v616 *)kn)->__parent;
	return ((struct kernfs_node___v612 *)kn)->parent;
}

/*
 * A policy's background job: a bpf_wq in the value of an array map, queued from a callback
 * (which cannot sleep) to call the sleepable kfuncs, at most one in flight.  The job is no
 * callback: it acts through the handle of the callback that queued it (self).
 */
struct memgov_job {
	struct bpf_wq wq;
	u64 self;		/* bpf_memgov_self() of the queueing callback */
	u64 cgroup_id;		/* the cgroup it works on */
	u64 usage;		/* the last usage a charge reported (for reclaim jobs) */
	u32 rounds;		/* times the job queued itself again */
	u32 busy;		/* queued or running */
	u32 ready;		/* wq initialised */
};

/* The one-element array map a policy's job lives in: MEMGOV_JOB_MAP(jobs); */
#define MEMGOV_JOB_MAP(name)					\
	struct {						\
		__uint(type, BPF_MAP_TYPE_ARRAY);		\
		__uint(max_entries, 1);				\
		__type(key, int);				\
		__type(value, struct memgov_job);		\
	} name SEC(".maps")

/* A task's comm against a policy's knob of a command name (TASK_COMM_LEN, NUL-terminated). */
static __always_inline bool memgov_comm_is(const char *comm, const volatile char *want)
{
	int i;

	for (i = 0; i < 16; i++) {
		if (comm[i] != want[i])
			return false;
		if (!comm[i])
			return true;
	}
	return true;
}

/*
 * memgov_job_queue() - queue @job (an element of @map) to run @cb, for @cgroup_id
 *
 * From a callback.  Inlined so that @cb reaches memgov_wq_set_callback() as a constant, as the
 * verifier requires.  Return: true when queued; false when a job is in flight already (it
 * sees the newest usage when it is done) or the wq refused.
 */
static __always_inline bool memgov_job_queue(struct memgov_job *job, void *map,
					     int (*cb)(void *map, int *key, void *value),
					     u64 cgroup_id)
{
	if (!__sync_bool_compare_and_swap(&job->busy, 0, 1))
		return false;
	if (!job->ready) {
		if (bpf_wq_init(&job->wq, map, 0) || memgov_wq_set_callback(&job->wq, cb, 0)) {
			job->busy = 0;
			return false;
		}
		job->ready = 1;
	}
	job->self = bpf_memgov_self();
	job->cgroup_id = cgroup_id;
	job->rounds = 0;
	if (bpf_wq_start(&job->wq, 0)) {
		job->busy = 0;
		return false;
	}
	return true;
}

/*
 * memgov_job_again() - at the end of a job's round: go again while @more and fewer than
 * @max rounds ran, else end the job (the next callback may queue a new one).
 *
 * Return: true when the job was queued again.
 */
static __always_inline bool memgov_job_again(struct memgov_job *job, bool more, u32 max)
{
	if (more && ++job->rounds < max && !bpf_wq_start(&job->wq, 0))
		return true;
	job->rounds = 0;
	job->busy = 0;
	return false;
}

#endif /* _MEMGOV_COMMON_BPF_H */
