#!/usr/bin/python3
"""The swap experiment of the training comparison: which half of a training run, the data (loader and augmentation)
or the step (forward, loss, backward, optimizer), makes this library's accuracy differ from PyTorch's.

For every seed, each side first writes its own augmented training batches to files (C#: ShuffleNetV2.Compare
train-dump, this library's DataLoader and transforms; PyTorch: pytorch_train_worker.py dump, torchvision's transforms
and DataLoader), as its accuracy run would draw them from that seed. Then the four cells of
{this library's batches, torchvision's} x {this library's step, PyTorch's} train on those files from the same initial
weights (torch.manual_seed(seed) initialises both networks identically) and report the test top-1 after each epoch.
A difference that follows the batches lives in the data path; one that follows the step lives in the step.

Run from the repository root with Debian's python3-torch and python3-torchvision (the .NET SDK on the PATH):

    /usr/bin/python3 benchmarks/compare/run_swap_experiment.py --recipe FILE --seeds 0,1,2 --jobs 2 --threads 1

--recipe holds overrides of run_training_comparison.py's RECIPE (e.g. {"image_size": 32, "epochs": 2,
"warmup_epochs": 1, "per_iteration": true}). The batch files take 1 KiB per image and epoch at 32x32; they are
deleted when a seed's four cells are done unless --keep-batches.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import sys
import time

from harness import PYTHON, load_average, machine, start_training_driver
from run_training_comparison import DATA, PYTORCH_WORKER, RECIPE, environment, run, run_recorded, welch, write_recipe

SIDES = ["torchsharp", "pytorch"]


def parse_args():
    summary, details = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(description=summary, formatter_class=argparse.RawDescriptionHelpFormatter, epilog=details)
    parser.add_argument("--recipe", help="a JSON file of overrides of the comparison's recipe")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    parser.add_argument("--width", default="0.5")
    parser.add_argument("--jobs", type=int, default=2, help="runs at once (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per run (default 1)")
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--limit", type=int, help="only the first N training images (a quick proof that it runs; no verdict)")
    parser.add_argument("--test-limit", type=int, help="only the first N test images")
    parser.add_argument("--work-dir", help="keep the files here (default a temporary directory)")
    parser.add_argument("--reuse", action="store_true", help="reuse the results already in --work-dir for the same recipe")
    parser.add_argument("--keep-batches", action="store_true", help="keep the batch files")
    parser.add_argument("--no-build", action="store_true", help="use the built ShuffleNetV2.Compare as is")
    args = parser.parse_args()
    args.seeds = [int(s) for s in args.seeds.split(",")]
    args.overrides = {}
    if args.recipe:
        with open(args.recipe) as f:
            args.overrides = json.load(f)
    return args


def main():
    args = parse_args()
    started, command, load_before, t0, dll, work_dir = start_training_driver(args.no_build, args.work_dir, "shufflenet-swap-")
    recipe = dict(RECIPE, **args.overrides)
    recipe_path = write_recipe(work_dir, "swap", recipe)
    env = environment(args.threads)

    def batches_dir(data, seed):
        return os.path.join(work_dir, f"batches_{data}_seed{seed}")

    def dump(data, seed):
        folder = batches_dir(data, seed)
        if os.path.exists(os.path.join(folder, "batches.json")):
            return
        common = ["--recipe", recipe_path, "--out", folder, "--seed", str(seed), "--data", args.data]
        common += ["--limit", str(args.limit)] if args.limit else []
        command = (["dotnet", dll, "train-dump"] if data == "torchsharp" else
                   [PYTHON, PYTORCH_WORKER, "dump", "--width", args.width, "--threads", str(args.threads)]) + common
        print(f"swap: seed {seed}, {data} batches...", file=sys.stderr, flush=True)
        run(command, os.path.join(work_dir, f"dump_{data}_seed{seed}.log"), env)

    def train(data, step, seed):
        out_path = os.path.join(work_dir, f"swap_{data}-data_{step}-step_seed{seed}.json")
        if args.reuse and os.path.exists(out_path):
            with open(out_path) as f:
                result = json.load(f)
            if result.get("recipe") == recipe:
                return result
        common = ["--recipe", recipe_path, "--out", out_path, "--width", args.width, "--seed", str(seed), "--data", args.data,
                  "--threads", str(args.threads), "--batches", batches_dir(data, seed)]
        common += ["--test-limit", str(args.test_limit)] if args.test_limit else []
        command = (["dotnet", dll, "train-accuracy"] if step == "torchsharp" else [PYTHON, PYTORCH_WORKER, "accuracy"]) + common
        print(f"swap: seed {seed}, {data} batches, {step} step ({recipe['epochs']} epochs)...", file=sys.stderr, flush=True)
        return run_recorded(command, os.path.join(work_dir, f"swap_{data}-data_{step}-step_seed{seed}.log"), env, recipe, out_path)

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for seed in args.seeds:
            for future in [pool.submit(dump, data, seed) for data in SIDES]:
                future.result()
            # The order of the cells alternates between seeds, so that no cell always runs beside the same other cell.
            cells = [(d, s) for d in SIDES for s in SIDES]
            if seed % 2:
                cells.reverse()
            futures = {cell: pool.submit(train, cell[0], cell[1], seed) for cell in cells}
            for cell, future in futures.items():
                results.setdefault(cell, []).append(future.result())
            if not args.keep_batches:
                for data in SIDES:
                    shutil.rmtree(batches_dir(data, seed), ignore_errors=True)
    report(args, recipe, results, command, started, time.monotonic() - t0, load_before, load_average(), work_dir)


def report(args, recipe, results, command, started, elapsed, load_before, load_after, work_dir):
    out = print
    m = machine()
    out("=" * 118)
    out("ShuffleNetV2 training, the swap experiment: {this library's batches, torchvision's} x {this library's step, PyTorch's}")
    out("=" * 118)
    out(f"machine   : {m['cpu']}; {m['logical_cpus']} logical CPUs ({m['usable_cpus']} usable, {m['physical_cores']} physical cores); {m['memory']}; {m['os']}")
    out(f"load avg  : before {' '.join(f'{v:.2f}' for v in load_before)}   after {' '.join(f'{v:.2f}' for v in load_after)}   (1, 5, 15 min)")
    out(f"started   : {started}, took {elapsed:.0f} s; work directory {work_dir}")
    out(f"command   : {command}")
    out(f"runs      : {args.jobs} at once, {args.threads} intra-op thread(s) each; width {args.width}; seeds {','.join(map(str, args.seeds))}")
    out(f"recipe    : {json.dumps(recipe)}")
    out("")
    tops = {cell: [100 * r["test_top1"] for r in rs] for cell, rs in results.items()}
    out(f"{'batches':<11} {'step':<11} " + " ".join(f"{f'seed {s}':>9}" for s in args.seeds) + f" {'mean':>8} {'stdev':>6} {'min-max':>13}")
    for (data, step), values in tops.items():
        stdev = statistics.stdev(values) if len(values) > 1 else 0.0
        out(f"{data:<11} {step:<11} " + " ".join(f"{v:>8.2f}%" for v in values) + f" {statistics.fmean(values):>7.2f}% {stdev:>6.2f} "
            f"{f'{min(values):.2f}-{max(values):.2f}':>13}")
    out("")
    out("main effects (the two cells of one side's batches, or step, pooled against the two of the other's):")
    for factor, index in (("batches", 0), ("step", 1)):
        mine = [v for cell, values in tops.items() if cell[index] == "torchsharp" for v in values]
        theirs = [v for cell, values in tops.items() if cell[index] == "pytorch" for v in values]
        line = f"  {factor:<8}: this library's - PyTorch's = {statistics.fmean(mine) - statistics.fmean(theirs):+.2f} points"
        if len(mine) > 1 and len(theirs) > 1:
            t, df, p = welch(mine, theirs)
            line += f"   (Welch: t = {t:+.2f}, {df:.1f} degrees of freedom, two-sided p = {p:.3g})"
        out(line)
    out("")
    out("per epoch, mean over seeds (test top-1 %, train loss):")
    epochs = len(next(iter(results.values()))[0]["epochs"])
    out(f"{'batches':<11} {'step':<11} {'metric':<11} " + " ".join(f"{f'ep {e + 1}':>7}" for e in range(epochs)))
    for (data, step), rs in results.items():
        for metric, scale, digits in (("test_top1", 100, 2), ("train_loss", 1, 4)):
            values = [scale * statistics.fmean(r["epochs"][e][metric] for r in rs) for e in range(epochs)]
            out(f"{data:<11} {step:<11} {metric:<11} " + " ".join(f"{v:>7.{digits}f}" for v in values))
    out("")
    out("per epoch and seed (test top-1 %):")
    for (data, step), rs in results.items():
        for r in rs:
            out(f"{data:<11} {step:<11} seed {r['seed']:<4} " + " ".join(f"{100 * e['test_top1']:>7.2f}" for e in r["epochs"]))


if __name__ == "__main__":
    main()
