"""Functional behaviour of the sandbox: round trips, errors, visibility of libraries."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import numpy as np
import pytest

from mlquiz.grading.code.sandbox import (
    Call,
    Limits,
    LinkedList,
    Sandbox,
    SandboxRequest,
    SandboxResult,
    Tree,
)

Runner = Callable[..., SandboxResult]


def test_scalars_and_containers_round_trip(sandbox: Sandbox, run: Runner) -> None:
    code = "def f(x):\n    return x\n"
    values = [
        0, -5, 2**200, 1.5, -0.0, "héllo ✓", True, None, [1, [2, [3]]], {"a": 1, "b": [2.5]},
        (1, 2), frozenset({1, 2, 3}), {1: "one", 2: "two"}, {"$x": 1}, 1 + 2j,
    ]  # fmt: skip
    r = run(sandbox, code, *[[v] for v in values])
    assert r.status == "ok", r.detail
    assert [c.value for c in r.calls] == values
    assert type(r.calls[10].value) is tuple
    assert r.isolation == "sandbox"


def test_non_finite_floats(sandbox: Sandbox, run: Runner) -> None:
    r = run(sandbox, "def f():\n    return [float('nan'), float('inf'), -float('inf')]\n")
    assert r.status == "ok"
    nan, inf, ninf = r.calls[0].value
    assert math.isnan(nan)
    assert inf == math.inf
    assert ninf == -math.inf


def test_collections_types_are_plain_on_return(sandbox: Sandbox, run: Runner) -> None:
    code = (
        "import collections\n"
        "def f():\n"
        "    d = collections.defaultdict(list); d['a'].append(1)\n"
        "    return [d, collections.Counter('aab'), collections.deque([1, 2]), {3, 1, 2}]\n"
    )
    r = run(sandbox, code)
    assert r.status == "ok", r.detail
    assert r.calls[0].value == [{"a": [1]}, {"a": 2, "b": 1}, [1, 2], frozenset({1, 2, 3})]


def test_tree_and_linked_list_round_trip(sandbox: Sandbox, run: Runner) -> None:
    code = (
        "def f(root, head):\n"
        "    def inv(n):\n"
        "        if n: n.left, n.right = inv(n.right), inv(n.left)\n"
        "        return n\n"
        "    prev = None\n"
        "    while head:\n"
        "        head.next, prev, head = prev, head, head.next\n"
        "    return [inv(root), prev]\n"
    )
    r = run(
        sandbox, code, [[4, 2, 7, 1, 3, None, 9], [1, 2, 3]],
        arg_types={"0": "tree", "1": "linked_list"},
    )  # fmt: skip
    assert r.status == "ok", r.detail
    assert r.calls[0].value == [Tree((4, 7, 2, 9, None, 3, 1)), LinkedList((3, 2, 1))]


def test_tagged_inputs_and_new_nodes(sandbox: Sandbox, run: Runner) -> None:
    code = (
        "def f(root):\n"
        "    return TreeNode(root.val + 1, None, TreeNode(5)), ListNode(1, ListNode(2))\n"
    )
    r = run(sandbox, code, [Tree((1,))])
    assert r.status == "ok", r.detail
    assert r.calls[0].value == (Tree((2, None, 5)), LinkedList((1, 2)))


def test_candidate_defined_node_classes(sandbox: Sandbox, run: Runner) -> None:
    code = (
        "class TreeNode:\n"
        "    def __init__(self, val=0, left=None, right=None):\n"
        "        self.val, self.left, self.right = val, left, right\n"
        "def f():\n"
        "    return TreeNode(1, TreeNode(2))\n"
    )
    r = run(sandbox, code)
    assert r.status == "ok", r.detail
    assert r.calls[0].value == Tree((1, 2))


def test_class_entry_point_and_typing_names(sandbox: Sandbox, run: Runner) -> None:
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
        "        seen = {}\n"
        "        for i, x in enumerate(nums):\n"
        "            if target - x in seen: return [seen[target - x], i]\n"
        "            seen[x] = i\n"
    )
    r = run(sandbox, code, [[2, 7, 11, 15], 9], entry="Solution.twoSum")
    assert r.status == "ok", r.detail
    assert r.calls[0].value == [0, 1]


def test_kwargs(sandbox: Sandbox, run: Runner) -> None:
    req = SandboxRequest(
        "def f(a, *, b=1):\n    return a * b\n", "f", [Call([3], {"b": 4})], numpy=False
    )
    r = sandbox.run(req)
    assert r.status == "ok"
    assert r.calls[0].value == 12


def test_exceptions_are_reported_per_call(sandbox: Sandbox, run: Runner) -> None:
    code = "def f(x):\n    if x < 0:\n        raise ValueError('negative: %d' % x)\n    return x\n"
    r = run(sandbox, code, [1], [-2], [3])
    assert r.status == "ok"
    assert [c.status for c in r.calls] == ["ok", "exception", "ok"]
    assert r.calls[1].exception_type == "ValueError"
    assert r.calls[1].exception_message == "negative: -2"
    assert r.calls[1].value is None


def test_module_level_error_reported_on_every_call(sandbox: Sandbox, run: Runner) -> None:
    r = run(sandbox, "x = undefined_name\ndef f():\n    return 1\n", [], [])
    assert r.status == "ok"
    assert [c.exception_type for c in r.calls] == ["NameError", "NameError"]


def test_missing_entry_point(sandbox: Sandbox, run: Runner) -> None:
    r = run(sandbox, "def g():\n    return 1\n")
    assert r.calls[0].status == "exception"
    assert "entry point" in str(r.calls[0].exception_message)


def test_compile_error(sandbox: Sandbox, run: Runner) -> None:
    r = run(sandbox, "def f(:\n    return 1\n")
    assert r.status == "compile_error"
    assert "line 1" in r.detail
    assert r.calls == []


def test_stdout_captured(sandbox: Sandbox, run: Runner) -> None:
    r = run(sandbox, "import sys\ndef f():\n    print('out')\n    print('err', file=sys.stderr)\n")
    assert r.status == "ok"
    assert "out" in r.stdout
    assert "err" in r.stdout


def test_numpy_absent_without_numpy_flag(sandbox: Sandbox, run: Runner) -> None:
    r = run(sandbox, "import numpy\ndef f():\n    return 1\n")
    assert r.status == "forbidden_import"
    assert "numpy" in r.detail


@pytest.mark.parametrize("module", ["pandas", "pydantic", "mlquiz", "pytest", "hypothesis"])
def test_third_party_absent_with_numpy(numpy_sandbox: Sandbox, module: str, run: Runner) -> None:
    r = run(numpy_sandbox, f"import {module}\ndef f():\n    return 1\n", numpy=True)
    assert r.status == "forbidden_import"
    assert module in r.detail


def test_numpy_arrays_round_trip(numpy_sandbox: Sandbox, run: Runner) -> None:
    code = (
        "import numpy as np\n"
        "def f(a):\n"
        "    return [a * 2, a.astype(np.float32) / 0, np.array(3, dtype=np.int8),\n"
        "            np.zeros((0, 3)), np.array([1+2j]), np.array([True, False]), np.int64(7),\n"
        "            np.float32(0.5), np.uint8(255)]\n"
    )
    a = np.array([[1, 2], [0, -4]], dtype=np.int64)
    r = run(numpy_sandbox, code, [a], numpy=True)
    assert r.status == "ok", r.detail
    v = r.calls[0].value
    assert v[0].dtype == np.int64
    assert v[0].shape == (2, 2)
    assert (v[0] == a * 2).all()
    assert v[1].dtype == np.float32
    assert np.isnan(v[1][1, 0])
    assert v[1][0, 0] == np.inf
    assert v[2].shape == ()
    assert v[2].dtype == np.int8
    assert int(v[2]) == 3
    assert v[3].shape == (0, 3)
    assert v[4].dtype == np.complex128
    assert v[4][0] == 1 + 2j
    assert v[5].dtype == np.bool_
    assert v[6:] == [7, 0.5, 255]
    assert type(v[6]) is int
    assert type(v[7]) is float


def test_numpy_threads_pinned(numpy_sandbox: Sandbox, run: Runner) -> None:
    code = "import os\ndef f():\n    return os.environ.get('OPENBLAS_NUM_THREADS')\n"
    r = run(numpy_sandbox, code, numpy=True)
    assert r.status == "ok"


def test_object_dtype_rejected(numpy_sandbox: Sandbox, run: Runner) -> None:
    r = run(numpy_sandbox, "import numpy as np\ndef f():\n    return np.array([{}])\n", numpy=True)
    assert r.status == "result_invalid"


def test_concurrent_runs_are_independent(capabilities: object, run: Runner) -> None:
    with Sandbox(workers=2) as sb:
        results = {}

        def go(i: int) -> None:
            results[i] = run(sb, "def f(x):\n    return x * x\n", [i])

        threads = [threading.Thread(target=go, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert {i: r.calls[0].value for i, r in results.items()} == {i: i * i for i in range(6)}
        assert len(sb.worker_pids()) == 2


def test_worker_recycled_after_max_runs(capabilities: object, run: Runner) -> None:
    with Sandbox(workers=1, max_runs_per_worker=2) as sb:
        pids = []
        for _ in range(4):
            assert run(sb, "def f():\n    return 1\n").status == "ok"
            pids.append(tuple(sb.worker_pids()))
        assert pids[1] != pids[0]  # replaced after its 2nd run
        assert pids[2] == pids[1]


def test_unsafe_local_is_labelled(caplog: pytest.LogCaptureFixture, run: Runner) -> None:
    with Sandbox(unsafe_local=True) as sb:
        r = run(sb, "def f(x):\n    return x + 1\n", [1])
    assert r.status == "ok"
    assert r.calls[0].value == 2
    assert r.isolation == "unsafe-local"
    assert any("UNSAFE" in rec.getMessage() for rec in caplog.records)


def test_bad_request_is_system_error(sandbox: Sandbox, run: Runner) -> None:
    r = sandbox.run(SandboxRequest("def f(): pass", "not valid!", [Call([])]))
    assert r.status == "system_error"
    r = sandbox.run(SandboxRequest("def f(): pass", "f", [Call([object()])]))
    assert r.status == "system_error"


def test_limits_defaults() -> None:
    lim = Limits()
    assert (lim.cpu_seconds, lim.wall_seconds, lim.memory_mb) == (2.0, 5.0, 512)


def test_idle_worker_death_is_retried(capabilities: object, run: Runner) -> None:
    import os
    import signal

    with Sandbox(workers=1) as sb:
        assert run(sb, "def f():\n    return 1\n").status == "ok"
        for pid in sb.worker_pids():
            os.killpg(pid, signal.SIGKILL)
        r = run(sb, "def f():\n    return 2\n")
        assert r.status == "ok", r.detail
        assert r.calls[0].value == 2


def test_forked_child_does_not_kill_parent_workers(capabilities: object, run: Runner) -> None:
    import os

    with Sandbox(workers=1) as sb:
        assert run(sb, "def f():\n    return 1\n").status == "ok"
        before = sb.worker_pids()
        pid = os.fork()
        if pid == 0:  # a forked copy (e.g. a web server worker) closing its inherited pool
            sb.close()
            os._exit(0)
        os.waitpid(pid, 0)
        assert sb.worker_pids() == before
        assert run(sb, "def f():\n    return 3\n").calls[0].value == 3
