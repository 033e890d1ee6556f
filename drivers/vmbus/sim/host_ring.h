/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim's own instance of the ring code (host_ring.c), under names of
 * its own.
 *
 * The host needs its views of the guest's rings (vmbc_ring_attach()) in
 * every build, while the core exports its ring functions only to KUnit:
 * so the simulated host links a copy of drivers/vmbus/ring.c, as a real
 * host has a ring implementation of its own. The defines below rename
 * every function of <vmbc/ring.h> for this copy, so that it collides neither
 * with the core's when both are built in nor with its KUnit exports.
 * Include this header instead of <vmbc/ring.h>.
 */
#ifndef _VMBC_SIM_HOST_RING_H
#define _VMBC_SIM_HOST_RING_H

#ifdef _VMBC_RING_H
#error "host_ring.h must come before any other inclusion of ring.h"
#endif

#define vmbc_ring_pre_init		vmbc_sim_ring_pre_init
#define vmbc_ring_init			vmbc_sim_ring_init
#define vmbc_ring_attach		vmbc_sim_ring_attach
#define vmbc_ring_uninit		vmbc_sim_ring_uninit
#define vmbc_ring_write			vmbc_sim_ring_write
#define vmbc_ring_write_batch		vmbc_sim_ring_write_batch
#define vmbc_ring_write_flags		vmbc_sim_ring_write_flags
#define vmbc_ring_request_space		vmbc_sim_ring_request_space
#define vmbc_ring_cancel_space		vmbc_sim_ring_cancel_space
#define vmbc_ring_iter_first		vmbc_sim_ring_iter_first
#define vmbc_ring_iter_next		vmbc_sim_ring_iter_next
#define vmbc_ring_iter_close		vmbc_sim_ring_iter_close
#define vmbc_ring_read			vmbc_sim_ring_read
#define vmbc_ring_read_raw		vmbc_sim_ring_read_raw
#define vmbc_ring_intr_mask		vmbc_sim_ring_intr_mask
#define vmbc_ring_intr_unmask		vmbc_sim_ring_intr_unmask
#define vmbc_ring_bytes_to_read		vmbc_sim_ring_bytes_to_read
#define vmbc_ring_bytes_to_write	vmbc_sim_ring_bytes_to_write
#define vmbc_ring_get_debuginfo		vmbc_sim_ring_get_debuginfo

#include <vmbc/ring.h>

#endif /* _VMBC_SIM_HOST_RING_H */
