// SPDX-License-Identifier: GPL-2.0
/*
 * async_reclaim: keep a cgroup under a high watermark by reclaiming in the background.
 *
 * The charge path only looks: when a charge in the governed cgroup (or below) leaves its usage
 * over `high_wm`, memcg_charged() queues a bpf_wq job and returns at once (delay 0: the
 * charge is never blocked).  The job, in process context, asks the kernel to reclaim
 * usage - `low_wm` bytes through bpf_memgov_cgroup_reclaim() (memory.reclaim), and queues
 * itself again while the cgroup is still over `low_wm` (the last usage a charge reported)
 * or the kernel could not reclaim everything (-EAGAIN), up to `max_rounds` in a row.  One
 * job per policy; a charge that finds it in flight just updates the usage it will read.
 *
 * Against the seed's memcg_bpf_ops async-reclaim sample: a workload filling a file larger
 * than its cgroup's memory.max hits "max" (synchronous reclaim in the charge path) without
 * the policy; with it, reclaim happens ahead of the limit.
 *
 * Knobs: high_wm, low_wm (bytes, low < high), target_id (the cgroup the policy is attached
 * to: charges of its descendants are not its business, they may have a policy of their own),
 * max_rounds.
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

const volatile u64 high_wm;
const volatile u64 low_wm;
const volatile u64 target_id;
const volatile u32 max_rounds = 64;

u64 nr_charged, nr_queued, nr_rounds, nr_requeued, nr_errors, reclaimed_bytes, max_usage;
s64 last_err;	/* the last error other than -EAGAIN */


MEMGOV_JOB_MAP(jobs);

static int reclaim_cb(void *map, int *key, void *value)
{
	struct memgov_job *job = value;
	u64 usage = job->usage;
	int err = 0;

	__sync_fetch_and_add(&nr_rounds, 1);
	if (usage > low_wm) {
		err = bpf_memgov_cgroup_reclaim(job->self, job->cgroup_id, usage - low_wm, -1);
		if (!err) {
			__sync_fetch_and_add(&reclaimed_bytes, usage - low_wm);
			/*
			 * Back at the low watermark, unless a charge reported a newer usage
			 * while the reclaim ran (on SMP the workload goes on meanwhile): then
			 * that one decides whether to go again.
			 */
			__sync_val_compare_and_swap(&job->usage, usage, low_wm);
		} else if (err != -EAGAIN) {
			__sync_fetch_and_add(&nr_errors, 1);
			last_err = err;
		}
	}
	/* Still over (new charges meanwhile, or a partial reclaim): go again. */
	if (memgov_job_again(job, err == -EAGAIN || job->usage > high_wm, max_rounds))
		__sync_fetch_and_add(&nr_requeued, 1);
	return 0;
}

unsigned int BPF_STRUCT_OPS(ar_memcg_charged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	u64 id = memcg->css.cgroup->kn->id, usage;
	struct memgov_job *job;
	int key = 0;

	if (target_id && id != target_id)
		return 0;
	__sync_fetch_and_add(&nr_charged, 1);
	usage = bpf_memgov_memcg_usage(memcg);
	if (usage > max_usage)
		max_usage = usage;
	job = bpf_map_lookup_elem(&jobs, &key);
	if (!job)
		return 0;
	job->usage = usage;
	if (usage > high_wm && memgov_job_queue(job, &jobs, reclaim_cb, id))
		__sync_fetch_and_add(&nr_queued, 1);
	return 0;
}

SEC(".struct_ops.link")
struct memgov_memcg_ops async_reclaim_ops = {
	.memcg_charged = (void *)ar_memcg_charged,
	.name = "async_reclaim",
};
