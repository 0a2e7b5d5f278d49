#!/usr/bin/python3
"""Training side by side: this library's Trainer (TorchTraining, on its ShuffleNetV2) against a PyTorch 1.13 loop on
torchvision's shufflenet_v2 (torchvision's train.py recipe), on Fashion-MNIST, in one run on one machine. Prints step
parity, training speed and memory, and the time of a whole epoch with the data loader (see BENCHMARKS.md); with
--accuracy, the test top-1 of the full recipe over several seeds instead.

Run from the repository root with Debian's python3-torch and python3-torchvision (the .NET SDK on the PATH):

    /usr/bin/python3 benchmarks/compare/run_training_comparison.py               # parity, speed and epoch (about an hour)
    /usr/bin/python3 benchmarks/compare/run_training_comparison.py --parts speed  # only the speed and memory table
    /usr/bin/python3 benchmarks/compare/run_training_comparison.py --accuracy     # 3 seeds x 2 sides of the full recipe (hours)
    /usr/bin/python3 benchmarks/compare/run_training_comparison.py --quick        # proves it runs (about a minute); no verdicts

What it does:
  1. builds benchmarks/ShuffleNetV2.Compare (Release) and runs its train-prepare: per width, initial 10-class weights
     written by this library in PyTorch's zip format with torchvision's keys (both sides start from this file);
  2. parity: for SGD (Nesterov) and AdamW, both sides train from those weights on the training set in file order with a
     fixed transform (no augmentation): in float64 for a few steps (the arithmetic of every operation compared without
     float32 rounding), and in float32 for 500 steps (about one epoch and a bit). A third run, PyTorch from weights
     moved by one rounding error (--perturb), measures how fast any two trainings drift apart on their own: the
     control that the library's difference to PyTorch is compared with. The batches' checksums prove both sides saw
     the same numbers;
  3. speed and memory: one long-lived worker per side (C# train-serve, pytorch_train_worker.py serve); in interleaved
     rounds, for each width and (image size, batch), each side runs a block of training steps on one repeated batch
     (the order alternates every round); each step is timed from the end of the one before; the peak resident memory
     of each block is read from /proc (VmHWM, reset before the block);
  4. epoch: one whole epoch of Fashion-MNIST per width and side through each side's data loader (1 worker), with the
     recipe's augmentation;
  5. prints the machine, versions, settings, the command, the tables, ratios and goals.
Writes nothing outside the work directory (a temporary one unless --work-dir), except the --json file when asked.
"""
import argparse
import concurrent.futures
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

from harness import GLIBC_MALLOC, PYTHON, REPO, Worker, fmt, load_average, machine, quartiles, start_training_driver

PYTORCH_WORKER = os.path.join(REPO, "benchmarks", "compare", "pytorch_train_worker.py")
DATA = "/usr/share/datasets/fashion-mnist"
TORCHSHARP, PYTORCH = "torchsharp", "pytorch"
SIDES = [TORCHSHARP, PYTORCH]
# The speed levers (--speed-levers): each a worker of its own beside the two sides, one setting changed, interleaved with them.
TORCHSHARP_CL, TORCHSHARP_ALLOCATOR, PYTORCH_CL = "torchsharp-cl", "torchsharp-alloc", "pytorch-cl"
SPEED_LEVERS = [TORCHSHARP_CL, TORCHSHARP_ALLOCATOR, PYTORCH_CL]

# The recipe until the lead fixes it (issue 13): 64x64 input, RandomCrop with padding + flip, SGD Nesterov lr 0.2 at
# batch 128, weight decay 5e-5 (none on norm and bias parameters), label smoothing 0.1, 2 warm-up epochs then cosine.
RECIPE = dict(optimizer="sgd", learning_rate=0.2, momentum=0.9, nesterov=True, weight_decay=5e-5, norm_weight_decay=0.0,
              bias_weight_decay=0.0, label_smoothing=0.1, epochs=10, warmup_epochs=2, warmup_decay=0.01, per_iteration=False,
              batch_size=128, image_size=64, crop_padding=4, augment=True, mean=0.2860, std=0.3530)
# Parity: the same without augmentation, the rate changing every step (so that every step tests the schedule too).
PARITY_RECIPES = {
    "sgd": dict(RECIPE, augment=False, per_iteration=True),
    # plain momentum (torchvision's --opt sgd): the recipe's other variant, parity-checked on its own
    "sgd-momentum": dict(RECIPE, augment=False, per_iteration=True, nesterov=False),
    "sgd-momentum-32": dict(RECIPE, augment=False, per_iteration=True, nesterov=False, image_size=32),
    "adamw": dict(RECIPE, augment=False, per_iteration=True, optimizer="adamw", learning_rate=1e-3, weight_decay=0.05),
}
# float64 rounding is ~1e-16, float32's ~6e-8: the control run's initial weights move by that much.
PERTURB = {"float64": 1e-15, "float32": 1e-7}

QUICK = dict(widths="0.5", shapes="64x16", rounds=1, warmup=1, iterations=2, parity_steps=4, parity_f64_steps=2,
             parity_limit=256, test_limit=128, epoch_limit=256, seeds="0", accuracy_epochs=1, accuracy_limit=512)
FULL = dict(widths="0.5,1.0", shapes="64x128,224x32", rounds=5, warmup=1, iterations=5, parity_steps=500, parity_f64_steps=20,
            parity_limit=None, test_limit=None, epoch_limit=None, seeds="0,1,2", accuracy_epochs=None, accuracy_limit=None)


def parse_args():
    summary, details = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(description=summary, formatter_class=argparse.RawDescriptionHelpFormatter, epilog=details)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: proves the harness runs end to end, measures nothing")
    parser.add_argument("--parts", default="parity,speed,epoch", help="comma-separated parts: parity, speed, epoch (default all)")
    parser.add_argument("--accuracy", action="store_true", help="instead of the parts: the full recipe with augmentation, --seeds on each side")
    parser.add_argument("--widths", help=f"comma-separated widths (default {FULL['widths']}; --quick: {QUICK['widths']})")
    parser.add_argument("--shapes", help=f"speed: comma-separated SIZExBATCH (default {FULL['shapes']}; --quick: {QUICK['shapes']})")
    parser.add_argument("--rounds", type=int, help=f"speed: interleaved rounds (default {FULL['rounds']})")
    parser.add_argument("--warmup", type=int, help=f"speed: warm-up steps per block (default {FULL['warmup']}, at least 1)")
    parser.add_argument("--iterations", type=int, help=f"speed: timed steps per block (default {FULL['iterations']})")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads of both sides in the speed and epoch parts (default 2)")
    parser.add_argument("--pause-ms", type=int, default=200, help="speed: pause before each block, in ms (default 200)")
    parser.add_argument("--glibc-malloc", choices=["default", "tuned"], default="default",
                        help="glibc's allocator in both workers: its defaults, or 'tuned' through the environment (as run_comparison.py)")
    parser.add_argument("--tune-allocator", choices=["on", "off"], default="on",
                        help="the C# trainer's TuneGlibcAllocator option in the speed and epoch parts (default on, as the command line turns it on; the library's default is off)")
    parser.add_argument("--speed-levers", action="store_true",
                        help="speed: three more workers, interleaved with the two sides: torchsharp-cl (the network's ChannelsLast), "
                             "torchsharp-alloc (the C# side with the other --tune-allocator setting) and pytorch-cl "
                             "(model and batch channels-last)")
    parser.add_argument("--csharp-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra environment variable for the C# worker only (diagnosis; repeatable)")
    parser.add_argument("--pytorch-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra environment variable for the PyTorch worker only (diagnosis; repeatable)")
    parser.add_argument("--parity-optimizers", default="sgd,adamw", help="parity: comma-separated optimizers (default sgd,adamw; also sgd-momentum, SGD without Nesterov, and sgd-momentum-32, the same at 32x32)")
    parser.add_argument("--parity-steps", type=int, help=f"parity: float32 steps (default {FULL['parity_steps']})")
    parser.add_argument("--parity-f64-steps", type=int, help=f"parity: float64 steps, 0 for none (default {FULL['parity_f64_steps']})")
    parser.add_argument("--parity-threads", type=int, default=1,
                        help="parity: intra-op threads of both sides (default 1: the results are deterministic at any count, and one "
                             "thread is fastest on a shared machine)")
    parser.add_argument("--parity-jobs", type=int, default=1,
                        help="parity: runs at once (default 1; 2 on 2 quiet cores with --parity-threads 1 halves the part's time: "
                             "the runs are deterministic, only their wall time changes)")
    parser.add_argument("--reuse-parity", action="store_true",
                        help="parity: reuse the runs whose results are already in --work-dir (e.g. after an interruption); run the others")
    parser.add_argument("--parity-limit", type=int, help="parity: only the first N training images (default all 60,000)")
    parser.add_argument("--test-limit", type=int, help="parity and accuracy: only the first N test images (default all 10,000)")
    parser.add_argument("--epoch-workers", type=int, default=1, help="epoch and accuracy: data-loader workers of each side (default 1)")
    parser.add_argument("--epoch-limit", type=int, help="epoch: only the first N training images (default all)")
    parser.add_argument("--seeds", help=f"accuracy: comma-separated seeds (default {FULL['seeds']}; --quick: {QUICK['seeds']})")
    parser.add_argument("--accuracy-epochs", type=int, help=f"accuracy: epochs (default the recipe's, {RECIPE['epochs']})")
    parser.add_argument("--accuracy-limit", type=int, help="accuracy: only the first N training images (default all)")
    parser.add_argument("--accuracy-jobs", type=int, default=1,
                        help="accuracy: runs at once (default 1; 2 on 2 cores with --threads 1 runs one seed's two sides side by side: "
                             "a run's result does not depend on its neighbour, only its wall time does)")
    parser.add_argument("--reuse-accuracy", action="store_true",
                        help="accuracy: reuse the runs whose results are already in --work-dir (e.g. after an interruption, or to add seeds)")
    parser.add_argument("--recipe", help="accuracy and speed: a JSON file overriding entries of the recipe (snake_case keys)")
    parser.add_argument("--data", default=DATA, help=f"the Fashion-MNIST IDX folder (default {DATA})")
    parser.add_argument("--work-dir", help="where the weights, snapshots and logs go (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    parser.add_argument("--no-build", action="store_true", help="do not build the C# program first")
    parser.add_argument("--json", help="also write every measurement and the run's details to this JSON file")
    args = parser.parse_args()
    preset = QUICK if args.quick else FULL
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.widths = [w.strip() for w in args.widths.split(",") if w.strip()]
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in args.parts if p not in ("parity", "speed", "epoch")]
    if unknown:
        parser.error(f"--parts: unknown {unknown}; use parity, speed, epoch")
    try:
        args.shapes = [tuple(int(v) for v in s.lower().split("x")) for s in args.shapes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--shapes: use SIZExBATCH, e.g. 64x128,224x32; got '{args.shapes}'")
    args.seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    args.parity_optimizers = [o.strip() for o in args.parity_optimizers.split(",") if o.strip()]
    if any(o not in PARITY_RECIPES for o in args.parity_optimizers):
        parser.error(f"--parity-optimizers: use some of {','.join(PARITY_RECIPES)}")
    if args.warmup < 1 or args.iterations < 1 or args.rounds < 1 or args.parity_jobs < 1 or args.accuracy_jobs < 1:
        parser.error("--warmup, --iterations, --rounds, --parity-jobs and --accuracy-jobs must be at least 1")
    args.recipe_overrides = {}
    if args.recipe:
        with open(args.recipe) as f:
            args.recipe_overrides = json.load(f)
    for name in ("csharp_env", "pytorch_env"):
        pairs = {}
        for item in getattr(args, name):
            key, sep, value = item.partition("=")
            if not sep:
                parser.error(f"--{name.replace('_', '-')}: use NAME=VALUE, got '{item}'")
            pairs[key] = value
        setattr(args, name, pairs)
    return args


# ----------------------------------------------------------------------------------------------------------- helpers

def write_recipe(work_dir, name, recipe):
    path = os.path.join(work_dir, f"recipe_{name}.json")
    with open(path, "w") as f:
        json.dump(recipe, f, indent=1)
    return path


def run(command, log_path, env=None):
    """Runs one command to completion; its stderr goes to log_path; returns the JSON of its last stdout line."""
    with open(log_path, "w") as log:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=log, text=True, cwd=REPO, env=env)
    if result.returncode != 0:
        with open(log_path) as f:
            tail = "".join(f.readlines()[-20:])
        raise SystemExit(f"{' '.join(command)} failed with exit code {result.returncode}; its stderr ({log_path}):\n{tail}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_recorded(command, log_path, env, recipe, out_path):
    """Runs one accuracy command and keeps its result with the recipe that made it at out_path (for reuse)."""
    answer = run(command, log_path, env)
    with open(answer["result"]) as f:
        result = json.load(f)
    result["recipe"] = recipe
    with open(out_path, "w") as f:
        json.dump(result, f)
    return result


def environment(threads, extra=None, malloc="default"):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    env.update(GLIBC_MALLOC[malloc])
    env.update(extra or {})
    return env


def rel(a, b):
    return abs(a - b) / abs(b) if b else (0.0 if a == b else math.inf)


def sci(value):
    return "-" if value is None else "0" if value == 0 else f"{value:.1e}"


# ------------------------------------------------------------------------------------------------------------ parity

def parity_commands(dll, args, work_dir, label, recipe_path, dtype, steps, snapshots):
    """The three runs of one parity case: this library, PyTorch, and PyTorch from perturbed weights (the control)."""
    common = ["--dir", work_dir, "--recipe", recipe_path, "--width", "0.5", "--steps", str(steps), "--snapshots",
              ",".join(map(str, snapshots)), "--label", label, "--data", args.data, "--threads", str(args.parity_threads),
              "--dtype", dtype]
    if args.parity_limit:
        common += ["--limit", str(args.parity_limit)]
    if args.test_limit:
        common += ["--test-limit", str(args.test_limit)]
    return [
        (TORCHSHARP, ["dotnet", dll, "train-parity"] + common),
        (PYTORCH, [PYTHON, PYTORCH_WORKER, "parity"] + common),
        ("control", [PYTHON, PYTORCH_WORKER, "parity"] + common + ["--side", "control", "--perturb", str(PERTURB[dtype])]),
    ]


def run_parity(args, work_dir, plans):
    """Runs every parity run of every case, --parity-jobs at a time (each run is deterministic, so running some at once
    changes their wall time, never their numbers); returns {label: {side: result}}."""
    env = environment(args.parity_threads)

    def one(label, side, command, steps):
        result_path = os.path.join(work_dir, f"parity_{label}_{side}.json")
        if args.reuse_parity and os.path.isfile(result_path):
            print(f"parity {label}: {side}: reusing {result_path}", file=sys.stderr)
        else:
            print(f"parity {label}: {side} ({steps} steps)...", file=sys.stderr)
            result_path = run(command, os.path.join(work_dir, f"parity_{label}_{side}.log"), env)["result"]
        with open(result_path) as f:
            return json.load(f)

    jobs = [(plan["label"], side, command, plan["steps"]) for plan in plans for side, command in plan["commands"]]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parity_jobs) as pool:
        futures = {(label, side): pool.submit(one, label, side, command, steps) for label, side, command, steps in jobs}
        results = {}
        for (label, side), future in futures.items():
            results.setdefault(label, {})[side] = future.result()
    return results


def state_differences(path_a, path_b):
    """Per state-dict entry of b: max|a-b| / max|b| and the norms; summarised as parameters and BatchNorm statistics."""
    import torch  # noqa: E402 - only the parity part needs torch in the driver

    a, b = torch.load(path_a, map_location="cpu"), torch.load(path_b, map_location="cpu")
    if set(a) != set(b):
        raise SystemExit(f"'{path_a}' and '{path_b}' hold different keys: {sorted(set(a) ^ set(b))[:5]}")
    groups = {"parameters": [], "bn_stats": []}
    for key, expected in b.items():
        if not expected.is_floating_point():
            if not torch.equal(a[key], expected):
                groups["bn_stats"].append((math.inf, key, 0.0, 0.0))
            continue
        difference = (a[key].double() - expected.double())
        scale = expected.double().abs().max().item()
        entry = (difference.abs().max().item() / scale if scale else 0.0, key, difference.square().sum().item(), expected.double().square().sum().item())
        groups["bn_stats" if "running_" in key else "parameters"].append(entry)
    summary = {}
    for name, entries in groups.items():
        # A BatchNorm bias whose gradient is zero in exact arithmetic (the BatchNorm right after it removes any shift)
        # holds only rounding noise (|values| ~1e-9): relative differences of such tiny tensors say nothing. The
        # global relative difference weighs every tensor by its size; the worst tensor is taken among those whose
        # values reach 1e-6.
        meaningful = [e for e in entries if e[3] > 0 and math.sqrt(e[3]) > 1e-6]
        worst = max(meaningful or entries)
        summary[name] = {"global": math.sqrt(sum(e[2] for e in entries) / max(sum(e[3] for e in entries), 1e-300)),
                         "worst": worst[0], "worst_key": worst[1]}
    return summary


def parity_plan(dll, args, work_dir, optimizer, dtype, steps):
    label = f"{optimizer}_{dtype}"
    recipe_path = write_recipe(work_dir, f"parity_{optimizer}", PARITY_RECIPES[optimizer])
    snapshots = [s for s in (1, 2, 3, 5, 10, 20, 50, 100, 200, 300, 400, 500) if s <= steps]
    if steps not in snapshots:
        snapshots.append(steps)
    return {"optimizer": optimizer, "dtype": dtype, "label": label, "steps": steps, "snapshots": snapshots,
            "commands": parity_commands(dll, args, work_dir, label, recipe_path, dtype, steps, snapshots)}


def parity_case(plan, results):
    optimizer, dtype, snapshots = plan["optimizer"], plan["dtype"], plan["snapshots"]
    ours, theirs, control = results[TORCHSHARP], results[PYTORCH], results["control"]
    n = min(ours["steps"], theirs["steps"], control["steps"])
    checks = max((rel(a, b) for x, y in zip(ours["batch_sums"][:n], theirs["batch_sums"][:n]) for a, b in zip(x, y)), default=0.0)
    case = {"optimizer": optimizer, "dtype": dtype, "steps": n, "steps_per_epoch": theirs["steps_per_epoch"],
            "batch_checksum_max_rel": checks,
            "lr_max_rel": max(rel(a, b) for a, b in zip(ours["learning_rates"][:n], theirs["learning_rates"][:n])),
            "loss": {side: results[side]["losses"][:n] for side in results},
            "loss_rel": [rel(a, b) for a, b in zip(ours["losses"][:n], theirs["losses"][:n])],
            "control_loss_rel": [rel(a, b) for a, b in zip(control["losses"][:n], theirs["losses"][:n])],
            "snapshots": {}, "epoch": None, "seconds": {side: results[side]["seconds"] for side in results}}
    for step in snapshots:
        key = str(step)
        if key in ours["snapshots"] and key in theirs["snapshots"] and key in control["snapshots"]:
            case["snapshots"][key] = {"ours": state_differences(ours["snapshots"][key], theirs["snapshots"][key]),
                                      "control": state_differences(control["snapshots"][key], theirs["snapshots"][key])}
    if ours.get("epoch") and theirs.get("epoch") and control.get("epoch"):
        case["epoch"] = {"steps": theirs["epoch"]["steps"],
                         "ours": state_differences(ours["epoch"]["weights"], theirs["epoch"]["weights"]),
                         "control": state_differences(control["epoch"]["weights"], theirs["epoch"]["weights"]),
                         "metrics": {side: {k: results[side]["epoch"][k] for k in ("train_loss", "train_top1", "test_loss", "test_top1")}
                                     for side in results}}
    return case


def print_parity(case, quick):
    out = print
    n = case["steps"]
    out(f"-- {case['optimizer']}, {case['dtype']}: {n} steps of batch 128 from the same initial weights "
        f"({case['steps_per_epoch']} steps per epoch); the same batches: max relative checksum difference "
        f"{sci(case['batch_checksum_max_rel'])}; learning rates: max relative difference {sci(case['lr_max_rel'])}")
    first = min(20, n)
    out(f"   first {first} steps, per-step loss (relative difference to PyTorch's loss; control: PyTorch from weights moved by "
        f"{PERTURB[case['dtype']]:g} x N(0,1) relative):")
    out(f"   {'step':>5} {'torchsharp':>14} {'pytorch':>14} {'rel diff':>9} {'control':>9}")
    for i in range(first):
        out(f"   {i + 1:>5} {case['loss'][TORCHSHARP][i]:>14.9f} {case['loss'][PYTORCH][i]:>14.9f} {sci(case['loss_rel'][i]):>9} "
            f"{sci(case['control_loss_rel'][i]):>9}")
    out(f"   max over steps 1-{first}: torchsharp {sci(max(case['loss_rel'][:first]))}, control {sci(max(case['control_loss_rel'][:first]))}"
        + ("" if quick else f"   (goal 1e-4: {'met' if max(case['loss_rel'][:first]) <= 1e-4 else 'MISSED'}; "
                            f"the control, rounding alone: {'met' if max(case['control_loss_rel'][:first]) <= 1e-4 else 'missed'})"))
    if n > 20:
        out("   growth: per window of steps, the largest relative loss difference and the mean loss of each side")
        out(f"   {'steps':>9} {'torchsharp':>10} {'control':>9}   {'mean loss ts':>12} {'pytorch':>9} {'control':>9}")
        edges = [e for e in (1, 21, 51, 101, 201, 301, 401, 469, n + 1) if e <= n + 1]
        edges = sorted(set(edges + [n + 1]))
        for lo, hi in zip(edges, edges[1:]):
            window = slice(lo - 1, hi - 1)
            mean = {side: statistics.fmean(case["loss"][side][window]) for side in case["loss"]}
            out(f"   {f'{lo}-{hi - 1}':>9} {sci(max(case['loss_rel'][window])):>10} {sci(max(case['control_loss_rel'][window])):>9}   "
                f"{mean[TORCHSHARP]:>12.4f} {mean[PYTORCH]:>9.4f} {mean['control']:>9.4f}")
    out("   weights after step s against PyTorch's: global = ||a - b|| / ||b|| over all tensors; worst = max|a - b| / max|b| of the")
    out("   worst tensor (among tensors with values above 1e-6); parameters and BatchNorm running statistics apart")
    out(f"   {'after':>8} {'params global':>13} {'worst':>8} {'control':>8} {'worst':>8}   {'BN stats global':>15} {'worst':>8} {'control':>8} {'worst':>8}")
    rows = list(case["snapshots"].items())
    if case["epoch"]:
        rows.append((f"epoch 1", case["epoch"]))
        rows.sort(key=lambda r: case["epoch"]["steps"] if r[0] == "epoch 1" else int(r[0]))
    for name, snap in rows:
        o, c = snap["ours"], snap["control"]
        label = name if name == "epoch 1" else f"step {name}"
        out(f"   {label:>8} {sci(o['parameters']['global']):>13} {sci(o['parameters']['worst']):>8} {sci(c['parameters']['global']):>8} "
            f"{sci(c['parameters']['worst']):>8}   {sci(o['bn_stats']['global']):>15} {sci(o['bn_stats']['worst']):>8} "
            f"{sci(c['bn_stats']['global']):>8} {sci(c['bn_stats']['worst']):>8}")
    if case["epoch"] and not quick:
        e = case["epoch"]
        worst = max(e["ours"]["parameters"]["global"], e["ours"]["bn_stats"]["global"])
        control = max(e["control"]["parameters"]["global"], e["control"]["bn_stats"]["global"])
        out(f"   after epoch 1, weights and BatchNorm statistics (global): {sci(worst)} (goal 1e-3: {'met' if worst <= 1e-3 else 'MISSED'}; "
            f"the control, rounding alone: {sci(control)}, {'met' if control <= 1e-3 else 'missed'})")
    if case["epoch"]:
        out(f"   after epoch 1 ({case['epoch']['steps']} steps): " + "; ".join(
            f"{side} train loss {m['train_loss']:.4f}, test loss {m['test_loss']:.4f}, test top-1 {100 * m['test_top1']:.2f}%"
            for side, m in case["epoch"]["metrics"].items()))
    out("   seconds: " + ", ".join(f"{side} {s:.0f}" for side, s in case["seconds"].items()))
    out("")


# ------------------------------------------------------------------------------------------------------------- speed

def start_workers(dll, args, work_dir, recipe_path, levers=False):
    workers = {}
    other_allocator = "off" if args.tune_allocator == "on" else "on"
    for side in SIDES + (SPEED_LEVERS if levers else []):
        if side.startswith(TORCHSHARP):
            command = ["dotnet", dll, "train-serve", "--dir", work_dir, "--recipe", recipe_path, "--data", args.data, "--threads", str(args.threads),
                       "--tune-allocator", other_allocator if side == TORCHSHARP_ALLOCATOR else args.tune_allocator]
            if side == TORCHSHARP_CL:
                command += ["--channels-last", "on"]
            extra = args.csharp_env
        else:
            command = [PYTHON, PYTORCH_WORKER, "serve", "--dir", work_dir, "--recipe", recipe_path, "--data", args.data, "--threads", str(args.threads)]
            if side == PYTORCH_CL:
                command += ["--channels-last"]
            extra = args.pytorch_env
        workers[side] = Worker(side, command, environment(args.threads, extra, args.glibc_malloc), os.path.join(work_dir, f"worker-{side}.log"))
    return workers


def measure_speed(workers, args):
    samples, round_medians, busy, peaks, idle_cpu, others_wall = {}, {}, {}, {}, {s: 0.0 for s in workers}, {s: 0.0 for s in workers}
    order = list(workers)
    for r in range(args.rounds):
        for width in args.widths:
            for size, batch in args.shapes:
                for side in (order if r % 2 == 0 else order[::-1]):
                    time.sleep(args.pause_ms / 1e3)
                    before = {n: w.cpu_seconds() for n, w in workers.items()}
                    start = time.monotonic()
                    answer = workers[side].request(cmd="time", width=width, batch=batch, size=size, warmup=args.warmup, iterations=args.iterations)
                    wall = time.monotonic() - start
                    after = {n: w.cpu_seconds() for n, w in workers.items()}
                    key = (side, width, size, batch)
                    samples.setdefault(key, []).extend(answer["times_ms"])
                    round_medians.setdefault(key, []).append(statistics.median(answer["times_ms"]))
                    cpu_wall = busy.setdefault(key, [0.0, 0.0])
                    cpu_wall[0] += after[side] - before[side]
                    cpu_wall[1] += wall
                    peak = peaks.setdefault(key, {"peak": 0.0, "before": []})
                    if answer.get("peak_rss_mib") is not None:
                        peak["peak"] = max(peak["peak"], answer["peak_rss_mib"])
                    if answer.get("rss_before_mib") is not None:
                        peak["before"].append(answer["rss_before_mib"])
                    for other in workers:
                        if other != side:
                            idle_cpu[other] += after[other] - before[other]
                            others_wall[other] += wall
        print(f"speed: round {r + 1}/{args.rounds} done", file=sys.stderr)
    rows = {}
    for key, times in samples.items():
        side, width, size, batch = key
        median = statistics.median(times)
        q1, q3 = quartiles(times)
        cpu, wall = busy[key]
        rows[key] = {"median_ms": median, "images_per_second": batch / median * 1e3, "q1_ms": q1, "q3_ms": q3,
                     "round_spread": max(round_medians[key]) / min(round_medians[key]), "cores": cpu / wall if wall else None,
                     "peak_rss_mib": peaks[key]["peak"] or None, "rss_before_mib": min(peaks[key]["before"]) if peaks[key]["before"] else None,
                     "n": len(times), "times_ms": times}
    return rows, idle_cpu, others_wall


def print_speed(args, rows, idle_cpu, others_wall):
    out = print
    header = (f"{'width':>5} {'input':>7} {'batch':>5}  {'side':<16} {'median ms':>10} {'IQR ms':>15} {'images/s':>9} {'rounds':>6} "
              f"{'cores':>5} {'peak RSS MiB':>12} {'before':>7}  {'x PyTorch images/s':>18}")
    out(header)
    out("-" * len(header))
    ratios = {}
    sides = [side for side in SIDES + SPEED_LEVERS if (side, args.widths[0], *args.shapes[0]) in rows]
    for width in args.widths:
        for size, batch in args.shapes:
            reference = rows[(PYTORCH, width, size, batch)]["images_per_second"]
            for side in sides:
                row = rows[(side, width, size, batch)]
                ratio = row["images_per_second"] / reference
                if side == TORCHSHARP:
                    ratios[(width, size, batch)] = ratio
                iqr = f"{row['q1_ms']:.0f}-{row['q3_ms']:.0f}"
                out(f"{width:>5} {f'{size}x{size}':>7} {batch:>5}  {side:<16} {row['median_ms']:>10.1f} {iqr:>15} {row['images_per_second']:>9.1f} "
                    f"{row['round_spread']:>6.2f} {fmt(row['cores'], 1):>5} {fmt(row['peak_rss_mib'], 0):>12} {fmt(row['rss_before_mib'], 0):>7}  {ratio:>18.2f}")
            out("")
    out("median ms: median time of one training step (repeated batch, no data loading): batch hand-out, forward, loss, backward,")
    out("optimizer step, bookkeeping, each timed from the end of the step before; images/s: batch / median; rounds: slowest /")
    out("fastest per-round median (drift); cores: worker CPU time / wall time during its blocks; peak RSS: the largest VmHWM of the")
    out("worker process over its blocks of that row (reset before each block; the process also holds the other rows' models);")
    out("before: its VmRSS at the start of the block; x PyTorch: images/s of the row / PyTorch's images/s (above 1: faster).")
    out("")
    cores = [r["cores"] for r in rows.values() if r["cores"] is not None]
    if cores:
        average = sum(cores) / len(cores)
        warning = ("\n            WARNING: below 1 core, so the workers waited for CPU: the machine was busy and these numbers are not trustworthy"
                   if average < 0.9 else "")
        out(f"busy check: the timed workers used {average:.2f} cores on average (up to {args.threads} with {args.threads} threads){warning}")
    if args.rounds > 1:
        key, row = max(rows.items(), key=lambda item: item[1]["round_spread"])
        warning = ("\n            WARNING: above 1.5, so the machine's speed changed during the run; compare with care or run again"
                   if row["round_spread"] > 1.5 else "")
        out(f"drift check: largest slowest/fastest round median {row['round_spread']:.2f} ({key[0]}, width {key[1]}, {key[2]}x{key[2]}, batch {key[3]}){warning}")
    out("CPU used by each idle worker while the other was timed: " + "; ".join(
        f"{side} {idle_cpu[side]:.2f} s ({100 * idle_cpu[side] / others_wall[side]:.1f}% of a core)" if others_wall[side] else f"{side} -" for side in sides))
    out("")
    levers = [(title, side, baseline) for title, side, baseline in (
        ("TorchSharp channels-last vs PyTorch", TORCHSHARP_CL, PYTORCH),
        (f"TorchSharp allocator setting {'off' if args.tune_allocator == 'on' else 'on'} vs PyTorch", TORCHSHARP_ALLOCATOR, PYTORCH),
        ("channels-last vs not, TorchSharp", TORCHSHARP_CL, TORCHSHARP),
        (f"allocator setting {'off' if args.tune_allocator == 'on' else 'on'} vs {args.tune_allocator}, TorchSharp", TORCHSHARP_ALLOCATOR, TORCHSHARP),
        ("channels-last vs not, PyTorch", PYTORCH_CL, PYTORCH),
        ("TorchSharp channels-last vs PyTorch channels-last", TORCHSHARP_CL, PYTORCH_CL)) if side in sides]
    if levers:
        out("levers (ratios of images per second; for information)")
        for title, side, baseline in levers:
            out(f"  {title:<52} " + "; ".join(
                f"{w}/{s}x{s}/b{b} {rows[(side, w, s, b)]['images_per_second'] / rows[(baseline, w, s, b)]['images_per_second']:.2f}x"
                for w in args.widths for s, b in args.shapes))
        out("")
    return ratios


def measure_epochs(workers, args):
    rows = {}
    for width in args.widths:
        for side in SIDES:
            print(f"epoch: width {width}, {side}...", file=sys.stderr)
            request = dict(cmd="epoch", width=width, batch=RECIPE["batch_size"], size=RECIPE["image_size"], workers=args.epoch_workers)
            if args.epoch_limit:
                request["limit"] = args.epoch_limit
            before = workers[side].cpu_seconds()
            start = time.monotonic()
            answer = workers[side].request(**request)
            answer["cores"] = (workers[side].cpu_seconds() - before) / (time.monotonic() - start)
            rows[(side, width)] = answer
    return rows


def print_epochs(args, rows):
    out = print
    header = f"{'width':>5}  {'side':<16} {'images':>7} {'seconds':>8} {'images/s':>9} {'cores':>5} {'peak RSS MiB':>12}  {'x PyTorch images/s':>18}"
    out(header)
    out("-" * len(header))
    ratios = {}
    for width in args.widths:
        reference = rows[(PYTORCH, width)]["images_per_second"]
        for side in SIDES:
            row = rows[(side, width)]
            ratio = row["images_per_second"] / reference
            if side == TORCHSHARP:
                ratios[width] = ratio
            out(f"{width:>5}  {side:<10} {row['images']:>7} {row['seconds']:>8.1f} {row['images_per_second']:>9.1f} {fmt(row['cores'], 1):>5} "
                f"{fmt(row['peak_rss_mib'], 0):>12}  {ratio:>18.2f}")
    out(f"one epoch of the training set with the recipe's augmentation (RandomCrop with padding {RECIPE['crop_padding']}, flip), batch "
        f"{RECIPE['batch_size']}, {RECIPE['image_size']}x{RECIPE['image_size']}, {args.epoch_workers} loader worker(s) per side (C#: a thread of")
    out("the DataLoader; PyTorch: a worker process, whose memory is not in the peak RSS), from the loader's start to the last step.")
    out("")
    return ratios


# ---------------------------------------------------------------------------------------------------------- accuracy

def accuracy(dll, args, work_dir):
    recipe = dict(RECIPE, **args.recipe_overrides)
    if args.accuracy_epochs:
        recipe["epochs"] = args.accuracy_epochs
        recipe["warmup_epochs"] = min(recipe["warmup_epochs"], recipe["epochs"] - 1)
    recipe_path = write_recipe(work_dir, "accuracy", recipe)
    env = environment(args.threads, malloc=args.glibc_malloc)
    runs = []
    for i, seed in enumerate(args.seeds):
        for side in (SIDES if i % 2 == 0 else SIDES[::-1]):
            out_path = os.path.join(work_dir, f"accuracy_{side}_seed{seed}.json")
            common = ["--recipe", recipe_path, "--out", out_path, "--width", args.widths[0], "--seed", str(seed), "--data", args.data,
                      "--workers", str(args.epoch_workers), "--threads", str(args.threads)]
            if args.accuracy_limit:
                common += ["--limit", str(args.accuracy_limit)]
            if args.test_limit:
                common += ["--test-limit", str(args.test_limit)]
            command = (["dotnet", dll, "train-accuracy"] if side == TORCHSHARP else [PYTHON, PYTORCH_WORKER, "accuracy"]) + common
            runs.append((side, seed, out_path, command))

    def one(side, seed, out_path, command):
        if args.reuse_accuracy and os.path.exists(out_path):
            with open(out_path) as f:
                result = json.load(f)
            if result.get("recipe") in (None, recipe):
                print(f"accuracy: seed {seed}, {side}: reused {out_path}", file=sys.stderr)
                return result
        print(f"accuracy: seed {seed}, {side} ({recipe['epochs']} epochs)...", file=sys.stderr)
        return run_recorded(command, os.path.join(work_dir, f"accuracy_{side}_seed{seed}.log"), env, recipe, out_path)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.accuracy_jobs) as pool:
        futures = [(r[0], pool.submit(one, *r)) for r in runs]
        results = {side: [] for side in SIDES}
        for side, future in futures:
            results[side].append(future.result())
    for side in SIDES:
        results[side].sort(key=lambda r: r["seed"])
    return recipe, results


def welch(a, b):
    """Welch's t-test of two samples' means: (t, degrees of freedom, two-sided p)."""
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    if va + vb == 0:
        return math.inf, math.nan, 0.0
    t = (statistics.fmean(a) - statistics.fmean(b)) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return t, df, incomplete_beta(df / 2, 0.5, df / (df + t * t))


def incomplete_beta(a, b, x):
    """The regularised incomplete beta function I_x(a, b) by Lentz's continued fraction (Numerical Recipes' betacf):
    Student's two-sided p is I_{df/(df+t^2)}(df/2, 1/2). Written out because Debian's python3-torch brings no scipy."""
    if x <= 0 or x >= 1:
        return 0.0 if x <= 0 else 1.0
    if x > (a + 1) / (a + b + 2):
        return 1.0 - incomplete_beta(b, a, 1.0 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1.0 - x)) / a
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return front * f


def print_accuracy(args, recipe, results):
    out = print
    out(f"recipe: {json.dumps(recipe)}")
    out(f"width {args.widths[0]}; {results[PYTORCH][0]['train_images']} training and {results[PYTORCH][0]['test_images']} test images; "
        f"{args.epoch_workers} loader worker(s), {args.threads} threads per side, {args.accuracy_jobs} run(s) at once; "
        f"seeds {','.join(map(str, args.seeds))}")
    out("")
    out(f"{'side':<16} " + " ".join(f"{f'seed {s}':>9}" for s in args.seeds) + f" {'mean':>8} {'stdev':>7} {'min-max':>13} {'minutes/run':>11}")
    tops = {}
    for side in SIDES:
        tops[side] = [100 * r["test_top1"] for r in results[side]]
        stdev = statistics.stdev(tops[side]) if len(tops[side]) > 1 else 0.0
        minutes = statistics.fmean(r["train_seconds"] for r in results[side]) / 60
        out(f"{side:<10} " + " ".join(f"{t:>8.2f}%" for t in tops[side]) + f" {statistics.fmean(tops[side]):>7.2f}% {stdev:>7.2f} "
            f"{f'{min(tops[side]):.2f}-{max(tops[side]):.2f}':>13} {minutes:>11.1f}")
    difference = statistics.fmean(tops[TORCHSHARP]) - statistics.fmean(tops[PYTORCH])
    out("")
    out(f"mean test top-1: torchsharp - pytorch = {difference:+.2f} points" +
        ("   [--quick: no verdict]" if args.quick else f"   (goal: within 0.3 points: {'met' if abs(difference) <= 0.3 else 'MISSED'})"))
    if all(len(t) > 1 for t in tops.values()):
        t, df, p = welch(tops[TORCHSHARP], tops[PYTORCH])
        out(f"Welch's t-test of the means: t = {t:+.2f}, {df:.1f} degrees of freedom, two-sided p = {p:.3g}")
    out("")
    out("per epoch, mean over seeds (test top-1 %, train loss, test loss):")
    epochs = len(results[PYTORCH][0]["epochs"])
    out(f"{'side':<16} {'metric':<11} " + " ".join(f"{f'ep {e + 1}':>7}" for e in range(epochs)))
    for side in SIDES:
        for metric, scale, digits in (("test_top1", 100, 2), ("train_loss", 1, 4), ("test_loss", 1, 4)):
            values = [scale * statistics.fmean(r["epochs"][e][metric] for r in results[side]) for e in range(epochs)]
            out(f"{side:<10} {metric:<11} " + " ".join(f"{v:>7.{digits}f}" for v in values))
    out("")
    out("per epoch and seed (test top-1 %):")
    for side in SIDES:
        for r in results[side]:
            out(f"{side:<10} seed {r['seed']:<5} " + " ".join(f"{100 * e['test_top1']:>7.2f}" for e in r["epochs"]))
    return difference


# -------------------------------------------------------------------------------------------------------------- main

def print_header(args, info, command, started, elapsed, load_before, load_after, title):
    out = print
    out("=" * 118)
    out(title + ("   [--quick: proves the harness runs; NOT a measurement]" if args.quick else ""))
    out("=" * 118)
    m = machine()
    out(f"machine   : {m['cpu']}; {m['logical_cpus']} logical CPUs ({m['usable_cpus']} usable, {m['physical_cores']} physical cores); {m['memory']}; {m['os']}")
    out(f"load avg  : before {' '.join(f'{v:.2f}' for v in load_before)}   after {' '.join(f'{v:.2f}' for v in load_after)}   (1, 5, 15 min)")
    out(f"started   : {started}, took {elapsed:.0f} s")
    out(f"command   : {command}")
    out(f"threads   : {args.threads} intra-op threads per side for speed, epoch and accuracy (torch.set_num_threads; OMP_NUM_THREADS), "
        f"{args.parity_threads} for parity ({args.parity_jobs} parity run(s) at once); one process per side")
    out(f"allocator : glibc malloc {args.glibc_malloc} in both workers' environment" + ("" if args.glibc_malloc == "default" else
        " (" + ", ".join(f"{k}={v}" for k, v in GLIBC_MALLOC[args.glibc_malloc].items()) + ")") +
        f"; the C# trainer's TuneGlibcAllocator {args.tune_allocator} (mallopt from inside the process; opt-in in the library, on in the command line)")
    if args.csharp_env or args.pytorch_env:
        out(f"extra env : C# {args.csharp_env or '-'}; PyTorch {args.pytorch_env or '-'}")
    if info:
        out("versions  :")
        for side, i in info.items():
            details = ", ".join(f"{k} {i[k]}" for k in ("torch", "torchvision", "torchsharp", "libtorch") if k in i)
            out(f"  {side:<10} {i['process']}; {details}; {i['description']}")
    out("")


def main():
    args = parse_args()
    started, command, load_before, t0, dll, work_dir = start_training_driver(args.no_build, args.work_dir, "shufflenet-train-compare-")
    report = {"command": command, "started": started, "quick": args.quick}
    info, parity, speed, epochs, goals = {}, [], None, None, []
    try:
        run(["dotnet", dll, "train-prepare", "--dir", work_dir, "--widths", ",".join(args.widths)], os.path.join(work_dir, "prepare.log"))
        if args.accuracy:
            recipe, results = accuracy(dll, args, work_dir)
            load_after = load_average()
            print_header(args, None, command, started, time.monotonic() - t0, load_before, load_after,
                         "ShuffleNetV2 training accuracy, side by side (Fashion-MNIST, the full recipe)")
            difference = print_accuracy(args, recipe, results)
            report.update(recipe=recipe, accuracy=results, difference_points=difference)
        else:
            if "parity" in args.parts:
                plans = [parity_plan(dll, args, work_dir, optimizer, dtype, steps) for optimizer in args.parity_optimizers
                         for dtype, steps in (("float64", args.parity_f64_steps), ("float32", args.parity_steps)) if steps]
                results = run_parity(args, work_dir, plans)
                parity = [parity_case(plan, results[plan["label"]]) for plan in plans]
            if "speed" in args.parts or "epoch" in args.parts:
                speed_recipe = write_recipe(work_dir, "speed", dict(RECIPE, **args.recipe_overrides))
                workers = start_workers(dll, args, work_dir, speed_recipe, levers=args.speed_levers and "speed" in args.parts)
                try:
                    info = {side: w.request(cmd="info") for side, w in workers.items()}
                    if "speed" in args.parts:
                        for width in args.widths:
                            for size, batch in args.shapes:
                                for w in workers.values():
                                    w.request(cmd="load", width=width, batch=batch, size=size)
                        speed = measure_speed(workers, args)
                    if "epoch" in args.parts:
                        epochs = measure_epochs(workers, args)
                finally:
                    for w in workers.values():
                        w.close()
            load_after = load_average()
            print_header(args, info, command, started, time.monotonic() - t0, load_before, load_after,
                         "ShuffleNetV2 training, side by side: this library's Trainer against a PyTorch 1.13 train.py loop")
            if parity:
                print("1. step parity (width 0.5, 10 classes, 64x64 Fashion-MNIST in file order, no augmentation, the recipe's "
                      "schedule per step)")
                print("")
                for case in parity:
                    print_parity(case, args.quick)
            if speed:
                print("2. training speed and memory per step (interleaved rounds; the recipe's first-epoch learning rate)")
                print("")
                ratios = print_speed(args, *speed)
                goals.append(("training images/s >= 1.1x PyTorch", {f"{w}/{s}x{s}/b{b}": r for (w, s, b), r in ratios.items()}, 1.1))
            if epochs:
                print("3. a whole epoch with the data loader")
                print("")
                ratios = print_epochs(args, epochs)
                goals.append(("epoch images/s >= 1.1x PyTorch", {f"{w}/epoch": r for w, r in ratios.items()}, 1.1))
            if goals:
                print("goals (ratios of images per second, this library / PyTorch)" + ("   [--quick: no verdicts]" if args.quick else ""))
                for title, cells, goal in goals:
                    print(f"  {title:<36} " + "; ".join(f"{k} {v:.2f}x" + ("" if args.quick else (" met" if v >= goal else f" MISSED by {100 * (1 - v / goal):.0f}%"))
                                                        for k, v in cells.items()))
            if args.quick:
                print("")
                print("[--quick: tiny sizes on a possibly busy machine. These numbers are NOT a measurement.]")
            report.update(info=info, parity=parity,
                          speed=[dict(side=k[0], width=k[1], size=k[2], batch=k[3], **v) for k, v in speed[0].items()] if speed else None,
                          epochs=[dict(side=k[0], **v) for k, v in epochs.items()] if epochs else None)
    finally:
        if not args.work_dir and not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)
        elif not args.work_dir:
            print(f"work directory kept: {work_dir}", file=sys.stderr)
    report["load_average"] = {"before": load_before, "after": load_average()}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
