/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels memgov builds for, in one place (WireGuard's compat
 * layer is the model): Debian 12/13's 6.12 and trixie-backports up to 7.3.  A feature test
 * where the preprocessor can see the feature (a header, a macro), else the version that
 * changed it, measured on Debian's headers of each series (6.12.117+deb12, 6.12.118+deb13,
 * 7.2.12+deb13, 7.3.4+deb13).  The renamed functions memgov probes are in the hook tables,
 * not here: a table entry names each spelling and the one the running kernel has is probed.
 */
#ifndef _MEMGOV_KMOD_COMPAT_H
#define _MEMGOV_KMOD_COMPAT_H

#include <linux/mm_types.h>
#include <linux/version.h>
#include <asm/hardirq.h>

/* 7.2: linux/pagevec.h became linux/folio_batch.h. */
#if __has_include(<linux/folio_batch.h>)
#include <linux/folio_batch.h>
#else
#include <linux/pagevec.h>
#endif

/* This CPU's local APIC timer interrupts: irq_stat.counts[IRQ_COUNT_APIC_TIMER] from 7.2. */
#ifdef CONFIG_X86_LOCAL_APIC
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 2, 0)
#define memgov_apic_timer_irqs() this_cpu_read(irq_stat.counts[IRQ_COUNT_APIC_TIMER])
#else
#define memgov_apic_timer_irqs() this_cpu_read(irq_stat.apic_timer_irqs)
#endif
#endif

/* An mm's MMF_* flag: mm->flags is an mm_flags_t with its own accessors from 6.18. */
#ifdef NUM_MM_FLAG_BITS
#define memgov_mm_flag(mm, flag) mm_flags_test(flag, mm)
#else
#define memgov_mm_flag(mm, flag) test_bit(flag, &(mm)->flags)
#endif

/* 7.0: every kfunc's pointer arguments must be trusted; the flag that asked for it is gone. */
#include <linux/btf.h>
#ifndef KF_TRUSTED_ARGS
#define KF_TRUSTED_ARGS 0
#endif

/*
 * 7.0: the kernel has bpf_get_mem_cgroup() and bpf_put_mem_cgroup() of its own (the names
 * memgov took from the series that became them); memgov defines them only before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define MEMGOV_KERNEL_HAS_MEMCG_KFUNCS 1
#endif

#endif /* _MEMGOV_KMOD_COMPAT_H */
