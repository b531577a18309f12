/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/memgov.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MEMGOV_GEN_H
#define _LINUX_MEMGOV_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/memgov.h>

/* Common nested types */
extern const struct nla_policy memgov_config_nl_policy[MEMGOV_CFG_A_OOM_DECLARE_INTERVAL_MS + 1];

/* Ops table for memgov */
extern const struct genl_split_ops memgov_nl_ops[7];

int memgov_nl_pre_doit_no_attrs(const struct genl_split_ops *ops,
				struct sk_buff *skb, struct genl_info *info);
int memgov_nl_start_no_attrs(struct netlink_callback *cb);

int memgov_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info);
int memgov_nl_get_policy_doit(struct sk_buff *skb, struct genl_info *info);
int memgov_nl_get_policy_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int memgov_nl_detach_policy_doit(struct sk_buff *skb, struct genl_info *info);
int memgov_nl_get_config_doit(struct sk_buff *skb, struct genl_info *info);
int memgov_nl_set_config_doit(struct sk_buff *skb, struct genl_info *info);
int memgov_nl_get_stats_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	MEMGOV_NLGRP_EVENTS,
};

#endif /* _LINUX_MEMGOV_GEN_H */
