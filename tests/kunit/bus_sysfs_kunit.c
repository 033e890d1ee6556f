// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the bus, device and driver files of /sys/bus/vmbc, read and
 * written through a real sysfs mount as a user (or lsvmbus) does, against
 * what Linux 6.12's vmbus bus shows: names, formats and errors.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"
#include "sysfs_helpers.h"

/* The 27 device files (26 of Linux 6.12's vmbus, and driver_override). */
static const char *const bs_dev_files[] = {
	"id", "state", "monitor_id", "class_id", "device_id", "modalias",
	"numa_node", "server_monitor_pending", "client_monitor_pending",
	"server_monitor_latency", "client_monitor_latency",
	"server_monitor_conn_id", "client_monitor_conn_id",
	"out_intr_mask", "out_read_index", "out_write_index",
	"out_read_bytes_avail", "out_write_bytes_avail",
	"in_intr_mask", "in_read_index", "in_write_index",
	"in_read_bytes_avail", "in_write_bytes_avail",
	"channel_vp_mapping", "vendor", "device", "driver_override",
};

/* Those the monitor mechanism adds (hidden when it is not used). */
static bool bs_monitor_file(const char *name)
{
	return strstr(name, "monitor");
}

static struct vmbus_channel *bs_offer(struct kunit *test, struct vmbc_sim *sim,
				      u16 n, u16 sub, bool monitor)
{
	struct vmbc_sim_device dev = {
		.class_id = VMBC_ECHO_CLASS_GUID,
		.instance_id = kt_guid(0x31, n),
		.sub_channel_index = sub,
		.monitor_allocated = monitor,
	};

	return kt_offer_dev(test, sim, &dev, NULL);
}

static struct kobject *bs_dev_kobj(struct vmbus_channel *primary)
{
	return &primary->device_obj->device.kobj;
}

/* Every file exists, the monitor ones only for a monitored device. */
static void bus_sysfs_device_files(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct vmbus_channel *plain, *monitored;
	unsigned int i;

	plain = bs_offer(test, sim, 1, 0, false);
	monitored = bs_offer(test, sim, 2, 0, true);
	for (i = 0; i < ARRAY_SIZE(bs_dev_files); i++) {
		const char *f = bs_dev_files[i];
		bool on_monitored = kt_sysfs_exists(mnt, bs_dev_kobj(monitored),
						    f);
		bool on_plain = kt_sysfs_exists(mnt, bs_dev_kobj(plain), f);

		KUNIT_EXPECT_TRUE_MSG(test, on_monitored, "%s", f);
		KUNIT_EXPECT_EQ_MSG(test, on_plain, !bs_monitor_file(f), "%s",
				    f);
	}
}

/*
 * lsvmbus's file: "relid:cpu" per channel, the primary first. (It did not
 * exist: lsvmbus -vv listed no channel.)
 */
static void bus_sysfs_channel_vp_mapping(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct vmbus_channel *ch[3];
	char want[96] = "", buf[128];
	int i, n = 0;

	for (i = 0; i < 3; i++)
		ch[i] = bs_offer(test, sim, 3, i, false);
	for (i = 0; i < 3; i++)
		n += scnprintf(want + n, sizeof(want) - n, "%u:%u\n",
			       ch[i]->offermsg.child_relid, ch[i]->target_cpu);
	KUNIT_ASSERT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch[0]),
					    "channel_vp_mapping", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, want);
}

/*
 * The ring files, of the device and of each channel, say -EINVAL while
 * the channel is not open, as Linux does. (Before, a channel's in_mask,
 * out_mask, read_avail and write_avail read 0.) Open, they show the ring.
 */
static void bus_sysfs_ring_files(struct kunit *test)
{
	static const char *const dev_ring[] = {
		"out_intr_mask", "out_read_index", "out_write_index",
		"out_read_bytes_avail", "out_write_bytes_avail",
		"in_intr_mask", "in_read_index", "in_write_index",
		"in_read_bytes_avail", "in_write_bytes_avail",
	};
	static const char *const chan_ring[] = {
		"in_mask", "out_mask", "read_avail", "write_avail",
	};
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct vmbus_channel *ch = bs_offer(test, sim, 4, 0, false);
	char buf[32], want[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dev_ring); i++)
		KUNIT_EXPECT_EQ_MSG(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
							dev_ring[i], buf,
							sizeof(buf)),
				    -EINVAL, "%s", dev_ring[i]);
	for (i = 0; i < ARRAY_SIZE(chan_ring); i++)
		KUNIT_EXPECT_EQ_MSG(test, kt_sysfs_read(mnt, &ch->kobj,
							chan_ring[i], buf,
							sizeof(buf)),
				    -EINVAL, "%s", chan_ring[i]);

	KUNIT_ASSERT_EQ(test, vmbus_open(ch, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
					 NULL, 0, kt_quiet_cb, NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							ch), 0);
	vmbc_sim_flush(sim);
	/* An empty ring: all its data space free, nothing to read. */
	snprintf(want, sizeof(want), "%lu\n", 3 * PAGE_SIZE);
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "out_write_bytes_avail", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, want);
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, &ch->kobj, "write_avail",
					    buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, want);
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "in_read_bytes_avail", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
	for (i = 0; i < ARRAY_SIZE(dev_ring); i++)
		KUNIT_EXPECT_GT_MSG(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
							dev_ring[i], buf,
							sizeof(buf)), 0,
				    "%s", dev_ring[i]);
}

/* The six monitor files read their page ([0] host's, [1] guest's). */
static void bus_sysfs_monitor_files(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct vmbus_channel *ch = bs_offer(test, sim, 5, 0, true);
	struct hv_monitor_page *server = vmbc_test_monitor_page(conn, 0);
	struct hv_monitor_page *client = vmbc_test_monitor_page(conn, 1);
	u8 grp = ch->monitor_grp, bit = ch->monitor_bit;
	char buf[32];

	/* Values no host writes there, to tell the pages apart. */
	WRITE_ONCE(server->latency[grp][bit], 11);
	WRITE_ONCE(client->latency[grp][bit], 22);
	WRITE_ONCE(server->parameter[grp][bit].connectionid, 33);
	WRITE_ONCE(client->parameter[grp][bit].connectionid, 44);

	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "server_monitor_latency", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "11\n");
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "client_monitor_latency", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "22\n");
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "server_monitor_conn_id", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "33\n");
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "client_monitor_conn_id", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "44\n");
	/* the channel's latency is the guest page's, as in Linux */
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, &ch->kobj, "latency", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "22\n");
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "server_monitor_pending", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_GT(test, kt_sysfs_read(mnt, bs_dev_kobj(ch),
					    "client_monitor_pending", buf,
					    sizeof(buf)), 0);
	WRITE_ONCE(server->latency[grp][bit], 0);
	WRITE_ONCE(client->latency[grp][bit], 0);
	WRITE_ONCE(server->parameter[grp][bit].connectionid, 0);
	WRITE_ONCE(client->parameter[grp][bit].connectionid, 0);
}

/* /sys/bus/vmbc/hibernation: vmbc cannot hibernate with a connection. */
static void bus_sysfs_hibernation(struct kunit *test)
{
	struct vfsmount *mnt = kt_mount_sysfs(test);
	char buf[8];

	KUNIT_EXPECT_EQ(test, kt_sysfs_read_path(mnt, "bus/vmbc/hibernation",
						 buf, sizeof(buf)), 2);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
	KUNIT_EXPECT_LT(test, kt_sysfs_write(mnt, "bus/vmbc/hibernation",
					     "1"), 0);
}

/* A driver with an empty table: it binds only what new_id gives it. */
static atomic_t bs_probes = ATOMIC_INIT(0);

static int bs_probe(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	atomic_inc(&bs_probes);
	return 0;
}

static int bs_remove(struct hv_device *dev)
{
	return 0;
}

static const struct hv_vmbus_device_id bs_no_ids[] = {
	{ }
};

static struct hv_driver bs_driver = {
	.name = "vmbc_kt_dynid",
	.id_table = bs_no_ids,
	.probe = bs_probe,
	.remove = bs_remove,
};

static void bs_unregister_action(void *drv)
{
	vmbus_driver_unregister(drv);
}

static int bs_dynids(struct hv_driver *drv)
{
	struct list_head *pos;
	int n = 0;

	spin_lock(&drv->dynids.lock);
	list_for_each(pos, &drv->dynids.list)
		n++;
	spin_unlock(&drv->dynids.lock);
	return n;
}

#define BS_NEW_ID	"bus/vmbc/drivers/vmbc_kt_dynid/new_id"
#define BS_REMOVE_ID	"bus/vmbc/drivers/vmbc_kt_dynid/remove_id"

/*
 * Near misses of the class GUID @class ("...\n"), each refused by new_id
 * and remove_id with EINVAL, none added, none bound: the class in braces
 * (Linux's class_id format), a newline and more after it, two of it, a
 * dash moved, a digit that is no hex, an empty line.
 */
static void bs_malformed_class(struct kunit *test, struct vfsmount *mnt,
			       const char *class)
{
	char bad[6][2 * UUID_STRING_LEN + 4];
	unsigned int i;

	snprintf(bad[0], sizeof(bad[0]), "{%.36s}", class);
	snprintf(bad[1], sizeof(bad[1]), "%.36s\nx", class);
	snprintf(bad[2], sizeof(bad[2]), "%.36s %.36s", class, class);
	snprintf(bad[3], sizeof(bad[3]), "%.36s", class);
	bad[3][8] = bad[3][9];
	bad[3][9] = '-';
	snprintf(bad[4], sizeof(bad[4]), "%.36s", class);
	bad[4][35] = 'g';
	strscpy(bad[5], "\n", sizeof(bad[5]));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, kt_sysfs_write(mnt, BS_NEW_ID, bad[i]),
				    -EINVAL, "new_id '%s'", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test,
				    kt_sysfs_write(mnt, BS_REMOVE_ID, bad[i]),
				    -EINVAL, "remove_id '%s'", bad[i]);
	}
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&bs_probes), 0);
}

/*
 * new_id binds the devices of a class the driver's table lacks; a
 * malformed GUID, or one added twice, is refused and adds nothing;
 * remove_id of an id never added fails. Unregistering frees the ids.
 */
static void bus_sysfs_new_id_remove_id(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(0x32, 1),
		.instance_id = kt_guid(0x33, 1),
	};
	struct vmbus_channel *ch = kt_offer_dev(test, sim, &dev, NULL);
	char class[UUID_STRING_LEN + 2], other[UUID_STRING_LEN + 2];
	guid_t other_guid = kt_guid(0x32, 2);

	snprintf(class, sizeof(class), "%pUl\n", &dev.class_id);
	snprintf(other, sizeof(other), "%pUl", &other_guid);
	atomic_set(&bs_probes, 0);
	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&bs_driver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							bs_unregister_action,
							&bs_driver), 0);
	KUNIT_EXPECT_NULL(test, ch->device_obj->device.driver);

	/* malformed: refused, nothing added */
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_NEW_ID, "not-a-guid"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_NEW_ID, "1234"), -EINVAL);
	/* a GUID with something after it */
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_NEW_ID,
					     "6b756e69-7432-0001-8000-000000000001 x"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&bs_probes), 0);
	bs_malformed_class(test, mnt, class);

	/* the class: the device binds */
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_NEW_ID, class),
			(ssize_t)strlen(class));
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&bs_probes), 1);
	KUNIT_EXPECT_PTR_EQ(test, ch->device_obj->device.driver,
			    &bs_driver.driver);
	/* twice: refused */
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_NEW_ID, class), -EEXIST);
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 1);

	/* remove_id: of an id never added, or malformed, fails */
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_REMOVE_ID, other),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_REMOVE_ID, "{nope}"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 1);
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_REMOVE_ID, class),
			(ssize_t)strlen(class));
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 0);
	/* as in Linux, a bound device stays bound */
	KUNIT_EXPECT_PTR_EQ(test, ch->device_obj->device.driver,
			    &bs_driver.driver);

	/* an id left behind is freed with the driver */
	KUNIT_EXPECT_EQ(test, kt_sysfs_write(mnt, BS_NEW_ID, other),
			(ssize_t)strlen(other));
	kunit_release_action(test, bs_unregister_action, &bs_driver);
	KUNIT_EXPECT_EQ(test, bs_dynids(&bs_driver), 0);
	KUNIT_EXPECT_NULL(test, ch->device_obj->device.driver);
}

/*
 * VMBC_DEVICE_TABLE(): the table holds each class, then the end; the
 * aliases are checked where modprobe reads them (tests/vm/dkms.sh).
 */
#define BS_CLASS_A	(0x01020304, 0x0506, 0x0708, 0x09, 0x0a, 0x0b, \
			 0x0c, 0x0d, 0x0e, 0x0f, 0x10)
VMBC_DEVICE_TABLE(bs_table, BS_CLASS_A, VMBC_ECHO_CLASS);

static void bus_sysfs_device_table_macro(struct kunit *test)
{
	guid_t a = VMBC_GUID(BS_CLASS_A), echo = VMBC_ECHO_CLASS_GUID;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(bs_table), 3);
	KUNIT_EXPECT_TRUE(test, guid_equal(&bs_table[0].guid, &a));
	KUNIT_EXPECT_TRUE(test, guid_equal(&bs_table[1].guid, &echo));
	KUNIT_EXPECT_TRUE(test, guid_is_null(&bs_table[2].guid));
	/* the first field is stored little-endian, as GUID_INIT() does */
	KUNIT_EXPECT_EQ(test, a.b[0], 0x04);
	KUNIT_EXPECT_EQ(test, a.b[15], 0x10);
}

static struct kunit_case bus_sysfs_cases[] = {
	KUNIT_CASE(bus_sysfs_device_files),
	KUNIT_CASE(bus_sysfs_channel_vp_mapping),
	KUNIT_CASE(bus_sysfs_ring_files),
	KUNIT_CASE(bus_sysfs_monitor_files),
	KUNIT_CASE(bus_sysfs_hibernation),
	KUNIT_CASE(bus_sysfs_new_id_remove_id),
	KUNIT_CASE(bus_sysfs_device_table_macro),
	{}
};

static struct kunit_suite bus_sysfs_suite = {
	.name = "vmbc_bus_sysfs",
	.test_cases = bus_sysfs_cases,
};

kunit_test_suite(bus_sysfs_suite);
