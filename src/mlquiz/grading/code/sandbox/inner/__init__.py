"""Code that runs *inside* the sandbox.

These modules are shipped into the worker as source text (they are never imported from a
path the sandbox can see), so they may only import the standard library, NumPy (lazily) and
each other through relative imports. The trusted side imports them too (the wire codec is
shared), but never trusts what they produce: every byte coming back is re-validated by
``mlquiz.grading.code.sandbox.codec``.
"""

#: Order in which the worker bootstrap executes the modules (dependencies first).
MODULES: tuple[str, ...] = ("wire", "seccomp", "harness", "worker")
