#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make mutate: every check ring.c makes on host input must be caught.

Each mutation removes (or weakens) one check or one private copy in a
scratch copy of drivers/vmbus/ring.c, rebuilds the userspace KUnit suite
against it, and runs it. The mutation is caught when every test named for
it fails; a mutation no test notices would mean a test that cannot fail.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
RING = os.path.join(ROOT, "drivers", "vmbus", "ring.c")
CORRUPT = "ring_rejects_corruption - "

# (what is removed, old text, new text, tests that must fail)
MUTATIONS = [
    ("lesson 7: inbound write_index range",
     "\t\tif (unlikely(!index_ok(wi, dsize)))\n\t\t\treturn ring_fault",
     "\t\tif (0)\n\t\t\treturn ring_fault",
     [CORRUPT + "wi_beyond", CORRUPT + "wi_far_beyond",
      CORRUPT + "wi_misaligned"]),
    ("lesson 7: write_index re-read at close",
     "\tif (unlikely(!index_ok(wi, dsize))) {\n\t\tring_fault(rbi, VMBC_RING_FAULT_WRITE_INDEX",
     "\tif (0) {\n\t\tring_fault(rbi, VMBC_RING_FAULT_WRITE_INDEX",
     [CORRUPT + "wi_bad_at_close"]),
    ("lesson 7: at least a packet's worth available",
     "if (unlikely(avail < VMBC_RING_MIN_PACKET))",
     "if (0)",
     [CORRUPT + "wi_short"]),
    ("lesson 8: outbound read_index range",
     "if (unlikely(!index_ok(ri, dsize))) {",
     "if (0) {",
     [CORRUPT + "ri_beyond", CORRUPT + "ri_huge", CORRUPT + "ri_misaligned"]),
    ("lesson 8: private write index",
     "\told = rbi->priv_write_index;",
     "\told = READ_ONCE(rb->write_index);",
     ["ring_ignores_host_writes_to_our_write_index"]),
    ("lesson 8: private read index (batch start)",
     "\tu32 start = rbi->pub_read_index;",
     "\tu32 start = READ_ONCE(rbi->ring_buffer->read_index);",
     ["ring_ignores_host_writes_to_our_read_index"]),
    ("lesson 9: any mask bit masks",
     "if (!READ_ONCE(rb->interrupt_mask)) {",
     "if (!(READ_ONCE(rb->interrupt_mask) & 1)) {",
     ["ring_treats_any_mask_bit_as_masked"]),
    ("lesson 10: private feature bits",
     "if (!(rbi->feature_bits & HV_RING_FEAT_PENDING_SEND_SZ))",
     "if (!(READ_ONCE(rb->feature_bits.value) & HV_RING_FEAT_PENDING_SEND_SZ))",
     ["ring_trusts_no_shared_feature_bits"]),
    ("lesson 11: offset8 below the descriptor",
     "if (unlikely(off < VMBC_RING_DESC_SIZE || off > len))",
     "if (unlikely(off > len))",
     [CORRUPT + "off_zero", CORRUPT + "off_inside_desc",
      CORRUPT + "wi_behind_reader"]),
    ("lesson 11: offset8 past len8",
     "if (unlikely(off < VMBC_RING_DESC_SIZE || off > len))",
     "if (unlikely(off < VMBC_RING_DESC_SIZE))",
     [CORRUPT + "off_past_len"]),
    ("lesson 11: packet and trailer within what was written",
     "if (unlikely(len > avail - VMBC_RING_TRAILER_SIZE))",
     "if (0)",
     [CORRUPT + "len_past_written", CORRUPT + "len_over_trailer",
      CORRUPT + "len_max"]),
    ("lesson 11: maximum packet size",
     "if (unlikely(len > rbi->max_pkt_size))",
     "if (0)",
     [CORRUPT + "len_over_max_pkt"]),
    ("lesson 12: known types only",
     "\tdefault:\n\t\treturn ring_fault(rbi, VMBC_RING_FAULT_TYPE, -EBADMSG);",
     "\tdefault:\n\t\thdr = VMBC_RING_DESC_SIZE;\n\t\tranges = false;\n\t\tbreak;",
     [CORRUPT + n for n in ("type_invalid", "type_synch", "type_cancel",
                            "type_additional", "type_ffff")]),
    ("lesson 12: COMPLETION_REQUESTED the only flag",
     "if (unlikely(flags & ~VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED))",
     "if (0)",
     [CORRUPT + "flags_bit1", CORRUPT + "flags_top"]),
    ("lesson 12: 24-byte range header",
     "if (unlikely(off < hdr))",
     "if (0)",
     [CORRUPT + "xfer_header_short", CORRUPT + "gpadl_header_short"]),
    ("lesson 12: range count fits",
     "if (unlikely((u64)cnt * sizeof(struct vmtransfer_page_range) >",
     "if (0 && ((u64)cnt * sizeof(struct vmtransfer_page_range) >",
     [CORRUPT + "xfer_count_past_offset", CORRUPT + "xfer_count_huge",
      CORRUPT + "gpa_count_past_offset"]),
    ("lesson 13: advance by the validated length",
     "rbi->priv_read_index = ring_add(rbi->priv_read_index, rbi->rd_pkt_len,",
     "rbi->priv_read_index = ring_add(rbi->priv_read_index, (((READ_ONCE(*(const u64 *)(rbi->ring_data + rbi->priv_read_index)) >> 32) & 0xffff) * 8 + 8),",
     ["ring_iterates_on_its_descriptor_copy"]),
    ("signal only on empty to non-empty",
     "if (READ_ONCE(rb->read_index) == old)",
     "if (1)",
     ["ring_signals_only_on_empty_to_nonempty"]),
    ("pending-send signal only on the transition",
     "return ring_free(wi, start, dsize) <= pending &&",
     "return",
     ["ring_pending_send_signals_once_per_transition"]),
    ("strictly more free space than the packet",
     "if (need >= space) {",
     "if (need > space) {",
     ["ring_exact_fit_refused_one_less_accepted"]),
]


def build(src, out, build_dir):
    cmd = ["clang", "-Iinclude", "-I" + os.path.join(ROOT, "include"),
           "-I" + os.path.join(ROOT, "drivers", "vmbus"), "-D_GNU_SOURCE",
           "-w", "-O1", "-g", "-fsanitize=address,undefined",
           "-fno-sanitize-recover=all", "-o", out,
           os.path.join(build_dir, "kunit.o"),
           os.path.join(build_dir, "shim.o"),
           os.path.join(build_dir, "ring_kunit.o"), src]
    subprocess.run(cmd, cwd=HERE, check=True)


def main():
    build_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    mdir = os.path.join(build_dir, "mutate")
    os.makedirs(mdir, exist_ok=True)
    common = ["clang", "-Iinclude", "-I" + os.path.join(ROOT, "include"),
              "-I" + os.path.join(ROOT, "drivers", "vmbus"), "-D_GNU_SOURCE",
              "-w", "-O1", "-g", "-fsanitize=address,undefined",
              "-fno-sanitize-recover=all", "-c"]
    for name, src in (("kunit.o", "kunit.c"), ("shim.o", "shim.c"),
                      ("ring_kunit.o", os.path.join(ROOT, "tests", "kunit",
                                                    "ring_kunit.c"))):
        subprocess.run(common + ["-o", os.path.join(build_dir, name), src],
                       cwd=HERE, check=True)
    original = open(RING).read()
    caught = missed = 0
    for i, (what, old, new, tests) in enumerate(MUTATIONS):
        if original.count(old) != 1:
            print(f"not ok {what}: the text to mutate is not there once")
            missed += 1
            continue
        src = os.path.join(mdir, f"ring_{i}.c")
        with open(src, "w") as f:
            f.write(original.replace(old, new))
        exe = os.path.join(mdir, f"ring_{i}")
        build(src, exe, build_dir)
        res = subprocess.run([exe, "-v", "vmbc_ring."], cwd=HERE,
                             capture_output=True, text=True, timeout=300)
        out = res.stdout
        failed = set(re.findall(r"^    not ok (.*)$", out, re.M))
        passed = set(re.findall(r"^    ok (.*)$", out, re.M))
        crashed = res.returncode != 0 and not re.search(
            r"^ring-unit:", out, re.M)
        missing = [t for t in tests
                   if t not in failed and (t in passed or not crashed)]
        if missing:
            print(f"not ok {what}: still passing: {', '.join(missing)}")
            missed += 1
        else:
            how = "crash" if crashed else f"{len(failed)} failing"
            print(f"ok {what} ({how})")
            caught += 1
    # every row of the corruption table must be some mutation's witness
    kunit = open(os.path.join(ROOT, "tests", "kunit", "ring_kunit.c")).read()
    table = kunit[kunit.index("corrupt_cases[] = {"):]
    table = table[:table.index("};")]
    rows = re.findall(r"ROW\((\w+),", table) + re.findall(r'\{ "(\w+)",', table)
    witnessed = {t for m in MUTATIONS for t in m[3]}
    for row in rows:
        if CORRUPT + row not in witnessed:
            print(f"not ok row {row}: no mutation shows it can fail")
            missed += 1
    print(f"mutate: {caught} caught, {missed} missed, {len(rows)} table rows")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
