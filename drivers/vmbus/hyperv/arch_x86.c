// SPDX-License-Identifier: GPL-2.0
/*
 * The Hyper-V primitives on x86_64: SynIC MSRs, hypercalls, the vector
 * hook, the VP index. The only code of vmbc_hyperv no test here can run
 * (there is no Hyper-V here), so it does nothing but map each primitive
 * onto what the kernel exports; every decision is in transport.c.
 *
 * Kernel differences are detected in the kernel's headers by Kbuild:
 * 6.12 names the SynIC MSRs HV_MSR_* and reads them through hv_get_msr()
 * (which knows about paravisors and nested hypervisors), 6.1 names them
 * HV_REGISTER_* for rdmsrl().
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <asm/hypervisor.h>
#include <asm/mshyperv.h>

#include "hyperv.h"

#ifdef VMBC_HAVE_HV_MSR_NAMES
#define VMBC_MSR(name)		HV_MSR_##name
#define vmbc_rdmsr(msr)		hv_get_msr(msr)
#define vmbc_wrmsr(msr, v)	hv_set_msr(msr, v)
#else
#define VMBC_MSR(name)		HV_REGISTER_##name
#define vmbc_rdmsr(msr)		({ u64 __v; rdmsrl(msr, __v); __v; })
#define vmbc_wrmsr(msr, v)	wrmsrl(msr, v)
#endif

/* HV_X64_HYPERV_NESTED, where the headers do not name it (6.1). */
#define VMBC_HV_HINT_NESTED	BIT(12)

static const u32 vmbc_hv_x86_msr[VMBC_HV_REG_COUNT] = {
	[VMBC_HV_SCONTROL] = VMBC_MSR(SCONTROL),
	[VMBC_HV_SIEFP] = VMBC_MSR(SIEFP),
	[VMBC_HV_SIMP] = VMBC_MSR(SIMP),
	[VMBC_HV_EOM] = VMBC_MSR(EOM),
	[VMBC_HV_SINT2] = VMBC_MSR(SINT0) + 2,
};

/* Is hv_vmbus loaded? It exports the v5.2 names that vmbc does not. */
static bool vmbc_hv_x86_other_client(void)
{
	void *sym = __symbol_get("vmbus_sendpacket");

	if (!sym)
		return false;
	symbol_put_addr(sym);
	return true;
}

static void vmbc_hv_x86_features(void *hw, struct vmbc_hv_features *f)
{
	memset(f, 0, sizeof(*f));
	f->hyperv = x86_hyper_type == X86_HYPER_MS_HYPERV &&
		    hv_is_hyperv_initialized();
	if (!f->hyperv)
		return;
	f->synic = ms_hyperv.features & HV_MSR_SYNIC_AVAILABLE;
	f->vp_index = ms_hyperv.features & HV_MSR_VP_INDEX_AVAILABLE;
	f->post_messages = ms_hyperv.priv_high & HV_POST_MESSAGES;
	f->signal_events = ms_hyperv.priv_high & HV_SIGNAL_EVENTS;
	f->isolated = hv_is_isolation_supported();
#ifdef VMBC_HAVE_HV_PARAVISOR
	f->paravisor = hyperv_paravisor_present;
#endif
	f->root_partition = hv_root_partition;
#ifdef VMBC_HAVE_HV_NESTED
	f->nested = hv_nested;
#else
	f->nested = ms_hyperv.hints & VMBC_HV_HINT_NESTED;
#endif
	f->aeoi_deprecated = ms_hyperv.hints & HV_DEPRECATING_AEOI_RECOMMENDED;
	f->other_client = vmbc_hv_x86_other_client();
	f->vector = HYPERVISOR_CALLBACK_VECTOR;
}

static u64 vmbc_hv_x86_read_reg(void *hw, enum vmbc_hv_reg reg)
{
	return vmbc_rdmsr(vmbc_hv_x86_msr[reg]);
}

static void vmbc_hv_x86_write_reg(void *hw, enum vmbc_hv_reg reg, u64 value)
{
	vmbc_wrmsr(vmbc_hv_x86_msr[reg], value);
}

static void *vmbc_hv_x86_input_page(void *hw)
{
	return *this_cpu_ptr(hyperv_pcpu_input_arg);
}

static u64 vmbc_hv_x86_hypercall(void *hw, u64 control, void *input,
				 void *output)
{
	return hv_do_hypercall(control, input, output);
}

static u64 vmbc_hv_x86_fast_hypercall8(void *hw, u16 code, u64 input)
{
	return hv_do_fast_hypercall8(code, input);
}

static u32 vmbc_hv_x86_vp_index(void *hw, int cpu)
{
	return hv_vp_index[cpu];
}

static u64 vmbc_hv_x86_page_gpa(void *hw, void *page)
{
	return virt_to_phys(page);
}

static void vmbc_hv_x86_set_handler(void *hw, void (*handler)(void))
{
	hv_setup_vmbus_handler(handler);
}

static void vmbc_hv_x86_remove_handler(void *hw)
{
	hv_remove_vmbus_handler();
}

static void vmbc_hv_x86_set_kexec(void *hw, void (*handler)(void))
{
	hv_setup_kexec_handler(handler);
}

static void vmbc_hv_x86_remove_kexec(void *hw)
{
	hv_remove_kexec_handler();
}

static void vmbc_hv_x86_set_crash(void *hw,
				  void (*handler)(struct pt_regs *regs))
{
	hv_setup_crash_handler(handler);
}

static void vmbc_hv_x86_remove_crash(void *hw)
{
	hv_remove_crash_handler();
}

const struct vmbc_hv_prims vmbc_hv_arch_prims = {
	.name = "x86_64 Hyper-V",
	.features = vmbc_hv_x86_features,
	.read_reg = vmbc_hv_x86_read_reg,
	.write_reg = vmbc_hv_x86_write_reg,
	.input_page = vmbc_hv_x86_input_page,
	.hypercall = vmbc_hv_x86_hypercall,
	.fast_hypercall8 = vmbc_hv_x86_fast_hypercall8,
	.vp_index = vmbc_hv_x86_vp_index,
	.page_gpa = vmbc_hv_x86_page_gpa,
	.set_handler = vmbc_hv_x86_set_handler,
	.remove_handler = vmbc_hv_x86_remove_handler,
	.set_kexec_handler = vmbc_hv_x86_set_kexec,
	.remove_kexec_handler = vmbc_hv_x86_remove_kexec,
	.set_crash_handler = vmbc_hv_x86_set_crash,
	.remove_crash_handler = vmbc_hv_x86_remove_crash,
};
