// SPDX-License-Identifier: GPL-2.0
/*
 * Files of the cgroup2 hierarchy, opened from the kernel: memory.pressure and memory.stat for
 * the thrash detector, memory.reclaim for bpf_memgov_cgroup_reclaim().
 *
 * Paths are resolved against one cgroup2 mount, pinned the first time it is needed (at the
 * first attach): never against the namespace or the root directory of whoever happens to
 * run the code (a bpf_wq job runs in a kworker, a loader in a container).  The pinned
 * directory must be the root of the cgroup2 hierarchy, so that a cgroup's path from
 * kernfs_path_from_node() names it there.
 *
 * The root cgroup's memory.pressure is the system's pressure (cgroup_psi() returns
 * psi_system for it): 6.12's /proc/pressure/memory has only .proc_read, which kernel_read()
 * refuses ("kernel read not supported"), and psi_system is not exported.
 */
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/magic.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>
#include "cgfs.h"

char *memgov_cgroup_mount = "/sys/fs/cgroup";
module_param_named(cgroup_mount, memgov_cgroup_mount, charp, 0444);
MODULE_PARM_DESC(cgroup_mount, "the root of the cgroup2 hierarchy, pinned at the first attach (thrash detector, bpf_memgov_cgroup_reclaim)");

static DEFINE_MUTEX(cgfs_lock);
static struct path cgfs_root;
static bool cgfs_pinned;

/**
 * memgov_cgfs_pin() - pin the cgroup2 hierarchy at memgov_cgroup_mount
 *
 * Process context.  Return: 0, or -ENOTDIR (with a log line) when that directory is not the
 * root of a cgroup2 file system.
 */
int memgov_cgfs_pin(void)
{
	struct path path;
	int err;

	if (READ_ONCE(cgfs_pinned))
		return 0;
	mutex_lock(&cgfs_lock);
	if (cgfs_pinned) {
		mutex_unlock(&cgfs_lock);
		return 0;
	}
	err = kern_path(memgov_cgroup_mount, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path);
	if (!err && (path.dentry->d_sb->s_magic != CGROUP2_SUPER_MAGIC ||
		     path.dentry != path.dentry->d_sb->s_root)) {
		path_put(&path);
		err = -ENOTDIR;
	}
	if (err) {
		pr_err_ratelimited("cgroup_mount=%s is not the root of a cgroup2 hierarchy: %d\n",
				   memgov_cgroup_mount, err);
	} else {
		cgfs_root = path;
		smp_store_release(&cgfs_pinned, true);
	}
	mutex_unlock(&cgfs_lock);
	return err;
}

/**
 * memgov_cgfs_open() - open one file of a cgroup's directory
 * @cgrp: the cgroup, NULL for the root
 * @file: "memory.pressure", ...
 * @flags: O_RDONLY or O_WRONLY
 *
 * Process context.  Return: the file or an ERR_PTR.
 */
struct file *memgov_cgfs_open(struct cgroup *cgrp, const char *file, int flags)
{
	struct file *f;
	char *path;
	int len = 0, err;

	err = memgov_cgfs_pin();
	if (err)
		return ERR_PTR(err);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return ERR_PTR(-ENOMEM);
	if (cgrp && cgroup_parent(cgrp)) {
		len = kernfs_path_from_node(cgrp->kn, NULL, path, PATH_MAX);
		/* It returns the length it would need when the path does not fit. */
		if (len < 0 || len >= PATH_MAX - (int)strlen(file) - 2) {
			kfree(path);
			return ERR_PTR(len < 0 ? len : -ENAMETOOLONG);
		}
	}
	scnprintf(path + len, PATH_MAX - len, "/%s", file);
	f = file_open_root(&cgfs_root, path + 1, flags, 0);
	kfree(path);
	return f;
}

void memgov_cgfs_exit(void)
{
	if (cgfs_pinned) {
		path_put(&cgfs_root);
		cgfs_pinned = false;
	}
}
