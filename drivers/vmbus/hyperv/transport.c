// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc's Hyper-V transport: VMBus over the SynIC, through the primitives
 * of <vmbc/hyperv.h>. Everything here is arch-neutral and runs under KUnit
 * against the simulated host's fake hypervisor; hyperv/arch_x86.c is the
 * only code that touches MSRs and makes hypercalls.
 *
 * Implementation notes
 *
 * Per CPU: a zeroed message page (SIMP) and event flags page (SIEFP),
 * allocated for every possible CPU at creation; on each online CPU (a
 * multi-instance CPU hotplug state, whose callbacks run on that CPU) the
 * SIMP and SIEFP registers point at them, SINT 2 is unmasked on the
 * hypervisor's callback vector (auto-EOI unless the hypervisor recommends
 * against it: the kernel's vector handler then EOIs the APIC), and the
 * SynIC is enabled. A CPU that takes the host's messages, or that
 * channels interrupt, refuses to go offline (the core says why) before
 * its SynIC is touched.
 *
 * The vector calls one function pointer: vmbc_hv_vector(), which walks
 * the transports (one on a real VM; KUnit may run several fake ones) under
 * RCU and hands each its SINT 2 slot and flags on this CPU through
 * vmbc_connection_isr(). Messages are posted through this CPU's hypercall
 * input page with interrupts off (the page is per CPU, and an interrupt
 * that posted too would overwrite it); the HV_STATUS_* retries are the
 * core's (vmbc_post()).
 *
 * Teardown, in order: UNLOAD (the core removes every device first), SINT 2
 * masked on every CPU, the handler unhooked and the running ones waited
 * for (RCU), the SynIC disabled on every CPU, the connection freed (its
 * message tasklets, which read the slots, killed), then the pages freed.
 *
 * One VMBus client per VM: a VP has one SINT 2, SIMP and SIEFP and the
 * vector one pointer, and a host takes a second INITIATE_CONTACT as a
 * reconnect that drops every channel. So the transport refuses to start
 * beside hv_vmbus or any other SynIC user, on isolated, root and nested
 * partitions, and, after an unload, on hosts older than WIN8_1 (3.0),
 * which cannot reconnect. Hibernation is refused while it runs. kexec and
 * crash unload first.
 *
 * Locks: vmbc_hv_list_lock (mutex) orders creation and destruction and
 * protects the list's writers; the vector handler reads the list under
 * RCU. Nothing else is shared: per-CPU state is touched on its CPU only.
 */
#define pr_fmt(fmt) "vmbc_hyperv: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/suspend.h>

#include <vmbc/hyperv.h>
#include <vmbc/protocol.h>
#include <vmbc/transport.h>

#include "hyperv.h"

/* HvPostMessage's answer to a payload it cannot take. */
#define VMBC_HV_STATUS_INVALID_PARAMETER	0x05

/* How long the crash path waits for UNLOAD_RESPONSE, in milliseconds. */
#define VMBC_HV_CRASH_UNLOAD_MS			10000

/**
 * struct vmbc_hv_cpu - one CPU's SynIC pages
 * @simp: the message page: 16 slots, SINT 2's is VMBus's.
 * @siefp: the event flags page: 16 areas, SINT 2's is VMBus's.
 * @synic_on: this transport enabled the SynIC on the CPU.
 */
struct vmbc_hv_cpu {
	struct hv_message *simp;
	union hv_synic_event_flags *siefp;
	bool synic_on;
};

/**
 * struct vmbc_hv - one Hyper-V transport instance
 * @prims: the hypervisor's primitives.
 * @hw: their instance.
 * @feat: what the hypervisor offers.
 * @conn: the core's connection.
 * @cpus: per-CPU pages.
 * @node: on vmbc_hv_list (RCU).
 * @cpuhp_node: this instance of the CPU hotplug state.
 * @pm_nb: refuses hibernation.
 * @crashing: the crash path polls the slots itself: the handler leaves
 *	them alone.
 * @name: the connection's name.
 */
struct vmbc_hv {
	const struct vmbc_hv_prims *prims;
	void *hw;
	struct vmbc_hv_features feat;
	struct vmbc_connection *conn;
	struct vmbc_hv_cpu __percpu *cpus;
	struct list_head node;
	struct hlist_node cpuhp_node;
	struct notifier_block pm_nb;
	bool crashing;
	char name[32];
};

static LIST_HEAD(vmbc_hv_list);
static DEFINE_MUTEX(vmbc_hv_list_lock);	/* vmbc_hv_list writers, cpuhp */
/* The multi-instance hotplug state, set up with the first transport. */
static int vmbc_hv_cpuhp = -1;

/* ------------------------------------------------------------------ */
/* The interrupt                                                        */

/* What the vector calls: every transport's slot and flags on this CPU. */
static void vmbc_hv_vector(void)
{
	struct vmbc_hv_cpu *pc;
	struct vmbc_hv *hv;

	rcu_read_lock();
	list_for_each_entry_rcu(hv, &vmbc_hv_list, node) {
		pc = this_cpu_ptr(hv->cpus);
		if (!READ_ONCE(pc->synic_on) || READ_ONCE(hv->crashing))
			continue;
		vmbc_connection_isr(hv->conn, &pc->simp[VMBUS_MESSAGE_SINT],
				    &pc->siefp[VMBUS_MESSAGE_SINT]);
	}
	rcu_read_unlock();
}

static void vmbc_hv_crash_handler(struct pt_regs *regs)
{
	struct vmbc_hv *hv;

	/* No lock: the other CPUs are stopped; the list is read as is. */
	list_for_each_entry_rcu(hv, &vmbc_hv_list, node, true)
		vmbc_hv_crash(hv);
}

static void vmbc_hv_kexec_handler(void)
{
	struct vmbc_hv *hv;

	mutex_lock(&vmbc_hv_list_lock);
	list_for_each_entry(hv, &vmbc_hv_list, node)
		vmbc_hv_kexec(hv);
	mutex_unlock(&vmbc_hv_list_lock);
}

/* ------------------------------------------------------------------ */
/* The transport ops the core calls                                     */

static u16 vmbc_hv_post_message(void *priv, u32 connection_id,
				const void *msg, u32 size)
{
	struct vmbc_hv *hv = priv;
	struct hv_input_post_message *in;
	unsigned long flags;
	u64 status;

	if (size > HV_MESSAGE_PAYLOAD_BYTE_COUNT)
		return VMBC_HV_STATUS_INVALID_PARAMETER;
	/* The input page is this CPU's: nothing may post over it meanwhile. */
	local_irq_save(flags);
	in = hv->prims->input_page(hv->hw);
	in->connectionid = connection_id;
	in->reserved = 0;
	in->message_type = VMBC_HV_POST_MESSAGE_TYPE;
	in->payload_size = size;
	memcpy(in->payload, msg, size);
	status = hv->prims->hypercall(hv->hw, VMBC_HVCALL_POST_MESSAGE, in,
				      NULL);
	local_irq_restore(flags);
	return status & 0xffff;
}

static u16 vmbc_hv_signal_event(void *priv, u32 connection_id)
{
	struct vmbc_hv *hv = priv;

	/* The connection id in the low half, flag number 0 above it. */
	return hv->prims->fast_hypercall8(hv->hw, VMBC_HVCALL_SIGNAL_EVENT,
					  connection_id) & 0xffff;
}

static void vmbc_hv_eom(void *priv)
{
	struct vmbc_hv *hv = priv;

	/* On the CPU whose slot the core just freed: its EOM register. */
	hv->prims->write_reg(hv->hw, VMBC_HV_EOM, 0);
}

static u32 vmbc_hv_cpu_to_vp(void *priv, int cpu)
{
	struct vmbc_hv *hv = priv;

	return hv->prims->vp_index(hv->hw, cpu);
}

static const struct vmbc_transport_ops vmbc_hv_ops = {
	.owner = THIS_MODULE,
	.name = "hyperv",

	/* message path */
	.post_message = vmbc_hv_post_message,
	.eom = vmbc_hv_eom,

	/* event path */
	.signal_event = vmbc_hv_signal_event,

	/* topology */
	.cpu_to_vp = vmbc_hv_cpu_to_vp,
};

/* ------------------------------------------------------------------ */
/* The SynIC, per CPU, on that CPU                                      */

static void vmbc_hv_synic_enable(struct vmbc_hv *hv)
{
	const struct vmbc_hv_prims *p = hv->prims;
	struct vmbc_hv_cpu *pc = this_cpu_ptr(hv->cpus);
	u64 v;

	v = p->read_reg(hv->hw, VMBC_HV_SIMP) & ~VMBC_HV_PAGE_GPA_MASK;
	p->write_reg(hv->hw, VMBC_HV_SIMP, v | VMBC_HV_PAGE_ENABLE |
		     p->page_gpa(hv->hw, pc->simp));
	v = p->read_reg(hv->hw, VMBC_HV_SIEFP) & ~VMBC_HV_PAGE_GPA_MASK;
	p->write_reg(hv->hw, VMBC_HV_SIEFP, v | VMBC_HV_PAGE_ENABLE |
		     p->page_gpa(hv->hw, pc->siefp));
	v = p->read_reg(hv->hw, VMBC_HV_SINT2);
	v &= ~(VMBC_HV_SINT_VECTOR | VMBC_HV_SINT_MASKED |
	       VMBC_HV_SINT_AUTO_EOI);
	v |= hv->feat.vector;
	if (!hv->feat.aeoi_deprecated)
		v |= VMBC_HV_SINT_AUTO_EOI;
	/* the pages first: an interrupt may come the moment it is unmasked */
	WRITE_ONCE(pc->synic_on, true);
	p->write_reg(hv->hw, VMBC_HV_SINT2, v);
	v = p->read_reg(hv->hw, VMBC_HV_SCONTROL);
	p->write_reg(hv->hw, VMBC_HV_SCONTROL, v | VMBC_HV_SCONTROL_ENABLE);
}

static void vmbc_hv_synic_mask(struct vmbc_hv *hv)
{
	const struct vmbc_hv_prims *p = hv->prims;
	u64 v = p->read_reg(hv->hw, VMBC_HV_SINT2);

	p->write_reg(hv->hw, VMBC_HV_SINT2, v | VMBC_HV_SINT_MASKED);
}

static void vmbc_hv_synic_disable(struct vmbc_hv *hv)
{
	const struct vmbc_hv_prims *p = hv->prims;
	struct vmbc_hv_cpu *pc = this_cpu_ptr(hv->cpus);
	u64 v;

	vmbc_hv_synic_mask(hv);
	v = p->read_reg(hv->hw, VMBC_HV_SIMP);
	p->write_reg(hv->hw, VMBC_HV_SIMP, v & ~(VMBC_HV_PAGE_GPA_MASK |
						 VMBC_HV_PAGE_ENABLE));
	v = p->read_reg(hv->hw, VMBC_HV_SIEFP);
	p->write_reg(hv->hw, VMBC_HV_SIEFP, v & ~(VMBC_HV_PAGE_GPA_MASK |
						  VMBC_HV_PAGE_ENABLE));
	v = p->read_reg(hv->hw, VMBC_HV_SCONTROL);
	p->write_reg(hv->hw, VMBC_HV_SCONTROL, v & ~VMBC_HV_SCONTROL_ENABLE);
	WRITE_ONCE(pc->synic_on, false);
}

static void vmbc_hv_mask_here(void *hv)
{
	vmbc_hv_synic_mask(hv);
}

static void vmbc_hv_disable_here(void *hv)
{
	if (this_cpu_ptr(((struct vmbc_hv *)hv)->cpus)->synic_on)
		vmbc_hv_synic_disable(hv);
}

static int vmbc_hv_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct vmbc_hv *hv = hlist_entry(node, struct vmbc_hv, cpuhp_node);

	vmbc_hv_synic_enable(hv);
	return 0;
}

static int vmbc_hv_cpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct vmbc_hv *hv = hlist_entry(node, struct vmbc_hv, cpuhp_node);
	int ret;

	/* The core says no (and why) for its message CPU and busy ones. */
	ret = vmbc_connection_cpu_busy(hv->conn, cpu);
	if (ret)
		return ret;
	vmbc_hv_synic_disable(hv);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Refusals                                                            */

/* Is the SynIC of this CPU in use already (by another VMBus client)? */
struct vmbc_hv_live {
	const struct vmbc_hv_prims *prims;
	void *hw;
	atomic_t cpu;	/* the first CPU found live, or -1 */
};

static void vmbc_hv_check_live(void *data)
{
	struct vmbc_hv_live *live = data;
	u64 sc = live->prims->read_reg(live->hw, VMBC_HV_SCONTROL);
	u64 simp = live->prims->read_reg(live->hw, VMBC_HV_SIMP);

	if ((sc & VMBC_HV_SCONTROL_ENABLE) || (simp & VMBC_HV_PAGE_ENABLE))
		atomic_cmpxchg(&live->cpu, -1, smp_processor_id());
}

/*
 * May this partition run a VMBus client here? One log line with the
 * errno for each no. Under vmbc_hv_list_lock and cpus_read_lock().
 */
static int vmbc_hv_may_start(const struct vmbc_hv_prims *prims, void *hw,
			     const char *name, struct vmbc_hv_features *f)
{
	struct vmbc_hv_live live = {
		.prims = prims, .hw = hw, .cpu = ATOMIC_INIT(-1),
	};
	u32 last;

	prims->features(hw, f);
	if (!f->hyperv) {
		pr_err("%s: not running on Hyper-V (no hypercall page): no VMBus to connect to (-ENODEV)\n",
		       name);
		return -ENODEV;
	}
	if (!f->synic || !f->vp_index || !f->post_messages ||
	    !f->signal_events) {
		pr_err("%s: the partition lacks the %s VMBus needs (-ENODEV)\n",
		       name, !f->synic ? "SynIC" : !f->vp_index ? "VP index" :
		       !f->post_messages ? "post-message privilege" :
		       "signal-event privilege");
		return -ENODEV;
	}
	if (f->isolated || f->paravisor) {
		pr_err("%s: isolated partitions (SEV-SNP, TDX, paravisor) are not supported; use hv_vmbus (-EOPNOTSUPP)\n",
		       name);
		return -EOPNOTSUPP;
	}
	if (f->root_partition || f->nested) {
		pr_err("%s: the %s partition is not supported (-EOPNOTSUPP)\n",
		       name, f->root_partition ? "root" : "nested");
		return -EOPNOTSUPP;
	}
	if (f->other_client) {
		pr_err("%s: hv_vmbus is loaded and owns VMBus; vmbc_sim works beside it (-EBUSY)\n",
		       name);
		return -EBUSY;
	}
	on_each_cpu(vmbc_hv_check_live, &live, 1);
	if (atomic_read(&live.cpu) >= 0) {
		pr_err("%s: the SynIC of CPU %d is in use: another VMBus client is connected (-EBUSY)\n",
		       name, atomic_read(&live.cpu));
		return -EBUSY;
	}
	last = vmbc_connection_last_version(name);
	if (last && last < VERSION_WIN8_1) {
		pr_err("%s: the host (VMBus %u.%u) cannot reconnect after an unload; reboot to use VMBus again (-EOPNOTSUPP)\n",
		       name, last >> 16, last & 0xffff);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int vmbc_hv_pm_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct vmbc_hv *hv = container_of(nb, struct vmbc_hv, pm_nb);

	if (action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;
	pr_err("%s: hibernation is not supported while VMBus is connected through vmbc; unload vmbc_hyperv first\n",
	       hv->name);
	return notifier_from_errno(-EOPNOTSUPP);
}

int vmbc_hv_pm_event(struct vmbc_hv *hv, unsigned long action)
{
	return vmbc_hv_pm_notify(&hv->pm_nb, action, NULL);
}
EXPORT_SYMBOL_GPL(vmbc_hv_pm_event);

/* ------------------------------------------------------------------ */
/* Life                                                                 */

static void vmbc_hv_free_pages(struct vmbc_hv *hv)
{
	struct vmbc_hv_cpu *pc;
	int cpu;

	if (!hv->cpus)
		return;
	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(hv->cpus, cpu);
		free_page((unsigned long)pc->simp);
		free_page((unsigned long)pc->siefp);
	}
	free_percpu(hv->cpus);
}

static int vmbc_hv_alloc_pages(struct vmbc_hv *hv)
{
	struct vmbc_hv_cpu *pc;
	int cpu;

	hv->cpus = alloc_percpu(struct vmbc_hv_cpu);
	if (!hv->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(hv->cpus, cpu);
		/* shared with the hypervisor: zeroed, nothing private in it */
		pc->simp = (void *)get_zeroed_page(GFP_KERNEL);
		pc->siefp = (void *)get_zeroed_page(GFP_KERNEL);
		if (!pc->simp || !pc->siefp)
			return -ENOMEM;
	}
	return 0;
}

/* Under vmbc_hv_list_lock: the state every transport shares. */
static int vmbc_hv_cpuhp_get(void)
{
	int ret;

	lockdep_assert_held(&vmbc_hv_list_lock);
	if (vmbc_hv_cpuhp >= 0)
		return 0;
	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "vmbc/hyperv:online",
				      vmbc_hv_cpu_online, vmbc_hv_cpu_offline);
	if (ret < 0)
		return ret;
	vmbc_hv_cpuhp = ret;
	return 0;
}

static void vmbc_hv_cpuhp_put(void)
{
	lockdep_assert_held(&vmbc_hv_list_lock);
	if (vmbc_hv_cpuhp < 0 || !list_empty(&vmbc_hv_list))
		return;
	cpuhp_remove_multi_state(vmbc_hv_cpuhp);
	vmbc_hv_cpuhp = -1;
}

/* Hook the vector and the kexec and crash paths, for the first one. */
static void vmbc_hv_hook(struct vmbc_hv *hv)
{
	hv->prims->set_handler(hv->hw, vmbc_hv_vector);
	hv->prims->set_kexec_handler(hv->hw, vmbc_hv_kexec_handler);
	hv->prims->set_crash_handler(hv->hw, vmbc_hv_crash_handler);
}

static void vmbc_hv_unhook(struct vmbc_hv *hv)
{
	hv->prims->remove_crash_handler(hv->hw);
	hv->prims->remove_kexec_handler(hv->hw);
	hv->prims->remove_handler(hv->hw);
}

struct vmbc_hv *vmbc_hv_create(const struct vmbc_hv_prims *prims, void *hw,
			       const char *name)
{
	struct vmbc_connection *conn;
	struct vmbc_hv *hv;
	int ret;

	hv = kzalloc(sizeof(*hv), GFP_KERNEL);
	if (!hv)
		return ERR_PTR(-ENOMEM);
	hv->prims = prims;
	hv->hw = hw;
	strscpy(hv->name, name, sizeof(hv->name));
	INIT_LIST_HEAD(&hv->node);
	hv->pm_nb.notifier_call = vmbc_hv_pm_notify;

	mutex_lock(&vmbc_hv_list_lock);
	cpus_read_lock();
	ret = vmbc_hv_may_start(prims, hw, hv->name, &hv->feat);
	cpus_read_unlock();
	if (ret)
		goto err_unlock;
	ret = vmbc_hv_alloc_pages(hv);
	if (ret)
		goto err_pages;
	/* before the first interrupt can come: the entry needs it */
	conn = vmbc_connection_create(&vmbc_hv_ops, hv, hv->name);
	if (IS_ERR(conn)) {
		ret = PTR_ERR(conn);
		goto err_pages;
	}
	hv->conn = conn;
	ret = vmbc_hv_cpuhp_get();
	if (ret)
		goto err_conn;
	list_add_tail_rcu(&hv->node, &vmbc_hv_list);
	vmbc_hv_hook(hv);
	/* the SynIC up on every online CPU, and on each that comes later */
	ret = cpuhp_state_add_instance(vmbc_hv_cpuhp, &hv->cpuhp_node);
	if (ret)
		goto err_list;
	register_pm_notifier(&hv->pm_nb);
	mutex_unlock(&vmbc_hv_list_lock);
	pr_info("%s: SynIC enabled over %s (vector %#x, %s)\n", hv->name,
		prims->name, hv->feat.vector,
		hv->feat.aeoi_deprecated ? "EOI by the kernel" : "auto-EOI");
	return hv;

err_list:
	list_del_rcu(&hv->node);
	if (list_empty(&vmbc_hv_list))
		vmbc_hv_unhook(hv);
	synchronize_rcu();
	vmbc_hv_cpuhp_put();
err_conn:
	vmbc_connection_free(hv->conn);
err_pages:
	vmbc_hv_free_pages(hv);
err_unlock:
	mutex_unlock(&vmbc_hv_list_lock);
	kfree(hv);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(vmbc_hv_create);

void vmbc_hv_destroy(struct vmbc_hv *hv)
{
	if (IS_ERR_OR_NULL(hv))
		return;
	unregister_pm_notifier(&hv->pm_nb);
	/* UNLOAD while the host can still answer */
	vmbc_connection_unload(hv->conn);

	mutex_lock(&vmbc_hv_list_lock);
	/* no more interrupts, then no handler, then none running */
	on_each_cpu(vmbc_hv_mask_here, hv, 1);
	list_del_rcu(&hv->node);
	if (list_empty(&vmbc_hv_list))
		vmbc_hv_unhook(hv);
	synchronize_rcu();
	/* SynIC off on every CPU (the state's teardown runs on each) */
	cpuhp_state_remove_instance(vmbc_hv_cpuhp, &hv->cpuhp_node);
	vmbc_hv_cpuhp_put();
	mutex_unlock(&vmbc_hv_list_lock);

	/* its message tasklets read the slots: gone before the pages are */
	vmbc_connection_free(hv->conn);
	vmbc_hv_free_pages(hv);
	pr_info("%s: SynIC disabled\n", hv->name);
	kfree(hv);
}
EXPORT_SYMBOL_GPL(vmbc_hv_destroy);

struct vmbc_connection *vmbc_hv_connection(struct vmbc_hv *hv)
{
	return hv->conn;
}
EXPORT_SYMBOL_GPL(vmbc_hv_connection);

void vmbc_hv_kexec(struct vmbc_hv *hv)
{
	vmbc_connection_unload(hv->conn);
	on_each_cpu(vmbc_hv_disable_here, hv, 1);
}
EXPORT_SYMBOL_GPL(vmbc_hv_kexec);

/*
 * Wait about @us between the crash path's tries: spinning in a crash,
 * which has interrupts off; sleeping in a test, so that the host runs.
 */
static void vmbc_hv_crash_pause(unsigned int us)
{
	if (irqs_disabled())
		udelay(us);
	else
		usleep_range(us, 2 * us);
}

/* Take @slot's message if it is UNLOAD_RESPONSE; free it either way. */
static bool vmbc_hv_crash_take(struct vmbc_hv *hv, struct hv_message *slot,
			       bool own)
{
	const struct vmbus_channel_message_header *hdr = (void *)slot->payload;
	bool answered;
	u8 flags;

	if (READ_ONCE(slot->header.message_type) == HVMSG_NONE)
		return false;
	answered = READ_ONCE(slot->header.message_type) == HVMSG_VMBUS &&
		   READ_ONCE(hdr->msgtype) == CHANNELMSG_UNLOAD_RESPONSE;
	WRITE_ONCE(slot->header.message_type, HVMSG_NONE);
	/* the slot free before the flag is read, as in the core's entry */
	mb();
	flags = READ_ONCE(slot->header.message_flags);
	/* only this CPU's EOM register can be written from here */
	if (own && (flags & HV_MESSAGE_FLAG_PENDING))
		hv->prims->write_reg(hv->hw, VMBC_HV_EOM, 0);
	return answered;
}

int vmbc_hv_crash(struct vmbc_hv *hv)
{
	struct vmbus_channel_message_header unload = {
		.msgtype = CHANNELMSG_UNLOAD,
	};
	unsigned int waited, tries;
	bool answered = false;
	int cpu, self;
	u16 status;

	if (!vmbc_connection_version(hv->conn))
		return 0;
	WRITE_ONCE(hv->crashing, true);
	for (tries = 0; tries < 100; tries++) {
		status = vmbc_hv_post_message(hv,
					      vmbc_connection_msg_conn_id(hv->conn),
					      &unload, sizeof(unload));
		if (status != HV_STATUS_INSUFFICIENT_BUFFERS &&
		    status != HV_STATUS_INSUFFICIENT_MEMORY)
			break;
		vmbc_hv_crash_pause(100);
	}
	/*
	 * No interrupt will take the answer (they are off, or the handler
	 * now skips us): look into every CPU's slot, as the host may have
	 * queued messages on any.
	 */
	for (waited = 0; !answered && !status &&
	     waited < VMBC_HV_CRASH_UNLOAD_MS; waited++) {
		self = get_cpu();
		for_each_present_cpu(cpu) {
			struct vmbc_hv_cpu *pc = per_cpu_ptr(hv->cpus, cpu);

			answered |= vmbc_hv_crash_take(hv,
						       &pc->simp[VMBUS_MESSAGE_SINT],
						       cpu == self);
		}
		put_cpu();
		if (answered)
			break;
		vmbc_hv_crash_pause(1000);
	}
	self = get_cpu();
	if (this_cpu_ptr(hv->cpus)->synic_on)
		vmbc_hv_synic_disable(hv);
	put_cpu();
	return answered ? 0 : -ETIMEDOUT;
}
EXPORT_SYMBOL_GPL(vmbc_hv_crash);
