/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sysfs of the test's own, read and written as a user does: at KUnit
 * time nothing is mounted at /sys. Paths are a kobject's, relative to the
 * mount.
 */
#ifndef _VMBC_KUNIT_SYSFS_HELPERS_H
#define _VMBC_KUNIT_SYSFS_HELPERS_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>

static inline void kt_umount_action(void *mnt)
{
	mntput(mnt);
}

static inline struct vfsmount *kt_mount_sysfs(struct kunit *test)
{
	struct file_system_type *type = get_fs_type("sysfs");
	struct vfsmount *mnt;

	KUNIT_ASSERT_NOT_NULL(test, type);
	mnt = vfs_kern_mount(type, SB_KERNMOUNT, "sysfs", NULL);
	put_filesystem(type);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_umount_action,
							mnt), 0);
	return mnt;
}

/* "<kobject's path>/<file>" relative to the mount, in @path. */
static inline int kt_sysfs_path(struct kobject *kobj, const char *file,
				char *path, size_t size)
{
	char *dir = kobject_get_path(kobj, GFP_KERNEL);
	int n;

	if (!dir)
		return -ENOMEM;
	/* "/devices/..." is absolute in sysfs: relative to the mount here */
	n = snprintf(path, size, "%s/%s", dir + 1, file);
	kfree(dir);
	return n < size ? 0 : -ENAMETOOLONG;
}

/* Does @kobj's directory hold @file? */
static inline bool kt_sysfs_exists(struct vfsmount *mnt, struct kobject *kobj,
				   const char *file)
{
	struct file *f;
	char path[256];

	if (kt_sysfs_path(kobj, file, path, sizeof(path)))
		return false;
	f = file_open_root_mnt(mnt, path, O_RDONLY, 0);
	if (IS_ERR(f))
		return false;
	fput(f);
	return true;
}

/* Read the file at @path into @buf (NUL-terminated); bytes read or -errno. */
static inline ssize_t kt_sysfs_read_path(struct vfsmount *mnt, const char *path,
					 char *buf, size_t size)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root_mnt(mnt, path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1, &pos);
	fput(f);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* Read @file of @kobj into @buf (NUL-terminated); bytes read or -errno. */
static inline ssize_t kt_sysfs_read(struct vfsmount *mnt, struct kobject *kobj,
				    const char *file, char *buf, size_t size)
{
	char path[256];
	int ret;

	ret = kt_sysfs_path(kobj, file, path, sizeof(path));
	if (ret)
		return ret;
	return kt_sysfs_read_path(mnt, path, buf, size);
}

/* Write @value to the file at @path; bytes written or -errno. */
static inline ssize_t kt_sysfs_write(struct vfsmount *mnt, const char *path,
				     const char *value)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root_mnt(mnt, path, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, value, strlen(value), &pos);
	fput(f);
	return n;
}

#endif /* _VMBC_KUNIT_SYSFS_HELPERS_H */
