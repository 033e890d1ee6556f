// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim's fake hypervisor: the primitives of <vmbc/hyperv.h> against
 * memory, so that the Hyper-V transport's logic runs, unchanged, against
 * this host.
 *
 * Per VP (a CPU) a file of SynIC registers. The transport's writes decide
 * where the host's messages and events go, as the TLFS says: while the
 * SynIC (SCONTROL) is enabled and SINT 2 unmasked, messages into SINT 2's
 * slot of the page SIMP names and events into SINT 2's area of the page
 * SIEFP names, each page only while enabled; otherwise they wait (messages)
 * or are lost (events). The "interrupt" (the host's hrtimer, synic.c)
 * calls the vector handler the transport installed. A write of the EOM
 * register is the transport's end-of-message. HvPostMessage's input page
 * is decoded (message type 1, at most 240 bytes) into the host's post
 * path; HvSignalEvent's 8-byte input (connection id, flag 0) into its
 * signal path. Pages are guest physical addresses, turned back into the
 * kernel's pages.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "sim.h"

/* The HV_STATUS_* codes the fake answers bad hypercalls with. */
#define VMBC_SIM_HV_INVALID_HYPERCALL_CODE	0x02
#define VMBC_SIM_HV_INVALID_PARAMETER		0x05

/**
 * vmbc_sim_hv_cpu_init() - a VP of the fake hypervisor, as at boot
 * @pc: its per-CPU state.
 *
 * Everything off and SINT 2 masked; a hypercall input page of its own.
 */
void vmbc_sim_hv_cpu_init(struct vmbc_sim_cpu *pc)
{
	pc->slotp = NULL;
	pc->flagsp = NULL;
	pc->sint_on = false;
	memset(pc->regs, 0, sizeof(pc->regs));
	pc->regs[VMBC_HV_SINT2] = VMBC_HV_SINT_MASKED;
	pc->input = (void *)get_zeroed_page(GFP_KERNEL);
}

/* The kernel address of the page a SIMP or SIEFP value names, if on. */
static void *vmbc_sim_hv_page(u64 reg)
{
	u64 gpa = reg & VMBC_HV_PAGE_GPA_MASK;

	if (!(reg & VMBC_HV_PAGE_ENABLE) || !pfn_valid(PHYS_PFN(gpa)))
		return NULL;
	return page_address(pfn_to_page(PHYS_PFN(gpa)));
}

/**
 * vmbc_sim_hv_retarget_locked() - where a VP's messages and events go now
 * @sim: the host.
 * @pc: the VP, its registers just written.
 *
 * Context: @sim's synic_lock held.
 */
void vmbc_sim_hv_retarget_locked(struct vmbc_sim *sim, struct vmbc_sim_cpu *pc)
{
	bool on = (pc->regs[VMBC_HV_SCONTROL] & VMBC_HV_SCONTROL_ENABLE) &&
		  !(pc->regs[VMBC_HV_SINT2] & VMBC_HV_SINT_MASKED);
	struct hv_message *simp = vmbc_sim_hv_page(pc->regs[VMBC_HV_SIMP]);
	union hv_synic_event_flags *siefp =
		vmbc_sim_hv_page(pc->regs[VMBC_HV_SIEFP]);

	lockdep_assert_held(&sim->synic_lock);
	WRITE_ONCE(pc->sint_on, on);
	WRITE_ONCE(pc->slotp, on && simp ? &simp[VMBUS_MESSAGE_SINT] : NULL);
	WRITE_ONCE(pc->flagsp, on && siefp ? &siefp[VMBUS_MESSAGE_SINT] : NULL);
}

static struct vmbc_sim *vmbc_sim_hv(void *hw)
{
	return hw;
}

static void vmbc_sim_hv_features(void *hw, struct vmbc_hv_features *f)
{
	*f = vmbc_sim_hv(hw)->hv_features;
}

static u64 vmbc_sim_hv_read_reg(void *hw, enum vmbc_hv_reg reg)
{
	struct vmbc_sim *sim = vmbc_sim_hv(hw);
	unsigned long flags;
	u64 v;

	if (reg >= VMBC_HV_REG_COUNT || reg == VMBC_HV_EOM)
		return 0;
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	v = this_cpu_ptr(sim->cpus)->regs[reg];
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	return v;
}

static void vmbc_sim_hv_write_reg(void *hw, enum vmbc_hv_reg reg, u64 value)
{
	struct vmbc_sim *sim = vmbc_sim_hv(hw);
	struct vmbc_sim_cpu *pc;
	unsigned long flags;

	if (reg >= VMBC_HV_REG_COUNT)
		return;
	if (reg == VMBC_HV_EOM) {
		vmbc_sim_eom_from_guest(sim);
		return;
	}
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	pc = this_cpu_ptr(sim->cpus);
	pc->regs[reg] = value;
	vmbc_sim_hv_retarget_locked(sim, pc);
	/* what waited for this VP's SynIC may go now */
	vmbc_sim_synic_kick_locked(sim, smp_processor_id());
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
}

static void *vmbc_sim_hv_input_page(void *hw)
{
	return this_cpu_ptr(vmbc_sim_hv(hw)->cpus)->input;
}

static u64 vmbc_sim_hv_hypercall(void *hw, u64 control, void *input,
				 void *output)
{
	struct vmbc_sim *sim = vmbc_sim_hv(hw);
	struct hv_input_post_message in;

	if ((control & 0xffff) != VMBC_HVCALL_POST_MESSAGE)
		return VMBC_SIM_HV_INVALID_HYPERCALL_CODE;
	/* the hypervisor copies the input page once, as the guest wrote it */
	memcpy(&in, input, sizeof(in));
	if (in.message_type != VMBC_HV_POST_MESSAGE_TYPE ||
	    in.payload_size > HV_MESSAGE_PAYLOAD_BYTE_COUNT)
		return VMBC_SIM_HV_INVALID_PARAMETER;
	return vmbc_sim_post(sim, in.connectionid, in.payload, in.payload_size);
}

static u64 vmbc_sim_hv_fast_hypercall8(void *hw, u16 code, u64 input)
{
	if (code != VMBC_HVCALL_SIGNAL_EVENT)
		return VMBC_SIM_HV_INVALID_HYPERCALL_CODE;
	/* the connection id in the low half, the flag number above: 0 */
	if (input >> 32)
		return VMBC_SIM_HV_INVALID_PARAMETER;
	return vmbc_sim_signal_from_guest(vmbc_sim_hv(hw), (u32)input);
}

static u32 vmbc_sim_hv_vp_index(void *hw, int cpu)
{
	/* the fake partition numbers its VPs as Linux its CPUs */
	return cpu;
}

static u64 vmbc_sim_hv_page_gpa(void *hw, void *page)
{
	return page_to_phys(virt_to_page(page));
}

static void vmbc_sim_hv_set_handler(void *hw, void (*handler)(void))
{
	WRITE_ONCE(vmbc_sim_hv(hw)->hv_handler, handler);
}

static void vmbc_sim_hv_remove_handler(void *hw)
{
	WRITE_ONCE(vmbc_sim_hv(hw)->hv_handler, NULL);
}

/* kexec and crash handlers: the tests call the transport's paths directly */
static void vmbc_sim_hv_set_kexec(void *hw, void (*handler)(void))
{
}

static void vmbc_sim_hv_remove_kexec(void *hw)
{
}

static void vmbc_sim_hv_set_crash(void *hw,
				  void (*handler)(struct pt_regs *regs))
{
}

static void vmbc_sim_hv_remove_crash(void *hw)
{
}

const struct vmbc_hv_prims vmbc_sim_hv_prims = {
	.name = "vmbc_sim's fake hypervisor",
	.features = vmbc_sim_hv_features,
	.read_reg = vmbc_sim_hv_read_reg,
	.write_reg = vmbc_sim_hv_write_reg,
	.input_page = vmbc_sim_hv_input_page,
	.hypercall = vmbc_sim_hv_hypercall,
	.fast_hypercall8 = vmbc_sim_hv_fast_hypercall8,
	.vp_index = vmbc_sim_hv_vp_index,
	.page_gpa = vmbc_sim_hv_page_gpa,
	.set_handler = vmbc_sim_hv_set_handler,
	.remove_handler = vmbc_sim_hv_remove_handler,
	.set_kexec_handler = vmbc_sim_hv_set_kexec,
	.remove_kexec_handler = vmbc_sim_hv_remove_kexec,
	.set_crash_handler = vmbc_sim_hv_set_crash,
	.remove_crash_handler = vmbc_sim_hv_remove_crash,
};
EXPORT_SYMBOL_GPL(vmbc_sim_hv_prims);

void vmbc_sim_attach(struct vmbc_sim *sim, struct vmbc_connection *conn,
		     void (*release)(void *arg), void *arg)
{
	sim->guest_release = release;
	sim->guest_arg = arg;
	WRITE_ONCE(sim->conn, conn);
}
EXPORT_SYMBOL_GPL(vmbc_sim_attach);

u64 vmbc_sim_hv_reg(struct vmbc_sim *sim, int cpu, enum vmbc_hv_reg reg)
{
	unsigned long flags;
	u64 v;

	if (reg >= VMBC_HV_REG_COUNT)
		return 0;
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	v = per_cpu_ptr(sim->cpus, cpu)->regs[reg];
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	return v;
}
EXPORT_SYMBOL_GPL(vmbc_sim_hv_reg);

void vmbc_sim_hv_set_reg(struct vmbc_sim *sim, int cpu, enum vmbc_hv_reg reg,
			 u64 value)
{
	struct vmbc_sim_cpu *pc;
	unsigned long flags;

	if (reg >= VMBC_HV_REG_COUNT || reg == VMBC_HV_EOM)
		return;
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	pc = per_cpu_ptr(sim->cpus, cpu);
	pc->regs[reg] = value;
	vmbc_sim_hv_retarget_locked(sim, pc);
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
}
EXPORT_SYMBOL_GPL(vmbc_sim_hv_set_reg);

bool vmbc_sim_hv_hooked(struct vmbc_sim *sim)
{
	return READ_ONCE(sim->hv_handler);
}
EXPORT_SYMBOL_GPL(vmbc_sim_hv_hooked);

int vmbc_sim_hv_stray(struct vmbc_sim *sim, u32 message_type)
{
	static const u8 payload[16];
	struct vmbc_sim_msg *m;

	m = vmbc_sim_msg_new(payload, sizeof(payload), sizeof(payload),
			     GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->hv_type = message_type;
	vmbc_sim_synic_queue(sim, m);
	return 0;
}
EXPORT_SYMBOL_GPL(vmbc_sim_hv_stray);
