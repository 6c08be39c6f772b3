"""Hostile submissions, one per attack class of DESIGN.md §3 (and then some).

Every case asserts the outcome (status, and that no forged "ok" value got through) *and*
containment: host files planted beforehand are unchanged, no process of the run is alive,
the loopback/unix/abstract listeners received nothing, the pool serves a normal submission
afterwards, and nothing persisted into that next run.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mlquiz
from mlquiz.grading.code.sandbox import Limits, Sandbox, SandboxResult

Runner = Callable[..., SandboxResult]
Host = Any  # conftest.Host (fixtures, not imports, cross the conftest boundary)
FAST = Limits(cpu_seconds=1, wall_seconds=2, memory_mb=256, output_kb=16)
#: Lives only in the supervisor's memory; the sandbox must never be able to find it.
SUPERVISOR_ONLY = "EXPECTED-OUTPUT-" + "7f3a9c" * 4


@dataclass
class Case:
    id: str
    code: str
    expect: tuple[str, ...]
    numpy: bool = False
    limits: Limits = FAST
    check: Callable[[SandboxResult, Host], None] | None = None
    tags: list[str] = field(default_factory=list)


def value(r: SandboxResult) -> Any:
    assert r.calls, (r.status, r.detail)
    assert r.calls[0].status == "ok", (r.status, r.calls, r.detail)
    return r.calls[0].value


def raised(*types: str) -> Callable[[SandboxResult, Host], None]:
    def check(r: SandboxResult, h: Host) -> None:
        assert r.calls, (r.status, r.detail)
        assert r.calls[0].status == "exception", (r.status, r.calls)
        assert r.calls[0].exception_type in types, r.calls[0]
        assert r.calls[0].value is None

    return check


def value_is(pred: Callable[[Any, Host], bool]) -> Callable[[SandboxResult, Host], None]:
    def check(r: SandboxResult, h: Host) -> None:
        v = value(r)
        assert pred(v, h), v

    return check


def no_secret(r: SandboxResult, h: Host) -> None:
    text = repr([c.value for c in r.calls]) + r.stdout + repr(r.calls)
    assert h.secret not in text
    assert SUPERVISOR_ONLY not in text


def all_denied(r: SandboxResult, h: Host) -> None:
    """Cases returning a list of outcomes: every attempt must have failed."""
    no_secret(r, h)
    for item in value(r):
        assert isinstance(item, str), item
        assert item.startswith("ERR"), item


ATTEMPT = (
    "def attempt(fn, *a):\n"
    "    try:\n"
    "        return 'OK ' + repr(fn(*a))[:200]\n"
    "    except BaseException as e:\n"
    "        return 'ERR ' + type(e).__name__\n"
)
LIBC = "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"


def syscall_case(name: str, nr: int, args: str = "0, 0, 0, 0") -> Case:
    code = LIBC + (
        f"def f(h):\n    r = libc.syscall({nr}, {args})\n    return [r, ctypes.get_errno()]\n"
    )
    return Case(f"syscall-{name}", code, ("ok",), check=value_is(lambda v, h: v == [-1, 1]))


CASES: list[Case] = [
    # ---- CPU and wall exhaustion
    Case("cpu-loop", "def f(h):\n    while True: pass\n", ("timeout",)),
    Case(
        "cpu-ignore-sigxcpu",
        "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\n"
        "def f(h):\n    while True: pass\n",
        ("timeout",),
    ),
    Case("wall-sleep", "import time\ndef f(h):\n    time.sleep(60)\n", ("timeout",)),
    Case(
        "wall-block-on-lock",
        "import threading\ndef f(h):\n    threading.Lock().acquire(); threading.Event().wait()\n",
        ("timeout",),
    ),
    Case(
        "cpu-in-threads",
        "import threading\ndef spin():\n    while True: pass\n"
        "def f(h):\n    for _ in range(4): threading.Thread(target=spin, daemon=True).start()\n"
        "    spin()\n",
        ("timeout",),
    ),
    # ---- fork and thread bombs, subprocesses, shells
    Case(
        "fork-bomb",
        "import os\ndef f(h):\n    while True: os.fork()\n",
        ("ok",),
        check=raised("PermissionError"),
    ),
    Case(
        "thread-bomb",
        "import threading, time\ndef f(h):\n    n = 0\n    try:\n        while True:\n"
        "            threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
        "            n += 1\n    except RuntimeError:\n        return n\n",
        ("ok",),
        check=value_is(lambda v, h: v <= 64),
    ),
    Case(
        "subprocess-and-shells",
        "import subprocess, os, pty\n" + ATTEMPT + "def f(h):\n    return [\n"
        "        attempt(subprocess.run, ['/bin/sh', '-c', 'id']),\n"
        "        attempt(subprocess.run, ['/usr/bin/python3.11', '-c', 'print(1)']),\n"
        "        attempt(os.execv, '/usr/bin/python3.11', ['python3', '-c', '1']),\n"
        "        attempt(os.posix_spawn, '/usr/bin/python3.11', ['p'], {}),\n"
        "        attempt(pty.fork),\n"
        "        'ERR' if os.system('id') != 0 else 'OK',\n"
        "        attempt(os.popen('id').read) if False else 'ERR skipped',\n"
        "    ]\n",
        ("ok",),
        check=all_denied,
    ),
    Case(
        "raw-clone-without-thread-flag",
        LIBC + "def f(h):\n    return [libc.syscall(56, 17, 0, 0, 0, 0), ctypes.get_errno()]\n",
        ("ok",),
        check=value_is(lambda v, h: v == [-1, 1]),
    ),
    # ---- memory bombs
    Case(
        "memory-numpy-empty",
        "import numpy as np\ndef f(h):\n    a = np.empty(10**12)\n    a[:] = 1\n",
        ("memory",),
        numpy=True,
    ),
    Case(
        "memory-numpy-ones",
        "import numpy as np\ndef f(h):\n    return np.ones((50000, 50000)).sum()\n",
        ("memory",),
        numpy=True,
    ),
    Case(
        "memory-python-list",
        "def f(h):\n    x = []\n    while True: x.append(bytearray(10**7))\n",
        ("memory",),
    ),
    Case("memory-python-str", "def f(h):\n    return 'a' * 10**11\n", ("memory",)),
    Case(
        "memory-small-objects",
        "def f(h):\n    x = []\n    while True: x.append([0] * 1000)\n",
        ("memory",),
        # CPU room so the memory limit, not the CPU limit, stops it on a loaded machine
        limits=Limits(cpu_seconds=5, wall_seconds=8, memory_mb=256, output_kb=16),
    ),
    # ---- disk, inode, open-file and output floods
    Case(
        "disk-flood",
        "def f(h):\n    try:\n        with open('/tmp/big', 'wb') as fh:\n"
        "            while True: fh.write(b'x' * 10**6)\n"
        "    except OSError as e:\n        return type(e).__name__\n",
        ("ok",),
        check=value_is(lambda v, h: v == "OSError"),
    ),
    Case(
        "inode-flood",
        "import os\ndef f(h):\n    n = 0\n    try:\n        while True:\n"
        "            os.mkdir(f'/tmp/d{n}'); n += 1\n    except OSError:\n        return n\n",
        ("ok",),
        check=value_is(lambda v, h: v < 5000),
    ),
    Case(
        "open-file-flood",
        "def f(h):\n    fs = []\n    try:\n        while True: fs.append(open('/dev/null'))\n"
        "    except OSError:\n        return len(fs)\n",
        ("ok",),
        check=value_is(lambda v, h: v <= 64),
    ),
    Case("output-flood-print", "def f(h):\n    while True: print('x' * 1000)\n", ("output_limit",)),
    Case(
        "output-flood-raw-fd",
        "import os\ndef f(h):\n    while True: os.write(2, b'y' * 65536)\n",
        ("output_limit",),
    ),
    # ---- host secrets, grader code, hidden tests
    Case(
        "read-host-secrets",
        ATTEMPT + "def f(h):\n    return [attempt(lambda p: open(p).read(), p) "
        "for p in h['secret_paths'] + ['/etc/shadow', '/etc/passwd', '/proc/1/environ',"
        " '/root/.bash_history', '/proc/self/root/etc/shadow']]\n",
        ("ok",),
        check=all_denied,
    ),
    Case(
        "read-grader-code-and-hidden-tests",
        "import os, sys\n" + ATTEMPT + "def f(h):\n    return [attempt(os.listdir, p) "
        "for p in h['grader_paths']] + [attempt(__import__, 'mlquiz')] + "
        "['ERR' if not any('mlquiz' in m and 'inner' not in m for m in sys.modules) else 'OK']\n",
        ("ok",),
        check=all_denied,
    ),
    Case(
        "filesystem-view",
        "import os\ndef f(h):\n"
        "    return sorted(os.listdir('/')), sorted(os.listdir('/usr/lib'))\n",
        ("ok",),
        check=value_is(
            lambda v, h: (
                set(v[0]) <= {"usr", "lib", "lib64", "tmp", "dev", "proc", "etc", "sandbox"}
                and "python3" not in v[1]
            )
        ),
    ),
    Case(
        "gc-and-frames-hunt-for-reference",
        "import gc, sys\ndef f(h):\n    hits = 0\n"
        "    needle = '-'.join(['EXPECTED', 'OUTPUT', '7f3a9c' * 4])\n"
        "    for o in gc.get_objects():\n"
        "        try:\n            if needle in repr(o)[:100000] and o is not needle: hits += 1\n"
        "        except Exception: pass\n"
        "    fr = sys._getframe()\n    names = []\n    while fr:\n"
        "        names += list(fr.f_locals)\n        fr = fr.f_back\n"
        "    return [hits, [n for n in names if 'expect' in n.lower()]]\n",
        ("ok",),
        check=value_is(lambda v, h: v == [0, []]),
    ),
    # ---- writing outside, persistence
    Case(
        "write-outside-sandbox",
        "import os\n"
        + ATTEMPT
        + "def f(h):\n    return [attempt(lambda p: open(p, 'w').write('x'), p)"
        " for p in ['/usr/lib/python3.11/sitecustomize.py', '/x', '/etc/x',"
        " '/sandbox/site/evil.py', '/proc/sys/kernel/hostname'] + h['secret_paths']]\n",
        ("ok",),
        check=all_denied,
    ),
    Case(
        "persist-into-next-run",
        "import os, sys, builtins, json\ndef f(h):\n"
        "    open('/tmp/sitecustomize.py', 'w').write('PWNED = 1')\n"
        "    open('/dev/shm/pwned', 'w').write('x')\n"
        "    os.mkfifo('/tmp/pwned.fifo')\n"
        "    builtins.PWNED = True\n    sys.modules['pwned'] = sys\n"
        "    json.dumps = lambda *a, **k: 'PWNED'\n    return 1\n",
        ("ok",),
    ),
    Case(
        "symlinks-hardlinks-fifos",
        "import os\n" + ATTEMPT + "def f(h):\n"
        "    os.symlink('/etc/shadow', '/tmp/l1'); os.symlink(h['secret_paths'][0], '/tmp/l2')\n"
        "    os.mkfifo('/tmp/result.fifo')\n"
        "    return [attempt(lambda: open('/tmp/l1').read()),\n"
        "            attempt(lambda: open('/tmp/l2').read()),\n"
        "            attempt(os.link, '/usr/bin/python3.11', '/tmp/hl'),\n"
        "            attempt(os.symlink, '/tmp/x', '/usr/lib/python3.11/evil')]\n",
        ("ok",),
        check=all_denied,
    ),
    # ---- network
    Case(
        "network-loopback-and-outside",
        "import socket\n" + ATTEMPT + "def f(h):\n"
        "    def tcp(host, port):\n        s = socket.create_connection((host, port), timeout=1)\n"
        "    return [attempt(tcp, '127.0.0.1', h['tcp_port']), attempt(tcp, '1.1.1.1', 80),\n"
        "            attempt(socket.getaddrinfo, 'example.com', 80),\n"
        "            attempt(socket.socket, socket.AF_INET, socket.SOCK_DGRAM)]\n",
        ("ok",),
        check=all_denied,
    ),
    Case(
        "network-unix-and-abstract",
        "import socket\n" + ATTEMPT + "def f(h):\n"
        "    def unix(addr):\n        s = socket.socket(socket.AF_UNIX)\n        s.connect(addr)\n"
        "    return [attempt(unix, h['unix_path']), attempt(unix, '\\0' + h['abstract']),\n"
        "            attempt(socket.socketpair)]\n",
        ("ok",),
        check=all_denied,
    ),
    # ---- raw syscalls through ctypes
    syscall_case("socket", 41, "2, 1, 0"),
    syscall_case("io_uring_setup", 425, "8, 0"),
    syscall_case("unshare", 272, "0x10000000"),
    syscall_case("mount", 165, "0, 0, 0, 0, 0"),
    syscall_case("ptrace-traceme", 101, "0, 0, 0, 0"),
    syscall_case("process_vm_readv", 310, "1, 0, 0, 0, 0, 0"),
    syscall_case("bpf", 321, "0, 0, 0"),
    syscall_case("keyctl", 250, "0, 0, 0"),
    syscall_case("perf_event_open", 298, "0, 0, -1, -1, 0"),
    syscall_case("userfaultfd", 323, "0"),
    syscall_case("setns", 308, "0, 0"),
    syscall_case("execve-x32-abi", 0x40000000 + 59, "0, 0, 0"),
    Case(
        "privileges-dropped",
        "import os\ndef f(h):\n    st = open('/proc/self/status').read()\n"
        "    caps = [l.split()[1] for l in st.splitlines() if l.startswith(('CapEff', 'CapBnd',"
        " 'NoNewPrivs', 'Seccomp:'))]\n    return [os.getuid() != 0, caps]\n",
        ("ok",),
        check=value_is(
            lambda v, h: v == [True, ["0000000000000000", "0000000000000000", "1", "2"]]
        ),
    ),
    # ---- killing or tracing the worker; daemons outliving the run
    Case(
        "kill-and-trace-worker",
        LIBC + ATTEMPT + "import signal\ndef f(h):\n"
        "    pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "    out = [attempt(os.kill, os.getppid() or 999999, signal.SIGKILL),\n"
        "           attempt(os.kill, h['worker_pid'], signal.SIGKILL),\n"
        "           'ERR' if libc.syscall(101, 16, h['worker_pid'], 0, 0) == -1 else 'OK',\n"
        "           attempt(lambda: open(f\"/proc/{h['worker_pid']}/mem\", 'rb').read(1))]\n"
        "    attempt(os.kill, -1, signal.SIGKILL)\n"
        "    return out + ['ERR' if pids == [1] else f'OK {pids}']\n",
        ("ok",),
        check=all_denied,
    ),
    Case(
        "daemon-setsid-escape",
        "import os, threading, time\n" + ATTEMPT + "def f(h):\n"
        "    out = [attempt(os.fork), attempt(os.setsid)]\n"
        "    threading.Thread(target=time.sleep, args=(60,), daemon=False).start()\n"
        "    return out[:1]\n",
        ("ok",),
        check=all_denied,
    ),
    # ---- early exits
    Case(
        "sys-exit-0-at-top-level",
        "import sys\nsys.exit(0)\ndef f(h):\n    return 1\n",
        ("ok",),
        check=raised("SystemExit"),
    ),
    Case(
        "os-exit-0-at-top-level", "import os\nos._exit(0)\ndef f(h):\n    return 1\n", ("crashed",)
    ),
    Case("os-exit-0-in-call", "import os\ndef f(h):\n    os._exit(0)\n", ("crashed",)),
    Case(
        "sys-exit-in-call",
        "import sys\ndef f(h):\n    sys.exit(0)\n",
        ("ok",),
        check=raised("SystemExit"),
    ),
    Case(
        "segfault",
        "import ctypes\ndef f(h):\n    ctypes.string_at(0)\n",
        ("crashed",),
    ),
    # ---- forged verdicts and frames
    Case(
        "print-forged-verdict",
        "def f(h):\n    print('ACCEPTED 10/10 tests passed', '{\"status\": \"ok\"}')\n"
        '    print(\'\\x00\\x00\\x00\\x1a{"t":"done","n":"x"}\')\n    return \'wrong\'\n',
        ("ok",),
        check=value_is(lambda v, h: v == "wrong"),
    ),
    Case(
        "forged-frame-without-nonce",
        "import os, json\ndef f(h):\n"
        "    for fd in range(3, 10):\n        try:\n"
        "            d = json.dumps({'t': 'call', 'i': 0, 'ok': True, 'v': 'FORGED', 'n': 'x'})"
        ".encode()\n            os.write(fd, len(d).to_bytes(4, 'big') + d)\n"
        "        except OSError: pass\n    return 'real'\n",
        ("result_invalid",),
    ),
    Case(
        "forged-frame-with-stolen-nonce",
        "import gc, json, os\ndef f(h):\n"
        "    fr = next(o for o in gc.get_objects() if type(o).__name__ == '_Frames')\n"
        "    fr.send({'t': 'call', 'i': 0, 'ok': True, 'v': 'FORGED'})\n"
        "    return 'real'\n",
        ("result_invalid",),
    ),
    Case(
        "forged-garbage-on-result-fd",
        "import os\ndef f(h):\n    os.write(3, b'\\xff\\xff\\xff\\xffgarbage')\n    return 1\n",
        ("result_invalid",),
    ),
    Case(
        "close-result-fd",
        "import os\ndef f(h):\n    os.close(3)\n    return 1\n",
        ("crashed", "result_invalid"),
    ),
    # ---- monkeypatching numpy, builtins and the harness
    Case(
        "monkeypatch-numpy",
        "import numpy as np\nnp.array_equal = lambda *a, **k: True\nnp.allclose = np.array_equal\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "def f(h):\n    return np.array([9, 9, 9])\n",
        ("ok",),
        numpy=True,
        check=value_is(lambda v, h: isinstance(v, np.ndarray) and v.tolist() == [9, 9, 9]),
    ),
    Case(
        "monkeypatch-builtins",
        "import builtins\nbuiltins.type = lambda *a: int\nbuiltins.isinstance = lambda *a: True\n"
        "builtins.len = lambda *a: 0\nclass Fake:\n    pass\n"
        "def f(h):\n    return Fake()\n",
        ("result_invalid", "crashed"),  # json's Python code sees the patched builtins too
    ),
    Case(
        "monkeypatch-harness",
        "import sys\nw = sys.modules['mlq_inner.wire']\n"
        "w.Encoder.encode = lambda self, o, d=0: {'$ndarray': {'dtype': 'object', 'shape': [1],"
        " 'data': ['__import__(\"os\")']}}\ndef f(h):\n    return 1\n",
        ("result_invalid",),
    ),
    # ---- lying values
    Case(
        "eq-always-true",
        "class Any:\n    def __eq__(self, o): return True\n    __hash__ = None\n"
        "def f(h):\n    return Any()\n",
        ("result_invalid",),
    ),
    Case(
        "int-and-str-subclasses",
        "class I(int):\n    def __eq__(self, o): return True\ndef f(h):\n    return [I(1)]\n",
        ("result_invalid",),
    ),
    Case(
        "dict-subclass-lies",
        "class D(dict):\n    def items(self): return [('a', 1)]\n"
        "    def __eq__(self, o): return True\n"
        "def f(h):\n    return D(b=2)\n",
        ("result_invalid",),
    ),
    Case(
        "ndarray-subclass-lies",
        "import numpy as np\nclass L(np.ndarray):\n"
        "    def tolist(self): return [1, 2, 3]\n    def __eq__(self, o): return True\n"
        "    @property\n    def dtype(self): return np.dtype('float64')\n"
        "    def __array__(self, *a, **k): return np.array([1, 2, 3])\n"
        "def f(h):\n    return np.array([7, 8], dtype=np.int16).view(L)\n",
        ("ok",),
        numpy=True,
        check=value_is(
            lambda v, h: type(v) is np.ndarray and v.dtype == np.int16 and v.tolist() == [7, 8]
        ),
    ),
    Case(
        "nan-and-shape-tricks",
        "import numpy as np\ndef f(h):\n"
        "    return [np.full((2, 1), np.nan), np.zeros((1, 2)), np.float64('nan'),\n"
        "            np.array(1.0)]\n",
        ("ok",),
        numpy=True,
        check=value_is(
            lambda v, h: (
                v[0].shape == (2, 1)
                and np.isnan(v[0]).all()
                and v[1].shape == (1, 2)
                and v[2] != v[2]
                and v[3].shape == ()
            )
        ),
    ),
    # ---- huge or deeply nested values, pickle
    Case("huge-return", "def f(h):\n    return list(range(2 * 10**6))\n", ("result_invalid",)),
    Case(
        "huge-numpy-return",
        "import numpy as np\ndef f(h):\n    return np.zeros(10**7)\n",
        ("result_invalid",),
        numpy=True,
    ),
    Case(
        "deep-return",
        "def f(h):\n    x = []\n    for _ in range(100000): x = [x]\n    return x\n",
        ("result_invalid",),
    ),
    Case(
        "cyclic-return",
        "def f(h):\n    a = []\n    a.append(a)\n    return a\n",
        ("result_invalid",),
    ),
    Case(
        "cyclic-linked-list",
        "def f(h):\n    a = ListNode(1); a.next = ListNode(2, a)\n    return a\n",
        ("result_invalid",),
    ),
    Case("huge-int", "def f(h):\n    return 10**20000\n", ("result_invalid",)),
    Case(
        "pickle-payloads",
        "import pickle, os\nclass P:\n    def __reduce__(self): return (os.system, ('id',))\n"
        "def f(h):\n    return [pickle.dumps(P())]\n",
        ("result_invalid",),
    ),
    Case(
        "pickle-text-is-just-text",
        "import pickle\ndef f(h):\n    return pickle.dumps([1]).decode('latin-1')\n",
        ("ok",),
        check=value_is(lambda v, h: isinstance(v, str)),
    ),
    # ---- forbidden libraries
    Case(
        "forbidden-import",
        "import pandas as pd\ndef f(h):\n    return 1\n",
        ("forbidden_import",),
        numpy=True,
    ),
    Case(
        "forbidden-importlib",
        "import importlib\ndef f(h):\n    return importlib.import_module('pydantic')\n",
        ("forbidden_import",),
        numpy=True,
    ),
    Case(
        "forbidden-by-path",
        "import sys, importlib.util\n" + ATTEMPT + "def f(h):\n"
        "    sys.path[:0] = h['site_packages']\n"
        "    spec = lambda: importlib.util.spec_from_file_location('p', h['site_packages'][0]"
        " + '/pydantic/__init__.py').loader.exec_module(None)\n"
        "    return [attempt(spec), attempt(__import__, 'pydantic')]\n",
        ("ok",),
        check=all_denied,
    ),
    # ---- leaks through exceptions, exit codes, timing; ANSI/HTML
    Case(
        "leak-input-through-exception",
        "def f(h):\n    raise ValueError('\\x1b[31m' + h['hidden_input'] * 1000)\n",
        ("ok",),
        check=lambda r, h: (
            r.calls[0].exception_message is not None
            and len(r.calls[0].exception_message) <= 1100
            and "\x1b" not in r.calls[0].exception_message
        ),
    ),
    Case(
        "leak-through-exit-code",
        "import os\ndef f(h):\n    os._exit(len(h['hidden_input']))\n",
        ("crashed",),
    ),
    Case(
        "ansi-and-html-in-output",
        "def f(h):\n    print('\\x1b[2J\\x1b[1;32mACCEPTED\\x1b[0m\\x1b]8;;http://evil\\x07link"
        "\\x1b]8;;\\x07 <script>alert(1)</script>\\r\\x08\\x07')\n"
        "    raise RuntimeError('\\x1b[31mred\\x1b[0m\\u202etxt')\n",
        ("ok",),
        check=lambda r, h: (
            "\x1b" not in r.stdout
            and "\x07" not in r.stdout
            and "\x08" not in r.stdout
            and "<script>" in r.stdout
            and "ACCEPTED" in r.stdout
            and r.calls[0].exception_message == "redtxt"
        ),
    ),
]


def _proc_table() -> dict[int, tuple[int, int, str]]:
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            status = (d / "status").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        uid = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("Uid:")))
        out[int(d.name)] = (int(fields[1]), uid, fields[0])
    return out


def _pid_ns(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return "gone"


def stray_processes(sb: Sandbox, uid: int | None) -> list[int]:
    """Live processes of the sandbox user that are not part of an idle worker.

    An idle worker is bwrap -> bwrap init -> interpreter W, plus W's pre-forked spare for
    the next run, which is still in W's pid namespace and has no children. Anything else
    (a process in a run's pid namespace, a child of the spare, an orphan of the sandbox
    user) is a leftover of a run.
    """
    table = _proc_table()
    roots = set(sb.worker_pids())
    # Sandbox-user trees started by *other* supervisors (a shared pool, a server someone runs
    # on the same host) are not ours to judge: they hang off a non-sandbox-user parent.
    foreign = {
        pid
        for pid, (ppid, puid, _state) in table.items()
        if uid is not None and puid == uid and ppid > 1 and pid not in roots
        and table.get(ppid, (0, -1, ""))[1] != uid
    }  # fmt: skip
    children: dict[int, list[int]] = {}
    for pid, (ppid, _uid, _state) in table.items():
        children.setdefault(ppid, []).append(pid)

    def depth(pid: int) -> int | None:
        for d in range(8):
            if pid in roots:
                return d
            if pid in foreign:
                return -1
            pid = table.get(pid, (0, 0, ""))[0]
            if pid <= 1:
                return None
        return None

    strays = []
    for pid, (ppid, puid, state) in table.items():
        if state == "Z":
            continue
        d = depth(pid)
        if d == -1:
            continue
        if d is None:
            if uid is not None and puid == uid:
                strays.append(pid)
        elif d > 3:
            strays.append(pid)
        elif d == 3:
            spare = _pid_ns(pid) == _pid_ns(ppid) and not children.get(pid)
            if not spare:
                strays.append(pid)
    return strays


def assert_no_strays(sb: Sandbox, uid: int | None) -> None:
    """No leftover of a run survives; killed workers get a short grace to finish dying."""
    deadline = time.monotonic() + 3.0
    while stray_processes(sb, uid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stray_processes(sb, uid) == [], describe(sb)


def describe(sb: Sandbox) -> str:
    """Process listing for a failure message."""
    table = _proc_table()
    rows = [f"workers={sb.worker_pids()}"]
    for pid, (ppid, uid, state) in sorted(table.items()):
        if uid != 0:
            rows.append(f"{pid} ppid={ppid} uid={uid} {state} ns={_pid_ns(pid)}")
    return "\n".join(rows)


HEALTH = (
    "import os, sys, builtins, json\n"
    "def f(x):\n"
    "    return [x * 2, os.listdir('/tmp'), os.listdir('/dev/shm'), hasattr(builtins, 'PWNED'),\n"
    "            'pwned' in sys.modules, json.dumps([1])]\n"
)


def _host_info(h: Host, sb: Sandbox) -> dict[str, Any]:
    site = [p for p in sys.path if p.endswith("site-packages")]
    return {
        "secret_paths": [str(p) for p in h.files if "secret" in p.name or "hidden" in p.name],
        "grader_paths": [str(Path(mlquiz.__file__).parent), *site, str(Path.cwd())],
        "site_packages": site or ["/nonexistent"],
        "tcp_port": h.tcp_port,
        "unix_path": h.unix_path,
        "abstract": h.abstract_name,
        "worker_pid": sb.worker_pids()[0] if sb.worker_pids() else 1,
        "hidden_input": "HIDDEN-INPUT-42",
    }


def test_at_least_40_hostile_cases() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_submission(case: Case, sandbox: Sandbox, host: Host, run: Runner,
                            capabilities: Any) -> None:  # fmt: skip
    if case.numpy and not capabilities.numpy_ok:
        message = "no NumPy tree; run scripts/install-sandbox-deps.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sb = sandbox
    run(sb, "def f():\n    return 0\n", numpy=case.numpy)  # make sure a worker is warm
    r = run(sb, case.code, [_host_info(host, sb)], numpy=case.numpy, limits=case.limits)

    # outcome
    assert r.status in case.expect, (r.status, r.detail, r.calls, r.stdout[:300])
    for c in r.calls:  # a value never carries a forged marker or a host secret
        assert "FORGED" not in repr(c.value)
    no_secret(r, host)
    if case.check is not None:
        ok = case.check(r, host)
        assert ok is None or ok, (r.calls, r.stdout[:500])

    # containment
    assert host.snapshot() == host.digests, "a host file changed"
    for listener in (host.tcp, host.unix, host.abstract):
        assert listener is not None
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert_no_strays(sb, host.sandbox_uid)

    # the pool is healthy, and nothing persisted into the next run
    nxt = run(sb, HEALTH, [21], numpy=case.numpy)
    assert nxt.status == "ok", nxt.detail
    assert nxt.calls[0].value == [42, [], [], False, False, "[1]"]
    assert_no_strays(sb, host.sandbox_uid)


def test_reference_never_enters_the_sandbox() -> None:
    """The request type has no field for expected outputs: the sandbox cannot hold them."""
    from mlquiz.grading.code.sandbox import Call, SandboxRequest

    fields = set(SandboxRequest.__dataclass_fields__) | set(Call.__dataclass_fields__)
    assert not {f for f in fields if "expect" in f or "reference" in f or "answer" in f}


def test_worker_survives_and_is_reused_after_hostile_run(sandbox: Sandbox, run: Runner) -> None:
    run(sandbox, "def f():\n    return 0\n")
    before = sandbox.worker_pids()
    r = run(sandbox, "import os, signal\ndef f():\n    os.kill(-1, signal.SIGKILL)\n    return 1\n")
    assert r.status in ("ok", "crashed")
    assert run(sandbox, "def f():\n    return 5\n").calls[0].value == 5
    assert set(before) & set(sandbox.worker_pids())


def test_exposed_surface_of_a_failing_run(sandbox: Sandbox, run: Runner) -> None:
    """What a hidden test's run exposes at this layer: status, detail, capped text, timing."""
    r = run(sandbox, "import os\ndef f(x):\n    os._exit(x)\n", [7])
    assert r.status == "crashed"
    assert "7" in r.detail  # operators see the exit status; the supervisor must not show it
    assert r.calls == []
    assert r.stdout == ""
