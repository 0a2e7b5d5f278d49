#!/usr/bin/python3
"""Side-by-side forward latency of ShuffleNetV2: this library (TorchSharp, unfused and fused), PyTorch eager, and ONNX
Runtime on this library's export and on PyTorch's own export of the same weights, in one run, on one machine, with
one thread count. Prints one table of medians and ratios (see BENCHMARKS.md).

Run from the repository root with Debian's python3-torch (the .NET SDK on the PATH):

    /usr/bin/python3 benchmarks/compare/run_comparison.py            # the measurement (all widths, batch 1 and 32)
    /usr/bin/python3 benchmarks/compare/run_comparison.py --quick    # proves it runs: width 1.0, a few forwards

What it does:
  1. builds benchmarks/ShuffleNetV2.Compare (Release) and runs its `prepare`: per width, one set of random weights
     (BatchNorm statistics made non-trivial) as safetensors and as torch.save, this library's ONNX export, and PyTorch's
     export (tools/export_torchvision_onnx.py), in a temporary work directory (deleted at the end unless --keep);
  2. starts one long-lived worker process per engine (the C# program's `serve`, or pytorch_worker.py `serve`), loads
     every width, and checks that all engines give the same logits on one image (the same weights);
  3. times in interleaved rounds: for each round, each width and batch, each engine in turn (the order rotated every
     round) runs a block of warm-up forwards then timed forwards, so that drift of the machine hits all engines alike;
     ONNX Runtime's spin-waiting is off (its threads would otherwise burn CPU while the next engine is timed) and the
     driver pauses between blocks; the CPU time each idle worker used during the other engines' blocks is reported;
  4. prints the machine, versions, settings, the command, the table (median ms, ms/image, ratios) and the goals.
--levers adds the speed levers as engines of their own, interleaved with the others: channels-last activations
(torchsharp-cl, torchsharp-fused-cl, and pytorch-eager-cl with model.to(memory_format=torch.channels_last)) and
inference_mode instead of no_grad (torchsharp-im, torchsharp-cl-im, torchsharp-fused-cl-im, pytorch-eager-im).
Besides the C# build output, writes nothing outside the work directory, except the --json file when asked.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from harness import GLIBC_MALLOC, PYTHON, REPO, Worker, build_csharp, invocation, fmt, fmt_ratio, load_average, machine, quartiles, ratio

PYTORCH_WORKER = os.path.join(REPO, "benchmarks", "compare", "pytorch_worker.py")
WIDTHS = ["0.5", "1.0", "1.5", "2.0"]

PYTORCH = "pytorch-eager"
TORCHSHARP = "torchsharp"
FUSED = "torchsharp-fused"
ORT_OURS = "ort-our-export"
ORT_PYTORCH = "ort-pytorch-export"
STATISTICS = "statistics"
# The levers: one setting changed each (see the C# program's engine list); run with --levers or named in --engines.
PYTORCH_CL = "pytorch-eager-cl"
PYTORCH_IM = "pytorch-eager-im"
TORCHSHARP_CL = "torchsharp-cl"
FUSED_CL = "torchsharp-fused-cl"
TORCHSHARP_IM = "torchsharp-im"
TORCHSHARP_CL_IM = "torchsharp-cl-im"
FUSED_CL_IM = "torchsharp-fused-cl-im"
PYTORCH_WORKER_FLAGS = {PYTORCH: [], PYTORCH_CL: ["--channels-last"], PYTORCH_IM: ["--inference-mode"]}
LEVERS = [PYTORCH_CL, PYTORCH_IM, TORCHSHARP_CL, FUSED_CL, TORCHSHARP_IM, TORCHSHARP_CL_IM, FUSED_CL_IM]
# Table order; engines the C# program lists beyond these come last.
ENGINE_ORDER = [PYTORCH, PYTORCH_CL, PYTORCH_IM, TORCHSHARP, TORCHSHARP_CL, TORCHSHARP_IM, TORCHSHARP_CL_IM, FUSED, FUSED_CL, FUSED_CL_IM,
                ORT_PYTORCH, ORT_OURS, STATISTICS]

QUICK = dict(widths="1.0", batches="1,32", rounds=2, warmup=1, iterations=3, large_batch_warmup=1, large_batch_iterations=2)
FULL = dict(widths=",".join(WIDTHS), batches="1,32", rounds=5, warmup=5, iterations=20, large_batch_warmup=1, large_batch_iterations=4)


def parse_args():
    summary, details = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(description=summary, formatter_class=argparse.RawDescriptionHelpFormatter, epilog=details)
    parser.add_argument("--quick", action="store_true", help="width 1.0 only, 2 rounds of a few forwards: proves the harness runs, measures nothing")
    parser.add_argument("--widths", help=f"comma-separated widths (default {FULL['widths']}; --quick: {QUICK['widths']})")
    parser.add_argument("--batches", help="comma-separated batch sizes (default 1,32)")
    parser.add_argument("--rounds", type=int, help=f"interleaved rounds (default {FULL['rounds']})")
    parser.add_argument("--warmup", type=int, help=f"warm-up forwards per block at batch 1 (default {FULL['warmup']})")
    parser.add_argument("--iterations", type=int, help=f"timed forwards per block at batch 1 (default {FULL['iterations']})")
    parser.add_argument("--large-batch-warmup", type=int, help=f"warm-up forwards per block at batch > 1 (default {FULL['large_batch_warmup']})")
    parser.add_argument("--large-batch-iterations", type=int, help=f"timed forwards per block at batch > 1 (default {FULL['large_batch_iterations']})")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads of every engine (default 2)")
    parser.add_argument("--ort-spinning", choices=["on", "off"], default="off", help="ONNX Runtime's intra-op spin-waiting (default off)")
    parser.add_argument("--pause-ms", type=int, default=100, help="pause before each block, in ms (default 100)")
    parser.add_argument("--glibc-malloc", choices=["default", "tuned"], default="default",
                        help="glibc's allocator in every worker: its defaults, or 'tuned' (MALLOC_MMAP_THRESHOLD_ and "
                             "MALLOC_TRIM_THRESHOLD_ raised, so large activations reuse heap memory instead of fresh "
                             "mmap'd pages each forward); the same for every engine (default: default)")
    parser.add_argument("--engines", help="comma-separated engines (default: all but the levers)")
    parser.add_argument("--levers", action="store_true", help="add the lever engines (channels-last, inference_mode) to the default or --engines set")
    parser.add_argument("--work-dir", help="where prepare writes the weights and ONNX files (default: a temporary directory)")
    parser.add_argument("--skip-prepare", action="store_true", help="reuse a --work-dir that prepare already filled")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    parser.add_argument("--no-build", action="store_true", help="do not build the C# program first")
    parser.add_argument("--json", help="also write every per-forward time and the run's details to this JSON file")
    args = parser.parse_args()
    preset = QUICK if args.quick else FULL
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.widths = [w.strip() for w in args.widths.split(",") if w.strip()]
    args.batches = [int(b) for b in args.batches.split(",") if b.strip()]
    bad = [w for w in args.widths if w not in WIDTHS]
    if bad or not args.widths:
        parser.error(f"--widths: unknown {bad}; use some of {','.join(WIDTHS)}")
    if not args.batches or min(args.batches) < 1:
        parser.error(f"--batches must be positive, got {args.batches}")
    for name in ("rounds", "iterations", "large_batch_iterations", "threads"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.skip_prepare and not args.work_dir:
        parser.error("--skip-prepare needs --work-dir")
    return args


def csharp_engines(dll):
    result = subprocess.run(["dotnet", dll, "engines"], capture_output=True, text=True, check=True)
    return [e["name"] for e in json.loads(result.stdout)]


def prepare(dll, work_dir, widths):
    print(f"prepare: widths {','.join(widths)} into {work_dir} (PyTorch's ONNX export takes a while per width)...", file=sys.stderr)
    result = subprocess.run(["dotnet", dll, "prepare", "--dir", work_dir, "--widths", ",".join(widths), "--python", PYTHON],
                            cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"prepare failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_workers(dll, engines, args, work_dir):
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), MKL_NUM_THREADS=str(args.threads))
    env.update(GLIBC_MALLOC[args.glibc_malloc])
    workers = {}
    for name in engines:
        if name in PYTORCH_WORKER_FLAGS:
            command = [PYTHON, PYTORCH_WORKER, "serve", "--dir", work_dir, "--threads", str(args.threads)] + PYTORCH_WORKER_FLAGS[name]
        else:
            command = ["dotnet", dll, "serve", "--dir", work_dir, "--engine", name, "--threads", str(args.threads),
                       "--ort-spinning", args.ort_spinning]
        workers[name] = Worker(name, command, env, os.path.join(work_dir, f"worker-{name}.log"))
    return workers


# ----------------------------------------------------------------------------------------------------------- measuring

def check_same_weights(workers, widths):
    """Max |logit - torchsharp's logit| per engine and width on the check image, and the logits' scale."""
    result = {}
    for width in widths:
        logits = {name: w.request(cmd="check", width=width)["logits"] for name, w in workers.items()}
        reference_name = TORCHSHARP if TORCHSHARP in logits else PYTORCH
        reference = logits[reference_name]
        scale = max(abs(v) for v in reference)
        result[width] = {"reference": reference_name, "scale": scale, "max_abs_diff": {
            name: (None if values is None else max(abs(a - b) for a, b in zip(values, reference)))
            for name, values in logits.items()}}
    return result


def measure(workers, args):
    engines = list(workers)
    samples = {}        # (engine, width, batch) -> [ms per forward]
    round_medians = {}  # (engine, width, batch) -> [median of each round's block]
    busy = {}           # (engine, width, batch) -> [cpu seconds, wall seconds] of its blocks
    idle_cpu = {name: 0.0 for name in engines}   # CPU a worker used while another engine was timed
    others_wall = {name: 0.0 for name in engines}
    for r in range(args.rounds):
        for width in args.widths:
            for batch in args.batches:
                warmup, iterations = (args.warmup, args.iterations) if batch == 1 else (args.large_batch_warmup, args.large_batch_iterations)
                shift = r % len(engines)
                for name in engines[shift:] + engines[:shift]:
                    if args.pause_ms:
                        time.sleep(args.pause_ms / 1e3)
                    before = {n: w.cpu_seconds() for n, w in workers.items()}
                    start = time.monotonic()
                    answer = workers[name].request(cmd="time", width=width, batch=batch, warmup=warmup, iterations=iterations)
                    wall = time.monotonic() - start
                    after = {n: w.cpu_seconds() for n, w in workers.items()}
                    key = (name, width, batch)
                    samples.setdefault(key, []).extend(answer["times_ms"])
                    round_medians.setdefault(key, []).append(statistics.median(answer["times_ms"]))
                    cpu_wall = busy.setdefault(key, [0.0, 0.0])
                    cpu_wall[0] += after[name] - before[name]
                    cpu_wall[1] += wall
                    for other in engines:
                        if other != name:
                            idle_cpu[other] += after[other] - before[other]
                            others_wall[other] += wall
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    return samples, round_medians, busy, idle_cpu, others_wall


# ---------------------------------------------------------------------------------------------------------- reporting

def summarize(samples, round_medians, busy):
    rows = {}
    for (name, width, batch), times in samples.items():
        median = statistics.median(times)
        q1, q3 = quartiles(times)
        spread = max(round_medians[(name, width, batch)]) / min(round_medians[(name, width, batch)])
        cpu, wall = busy[(name, width, batch)]
        rows[(name, width, batch)] = {"median_ms": median, "per_image_ms": median / batch, "q1_per_image_ms": q1 / batch,
                                      "q3_per_image_ms": q3 / batch, "round_spread": spread, "cores_busy": cpu / wall if wall else None,
                                      "n": len(times)}
    return rows


def print_report(args, info, engines, rows, checks, idle_cpu, others_wall, load_before, load_after, command, started, elapsed):
    out = print
    out("=" * 118)
    out("ShuffleNetV2 forward latency, side by side" + ("   [--quick: proves the harness runs; NOT a measurement]" if args.quick else ""))
    out("=" * 118)
    m = info["machine"]
    out(f"machine   : {m['cpu']}; {m['logical_cpus']} logical CPUs ({m['usable_cpus']} usable, {m['physical_cores']} physical cores); "
        f"{m['memory']}; {m['os']}")
    out(f"load avg  : before {' '.join(f'{v:.2f}' for v in load_before)}   after {' '.join(f'{v:.2f}' for v in load_after)}   (1, 5, 15 min)")
    out(f"started   : {started}, took {elapsed:.0f} s")
    out(f"command   : {command}")
    out(f"threads   : {args.threads} intra-op threads in every engine (torch.set_num_threads; ORT intraOpThreads; "
        f"OMP_NUM_THREADS={args.threads}); one process per engine")
    out(f"interplay : ONNX Runtime spin-waiting {args.ort_spinning.upper()} (session.intra_op.allow_spinning); "
        f"pause of {args.pause_ms} ms before each block")
    out(f"allocator : glibc malloc {args.glibc_malloc}" + ("" if args.glibc_malloc == "default" else
        " (" + ", ".join(f"{k}={v}" for k, v in GLIBC_MALLOC[args.glibc_malloc].items()) + ") in every worker"))
    out(f"schedule  : {args.rounds} rounds x widths {','.join(args.widths)} x batches {','.join(map(str, args.batches))} x "
        f"{len(engines)} engines (order rotated each round); block = {args.warmup} warm-up + {args.iterations} timed forwards at batch 1, "
        f"{args.large_batch_warmup} + {args.large_batch_iterations} at larger batches")
    out("versions  :")
    for name in engines:
        i = info["engines"][name]
        details = ", ".join(f"{k} {i[k]}" for k in ("torch", "torchvision", "torchsharp", "libtorch", "onnxruntime") if k in i)
        out(f"  {name:<20} {i['process']}; {details}")
        out(f"  {'':<20} {i['description']}")
    out("")
    reference = next(iter(checks.values()))["reference"]
    out(f"same weights: max |logit - {reference} logit| on one 224x224 image (|logits| up to "
        + ", ".join(f"{fmt(c['scale'], 1)} at {w}" for w, c in checks.items()) + ")")
    for name in engines:
        diffs = [checks[w]["max_abs_diff"][name] for w in args.widths]
        out(f"  {name:<20} " + "   ".join(f"{w}: {'not a classifier' if d is None else f'{d:.1e}'}" for w, d in zip(args.widths, diffs)))
    out("")

    header = (f"{'width':>5} {'batch':>5}  {'engine':<20} {'median ms':>10} {'ms/image':>9} {'IQR ms/image':>15} {'rounds':>7} "
              f"{'cores':>5}  {'x PyTorch eager':>15} {'x ORT(PyTorch export)':>21}")
    out(header)
    out("-" * len(header))
    for width in args.widths:
        for batch in args.batches:
            eager = rows.get((PYTORCH, width, batch), {}).get("per_image_ms")
            ort_pytorch = rows.get((ORT_PYTORCH, width, batch), {}).get("per_image_ms")
            for name in engines:
                row = rows[(name, width, batch)]
                iqr = f"{row['q1_per_image_ms']:.2f}-{row['q3_per_image_ms']:.2f}"
                out(f"{width:>5} {batch:>5}  {name:<20} {row['median_ms']:>10.2f} {row['per_image_ms']:>9.2f} {iqr:>15} "
                    f"{row['round_spread']:>7.2f} {fmt(row['cores_busy'], 1):>5}  {fmt_ratio(ratio(row['per_image_ms'], eager)):>15} "
                    f"{fmt_ratio(ratio(row['per_image_ms'], ort_pytorch)):>21}")
            out("")
    out("median ms: median time of one forward (the whole batch); ms/image: median / batch; IQR: 25th-75th percentile of ms/image;")
    out("rounds: slowest / fastest of the per-round block medians (drift); cores: worker CPU time / wall time during its blocks;")
    out("x columns: ms/image of the row / ms/image of that engine at the same width and batch (below 1: faster).")
    out("")

    cores = [row["cores_busy"] for row in rows.values() if row["cores_busy"] is not None]
    if cores:
        average = sum(cores) / len(cores)
        # A forward keeps at least its calling thread busy, so a worker that gets its CPU uses at least ~1 core.
        warning = ("\n            WARNING: below 1 core, so the workers waited for CPU: the machine was busy and these numbers are not trustworthy"
                   if average < 0.9 else "")
        out(f"busy check: the timed workers used {average:.2f} cores on average (at least ~1 when they get the CPU, "
            f"up to {args.threads} with {args.threads} threads){warning}")
    if args.rounds > 1:
        (name, width, batch), row = max(rows.items(), key=lambda item: item[1]["round_spread"])
        warning = ("\n            WARNING: above 1.5, so the machine's speed changed during the run; compare with care or run again"
                   if row["round_spread"] > 1.5 else "")
        out(f"drift check: largest slowest/fastest round median {row['round_spread']:.2f} ({name}, width {width}, batch {batch}){warning}")
    out("")

    out("goals (ratios of medians, ms/image)" + ("   [--quick: no verdicts]" if args.quick else ""))
    goal_rows = [
        ("TorchSharp forward <= 1.0x PyTorch eager", TORCHSHARP, PYTORCH, 1.0),
        ("  (fused TorchSharp, for information)", FUSED, PYTORCH, None),
        ("ONNX path <= 1.1x ORT on PyTorch's export", ORT_OURS, ORT_PYTORCH, 1.1),
        ("statistics analysis <= 2x one forward", STATISTICS, TORCHSHARP, 2.0),
    ]
    lever_rows = [
        ("TorchSharp channels-last vs PyTorch eager", TORCHSHARP_CL, PYTORCH),
        ("TorchSharp inference_mode vs PyTorch eager", TORCHSHARP_IM, PYTORCH),
        ("TorchSharp channels-last + inference_mode", TORCHSHARP_CL_IM, PYTORCH),
        ("fused channels-last vs PyTorch eager", FUSED_CL, PYTORCH),
        ("fused channels-last + inference_mode", FUSED_CL_IM, PYTORCH),
        ("channels-last vs not, TorchSharp", TORCHSHARP_CL, TORCHSHARP),
        ("channels-last vs not, fused", FUSED_CL, FUSED),
        ("inference_mode vs no_grad, TorchSharp", TORCHSHARP_IM, TORCHSHARP),
        ("channels-last vs not, PyTorch eager", PYTORCH_CL, PYTORCH),
        ("inference_mode vs no_grad, PyTorch eager", PYTORCH_IM, PYTORCH),
        ("TorchSharp channels-last vs PyTorch's", TORCHSHARP_CL, PYTORCH_CL),
    ]
    if any(e in engines for e in LEVERS):
        goal_rows += [("levers (ratios of medians, ms/image; for information)", None, None, None)]
        goal_rows += [("  " + title, engine, baseline, None) for title, engine, baseline in lever_rows
                      if engine in engines and baseline in engines]
    for title, engine, baseline, goal in goal_rows:
        if engine is None:
            out(title)
            continue
        if engine not in engines or baseline not in engines:
            missing = engine if engine not in engines else baseline
            out(f"  {title:<44} not measured: no '{missing}' engine in this run")
            continue
        cells = []
        for width in args.widths:
            for batch in args.batches:
                value = ratio(rows[(engine, width, batch)]["per_image_ms"], rows[(baseline, width, batch)]["per_image_ms"])
                if goal is None or args.quick:
                    verdict = ""
                else:
                    verdict = " met" if value <= goal else f" MISSED by {100 * (value / goal - 1):.0f}%"
                cells.append(f"{width}/b{batch} {value:.2f}x{verdict}")
        out(f"  {title:<44} " + "; ".join(cells))
    out("")
    out("CPU used by each idle worker while the other engines were timed (should be ~0: nothing steals the timed engine's CPU)")
    out("  " + "; ".join(f"{name} {idle_cpu[name]:.2f} s ({100 * idle_cpu[name] / others_wall[name]:.1f}% of a core)" if others_wall[name] else f"{name} -"
                         for name in engines))
    if args.quick:
        out("")
        out("[--quick: 1 width, a handful of forwards on a possibly busy machine. These numbers are NOT a measurement.]")


def main():
    args = parse_args()
    started, command, load_before = invocation()
    t0 = time.monotonic()
    dll = build_csharp(args.no_build)
    available = [PYTORCH, PYTORCH_CL, PYTORCH_IM] + csharp_engines(dll)
    if args.engines:
        engines = [e.strip() for e in args.engines.split(",") if e.strip()]
        unknown = [e for e in engines if e not in available]
        if unknown:
            raise SystemExit(f"--engines: unknown {unknown}; available: {', '.join(available)}")
    else:
        engines = [e for e in available if e not in LEVERS]
    if args.levers:
        engines += [e for e in LEVERS if e in available and e not in engines]
    engines = sorted(engines, key=lambda e: ENGINE_ORDER.index(e) if e in ENGINE_ORDER else len(ENGINE_ORDER))

    work_dir = args.work_dir or tempfile.mkdtemp(prefix="shufflenet-compare-")
    os.makedirs(work_dir, exist_ok=True)
    workers = {}
    try:
        if not args.skip_prepare:
            prepare(dll, work_dir, args.widths)
        workers = start_workers(dll, engines, args, work_dir)
        info = {"machine": machine(), "engines": {name: w.request(cmd="info") for name, w in workers.items()}}
        for width in args.widths:
            for w in workers.values():
                w.request(cmd="load", width=width)
        checks = check_same_weights(workers, args.widths)
        samples, round_medians, busy, idle_cpu, others_wall = measure(workers, args)
    finally:
        for w in workers.values():
            w.close()
        if not args.work_dir and not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)
        elif not args.work_dir:
            print(f"work directory kept: {work_dir}", file=sys.stderr)
    load_after = load_average()
    rows = summarize(samples, round_medians, busy)
    print_report(args, info, engines, rows, checks, idle_cpu, others_wall, load_before, load_after, command, started, time.monotonic() - t0)

    if args.json:
        with open(args.json, "w") as f:
            json.dump({
                "command": command, "started": started, "quick": args.quick, "info": info,
                "settings": {k: getattr(args, k) for k in ("widths", "batches", "rounds", "warmup", "iterations", "large_batch_warmup",
                                                           "large_batch_iterations", "threads", "ort_spinning", "pause_ms")},
                "load_average": {"before": load_before, "after": load_after},
                "checks": checks, "idle_cpu_seconds": idle_cpu,
                "results": [dict(engine=n, width=w, batch=b, times_ms=samples[(n, w, b)], **rows[(n, w, b)]) for (n, w, b) in samples],
            }, f, indent=1)


if __name__ == "__main__":
    main()
