// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim device models: which model plays which class, and the calls the
 * host's core makes into them. This table is the one place that names the
 * models; the host's core (host.c, devices.c, channel.c, rings.c) knows a
 * device only through its struct vmbc_sim_model, as Hyper-V's VMBus server
 * knows its device providers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "models.h"
#include "sim.h"

static const struct vmbc_sim_model *const vmbc_sim_models[] = {
	&vmbc_sim_echo_model,
	&vmbc_sim_heartbeat_model,
	&vmbc_sim_shutdown_model,
	&vmbc_sim_timesync_model,
	&vmbc_sim_kvp_model,
	&vmbc_sim_keyboard_model,
	&vmbc_sim_storage_model,
	&vmbc_sim_network_model,
};

/**
 * vmbc_sim_model_find() - the model that plays a class
 * @class_id: the class GUID.
 *
 * Return: the model, or NULL when none does.
 */
const struct vmbc_sim_model *vmbc_sim_model_find(const guid_t *class_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_sim_models); i++)
		if (guid_equal(&vmbc_sim_models[i]->class_id, class_id))
			return vmbc_sim_models[i];
	return NULL;
}

/**
 * vmbc_sim_model_by_name() - a model by its alias
 * @name: "echo", "heartbeat", ... (case does not matter).
 *
 * Return: the model, or NULL.
 */
const struct vmbc_sim_model *vmbc_sim_model_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_sim_models); i++)
		if (!strcasecmp(vmbc_sim_models[i]->name, name))
			return vmbc_sim_models[i];
	return NULL;
}

/**
 * vmbc_sim_model_at() - the models, one by one
 * @i: 0, 1, ...
 *
 * Return: the @i-th model, or NULL past the last.
 */
const struct vmbc_sim_model *vmbc_sim_model_at(unsigned int i)
{
	return i < ARRAY_SIZE(vmbc_sim_models) ? vmbc_sim_models[i] : NULL;
}

/**
 * vmbc_sim_model_dev() - the device at a relid, if a given model plays it
 * @sim: the host.
 * @relid: the relid.
 * @model: the model the caller is.
 *
 * For a model's own API: a device found stays alive while the host's
 * mutex is held.
 *
 * Context: the host's mutex held.
 * Return: the device; ERR_PTR(-ENOENT) when the host has none at @relid,
 * ERR_PTR(-ENODEV) when another model (or none) plays it.
 */
struct vmbc_sim_dev *vmbc_sim_model_dev(struct vmbc_sim *sim, u32 relid,
					const struct vmbc_sim_model *model)
{
	struct vmbc_sim_dev *dev;

	lockdep_assert_held(&sim->mutex);
	dev = xa_load(&sim->devs, relid);
	if (!dev)
		return ERR_PTR(-ENOENT);
	return dev->model == model ? dev : ERR_PTR(-ENODEV);
}

/**
 * vmbc_sim_model_primary() - a model's state at a device's primary channel
 * @sim: the host.
 * @relid: the primary channel's relid.
 * @model: the model the caller is.
 *
 * For a model's own API, as vmbc_sim_model_dev().
 *
 * Context: the host's mutex held; the state stays while it is.
 * Return: the device's vmbc_sim_model_priv(); ERR_PTR(-ENOENT) when the
 * host has no device at @relid, ERR_PTR(-ENODEV) when another model (or
 * none) plays it or it is a sub-channel.
 */
void *vmbc_sim_model_primary(struct vmbc_sim *sim, u32 relid,
			     const struct vmbc_sim_model *model)
{
	struct vmbc_sim_dev *dev = vmbc_sim_model_dev(sim, relid, model);

	if (IS_ERR(dev))
		return ERR_CAST(dev);
	if (dev->cfg.sub_channel_index)
		return ERR_PTR(-ENODEV);
	return vmbc_sim_model_priv(dev);
}

/**
 * vmbc_sim_device_packet() - hand one packet of the guest to the device
 * @dev: the device; its channel open.
 * @pkt: the packet, validated by the iterator.
 * @signal: set when a write says the guest must be interrupted.
 *
 * Context: the channel's work, the host's mutex held.
 * Return: as struct vmbc_sim_model's @packet; 0 for a packet nobody plays.
 */
int vmbc_sim_device_packet(struct vmbc_sim_dev *dev,
			   const struct vmbc_ring_pkt *pkt, bool *signal)
{
	if (!dev->model || !dev->model->packet) {
		dev->chan.dropped++;
		return 0;
	}
	return dev->model->packet(dev, pkt, signal);
}

/**
 * vmbc_sim_model_event() - tell the device's model that something happened
 * @dev: the device.
 * @hook: the model's hook for it (may be NULL).
 *
 * For the hooks that take the device alone; a device without a model
 * ignores every event.
 */
void vmbc_sim_model_event(struct vmbc_sim_dev *dev,
			  void (*hook)(struct vmbc_sim_dev *dev))
{
	if (hook)
		hook(dev);
}

/**
 * vmbc_sim_models_host_init() - each model's settings for a new host
 * @sim: the host, being created.
 *
 * Context: process context.
 */
void vmbc_sim_models_host_init(struct vmbc_sim *sim)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_sim_models); i++)
		if (vmbc_sim_models[i]->host_init)
			vmbc_sim_models[i]->host_init(sim);
}

/**
 * vmbc_sim_models_setup() - what the models need beyond any host, at load
 *
 * Context: module init.
 * Return: 0, or the first model's error (what was set up is undone).
 */
int vmbc_sim_models_setup(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(vmbc_sim_models); i++) {
		if (!vmbc_sim_models[i]->setup)
			continue;
		err = vmbc_sim_models[i]->setup();
		if (err)
			goto undo;
	}
	return 0;
undo:
	while (i--)
		if (vmbc_sim_models[i]->teardown)
			vmbc_sim_models[i]->teardown();
	return err;
}

/**
 * vmbc_sim_models_teardown() - undo vmbc_sim_models_setup(), at unload
 *
 * Context: module exit, every host gone.
 */
void vmbc_sim_models_teardown(void)
{
	unsigned int i = ARRAY_SIZE(vmbc_sim_models);

	while (i--)
		if (vmbc_sim_models[i]->teardown)
			vmbc_sim_models[i]->teardown();
}
