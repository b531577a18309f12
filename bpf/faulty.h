/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The faults of the misbehaving-policy zoo, once, for faulty.bpf.c (which acts them) and its
 * loader (which names them on the command line).
 */
#ifndef _MEMGOV_FAULTY_H
#define _MEMGOV_FAULTY_H

#define FAULTY_FAULTS(X)					\
	X(CLAIM, "claim")					\
	X(TINY_KILL, "tiny-kill")				\
	X(PROTECT_ALL, "protect-all")				\
	X(SLOW, "slow")						\
	X(ABSURD_DELAY, "absurd-delay")				\
	X(NO_PET, "no-pet")					\
	X(ERROR, "error")					\
	X(SLEEPABLE, "sleepable")				\
	X(FOREIGN_KFUNC, "foreign-kfunc")			\
	X(UNCLOCKED_SLOW, "unclocked-slow")			\
	X(RECLAIM_OUTSIDE, "reclaim-outside")			\
	X(PROTECT_LOW_ALL, "protect-low-all")			\
	X(MAX_DELAY, "max-delay")				\
	X(TIMER_SELF, "timer-self")				\
	X(WQ_AFTER_EJECT, "wq-after-eject")			\
	X(OOM_NO_PRESSURE, "oom-no-pressure")

#define FAULTY_ENUM(e, name) F_##e,
enum faulty_fault {
	F_NONE,
	FAULTY_FAULTS(FAULTY_ENUM)
	__F_MAX
};
#undef FAULTY_ENUM

#endif /* _MEMGOV_FAULTY_H */
