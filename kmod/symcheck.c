// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time check that the functions memgov probes still have the prototype its handlers
 * decode from the registers, in the running kernel's own BTF (/sys/kernel/btf/vmlinux).
 * The comparison itself is governor/protocheck.c (KUnit-tested).
 */
#include <linux/fs.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "hooks.h"
#include "protocheck.h"

/*
 * Read the whole file.  Not kernel_read_file_from_path(): its READING_UNKNOWN trips a WARN
 * in the IPE security module Debian builds in.
 */
static ssize_t read_whole(const char *path, void **bufp)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n = 0, size;
	void *buf;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	size = i_size_read(file_inode(f));
	if (size <= 0 || size > SZ_256M) {
		filp_close(f, NULL);
		return -EFBIG;
	}
	buf = vmalloc(size);
	if (!buf) {
		filp_close(f, NULL);
		return -ENOMEM;
	}
	while (pos < size) {
		n = kernel_read(f, buf + pos, size - pos, &pos);
		if (n <= 0)
			break;
	}
	filp_close(f, NULL);
	if (n < 0 || pos != size) {
		vfree(buf);
		return n < 0 ? n : -EIO;
	}
	*bufp = buf;
	return size;
}

/**
 * memgov_symcheck() - check every probed function against the running kernel's BTF
 * @probes: the probes, each with @symbol and @params
 * @n: how many
 *
 * Return: 0, or -ENOEXEC naming the first mismatch in the kernel log.  When the kernel's BTF
 * cannot be read (sysfs not mounted yet), the check is skipped with a notice.
 */
int memgov_symcheck(const struct memgov_probe *const *probes, unsigned int n)
{
	struct memgov_proto *want;
	void *data = NULL;
	unsigned int i, bad;
	char why[96];
	ssize_t len;
	int err;

	len = read_whole("/sys/kernel/btf/vmlinux", &data);
	if (len < 0) {
		pr_notice("cannot read /sys/kernel/btf/vmlinux (%zd): probed prototypes not checked\n",
			  len);
		return 0;
	}
	want = kcalloc(n, sizeof(*want), GFP_KERNEL);
	if (!want) {
		vfree(data);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		want[i].symbol = probes[i]->symbol;
		want[i].params = probes[i]->params;
	}
	err = memgov_protocheck(data, len, want, n, &bad, why, sizeof(why));
	if (!err)
		pr_info("prototypes of %u probed functions match this kernel's BTF\n", n);
	else if (err == -ENOENT || err == -EINVAL)
		pr_err("%s() %s in this kernel: %s; refusing to load\n", want[bad].symbol,
		       err == -ENOENT ? "is missing" : "changed", why);
	else
		pr_err("cannot check probed prototypes against the kernel's BTF: %s (%d)\n", why,
		       err);
	kfree(want);
	vfree(data);
	return err ? -ENOEXEC : 0;
}
