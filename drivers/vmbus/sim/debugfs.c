// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim debugfs: /sys/kernel/debug/vmbc_sim/.
 *
 *   new_host, del_host          write a host name
 *   <host>/new_device           write "CLASS INSTANCE [relid=N] [monitor]
 *                               [dedicated] [sub=N]"
 *   <host>/del_device           write a relid or an instance GUID
 *   <host>/devices              read: one device per line
 *   <host>/faults               write a switch, read the switches
 *   <host>/inject               write "[size=N] HEX..."
 *   <host>/stats                read: "name value" lines
 *   <host>/channels             read: one channel per line, with counters
 *   <host>/...                  the device models' own (struct
 *                               vmbc_sim_model's debugfs hook)
 *
 * Bad input is refused with -EINVAL and a log line naming the expected
 * format; nothing changes then. Documentation/sim.rst has the details.
 * Removing a file waits for its writers in flight (debugfs' own file
 * references), which is how host destruction and module exit keep clear
 * of them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <vmbc/transport.h>

#include "sim.h"

/* Longest line accepted by a file (an inject of 240 bytes fits). */
#define VMBC_SIM_LINE_MAX	1024

static struct dentry *vmbc_sim_root;
static struct dentry *vmbc_sim_new_host_file;
static struct dentry *vmbc_sim_del_host_file;

/**
 * vmbc_sim_user_words() - a user's line split into words
 * @ubuf: what the user wrote.
 * @count: its bytes.
 * @argc: set to the number of words.
 *
 * Context: process context (a debugfs write).
 * Return: the words (argv_free() them), or an ERR_PTR(): -EINVAL for an
 * empty or too long line.
 */
char **vmbc_sim_user_words(const char __user *ubuf, size_t count, int *argc)
{
	char *buf, **argv;

	if (!count || count > VMBC_SIM_LINE_MAX)
		return ERR_PTR(-EINVAL);
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return ERR_CAST(buf);
	argv = argv_split(GFP_KERNEL, buf, argc);
	kfree(buf);
	if (!argv)
		return ERR_PTR(-ENOMEM);
	if (!*argc) {
		argv_free(argv);
		return ERR_PTR(-EINVAL);
	}
	return argv;
}

/**
 * vmbc_sim_write_words() - a debugfs command: split, apply, explain
 * @sim: the host the file belongs to.
 * @ubuf: what the user wrote.
 * @count: its bytes.
 * @apply: parses the words and acts on them; -EINVAL for a malformed
 *	command, which then changes nothing.
 * @what: the file's name, for the log.
 * @usage: what the file expects, logged (once) when @apply refuses.
 *
 * Context: process context (a debugfs write).
 * Return: @count, or the error of the split or of @apply.
 */
ssize_t vmbc_sim_write_words(struct vmbc_sim *sim, const char __user *ubuf,
			     size_t count,
			     int (*apply)(struct vmbc_sim *sim, int argc,
					  char **argv),
			     const char *what, const char *usage)
{
	char **argv;
	int argc, ret;

	argv = vmbc_sim_user_words(ubuf, count, &argc);
	if (IS_ERR(argv)) {
		ret = PTR_ERR(argv);
	} else {
		ret = apply(sim, argc, argv);
		argv_free(argv);
	}
	if (ret == -EINVAL)
		pr_err("%s: %s: expected %s\n", sim->name, what, usage);
	return ret ?: count;
}

/* ---------------------------------------------------------------- */
/* new_device, del_device, devices                                   */

static int vmbc_sim_parse_device(int argc, char **argv,
				 struct vmbc_sim_device *dev)
{
	int i;

	memset(dev, 0, sizeof(*dev));
	if (argc < 2 || vmbc_sim_parse_class(argv[0], &dev->class_id) ||
	    guid_parse(argv[1], &dev->instance_id))
		return -EINVAL;
	for (i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "relid=", 6)) {
			if (kstrtou32(argv[i] + 6, 0, &dev->relid) ||
			    !dev->relid || dev->relid > VMBUS_MAX_RELID)
				return -EINVAL;
		} else if (!strncmp(argv[i], "sub=", 4)) {
			if (kstrtou16(argv[i] + 4, 0, &dev->sub_channel_index))
				return -EINVAL;
		} else if (!strcmp(argv[i], "monitor")) {
			dev->monitor_allocated = true;
		} else if (!strcmp(argv[i], "dedicated")) {
			dev->dedicated_interrupt = true;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static ssize_t vmbc_sim_new_device_write(struct file *file,
					 const char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	struct vmbc_sim *sim = file->private_data;
	struct vmbc_sim_device dev;
	char **argv;
	int argc, ret;

	argv = vmbc_sim_user_words(ubuf, count, &argc);
	if (IS_ERR(argv)) {
		ret = PTR_ERR(argv);
		goto bad;
	}
	ret = vmbc_sim_parse_device(argc, argv, &dev);
	argv_free(argv);
	if (ret)
		goto bad;

	ret = vmbc_sim_add_device(sim, &dev);
	if (ret == -EEXIST) {
		pr_warn("%s: new_device: device %pUl sub-channel %u is there already, or its relid is taken (see devices): del_device it first, or pick another instance or relid\n",
			sim->name, &dev.instance_id, dev.sub_channel_index);
		return ret;
	}
	if (ret == -ENOSPC) {
		pr_warn("%s: new_device: no relid or monitor id left (64 devices at most); del_device one first\n",
			sim->name);
		return ret;
	}
	if (ret < 0) {
		pr_warn("%s: new_device: %pe\n", sim->name, ERR_PTR(ret));
		return ret;
	}
	pr_info("%s: device %pUl sub-channel %u at relid %d\n", sim->name,
		&dev.instance_id, dev.sub_channel_index, ret);
	return count;
bad:
	if (ret == -EINVAL)
		pr_err("%s: new_device: expected \"CLASS INSTANCE [relid=N] [monitor] [dedicated] [sub=N]\": CLASS a GUID, network, storage or a device model's name (echo, heartbeat, ...: Documentation/sim.rst); INSTANCE a GUID; relid 1-2047; sub 0-65535\n",
		       sim->name);
	return ret;
}

static const struct file_operations vmbc_sim_new_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbc_sim_new_device_write,
};

static ssize_t vmbc_sim_del_device_write(struct file *file,
					 const char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	struct vmbc_sim *sim = file->private_data;
	guid_t instance;
	char **argv;
	int argc, ret;
	u32 relid;

	argv = vmbc_sim_user_words(ubuf, count, &argc);
	if (IS_ERR(argv)) {
		ret = PTR_ERR(argv);
		goto bad;
	}
	if (argc != 1) {
		ret = -EINVAL;
	} else if (!kstrtou32(argv[0], 0, &relid)) {
		ret = relid && relid <= VMBUS_MAX_RELID ?
		      vmbc_sim_remove_device(sim, relid) : -EINVAL;
	} else if (!guid_parse(argv[0], &instance)) {
		ret = vmbc_sim_remove_instance(sim, &instance);
	} else {
		ret = -EINVAL;
	}
	argv_free(argv);
	if (ret >= 0)
		return count;
	if (ret == -ENOENT) {
		pr_warn("%s: del_device: no offered device there; devices lists them\n",
			sim->name);
		return ret;
	}
bad:
	if (ret == -EINVAL)
		pr_err("%s: del_device: expected a relid (1-2047) or an instance GUID\n",
		       sim->name);
	return ret;
}

static const struct file_operations vmbc_sim_del_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbc_sim_del_device_write,
};

static const char * const vmbc_sim_dev_states[] = {
	[VMBC_SIM_DEV_CONFIGURED] = "configured",
	[VMBC_SIM_DEV_OFFERED] = "offered",
	[VMBC_SIM_DEV_RESCINDED] = "rescinded",
};

static int vmbc_sim_devices_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		seq_printf(s, "%lu %pUl %pUl %u %s", relid, &dev->cfg.class_id,
			   &dev->cfg.instance_id, dev->cfg.sub_channel_index,
			   vmbc_sim_dev_states[dev->state]);
		if (dev->cfg.monitor_allocated)
			seq_printf(s, " monitor=%u", dev->monitorid);
		if (dev->cfg.dedicated_interrupt)
			seq_puts(s, " dedicated");
		if (dev->quiescing)
			seq_puts(s, " quiescing");
		seq_putc(s, '\n');
	}
	mutex_unlock(&sim->mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbc_sim_devices);

/* ---------------------------------------------------------------- */
/* faults                                                            */

static int vmbc_sim_faults_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_faults *f = &sim->faults;
	u32 t;

	seq_printf(s, "busy %d\n", atomic_read(&sim->post_busy));
	mutex_lock(&sim->mutex);
	seq_printf(s, "refuse 0x%x\nhold %d\n", sim->refuse_versions,
		   sim->io_held);
	for (t = 0; t < CHANNELMSG_COUNT; t++) {
		if (atomic_read(&sim->reject_post[t]))
			seq_printf(s, "reject %s %d\n", vmbc_sim_msg_name(t),
				   atomic_read(&sim->reject_post[t]));
		if (f->drop[t])
			seq_printf(s, "drop %s %u\n", vmbc_sim_msg_name(t),
				   f->drop[t]);
		if (f->delay_ms[t])
			seq_printf(s, "delay %s %u\n", vmbc_sim_msg_name(t),
				   f->delay_ms[t]);
		if (f->dup[t])
			seq_printf(s, "dup %s %u\n", vmbc_sim_msg_name(t),
				   f->dup[t]);
		if (f->fail[t])
			seq_printf(s, "fail %s %#x\n", vmbc_sim_msg_name(t),
				   f->fail[t]);
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

static int vmbc_sim_faults_apply(struct vmbc_sim *sim, int argc, char **argv)
{
	static const struct {
		const char *name;
		enum vmbc_sim_fault fault;
	} typed[] = {
		{ "drop", VMBC_SIM_DROP_RESPONSE },
		{ "delay", VMBC_SIM_DELAY_RESPONSE },
		{ "dup", VMBC_SIM_DUPLICATE_RESPONSE },
		{ "fail", VMBC_SIM_FAIL_RESPONSE },
		{ "reject", VMBC_SIM_REJECT_POST },
	};
	u32 type, arg;
	int i;

	if (argc == 1 && !strcmp(argv[0], "clear")) {
		vmbc_sim_faults_clear(sim);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "busy")) {
		if (kstrtou32(argv[1], 0, &arg))
			return -EINVAL;
		return vmbc_sim_fault_set(sim, VMBC_SIM_POST_BUSY, 0, arg);
	}
	if (argc == 2 && !strcmp(argv[0], "hold")) {
		if (kstrtou32(argv[1], 0, &arg) || arg > 1)
			return -EINVAL;
		return vmbc_sim_fault_set(sim, VMBC_SIM_HOLD_IO, 0, arg);
	}
	if (argc == 2 && !strcmp(argv[0], "refuse")) {
		if (kstrtou32(argv[1], 0, &arg) ||
		    arg & ~GENMASK(VMBC_SIM_NR_VERSIONS - 1, 0))
			return -EINVAL;
		vmbc_sim_host_set_refuse(sim, arg);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(typed); i++) {
		if (strcmp(argv[0], typed[i].name))
			continue;
		/* "dup TYPE" alone means the next one */
		arg = 1;
		if (argc < 2 || argc > 3 ||
		    (argc == 2 && typed[i].fault != VMBC_SIM_DUPLICATE_RESPONSE) ||
		    vmbc_sim_parse_msg_type(argv[1], &type) ||
		    (argc == 3 && kstrtou32(argv[2], 0, &arg)))
			return -EINVAL;
		return vmbc_sim_fault_set(sim, typed[i].fault, type, arg);
	}
	return -EINVAL;
}

static ssize_t vmbc_sim_faults_write(struct file *file,
				     const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct vmbc_sim *sim = ((struct seq_file *)file->private_data)->private;

	return vmbc_sim_write_words(sim, ubuf, count, vmbc_sim_faults_apply,
				    "faults",
				    "\"drop TYPE COUNT\", \"delay TYPE MS\", \"dup TYPE [COUNT]\", \"fail open_result|gpadl_created|modify_channel_response STATUS\", \"reject TYPE COUNT\", \"busy COUNT\", \"hold 0|1\", \"refuse MASK\" (0-0x3ff) or \"clear\"; TYPE a CHANNELMSG_* number or name (version_response, open_result, ...)");
}

static int vmbc_sim_faults_open(struct inode *inode, struct file *file)
{
	return single_open(file, vmbc_sim_faults_show, inode->i_private);
}

static const struct file_operations vmbc_sim_faults_fops = {
	.owner = THIS_MODULE,
	.open = vmbc_sim_faults_open,
	.read = seq_read,
	.write = vmbc_sim_faults_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* ---------------------------------------------------------------- */
/* inject, stats                                                     */

static int vmbc_sim_parse_inject(int argc, char **argv, u8 *msg, u32 *size,
				 u8 *payload_size)
{
	bool sized = false;
	size_t len;
	int i = 0;

	*size = 0;
	if (!strncmp(argv[0], "size=", 5)) {
		if (kstrtou8(argv[0] + 5, 0, payload_size))
			return -EINVAL;
		sized = true;
		i++;
	}
	for (; i < argc; i++) {
		len = strlen(argv[i]);
		if (len % 2 || *size + len / 2 > HV_MESSAGE_PAYLOAD_BYTE_COUNT ||
		    hex2bin(msg + *size, argv[i], len / 2))
			return -EINVAL;
		*size += len / 2;
	}
	if (!sized)
		*payload_size = *size;
	return 0;
}

static int vmbc_sim_inject_words(struct vmbc_sim *sim, int argc, char **argv)
{
	u8 msg[HV_MESSAGE_PAYLOAD_BYTE_COUNT];
	u8 payload_size;
	u32 size;
	int ret;

	ret = vmbc_sim_parse_inject(argc, argv, msg, &size, &payload_size);
	return ret ?: vmbc_sim_inject(sim, msg, size, payload_size);
}

static ssize_t vmbc_sim_inject_write(struct file *file,
				     const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct vmbc_sim *sim = file->private_data;

	return vmbc_sim_write_words(sim, ubuf, count, vmbc_sim_inject_words,
				    "inject",
				    "\"[size=N] HEX...\": at most 240 bytes as pairs of hex digits, N 0-255 for the slot's payload_size");
}

static const struct file_operations vmbc_sim_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbc_sim_inject_write,
};

static int vmbc_sim_stats_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_stats st;
	u64 other = 0;
	u32 t;

	vmbc_sim_get_stats(sim, &st);
	seq_printf(s, "version %u.%u\n", st.version >> 16, st.version & 0xffff);
	seq_printf(s, "offers_outstanding %u\n", st.offers_outstanding);
	seq_printf(s, "msgs_to_guest %llu\n", st.msgs_to_guest);
	seq_printf(s, "protocol_errors %llu\n", st.protocol_errors);
	seq_printf(s, "signals %llu\n", st.signals);
	seq_printf(s, "eoms %llu\n", st.eoms);
	seq_printf(s, "offers_declined %llu\n", st.offers_declined);
	for (t = 0; t < ARRAY_SIZE(st.msgs_from_guest); t++) {
		if (t && t < CHANNELMSG_COUNT)
			seq_printf(s, "from_guest.%s %llu\n",
				   vmbc_sim_msg_name(t), st.msgs_from_guest[t]);
		else
			other += st.msgs_from_guest[t];
	}
	seq_printf(s, "from_guest.other %llu\n", other);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbc_sim_stats);

static int vmbc_sim_channels_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_channel_stats st;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	seq_puts(s, "relid open gpadls opens closes packets_in packets_out signals_in interrupts_out tx_full dropped ring_errors requests answers bad_answers bad_packets\n");
	/*
	 * The walk is RCU-safe and @dev is never dereferenced: the counters
	 * come from vmbc_sim_channel_stats(), which looks the relid up again
	 * under the host's mutex.
	 */
	xa_for_each(&sim->devs, relid, dev) {
		if (vmbc_sim_channel_stats(sim, relid, &st))
			continue;
		seq_printf(s, "%lu %d %u %u %u %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu\n",
			   relid, st.opened, st.gpadls, st.opens, st.closes,
			   st.packets_in, st.packets_out, st.signals_in,
			   st.interrupts_out, st.tx_full, st.dropped,
			   st.ring_errors, st.requests, st.answers,
			   st.bad_answers, st.bad_packets);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbc_sim_channels);

/* ---------------------------------------------------------------- */
/* hosts                                                             */

/* The device model's file @file is, found by its name. */
static const struct vmbc_sim_cmd_file *vmbc_sim_cmd_file_of(struct file *file)
{
	const char *name = file->f_path.dentry->d_name.name;
	const struct vmbc_sim_model *model;
	unsigned int i;

	for (i = 0; (model = vmbc_sim_model_at(i)); i++)
		if (model->file && !strcmp(model->file->name, name))
			return model->file;
	return NULL;
}

static int vmbc_sim_cmd_open(struct inode *inode, struct file *file)
{
	const struct vmbc_sim_cmd_file *f = vmbc_sim_cmd_file_of(file);

	return f ? single_open(file, f->show, inode->i_private) : -ENOENT;
}

static ssize_t vmbc_sim_cmd_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	const struct vmbc_sim_cmd_file *f = vmbc_sim_cmd_file_of(file);
	struct vmbc_sim *sim = ((struct seq_file *)file->private_data)->private;

	if (!f->apply)
		return -EPERM;
	return vmbc_sim_write_words(sim, ubuf, count, f->apply, f->name,
				    f->usage);
}

/* Every device model's file: which one, its name says. */
static const struct file_operations vmbc_sim_cmd_fops = {
	.owner = THIS_MODULE,
	.open = vmbc_sim_cmd_open,
	.read = seq_read,
	.write = vmbc_sim_cmd_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * vmbc_sim_debugfs_add() - the debugfs directory of a new host
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_debugfs_add(struct vmbc_sim *sim)
{
	struct dentry *dir = debugfs_create_dir(sim->name, vmbc_sim_root);
	const struct vmbc_sim_model *model;
	unsigned int i;

	sim->debugfs = dir;
	debugfs_create_file("new_device", 0200, dir, sim,
			    &vmbc_sim_new_device_fops);
	debugfs_create_file("del_device", 0200, dir, sim,
			    &vmbc_sim_del_device_fops);
	debugfs_create_file("devices", 0444, dir, sim, &vmbc_sim_devices_fops);
	debugfs_create_file("faults", 0644, dir, sim, &vmbc_sim_faults_fops);
	debugfs_create_file("inject", 0200, dir, sim, &vmbc_sim_inject_fops);
	debugfs_create_file("stats", 0444, dir, sim, &vmbc_sim_stats_fops);
	debugfs_create_file("channels", 0444, dir, sim,
			    &vmbc_sim_channels_fops);
	/* and each device model's own file, named by no one here */
	for (i = 0; (model = vmbc_sim_model_at(i)); i++)
		if (model->file)
			debugfs_create_file(model->file->name,
					    model->file->apply ? 0644 : 0444,
					    dir, sim, &vmbc_sim_cmd_fops);
}

/**
 * vmbc_sim_debugfs_del() - remove a host's directory
 * @sim: the host.
 *
 * Waits for the host's file operations in flight.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_debugfs_del(struct vmbc_sim *sim)
{
	debugfs_remove(sim->debugfs);
	sim->debugfs = NULL;
}

static char *vmbc_sim_user_name(const char __user *ubuf, size_t count)
{
	char *buf, *name;

	if (!count || count > VMBC_SIM_NAME_MAX)
		return ERR_PTR(-EINVAL);
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return buf;
	/* without the newline of "echo"; vmbc_sim_create() checks the rest */
	name = strim(buf);
	memmove(buf, name, strlen(name) + 1);
	return buf;
}

static ssize_t vmbc_sim_new_host_write(struct file *file,
				       const char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	struct vmbc_sim_config cfg;
	struct vmbc_sim *sim;
	char *name;
	int ret = 0;

	name = vmbc_sim_user_name(ubuf, count);
	if (IS_ERR(name)) {
		ret = PTR_ERR(name);
		goto out;
	}
	vmbc_sim_default_config(&cfg, name);
	sim = vmbc_sim_create(&cfg);
	if (IS_ERR(sim))
		ret = PTR_ERR(sim);
	else
		pr_info("host %s connected, version %u.%u\n", sim->name,
			sim->version >> 16, sim->version & 0xffff);
	kfree(name);
out:
	if (ret == -EINVAL)
		pr_err("new_host: expected a host name of 1 to 31 letters, digits, '_' or '-'\n");
	return ret ?: count;
}

static const struct file_operations vmbc_sim_new_host_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbc_sim_new_host_write,
};

static ssize_t vmbc_sim_del_host_write(struct file *file,
				       const char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	struct vmbc_sim *sim;
	char *name;
	int ret = 0;

	name = vmbc_sim_user_name(ubuf, count);
	if (IS_ERR(name)) {
		pr_err("del_host: expected a host name of 1 to 31 letters, digits, '_' or '-'\n");
		return PTR_ERR(name);
	}
	mutex_lock(&vmbc_sim_list_lock);
	sim = vmbc_sim_find(name);
	if (sim)
		vmbc_sim_destroy_locked(sim);
	else
		ret = -ENOENT;
	mutex_unlock(&vmbc_sim_list_lock);
	kfree(name);
	return ret ?: count;
}

static const struct file_operations vmbc_sim_del_host_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbc_sim_del_host_write,
};

/**
 * vmbc_sim_debugfs_init() - create /sys/kernel/debug/vmbc_sim/
 *
 * Without debugfs the module works on, driven from C only.
 *
 * Context: process context (module init).
 */
void vmbc_sim_debugfs_init(void)
{
	vmbc_sim_root = debugfs_create_dir("vmbc_sim", NULL);
	vmbc_sim_new_host_file = debugfs_create_file("new_host", 0200,
						     vmbc_sim_root, NULL,
						     &vmbc_sim_new_host_fops);
	vmbc_sim_del_host_file = debugfs_create_file("del_host", 0200,
						     vmbc_sim_root, NULL,
						     &vmbc_sim_del_host_fops);
}

/**
 * vmbc_sim_debugfs_stop() - remove new_host and del_host
 *
 * Waits for their writers in flight: afterwards no host is created or
 * destroyed through debugfs.
 *
 * Context: process context (module exit), sleeps.
 */
void vmbc_sim_debugfs_stop(void)
{
	debugfs_remove(vmbc_sim_new_host_file);
	debugfs_remove(vmbc_sim_del_host_file);
	vmbc_sim_new_host_file = NULL;
	vmbc_sim_del_host_file = NULL;
}

/**
 * vmbc_sim_debugfs_exit() - remove /sys/kernel/debug/vmbc_sim/
 *
 * Context: process context (module exit), sleeps.
 */
void vmbc_sim_debugfs_exit(void)
{
	debugfs_remove(vmbc_sim_root);
	vmbc_sim_root = NULL;
}
