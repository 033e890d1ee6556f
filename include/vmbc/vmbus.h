/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc: the driver-facing VMBus channel API.
 *
 * The types and function names are Linux v5.2's, so a VSC driver written
 * against <linux/hyperv.h> of that era reads the same here. The symbols
 * behind the names are this project's own (vmbc_*): the macros below rename
 * them at compile time, so this module loads beside an in-tree hv_vmbus
 * without a clash of exports.
 */
#ifndef _VMBC_VMBUS_H
#define _VMBC_VMBUS_H

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/mutex.h>
#include <linux/reciprocal_div.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <vmbc/api.h>
#include <vmbc/device_table.h>
#include <vmbc/protocol.h>

struct resource;
struct vm_area_struct;
#include <vmbc/ring_buffer.h>

/* The bus this core registers; never "vmbus", which hv_vmbus owns. */
#define VMBC_BUS_NAME	"vmbc"

/**
 * enum vmbus_channel_state - where a channel is in its lifecycle
 * @CHANNEL_OFFER_STATE: the offer is being processed.
 * @CHANNEL_OPENING_STATE: an open is in flight.
 * @CHANNEL_OPEN_STATE: offered and usable, not opened (also after a close).
 * @CHANNEL_OPENED_STATE: the rings are open.
 */
enum vmbus_channel_state {
	CHANNEL_OFFER_STATE,
	CHANNEL_OPENING_STATE,
	CHANNEL_OPEN_STATE,
	CHANNEL_OPENED_STATE,
};

/**
 * enum hv_callback_mode - how a channel's callback is invoked
 * @HV_CALL_BATCHED: from the tasklet, interrupts masked while it drains.
 * @HV_CALL_DIRECT: from the tasklet, no masking.
 * @HV_CALL_ISR: from the interrupt entry itself.
 */
enum hv_callback_mode {
	HV_CALL_BATCHED,
	HV_CALL_DIRECT,
	HV_CALL_ISR
};

/**
 * enum hv_numa_policy - how a channel's target CPU is chosen
 * @HV_BALANCED: spread over the CPUs of a NUMA node.
 * @HV_LOCALIZED: stay on the primary channel's CPU.
 */
enum hv_numa_policy {
	HV_BALANCED = 0,
	HV_LOCALIZED,
};

struct vmbus_channel;

/**
 * struct vmbus_channel_msginfo - a control message and its response
 * @msglistentry: on the connection's list of requests awaiting a response.
 * @submsglist: GPADL_BODY messages that follow a GPADL_HEADER.
 * @waitevent: completed when the response arrives (or on rescind).
 * @waiting_channel: the channel the request is for, if any.
 * @response: the copy of the matching response.
 * @response.version_supported: legacy version answer.
 * @response.open_result: OPENCHANNEL_RESULT.
 * @response.gpadl_torndown: GPADL_TORNDOWN.
 * @response.gpadl_created: GPADL_CREATED.
 * @response.version_response: VERSION_RESPONSE.
 * @response.modify_response: MODIFYCHANNEL_RESPONSE (added).
 * @msgsize: bytes of @msg.
 * @msg: the message to post.
 */
struct vmbus_channel_msginfo {
	struct list_head msglistentry;
	struct list_head submsglist;
	struct completion waitevent;
	struct vmbus_channel *waiting_channel;
	union {
		struct vmbus_channel_version_supported version_supported;
		struct vmbus_channel_open_result open_result;
		struct vmbus_channel_gpadl_torndown gpadl_torndown;
		struct vmbus_channel_gpadl_created gpadl_created;
		struct vmbus_channel_version_response version_response;
		struct vmbus_channel_modifychannel_response modify_response;
	} response;
	u32 msgsize;
	unsigned char msg[];
};

/**
 * struct vmbus_close_msg - CLOSECHANNEL preallocated with the channel
 * @info: bookkeeping.
 * @msg: the message, so that close never allocates.
 */
struct vmbus_close_msg {
	struct vmbus_channel_msginfo info;
	struct vmbus_channel_close_channel msg;
};

struct hv_device;
struct vmbc_connection;
struct vmbc_rqstor;

/**
 * enum vmbus_device_type - the device classes the core knows by name
 * @HV_IDE: IDE disk.
 * @HV_SCSI: SCSI storage.
 * @HV_FC: Fibre Channel.
 * @HV_NIC: network.
 * @HV_ND: network direct.
 * @HV_PCIE: PCI pass-through.
 * @HV_FB: synthetic video.
 * @HV_KBD: keyboard.
 * @HV_MOUSE: mouse.
 * @HV_KVP: key-value pairs.
 * @HV_TS: time synchronisation.
 * @HV_HB: heartbeat.
 * @HV_SHUTDOWN: shutdown.
 * @HV_FCOPY: file copy.
 * @HV_BACKUP: VSS backup.
 * @HV_DM: dynamic memory.
 * @HV_UNKNOWN: any other class.
 */
enum vmbus_device_type {
	HV_IDE = 0,
	HV_SCSI,
	HV_FC,
	HV_NIC,
	HV_ND,
	HV_PCIE,
	HV_FB,
	HV_KBD,
	HV_MOUSE,
	HV_KVP,
	HV_TS,
	HV_HB,
	HV_SHUTDOWN,
	HV_FCOPY,
	HV_BACKUP,
	HV_DM,
	HV_UNKNOWN,
};

/**
 * struct vmbus_device - a device class, as Linux v5.2 described it
 * @dev_type: enum vmbus_device_type.
 * @guid: the class GUID.
 * @perf_device: a performance-critical class (spread over CPUs).
 */
struct vmbus_device {
	u16 dev_type;
	guid_t guid;
	bool perf_device;
};

/**
 * struct vmbc_vmbus_device_612 - a device class, as Linux 6.12 describes it
 * @pref_ring_size: preferred ring size in bytes, 0 for none.
 * @dev_type: enum vmbus_device_type.
 * @guid: the class GUID.
 * @perf_device: a performance-critical class.
 * @allowed_in_isolated: offered to confidential VMs.
 *
 * The 6.12 dialect calls it struct vmbus_device.
 */
struct vmbc_vmbus_device_612 {
	size_t pref_ring_size;
	u16 dev_type;
	guid_t guid;
	bool perf_device;
	bool allowed_in_isolated;
};

#if VMBC_API == 612
#define vmbus_device vmbc_vmbus_device_612
#endif

/* The vendor_id of every hv_device: Microsoft's PCI vendor id. */
#define HV_VENDOR_MICROSOFT	0x1414

/**
 * struct vmbus_channel - one VMBus channel, primary or sub-channel
 * @listentry: on the connection's list of primary channels.
 * @device_obj: the bus device of a primary channel.
 * @state: enum vmbus_channel_state.
 * @offermsg: private copy of the host's offer, validated.
 * @monitor_grp: monitorid / 32, when the offer allocated a monitor.
 * @monitor_bit: monitorid % 32.
 * @rescind: the host withdrew the offer; every waiter gives up.
 * @rescind_event: completed when the host rescinds the channel (any
 *	channel, open or not), so that a driver may wait for a rescind.
 * @ringbuffer_gpadlhandle: the GPADL covering both rings, 0 when none.
 * @ringbuffer_page: first page of the ring allocation.
 * @ringbuffer_pagecount: pages of both rings, headers included.
 * @ringbuffer_send_offset: page offset of the host-to-guest ring.
 * @outbound: guest-to-host ring.
 * @inbound: host-to-guest ring.
 * @close_msg: CLOSECHANNEL, preallocated.
 * @interrupts: host-to-guest interrupts for this channel.
 * @sig_events: guest-to-host signals for this channel.
 * @intr_out_empty: writes that found the outbound ring empty and signalled.
 * @out_full_flag: the outbound ring is full (for out_full_first).
 * @callback_event: the tasklet that runs @onchannel_callback.
 * @onchannel_callback: the driver's callback; NULL when closed.
 * @channel_callback_context: its argument.
 * @callback_mode: enum hv_callback_mode.
 * @is_dedicated_interrupt: signal without the shared interrupt page bit.
 * @sig_event: the HvSignalEvent input (connection id).
 * @target_vp: virtual processor the host interrupts.
 * @target_cpu: the Linux CPU behind @target_vp.
 * @alloced_cpus_in_node: CPUs of the node already given to this primary's
 *	sub-channels.
 * @numa_node: the NUMA node @target_cpu belongs to.
 * @sc_creation_callback: called for each new sub-channel of this primary.
 * @chn_rescind_callback: called on rescind instead of unregistering.
 * @lock: protects @sc_list.
 * @sc_list: a primary's list of its sub-channels; a sub-channel's link on
 *	its primary's list.
 * @primary_channel: NULL for a primary.
 * @per_channel_state: the driver's data.
 * @percpu_list: on the per-CPU list of @target_cpu.
 * @rcu: deferred free.
 * @kobj: channels/<relid>/ in sysfs; holds the channel's lifetime.
 * @low_latency: do not use the monitor page when signalling.
 * @affinity_policy: enum hv_numa_policy.
 * @probe_done: the driver's probe has returned.
 * @add_channel_work: processes the offer off the message path.
 * @intr_in_full: signals sent because the inbound ring stopped being full.
 * @out_full_total: writes that found the outbound ring full.
 * @out_full_first: first full write after space was available.
 * @conn: the connection the channel was offered on (added after the v5.2
 *	fields: several connections can exist at once).
 * @rescind_work: processes a rescind on the queue that processed the
 *	offer, so it always runs after the offer's work (added).
 * @open_lock: serialises vmbus_open() and vmbus_close() (added).
 * @ring_pages: the pages of both rings, @ringbuffer_pagecount of them;
 *	they need not be contiguous (added).
 * @max_pkt_size: largest inbound packet accepted, descriptor included; 0
 *	for anything the inbound ring holds. Set before vmbus_open() (added).
 * @pkt_copy: private copy of the packet the iterator hands out (added).
 * @pkt_copy_size: its size (added).
 * @cur_comp_id: request id of the completion being read, released when
 *	the iterator moves past it (added).
 * @rqstor: request ids of packets awaiting a completion (added).
 * @bad_packets: inbound packets dropped as corrupt or unsolicited (added).
 * @release_on_close: rescinded while open; vmbus_close() releases the
 *	relid (added).
 * @sc_cb_lock: held while @sc_creation_callback runs, so that
 *	vmbus_close() of the primary can wait for one in progress (added).
 * @sc_cb_stopped: set by vmbus_close() of the primary, cleared by its
 *	vmbus_open(): no @sc_creation_callback runs in between (added).
 * @ring_broken_reported: the driver's callback found the inbound ring
 *	corrupt and the log said so; no callback runs for the channel until
 *	it is opened again (added).
 * @rings_driver_owned: vmbus_alloc_ring() allocated the rings; only
 *	vmbus_free_ring() frees them (added).
 * @rings_host_held: a GPADL teardown of the rings was never confirmed, so
 *	the host may still write them: they are never freed (added).
 * @rescind_device_kept: rescinded, and the driver's chn_rescind_callback
 *	kept the device; removing the device finishes the rescind. Under the
 *	connection's channel_mutex (added).
 * @change_target_cpu_callback: Linux 6.12's: called, under the
 *	connection's channel_mutex, when the channel's target CPU changes
 *	(added).
 * @device_id: Linux 6.12's: the channel's enum vmbus_device_type, an
 *	index into vmbus_devs (added).
 * @next_request_id_callback: Linux 6.12's request-id hook: when set, the
 *	id it makes of a request's cookie is what the driver reads back in
 *	the completion (storvsc's SCSI tag + 1); the host still sees only
 *	the core's own ids (added).
 * @request_addr_callback: Linux 6.12's request-id hook, the same (added).
 * @rqstor_size: Linux 6.12's requested table size; the core sizes its
 *	table from the ring (added).
 * @mmap_ring_buffer: Linux 6.12's: maps the rings for the channel's
 *	"ring" sysfs file (hv_create_ring_sysfs()) (added).
 * @ring_sysfs_visible: the "ring" file is shown (added).
 * @single_sender: the driver promised one sender at a time
 *	(vmbc_channel_set_single_sender()): sends skip the ring's lock
 *	(added).
 * @instance_node: a primary's entry in its connection's table of
 *	instance GUIDs, so that an offer finds its kin in constant time
 *	(added).
 */
struct vmbus_channel {
	struct list_head listentry;
	struct hv_device *device_obj;
	enum vmbus_channel_state state;
	struct vmbus_channel_offer_channel offermsg;
	u8 monitor_grp;
	u8 monitor_bit;
	bool rescind;
	struct completion rescind_event;
	u32 ringbuffer_gpadlhandle;
	struct page *ringbuffer_page;
	u32 ringbuffer_pagecount;
	u32 ringbuffer_send_offset;
	struct hv_ring_buffer_info outbound;
	struct hv_ring_buffer_info inbound;
	struct vmbus_close_msg close_msg;
	u64 interrupts;
	u64 sig_events;
	u64 intr_out_empty;
	bool out_full_flag;
	struct tasklet_struct callback_event;
	void (*onchannel_callback)(void *context);
	void *channel_callback_context;
	enum hv_callback_mode callback_mode;
	bool is_dedicated_interrupt;
	u64 sig_event;
	u32 target_vp;
	u32 target_cpu;
	struct cpumask alloced_cpus_in_node;
	int numa_node;
	void (*sc_creation_callback)(struct vmbus_channel *new_sc);
	void (*chn_rescind_callback)(struct vmbus_channel *channel);
	spinlock_t lock;	/* protects sc_list */
	struct list_head sc_list;
	struct vmbus_channel *primary_channel;
	void *per_channel_state;
	struct list_head percpu_list;
	struct callback_head rcu;
	struct kobject kobj;
	bool low_latency;
	enum hv_numa_policy affinity_policy;
	bool probe_done;
	struct work_struct add_channel_work;
	u64 intr_in_full;
	u64 out_full_total;
	u64 out_full_first;
	struct vmbc_connection *conn;
	struct work_struct rescind_work;
	struct mutex open_lock;	/* open and close of this channel */
	struct page **ring_pages;
	u32 max_pkt_size;
	void *pkt_copy;
	u32 pkt_copy_size;
	u64 cur_comp_id;
	struct vmbc_rqstor *rqstor;
	u64 bad_packets;
	bool release_on_close;
	struct mutex sc_cb_lock;	/* sc_creation_callback vs close */
	bool sc_cb_stopped;
	bool ring_broken_reported;
	bool rings_driver_owned;
	bool rings_host_held;
	bool rescind_device_kept;
	/* Linux 6.12's, for drivers of that dialect */
	void (*change_target_cpu_callback)(struct vmbus_channel *channel,
					   u32 old, u32 new);
	u16 device_id;
	u64 (*next_request_id_callback)(struct vmbus_channel *channel,
					u64 rqst_addr);
	u64 (*request_addr_callback)(struct vmbus_channel *channel,
				     u64 rqst_id);
	u32 rqstor_size;
	int (*mmap_ring_buffer)(struct vmbus_channel *channel,
				struct vm_area_struct *vma);
	bool ring_sysfs_visible;
	bool single_sender;
	struct hlist_node instance_node;
};

/**
 * struct hv_device - a VMBus device: one primary channel on the bus
 * @dev_type: the class GUID.
 * @dev_instance: the instance GUID.
 * @vendor_id: PCI-style vendor id (Microsoft).
 * @device_id: the class's enum vmbus_device_type.
 * @device: the driver-model device.
 * @driver_override: the driver to bind regardless of the id table.
 * @channel: the primary channel.
 * @channels_kset: the channels/ directory.
 * @dma_parms: Linux 6.12's: the device's DMA parameters (added).
 * @dma_mask: Linux 6.12's: its DMA mask, 64 bits (added).
 * @debug_dir: Linux 6.12's: unused by the core, NULL (added).
 *
 * The fields up to @channels_kset are Linux v5.2's, in its order.
 */
struct hv_device {
	guid_t dev_type;
	guid_t dev_instance;
	u16 vendor_id;
	u16 device_id;
	struct device device;
	char *driver_override;
	struct vmbus_channel *channel;
	struct kset *channels_kset;
	struct device_dma_parameters dma_parms;
	u64 dma_mask;
	struct dentry *debug_dir;
};

/**
 * struct hv_driver - a VMBus device driver
 * @name: the driver's name.
 * @hvsock: binds every hvsock channel, and nothing else.
 * @dev_type: unused by the core; kept for source compatibility.
 * @id_table: class GUIDs the driver binds.
 * @driver: the driver-model driver.
 * @dynids: ids added through sysfs new_id.
 * @dynids.lock: protects @dynids.list.
 * @dynids.list: the added ids.
 * @probe: bind to a device.
 * @remove: unbind; returns int (v5.2) or void (6.12, where the v5.2 view
 *	calls the member vmbc_remove_void).
 * @shutdown: quiesce for shutdown.
 * @suspend: Linux 6.12's: before hibernation (added).
 * @resume: Linux 6.12's: after it (added).
 * @vmbc_api: the dialect the driver registered with, set by the core.
 */
struct hv_driver {
	const char *name;
	bool hvsock;
	guid_t dev_type;
	const struct hv_vmbus_device_id *id_table;
	struct device_driver driver;
	struct {
		spinlock_t lock;	/* protects list */
		struct list_head list;
	} dynids;
	int (*probe)(struct hv_device *dev,
		     const struct hv_vmbus_device_id *id);
	/*
	 * remove() returns int in v5.2 and void in 6.12: one pointer, under
	 * the dialect's name; the core calls the one the driver registered.
	 */
	union {
#if VMBC_API == 612
		void (*remove)(struct hv_device *dev);
		int (*vmbc_remove_int)(struct hv_device *dev);
#else
		int (*remove)(struct hv_device *dev);
		void (*vmbc_remove_void)(struct hv_device *dev);
#endif
	};
	void (*shutdown)(struct hv_device *dev);
	int (*suspend)(struct hv_device *dev);
	int (*resume)(struct hv_device *dev);
	int vmbc_api;
};

#if VMBC_API == 612 && defined(container_of_const)
/* 6.12's take a const device and give a const result. */
#define device_to_hv_device(d)	container_of_const(d, struct hv_device, device)
#define drv_to_hv_drv(d)	container_of_const(d, struct hv_driver, driver)
#else
static inline struct hv_device *device_to_hv_device(struct device *d)
{
	return container_of(d, struct hv_device, device);
}

static inline struct hv_driver *drv_to_hv_drv(struct device_driver *d)
{
	return container_of(d, struct hv_driver, driver);
}
#endif

static inline void hv_set_drvdata(struct hv_device *dev, void *data)
{
	dev_set_drvdata(&dev->device, data);
}

static inline void *hv_get_drvdata(struct hv_device *dev)
{
	return dev_get_drvdata(&dev->device);
}

/**
 * struct vmbus_gpadl - Linux 6.12's handle of an established GPADL
 * @gpadl_handle: the handle, 0 once torn down.
 * @size: bytes covered.
 * @buffer: the buffer.
 * @decrypted: the buffer is still the host's: the GPADL's teardown was
 *	never confirmed (or its establishment may have reached the host),
 *	so it must never go back to the allocator. In Linux the flag says
 *	the same of a confidential VM's shared pages.
 */
struct vmbus_gpadl {
	u32 gpadl_handle;
	u32 size;
	void *buffer;
	bool decrypted;
};

/* ------------------------------------------------------------------ */
/* Exported API: Linux names in source, vmbc_* symbols in the module.  */

/*
 * The names both dialects share, with one signature. Each stands for a
 * vmbc_* symbol: this module loads beside an in-tree hv_vmbus without a
 * clash of exports.
 */
#define __vmbus_driver_register		vmbc_driver_register
#define vmbus_driver_unregister		vmbc_driver_unregister
#define vmbus_open			vmbc_open
#define vmbus_close			vmbc_close
#define vmbus_alloc_ring		vmbc_alloc_ring
#define vmbus_free_ring			vmbc_free_ring
#define vmbus_connect_ring		vmbc_connect_ring
#define vmbus_disconnect_ring		vmbc_disconnect_ring
#define vmbus_sendpacket		vmbc_sendpacket
#define vmbus_recvpacket		vmbc_recvpacket
#define vmbus_recvpacket_raw		vmbc_recvpacket_raw
#define hv_pkt_iter_first		vmbc_pkt_iter_first
#define __hv_pkt_iter_next		vmbc_pkt_iter_next
#define hv_pkt_iter_close		vmbc_pkt_iter_close
#define vmbus_set_sc_create_callback	vmbc_set_sc_create_callback
#define vmbus_set_chn_rescind_callback	vmbc_set_chn_rescind_callback
#define set_channel_pending_send_size	vmbc_set_channel_pending_send_size
#define vmbus_reset_channel_cb		vmbc_reset_channel_cb
#define vmbus_request_offers		vmbc_request_offers
#define vmbus_hvsock_device_unregister	vmbc_hvsock_device_unregister
#define vmbus_allocate_mmio		vmbc_allocate_mmio
#define vmbus_free_mmio			vmbc_free_mmio
#define hv_ringbuffer_get_debuginfo	vmbc_ringbuffer_get_debuginfo
#define hv_process_channel_removal	vmbc_process_channel_removal
#define vmbus_setevent			vmbc_setevent
#define vmbus_set_event			vmbc_set_event
#define vmbus_proto_version		vmbc_proto_version
#define vmbus_send_tl_connect_request	vmbc_send_tl_connect_request

/* The names whose signature changed: each dialect its own symbol. */
#if VMBC_API == 612
#define vmbus_establish_gpadl		vmbc_establish_gpadl_612
#define vmbus_teardown_gpadl		vmbc_teardown_gpadl_612
#define vmbus_prep_negotiate_resp	vmbc_prep_negotiate_resp_612
#define vmbus_onmessage			vmbc_onmessage_612
#define vmbus_sendpacket_getid		vmbc_sendpacket_getid
#define vmbus_next_request_id		vmbc_next_request_id
#define vmbus_request_addr		vmbc_request_addr
#define vmbus_request_addr_match	vmbc_request_addr_match
#define __vmbus_request_addr_match	vmbc_request_addr_match_locked
#define vmbus_send_modifychannel	vmbc_send_modifychannel
#define vmbus_sendpacket_mpb_desc	vmbc_sendpacket_mpb_desc_612
#else
#define vmbus_sendpacket_mpb_desc	vmbc_sendpacket_mpb_desc
#define vmbus_establish_gpadl		vmbc_establish_gpadl
#define vmbus_teardown_gpadl		vmbc_teardown_gpadl
#define vmbus_prep_negotiate_resp	vmbc_prep_negotiate_resp
#define vmbus_onmessage			vmbc_onmessage
#define vmbus_sendpacket_pagebuffer	vmbc_sendpacket_pagebuffer
#define vmbus_are_subchannels_present	vmbc_are_subchannels_present
#endif

/**
 * __vmbus_driver_register() - register a VMBus driver on the vmbc bus
 * @hv_driver: the driver; its @name, @id_table, @probe and @remove set.
 * @owner: the driver's module.
 * @mod_name: its name.
 *
 * Use vmbus_driver_register(), which passes THIS_MODULE.
 *
 * Context: process context.
 * Return: 0 or -errno.
 */
int __must_check __vmbus_driver_register(struct hv_driver *hv_driver,
					 struct module *owner,
					 const char *mod_name);

/*
 * The 6.12 dialect registers through its own symbol, which tells the core
 * that remove() returns void.
 */
int __must_check vmbc_driver_register_612(struct hv_driver *hv_driver,
					  struct module *owner,
					  const char *mod_name);

#if VMBC_API == 612
#define vmbus_driver_register(driver)	\
	vmbc_driver_register_612(driver, THIS_MODULE, KBUILD_MODNAME)
#else
#define vmbus_driver_register(driver)	\
	__vmbus_driver_register(driver, THIS_MODULE, KBUILD_MODNAME)
#endif

/**
 * vmbus_driver_unregister() - unregister a VMBus driver
 * @hv_driver: the driver.
 *
 * Context: process context.
 */
void vmbus_driver_unregister(struct hv_driver *hv_driver);

void vmbus_set_sc_create_callback(struct vmbus_channel *primary_channel,
				  void (*sc_cr_cb)(struct vmbus_channel *new_sc));
void vmbus_set_chn_rescind_callback(struct vmbus_channel *channel,
				    void (*chn_rescind_cb)(struct vmbus_channel *c));
bool vmbc_are_subchannels_present(struct vmbus_channel *primary);

bool vmbc_prep_negotiate_resp(struct icmsg_hdr *icmsghdrp, u8 *buf,
			      const int *fw_version, int fw_vercnt,
			      const int *srv_version, int srv_vercnt,
			      int *nego_fw_version, int *nego_srv_version);
bool vmbc_prep_negotiate_resp_612(struct icmsg_hdr *icmsghdrp, u8 *buf,
				  u32 buflen, const int *fw_version,
				  int fw_vercnt, const int *srv_version,
				  int srv_vercnt, int *nego_fw_version,
				  int *nego_srv_version);

/**
 * set_channel_pending_send_size() - be woken when the host makes room
 * @c: an opened channel.
 * @size: the free space wanted in the guest-to-host ring, in bytes (the
 *	size of the packet that did not fit, plus 8 for its trailer); 0
 *	withdraws the request.
 *
 * The host then signals the channel once its free space grows from at
 * most @size to more than @size, and the driver's callback runs, as in
 * Linux v5.2. When the room is already there (the host drained between
 * the failed send and this call) the callback is run anyway, so a driver
 * that waits for it is never left waiting.
 *
 * Context: any; the channel opened.
 */
void set_channel_pending_send_size(struct vmbus_channel *c, u32 size);

int vmbus_open(struct vmbus_channel *channel, u32 send_ringbuffersize,
	       u32 recv_ringbuffersize, void *userdata, u32 userdatalen,
	       void (*onchannel_callback)(void *context), void *context);
void vmbus_close(struct vmbus_channel *channel);
int vmbus_alloc_ring(struct vmbus_channel *channel, u32 send_size,
		     u32 recv_size);
void vmbus_free_ring(struct vmbus_channel *channel);
int vmbus_connect_ring(struct vmbus_channel *channel,
		       void (*onchannel_callback)(void *context),
		       void *context);
int vmbus_disconnect_ring(struct vmbus_channel *channel);
void vmbus_reset_channel_cb(struct vmbus_channel *channel);

int vmbc_establish_gpadl(struct vmbus_channel *channel, void *kbuffer,
			 u32 size, u32 *gpadl_handle);
int vmbc_teardown_gpadl(struct vmbus_channel *channel, u32 gpadl_handle);
int vmbc_establish_gpadl_612(struct vmbus_channel *channel, void *kbuffer,
			     u32 size, struct vmbus_gpadl *gpadl);
int vmbc_teardown_gpadl_612(struct vmbus_channel *channel,
			    struct vmbus_gpadl *gpadl);

int vmbus_sendpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u64 requestid, enum vmbus_packet_type type,
		     u32 flags);
int vmbc_sendpacket_getid(struct vmbus_channel *channel, void *buffer,
			  u32 bufferlen, u64 requestid, u64 *trans_id,
			  enum vmbus_packet_type type, u32 flags);
int vmbc_sendpacket_pagebuffer(struct vmbus_channel *channel,
			       struct hv_page_buffer pagebuffers[],
			       u32 pagecount, void *buffer, u32 bufferlen,
			       u64 requestid);
int vmbus_sendpacket_mpb_desc(struct vmbus_channel *channel,
			      struct vmbus_packet_mpb_array *desc,
			      u32 desc_size, void *buffer, u32 bufferlen,
			      u64 requestid);
/* 6.12's: the caller's range count, not v5.2's 1 (netvsc sends several). */
int vmbc_sendpacket_mpb_desc_612(struct vmbus_channel *channel,
				 struct vmbus_packet_mpb_array *desc,
				 u32 desc_size, void *buffer, u32 bufferlen,
				 u64 requestid);
int vmbus_recvpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u32 *buffer_actual_len, u64 *requestid);
int vmbus_recvpacket_raw(struct vmbus_channel *channel, void *buffer,
			 u32 bufferlen, u32 *buffer_actual_len,
			 u64 *requestid);

u64 vmbc_next_request_id(struct vmbus_channel *channel, u64 rqst_addr);
u64 vmbc_request_addr(struct vmbus_channel *channel, u64 trans_id);
u64 vmbc_request_addr_match(struct vmbus_channel *channel, u64 trans_id,
			    u64 rqst_addr);
u64 vmbc_request_addr_match_locked(struct vmbus_channel *channel,
				   u64 trans_id, u64 rqst_addr);

struct vmpacket_descriptor *hv_pkt_iter_first(struct vmbus_channel *channel);
struct vmpacket_descriptor *
__hv_pkt_iter_next(struct vmbus_channel *channel,
		   const struct vmpacket_descriptor *pkt);
void hv_pkt_iter_close(struct vmbus_channel *channel);

/**
 * hv_pkt_iter_next() - the next packet, closing the batch after the last
 * @channel: the channel.
 * @pkt: the current packet.
 *
 * Context: the channel's callback.
 * Return: the next packet, or NULL (the batch is then closed).
 */
static inline struct vmpacket_descriptor *
hv_pkt_iter_next(struct vmbus_channel *channel,
		 const struct vmpacket_descriptor *pkt)
{
	struct vmpacket_descriptor *nxt = __hv_pkt_iter_next(channel, pkt);

	if (!nxt)
		hv_pkt_iter_close(channel);
	return nxt;
}

/**
 * hv_pkt_data() - a packet's payload
 * @desc: a packet from the iterator.
 *
 * Return: the payload, after the descriptor and any headers.
 */
static inline void *hv_pkt_data(const struct vmpacket_descriptor *desc)
{
	return (void *)((unsigned long)desc + (desc->offset8 << 3));
}

/**
 * hv_pkt_datalen() - a packet's payload length
 * @desc: a packet from the iterator.
 *
 * Return: bytes of payload (padding included, as v5.2 counted it).
 */
static inline u32 hv_pkt_datalen(const struct vmpacket_descriptor *desc)
{
	return (desc->len8 << 3) - (desc->offset8 << 3);
}

/**
 * set_channel_read_mode() - how the channel's callback is called
 * @c: the channel.
 * @mode: HV_CALL_BATCHED (default), HV_CALL_DIRECT or HV_CALL_ISR.
 *
 * Context: before vmbus_open(), or from the channel's callback.
 */
static inline void set_channel_read_mode(struct vmbus_channel *c,
					 enum hv_callback_mode mode)
{
	WRITE_ONCE(c->callback_mode, mode);
}

int vmbus_request_offers(void);
void vmbc_onmessage(void *context);
void vmbc_onmessage_612(struct vmbus_channel_message_header *hdr);
void vmbus_hvsock_device_unregister(struct vmbus_channel *channel);
int vmbus_allocate_mmio(struct resource **new, struct hv_device *device_obj,
			resource_size_t min, resource_size_t max,
			resource_size_t size, resource_size_t align,
			bool fb_overlap_ok);
void vmbus_free_mmio(resource_size_t start, resource_size_t size);
int hv_ringbuffer_get_debuginfo(struct hv_ring_buffer_info *ring_info,
				struct hv_ring_buffer_debug_info *debug_info);
void hv_process_channel_removal(struct vmbus_channel *channel);
void vmbus_setevent(struct vmbus_channel *channel);
void vmbus_set_event(struct vmbus_channel *channel);
int vmbc_send_modifychannel(struct vmbus_channel *channel, u32 target_vp);
int vmbus_send_tl_connect_request(const guid_t *shv_guest_servie_id,
				  const guid_t *shv_host_servie_id);

/* The protocol version of the first connection; 0 before it connects. */
extern __u32 vmbus_proto_version;

/* ------------------------------------------------------------------ */
/* vmbc extensions: not in Linux's API                                 */

/**
 * vmbc_get_version() - the protocol version negotiated with the host
 *
 * Context: any.
 * Return: VERSION_* of the first connection, or 0 when not connected.
 */
u32 vmbc_get_version(void);

/**
 * vmbc_channel_set_cpu() - move a channel's interrupts to another CPU
 * @channel: an opened channel.
 * @cpu: an online CPU.
 *
 * Interrupts the host sends to the old CPU until it has switched are
 * still delivered: the entry finds channels by relid on any CPU.
 *
 * Context: process context, sleeps.
 * Return: 0; -EINVAL for an offline CPU or a channel not opened;
 * -EOPNOTSUPP before protocol 4.1; -EIO when the host refused; -ENODEV
 * when rescinded.
 */
int vmbc_channel_set_cpu(struct vmbus_channel *channel, unsigned int cpu);

int vmbc_sendpacket_more(struct vmbus_channel *channel, void *buffer,
			 u32 bufferlen, u64 requestid,
			 enum vmbus_packet_type type, u32 flags, bool more);
int vmbc_channel_send_flush(struct vmbus_channel *channel);
void vmbc_channel_set_single_sender(struct vmbus_channel *channel,
				    bool single);

#endif /* _VMBC_VMBUS_H */
