"""Free-text grading benchmark: the rubric engine against the hand-labelled evaluation set.

Run: ``.venv/bin/python bench/text_grading.py`` (semantic mode needs ``pip install -e
".[semantic]"``; without it only keyword figures are printed). ``--tune`` searches the
thresholds on the dev split. Not a test.

Reports, per split (dev: used to tune the thresholds; test: held out, the reported figures):
item-level precision, recall and F1 over every (answer, rubric item) pair, Pearson r between the
automatic and the labelled score, for strict keywords (the validator's matcher), tolerant
keywords (stemming + typos) and semantic mode; mean score per answer category (a keyword-stuffed
answer must not score like a strong one); and milliseconds per answer after the model is loaded.

Targets (semantic, held-out split): item F1 >= 0.85, Pearson >= 0.85, <= 30 ms per short answer.
The last line is ``item_f1=... pearson=... keyword_item_f1=... ms_per_answer=...``.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

from mlquiz.grading.text import embeddings
from mlquiz.grading.text.engine import DEFAULT_THRESHOLDS, Thresholds
from mlquiz.grading.text.evaluation import EvalCase, Metrics, evaluate, load_eval_set

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "grading" / "text" / "eval"


def _line(name: str, m: Metrics) -> str:
    return (
        f"  {name:<9} P={m.precision:.3f} R={m.recall:.3f} F1={m.f1:.3f} "
        f"pearson={m.pearson:.3f}  (tp={m.tp} fp={m.fp} fn={m.fn})"
    )


def _categories(m: Metrics) -> str:
    return "  ".join(f"{c}={statistics.mean(v):.2f}" for c, v in sorted(m.by_category.items()))


def tune(cases: list[EvalCase]) -> Thresholds:
    dev = [c for c in cases if c.split == "dev"]
    best: tuple[float, Thresholds] | None = None
    grid = itertools.product(
        (0.56, 0.58, 0.60, 0.62, 0.64, 0.66, 0.68, 0.71, 0.74),  # semantic
        (0.70, 0.75, 0.80),  # misconception
    )
    for semantic, misconception in grid:
        t = Thresholds(semantic, misconception, DEFAULT_THRESHOLDS.red_flag)
        m = evaluate(dev, "semantic", t)
        objective = m.f1 + m.pearson
        if best is None or objective > best[0]:
            best = (objective, t)
            print(f"  {t}  F1={m.f1:.3f} r={m.pearson:.3f}", flush=True)
    assert best is not None
    return best[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid-search thresholds on dev")
    parser.add_argument("--errors", action="store_true", help="list mismatching answers")
    args = parser.parse_args()

    cases = load_eval_set(EVAL_DIR)
    short = [c for c in cases if c.step is None]
    print(
        f"evaluation set: {len(cases)} answers ({len(short)} short-text, "
        f"{len(cases) - len(short)} design steps); "
        + ", ".join(f"{s}={sum(c.split == s for c in cases)}" for s in ("dev", "test"))
    )
    semantic_ok, why = embeddings.available()
    if semantic_ok:
        started = time.perf_counter()
        embeddings.get_encoder().encode(["warm up"])
        print(f"model: {embeddings.MODEL_ID}, loaded in {time.perf_counter() - started:.2f} s")
    else:
        print(f"semantic mode unavailable: {why}")

    thresholds = DEFAULT_THRESHOLDS
    if args.tune and semantic_ok:
        print("tuning on the dev split:")
        thresholds = tune(cases)
        print(f"best: {thresholds}")

    modes = ["strict", "keyword", *(["semantic"] if semantic_ok else [])]
    results: dict[tuple[str, str], Metrics] = {}
    for split in ("dev", "test"):
        subset = [c for c in cases if c.split == split]
        print(f"\n{split} split ({len(subset)} answers){' [held out]' if split == 'test' else ''}")
        for mode in modes:
            m = evaluate(subset, mode, thresholds)
            results[(split, mode)] = m
            print(_line(mode, m))
            print(f"            mean score by category: {_categories(m)}")
            if args.errors:
                for error in m.errors:
                    print(f"            {error}")

    # Speed: short answers, model loaded and anchor vectors cached (as in a running server),
    # the answer's own sentences not cached (each answer is new).
    speed_mode = "semantic" if semantic_ok else "keyword"
    timings: list[float] = []
    for _ in range(3):
        if semantic_ok:
            encoder = embeddings.get_encoder()
            for case in short:  # drop the answers' sentences from the cache, keep the rubric's
                for key in [k for k in encoder._cache if k in case.answer]:
                    del encoder._cache[key]
        m = evaluate(short, speed_mode, thresholds)
        timings.append(m.ms_per_answer())
    ms = min(timings)
    print(
        f"\nspeed ({speed_mode}): {ms:.1f} ms per short answer (best of 3 passes over "
        f"{len(short)} answers)"
    )

    flagged = [c for c in cases if c.red_flags]
    print(f"red-flag answers: {len(flagged)} labelled")

    held = results[("test", speed_mode)]
    keyword = results[("test", "keyword")]
    stuffed = held.by_category.get("stuffed", [0.0])
    strong = held.by_category.get("strong", [1.0])
    print(f"stuffed max score {max(stuffed):.2f} vs strong mean {statistics.mean(strong):.2f}")
    print(
        f"item_f1={held.f1:.3f} pearson={held.pearson:.3f} "
        f"keyword_item_f1={keyword.f1:.3f} ms_per_answer={ms:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
