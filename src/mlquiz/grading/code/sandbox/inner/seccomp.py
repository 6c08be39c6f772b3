"""A seccomp-BPF deny-list, assembled by hand so the sandbox needs no libseccomp binding.

Why a deny-list (default allow) rather than an allow-list: CPython plus NumPy/OpenBLAS use a
broad and version-dependent set of harmless syscalls; an allow-list breaks on upgrades. The
denied set is every syscall that creates processes, reaches the network, changes namespaces
or mounts, inspects other processes, or opens kernel attack surface (io_uring, bpf, keys,
perf, userfaultfd, modules). Threads stay allowed: ``clone`` passes only with
``CLONE_THREAD`` and no namespace flag; ``clone3`` (whose flags BPF cannot read) answers
ENOSYS so libc falls back to ``clone``. Syscalls from a foreign ABI (i386 ``int 0x80``, x32)
are refused, so the table cannot be bypassed by switching calling convention.
"""

from __future__ import annotations

import ctypes
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
_X32_BIT = 0x40000000
CLONE_THREAD = 0x00010000
CLONE_NS_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000
CLONE_NS_FLAGS |= 0x40000000

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
EPERM = 1
ENOSYS = 38

Any_ = int | str  # a jump target: an offset or a label

# x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl).
X86_64_DENY: dict[str, int] = {
    "execve": 59, "execveat": 322, "fork": 57, "vfork": 58,
    "socket": 41, "socketpair": 53, "connect": 42, "bind": 49, "listen": 50, "accept": 43,
    "accept4": 288,
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
    "pidfd_open": 434, "pidfd_getfd": 438, "pidfd_send_signal": 424, "process_madvise": 440,
    "process_mrelease": 448,
    "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155,
    "chroot": 161, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
    "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    "name_to_handle_at": 303, "open_by_handle_at": 304,
    "keyctl": 250, "add_key": 248, "request_key": 249,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "fanotify_init": 300,
    "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
    "delete_module": 176, "reboot": 169, "swapon": 167, "swapoff": 168, "syslog": 103,
    "acct": 163, "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305,
    "adjtimex": 159, "iopl": 172, "ioperm": 173, "modify_ldt": 154, "personality": 135,
    "uselib": 134, "ustat": 136, "sysfs": 139, "_sysctl": 156, "vhangup": 153,
    "quotactl": 179, "quotactl_fd": 443, "lookup_dcookie": 212, "nfsservctl": 180,
}  # fmt: skip
X86_64_CLONE = 56
X86_64_CLONE3 = 435

# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_AND_K = 0x54
_RET_K = 0x06
_OFF_NR = 0
_OFF_ARCH = 4
_OFF_ARG0 = 16  # low 32 bits on little-endian


def supported() -> bool:
    """True when this module has a syscall table for the running architecture."""
    return platform.machine() in ("x86_64", "AMD64")


def build_filter() -> list[tuple[int, int, int, int]]:
    """Assemble the filter as (code, jt, jf, k) tuples; jumps resolved from labels."""
    prog: list[tuple[int, Any_, Any_, int]] = []

    def ins(code: int, k: int, jt: Any_ = 0, jf: Any_ = 0) -> None:
        prog.append((code, jt, jf, k))

    ins(_LD_W_ABS, _OFF_ARCH)
    ins(_JEQ_K, AUDIT_ARCH_X86_64, 1, 0)
    ins(_RET_K, SECCOMP_RET_KILL_PROCESS)
    ins(_LD_W_ABS, _OFF_NR)
    ins(_JGE_K, _X32_BIT, "deny", 0)
    ins(_JEQ_K, X86_64_CLONE, "clone", 0)
    ins(_JEQ_K, X86_64_CLONE3, "enosys", 0)
    for nr in sorted(set(X86_64_DENY.values())):
        ins(_JEQ_K, nr, "deny", 0)
    labels: dict[str, int] = {}
    ins(_RET_K, SECCOMP_RET_ALLOW)
    labels["clone"] = len(prog)  # BPF jumps only forward: targets below
    ins(_LD_W_ABS, _OFF_ARG0)
    ins(_AND_K, CLONE_THREAD | CLONE_NS_FLAGS)
    ins(_JEQ_K, CLONE_THREAD, "allow", "deny")
    labels["allow"] = len(prog)
    ins(_RET_K, SECCOMP_RET_ALLOW)
    labels["deny"] = len(prog)
    ins(_RET_K, SECCOMP_RET_ERRNO | EPERM)
    labels["enosys"] = len(prog)
    ins(_RET_K, SECCOMP_RET_ERRNO | ENOSYS)

    out: list[tuple[int, int, int, int]] = []
    for pc, (code, jt, jf, k) in enumerate(prog):

        def rel(target: Any_, pc: int = pc) -> int:
            if isinstance(target, str):
                off = labels[target] - pc - 1
                if not 0 <= off <= 255:
                    raise ValueError("BPF jump out of range")
                return off
            return int(target)

        out.append((code, rel(jt), rel(jf), k))
    return out


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


def install() -> None:
    """Set no_new_privs and load the filter into the calling process (all future threads)."""
    if not supported():
        raise OSError("seccomp filter has no syscall table for " + platform.machine())
    insns = build_filter()
    raw = b"".join(struct.pack("=HBBI", *i) for i in insns)
    buf = ctypes.create_string_buffer(raw, len(raw))
    prog = _SockFprog(len(insns), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(SET_SECCOMP) failed")
