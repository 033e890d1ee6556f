/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc's Hyper-V transport: the primitives it needs from the hypervisor.
 *
 * The transport (drivers/vmbus/hyperv/) is written against this table and
 * nothing else of the hypervisor's: the x86_64 implementation
 * (hyperv/arch_x86.c, the only code no test here can run) reads and writes
 * the SynIC MSRs and makes hypercalls; the simulated host implements the
 * same table against memory, as a fake hypervisor, so that the transport's
 * logic runs under KUnit. Deliberately free of the kernel's hyperv-tlfs.h,
 * whose types clash with <vmbc/protocol.h>'s.
 */
#ifndef _VMBC_HYPERV_H
#define _VMBC_HYPERV_H

#include <linux/types.h>

struct pt_regs;

/**
 * enum vmbc_hv_reg - the SynIC registers the transport uses, by role
 * @VMBC_HV_SCONTROL: SynIC control (bit 0: enable).
 * @VMBC_HV_SIEFP: event flags page (bit 0: enable; bits 63:12 the GPA).
 * @VMBC_HV_SIMP: message page (likewise).
 * @VMBC_HV_EOM: end of message (write only).
 * @VMBC_HV_SINT2: the synthetic interrupt source VMBus uses.
 * @VMBC_HV_REG_COUNT: number of registers.
 */
enum vmbc_hv_reg {
	VMBC_HV_SCONTROL,
	VMBC_HV_SIEFP,
	VMBC_HV_SIMP,
	VMBC_HV_EOM,
	VMBC_HV_SINT2,
	VMBC_HV_REG_COUNT
};

/* Bits of those registers (Hyper-V TLFS). */
#define VMBC_HV_SCONTROL_ENABLE		BIT_ULL(0)
#define VMBC_HV_PAGE_ENABLE		BIT_ULL(0)	/* SIMP and SIEFP */
#define VMBC_HV_PAGE_GPA_MASK		(~0xfffULL)
#define VMBC_HV_SINT_VECTOR		0xffULL
#define VMBC_HV_SINT_MASKED		BIT_ULL(16)
#define VMBC_HV_SINT_AUTO_EOI		BIT_ULL(17)

/* Hypercall codes and the post-message input's message type. */
#define VMBC_HVCALL_POST_MESSAGE	0x005c
#define VMBC_HVCALL_SIGNAL_EVENT	0x005d
#define VMBC_HV_POST_MESSAGE_TYPE	1

/**
 * struct vmbc_hv_features - what the hypervisor offers this partition
 * @hyperv: running on Hyper-V with the hypercall page set up.
 * @synic: the SynIC MSRs are available.
 * @vp_index: the VP index MSR is available.
 * @post_messages: the partition may post messages (privilege).
 * @signal_events: the partition may signal events (privilege).
 * @isolated: an isolated (SNP, TDX, VBS) partition.
 * @paravisor: a paravisor runs under this partition.
 * @root_partition: the root partition.
 * @nested: a nested hypervisor runs this partition.
 * @aeoi_deprecated: the hypervisor recommends against auto-EOI (the
 *	kernel's vector handler then EOIs the APIC itself).
 * @other_client: another VMBus driver (hv_vmbus) is loaded.
 * @vector: the interrupt vector the SynIC must raise.
 */
struct vmbc_hv_features {
	bool hyperv;
	bool synic;
	bool vp_index;
	bool post_messages;
	bool signal_events;
	bool isolated;
	bool paravisor;
	bool root_partition;
	bool nested;
	bool aeoi_deprecated;
	bool other_client;
	u8 vector;
};

/**
 * struct vmbc_hv_prims - the hypervisor, as the transport sees it
 * @name: "x86_64", "fake".
 * @features: fill @f. Process context.
 * @read_reg: read this CPU's @reg. Preemption off.
 * @write_reg: write this CPU's @reg. Preemption off.
 * @input_page: this CPU's page for hypercall input. Interrupts off
 *	between getting it and the hypercall that uses it.
 * @hypercall: a slow hypercall (@control the code) with an input page;
 *	returns the result value, the status in its low 16 bits.
 * @fast_hypercall8: a fast hypercall with one 8-byte input.
 * @vp_index: the hypervisor's VP number of a Linux CPU.
 * @page_gpa: the guest physical address of a page the transport
 *	allocated.
 * @set_handler: install the function the SynIC vector calls (hard
 *	interrupt, on the CPU interrupted).
 * @remove_handler: remove it; a call in progress may still run.
 * @set_kexec_handler: install the function called before kexec.
 * @remove_kexec_handler: remove it.
 * @set_crash_handler: install the function called on a crash (interrupts
 *	off, other CPUs stopped or stopping: it must not sleep).
 * @remove_crash_handler: remove it.
 *
 * Each op gets @hw, the hypervisor instance: NULL for the real one.
 */
struct vmbc_hv_prims {
	const char *name;
	void (*features)(void *hw, struct vmbc_hv_features *f);
	u64 (*read_reg)(void *hw, enum vmbc_hv_reg reg);
	void (*write_reg)(void *hw, enum vmbc_hv_reg reg, u64 value);
	void *(*input_page)(void *hw);
	u64 (*hypercall)(void *hw, u64 control, void *input, void *output);
	u64 (*fast_hypercall8)(void *hw, u16 code, u64 input);
	u32 (*vp_index)(void *hw, int cpu);
	u64 (*page_gpa)(void *hw, void *page);
	void (*set_handler)(void *hw, void (*handler)(void));
	void (*remove_handler)(void *hw);
	void (*set_kexec_handler)(void *hw, void (*handler)(void));
	void (*remove_kexec_handler)(void *hw);
	void (*set_crash_handler)(void *hw,
				  void (*handler)(struct pt_regs *regs));
	void (*remove_crash_handler)(void *hw);
};

struct vmbc_hv;
struct vmbc_connection;

/**
 * vmbc_hv_create() - bring the SynIC up for VMBus over a hypervisor
 * @prims: the hypervisor's primitives.
 * @hw: its instance, passed back to every op.
 * @name: the connection's name ("hyperv").
 *
 * Checks that this partition may run a VMBus client and that nobody else
 * does (each refusal logged once, with its errno), creates the core's
 * connection and enables the SynIC on every online CPU. Connecting is
 * vmbc_connection_connect() of vmbc_hv_connection().
 *
 * Context: process context, sleeps.
 * Return: the transport, or an ERR_PTR(): -ENODEV (no Hyper-V, or a
 * missing SynIC feature or privilege), -EOPNOTSUPP (isolated, root or
 * nested partition; a host older than 3.0 after an earlier unload),
 * -EBUSY (another VMBus client), -ENOMEM.
 */
struct vmbc_hv *vmbc_hv_create(const struct vmbc_hv_prims *prims, void *hw,
			       const char *name);

/**
 * vmbc_hv_destroy() - unload and give the SynIC back
 * @hv: the transport; NULL or an ERR_PTR() is ignored.
 *
 * Context: process context, sleeps.
 */
void vmbc_hv_destroy(struct vmbc_hv *hv);

/**
 * vmbc_hv_connection() - the transport's connection
 * @hv: the transport.
 *
 * Return: the connection.
 */
struct vmbc_connection *vmbc_hv_connection(struct vmbc_hv *hv);

/**
 * vmbc_hv_crash() - what the crash handler does: unload without sleeping
 * @hv: the transport.
 *
 * Posts UNLOAD, polls every CPU's message slot for the answer (bounded),
 * and disables this CPU's SynIC. For the crash path and its tests only.
 *
 * Context: interrupts off (the crash path: never sleeps), or process
 * context (tests: sleeps between polls, so the host can answer).
 * Return: 0 when the host answered, -ETIMEDOUT otherwise.
 */
int vmbc_hv_crash(struct vmbc_hv *hv);

/**
 * vmbc_hv_kexec() - what the kexec handler does: unload, SynIC off
 * @hv: the transport.
 *
 * Context: process context, sleeps.
 */
void vmbc_hv_kexec(struct vmbc_hv *hv);

/**
 * vmbc_hv_pm_event() - what the transport says to a power-management event
 * @hv: the transport.
 * @action: PM_HIBERNATION_PREPARE, ...
 *
 * Hibernation is refused while the transport runs: a VMBus connection
 * cannot be carried across it here. For tests; the transport registers
 * the same answer as a PM notifier.
 *
 * Return: a notifier answer (NOTIFY_BAD with -EOPNOTSUPP for hibernation).
 */
int vmbc_hv_pm_event(struct vmbc_hv *hv, unsigned long action);

#endif /* _VMBC_HYPERV_H */
