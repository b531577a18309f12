// SPDX-License-Identifier: GPL-2.0
/*
 * memgov.ko: eBPF memory-management policies under a safety governor.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/utsname.h>
#include "psi.h"
#include "oom_declare.h"
#include "policy.h"
#include "config.h"
#include "gov.h"
#include "struct_ops.h"
#include "netlink.h"
#include "cgfs.h"
#include "hooks.h"

/*
 * Policies find the struct_ops types in this module's BTF.  Without it (built without
 * pahole, or rejected by the kernel as mismatched) the types would register and then be
 * unusable, so refuse to load instead.
 */
static int check_own_btf(void)
{
	struct path path;
	int err;

	if (!THIS_MODULE->btf_data_size) {
		pr_err("module has no BTF (.BTF section); rebuild it against the headers of %s with pahole installed\n",
		       init_utsname()->release);
		return -ENODATA;
	}
	/* The kernel drops module BTF it cannot validate against vmlinux; then this is absent. */
	if (kern_path("/sys/kernel/btf", LOOKUP_DIRECTORY, &path))
		return 0;	/* sysfs not mounted: nothing more to check */
	path_put(&path);
	err = kern_path("/sys/kernel/btf/" KBUILD_MODNAME, 0, &path);
	if (err) {
		pr_err("kernel rejected this module's BTF (no /sys/kernel/btf/%s); was it built for another kernel than %s?\n",
		       KBUILD_MODNAME, init_utsname()->release);
		return -ENODATA;
	}
	path_put(&path);
	return 0;
}

static int __init memgov_init(void)
{
	int err;

	err = check_own_btf();
	if (err)
		return err;
	err = memgov_hooks_init();
	if (err)
		return err;
	err = memgov_gov_init();
	if (err)
		return err;
	err = memgov_policy_init();
	if (err)
		goto err_policy;
	err = memgov_oom_declare_init();
	if (err)
		goto err_declare;
	err = memgov_kfuncs_init();
	if (err) {
		pr_err("cannot register kfuncs: %d\n", err);
		goto err_kfuncs;
	}
	/* Netlink first: a policy's exit is announced there. */
	err = memgov_netlink_init();
	if (err)
		goto err_netlink;
	err = memgov_struct_ops_init();
	if (err)
		goto err_struct_ops;
	memgov_cfg_live(true);
	pr_info("loaded, version " MEMGOV_VERSION "\n");
	return 0;

err_struct_ops:
	memgov_netlink_exit();
err_netlink:
err_kfuncs:
	memgov_oom_declare_exit();
err_declare:
	memgov_policy_exit();
err_policy:
	memgov_gov_exit();
	return err;
}

static void __exit memgov_exit(void)
{
	memgov_cfg_live(false);
	memgov_struct_ops_exit();
	memgov_netlink_exit();
	memgov_oom_declare_exit();
	memgov_policy_exit();
	memgov_psi_exit();
	memgov_gov_exit();
	memgov_cgfs_exit();
	memgov_hooks_exit();
	memgov_cfg_exit();
	pr_info("unloaded\n");
}

module_init(memgov_init);
module_exit(memgov_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("eBPF memory-management policies under a safety governor");
MODULE_AUTHOR("memgov developers");
MODULE_VERSION(MEMGOV_VERSION);
/* The first request to the family (memgovctl, a loader) loads the module. */
MODULE_ALIAS_GENL_FAMILY(MEMGOV_GENL_NAME);
