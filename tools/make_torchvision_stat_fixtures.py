#!/usr/bin/python3
"""Writes torchstat's per-layer numbers for eight torchvision models, for tests/TorchStats.Tests.

Run with Debian's python3-torch and python3-torchvision (torch 1.13, torchvision 0.14):

    /usr/bin/python3 tools/make_torchvision_stat_fixtures.py

torchstat itself is not needed: this script applies torchstat 0.0.7's counting rules (compute_madd.py,
compute_flops.py, compute_memory.py and model_hook.py at commit b52a3b06c2c54c2d09ade1a18cf6c4ca5dc27510, as written
down in the project's torchstat rules) through forward hooks on the leaf modules, in our own code. Like torchstat it
runs one forward pass of `torch.rand(1, *input_size)` in eval mode, keeps the last call of a leaf called more than
once, gives a never-called leaf a row of zeros, and counts params and memory(MB) for every leaf that ran, whatever its
type. A type torchstat does not count gets zeros in MAdd, Flops, MemRead and MemWrite and `counted` = 0. One column
is not torchstat's: MACs, multiply-accumulates of Conv2d and Linear (k_h·k_w·(C_in/g)·C_out per output position,
in·out per row), the papers' convention, which tests/TorchStats.Tests also checks.

Writes tests/TorchStats.Tests/Fixtures/torchvision/<model>.csv, one row per leaf module in named_modules() order:
    name, type, input shape, output shape (both without the batch), params, memory(MB) (the float32 value torchstat
    stores, as its shortest repr), MAdd, Flops, MemRead(B), MemWrite(B), MACs, counted (1 if torchstat counts the
    type), calls (how many times the leaf ran)
and SOURCE.md with the versions and input sizes.

Before writing anything it checks its rules against real torchstat output: the reference model (1.0x, 3x224x224) and
the zoo net of tools/make_torchstat_fixtures.py (every layer type torchstat counts, and some it does not) must give
exactly the rows of Fixtures/torchstat/x1_0_224_c1000.csv and zoo_20x24.csv.
"""
import csv
import importlib.util
import pathlib
import sys

import numpy
import torch
import torch.nn as nn
import torchvision

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "TorchStats.Tests" / "Fixtures" / "torchvision"

# name: (factory, input size C,H,W). Small inputs where the model allows; googlenet and inception_v3 without their
# auxiliary classifiers (they only run in training mode).
MODELS = {
    "resnet18": (lambda: torchvision.models.resnet18(weights=None), [3, 64, 64]),
    "resnet50": (lambda: torchvision.models.resnet50(weights=None), [3, 64, 64]),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(weights=None), [3, 64, 64]),
    "mobilenet_v3_small": (lambda: torchvision.models.mobilenet_v3_small(weights=None), [3, 64, 64]),
    "vgg11": (lambda: torchvision.models.vgg11(weights=None), [3, 64, 64]),
    "alexnet": (lambda: torchvision.models.alexnet(weights=None), [3, 64, 64]),
    "googlenet": (lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False), [3, 64, 64]),
    "inception_v3": (lambda: torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False), [3, 75, 75]),
}


def numel(shape):
    return int(numpy.prod(shape, dtype=numpy.int64)) if len(shape) else 1


def pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def trainable(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def madd(m, inp, out):
    """compute_madd.py: per sample (the batch is never included)."""
    if isinstance(m, nn.Conv2d):
        k_h, k_w = m.kernel_size
        c_in, c_out, (h, w) = inp.size(1), out.size(1), out.size()[2:]
        kernel_mul = k_h * k_w * (c_in // m.groups)
        kernel_add = kernel_mul - 1 + (0 if m.bias is None else 1)
        per_group = h * w * (c_out // m.groups)
        return kernel_mul * per_group * m.groups + kernel_add * per_group * m.groups
    if isinstance(m, nn.ConvTranspose2d):
        k_h, k_w = m.kernel_size
        c_in, c_out, (h, w) = inp.size(1), out.size(1), inp.size()[2:]
        kernel_mul = k_h * k_w * (c_in // m.groups)
        kernel_add = kernel_mul - 1 + (0 if m.bias is None else 1)
        per_group = h * w * (c_out // m.groups)
        return kernel_mul * per_group * m.groups + kernel_add * per_group * m.groups
    if isinstance(m, nn.BatchNorm2d):
        return 4 * numel(inp.size()[1:])
    if isinstance(m, nn.MaxPool2d):
        k_h, k_w = pair(m.kernel_size)
        return (k_h * k_w - 1) * numel(out.size()[1:])
    if isinstance(m, nn.AvgPool2d):
        k_h, k_w = pair(m.kernel_size)
        return (k_h * k_w - 1 + 1) * numel(out.size()[1:])
    if isinstance(m, (nn.ReLU, nn.ReLU6)):
        return numel(inp.size()[1:])
    if isinstance(m, nn.Softmax):
        return 3 * numel(inp.size()[1:]) - 1
    if isinstance(m, nn.Linear):
        assert inp.dim() == 2, "torchstat counts 2-D Linear input only"
        return m.out_features * (m.in_features + m.in_features - 1)
    return None


def flops(m, inp, out):
    """compute_flops.py: whole batch."""
    if isinstance(m, nn.Conv2d):
        k_h, k_w = m.kernel_size
        b, c_out, (h, w) = inp.size(0), out.size(1), out.size()[2:]
        active = b * h * w
        total = k_h * k_w * inp.size(1) * (c_out // m.groups) * active
        return total + (c_out * active if m.bias is not None else 0)
    if isinstance(m, nn.BatchNorm2d):
        return numel(inp.size()) * (2 if m.affine else 1)
    if isinstance(m, (nn.ReLU, nn.ReLU6, nn.PReLU, nn.ELU, nn.LeakyReLU, nn.AvgPool2d, nn.MaxPool2d)):
        return numel(inp.size())
    if isinstance(m, nn.Linear):
        return inp.size(0) * m.in_features * m.out_features
    if isinstance(m, nn.Upsample):
        return out.size(0) * numel(out[0].size()[1:])
    return None


def memory(m, inp, out):
    """compute_memory.py: element counts (read, write), whole batch."""
    b = inp.size(0)
    per_sample_in = numel(inp.size()[1:])
    if isinstance(m, (nn.ReLU, nn.ReLU6, nn.ELU, nn.LeakyReLU)):
        return b * per_sample_in, b * per_sample_in
    if isinstance(m, nn.PReLU):
        return b * (per_sample_in + trainable(m)), b * per_sample_in
    if isinstance(m, nn.Conv2d):
        return b * (per_sample_in + trainable(m)), b * numel(out.size()[1:])
    if isinstance(m, nn.BatchNorm2d):
        return b * (per_sample_in + 2 * inp.size(1)), numel(inp.size())
    if isinstance(m, nn.Linear):
        return b * (m.in_features + trainable(m)), numel(out.size())
    if isinstance(m, (nn.AvgPool2d, nn.MaxPool2d)):
        return b * per_sample_in, b * numel(out.size()[1:])
    return None


def macs(m, inp, out):
    if isinstance(m, nn.Conv2d):
        k_h, k_w = m.kernel_size
        return k_h * k_w * (inp.size(1) // m.groups) * out.size(1) * out.size(0) * numel(out.size()[2:])
    if isinstance(m, nn.Linear):
        return inp.size(0) * m.in_features * m.out_features
    return 0


def analyse(model, input_size):
    model.eval()
    leaves = [(name, m) for name, m in model.named_modules() if len(list(m.children())) == 0]
    rows = {name: None for name, _ in leaves}
    calls = {name: 0 for name, _ in leaves}
    handles = []

    def hook_for(name):
        def hook(m, inputs, output):
            inp = inputs[0]
            counts = (madd(m, inp, output), flops(m, inp, output), memory(m, inp, output))
            counted = any(c is not None for c in counts)
            read, write = counts[2] if counts[2] is not None else (0, 0)
            itemsize = inp.element_size()
            rows[name] = {
                "type": type(m).__name__,
                "input": list(inp.size()[1:]),
                "output": list(output.size()[1:]),
                "params": sum(p.numel() for p in m._parameters.values() if p is not None),
                "memory": numpy.float32(numel(output.size()[1:]) * 4 / 1024 / 1024),
                "madd": counts[0] or 0,
                "flops": counts[1] or 0,
                "read": read * itemsize,
                "write": write * itemsize,
                "macs": macs(m, inp, output),
                "counted": int(counted),
            }
            calls[name] += 1
        return hook

    for name, m in leaves:
        handles.append(m.register_forward_hook(hook_for(name)))
    try:
        model(torch.rand(1, *input_size))
    finally:
        for handle in handles:
            handle.remove()

    for name, m in leaves:
        row = rows[name] or {"type": type(m).__name__, "input": [], "output": [], "params": 0, "memory": numpy.float32(0),
                             "madd": 0, "flops": 0, "read": 0, "write": 0, "macs": 0, "counted": 0}
        yield name, row, calls[name]


def check_against_torchstat():
    """Every row of two real torchstat runs (Fixtures/torchstat) must come out of analyse() unchanged."""
    spec = importlib.util.spec_from_file_location("make_torchstat_fixtures", ROOT / "tools" / "make_torchstat_fixtures.py")
    torchstat_cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(torchstat_cases)
    shufflenet, zoo = torchstat_cases.build_models(torch, nn)
    for case, model, input_size in [
        ("x1_0_224_c1000", shufflenet([4, 8, 4], [24, 116, 232, 464, 1024], 1000), [3, 224, 224]),
        ("zoo_20x24", zoo(), [3, 20, 24]),
    ]:
        with open(ROOT / "tests" / "TorchStats.Tests" / "Fixtures" / "torchstat" / f"{case}.csv") as f:
            expected = [r for r in csv.DictReader(f) if r["index"] != "total"]
        actual = list(analyse(model, input_size))
        assert len(actual) == len(expected), (case, len(actual), len(expected))
        for (name, row, calls), want in zip(actual, expected):
            shape_in = " ".join(map(str, row["input"])) if calls else "0 0 0"
            shape_out = " ".join(map(str, row["output"])) if calls else "0 0 0"
            got = [name, shape_in, shape_out, str(row["params"]), repr(row["memory"]), str(row["madd"]), str(row["flops"]),
                   str(row["read"]), str(row["write"])]
            want = [want[k] for k in ["module name", "input shape", "output shape", "params", "memory(MB)", "MAdd", "Flops",
                                      "MemRead(B)", "MemWrite(B)"]]
            assert got == want, (case, got, want)
        print(f"rules check: {case} matches torchstat row for row", file=sys.stderr)


def main():
    check_against_torchstat()
    torch.manual_seed(0)
    OUT.mkdir(parents=True, exist_ok=True)
    for model_name, (factory, input_size) in MODELS.items():
        with open(OUT / f"{model_name}.csv", "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["name", "type", "input shape", "output shape", "params", "memory(MB)", "MAdd", "Flops",
                             "MemRead(B)", "MemWrite(B)", "MACs", "counted", "calls"])
            for name, row, calls in analyse(factory(), input_size):
                writer.writerow([name, row["type"], " ".join(map(str, row["input"])), " ".join(map(str, row["output"])),
                                 row["params"], repr(row["memory"]), row["madd"], row["flops"], row["read"], row["write"],
                                 row["macs"], row["counted"], calls])
        print(f"{model_name}: {input_size}", file=sys.stderr)

    with open(OUT / "SOURCE.md", "w") as f:
        f.write(
            "# Where these files come from\n\n"
            f"Made by `tools/make_torchvision_stat_fixtures.py` with torch {torch.__version__}, torchvision "
            f"{torchvision.__version__} and numpy {numpy.__version__} (Debian's python3-torch), applying torchstat 0.0.7's "
            "counting rules (commit `b52a3b06c2c54c2d09ade1a18cf6c4ca5dc27510`) through forward hooks on the leaf modules; "
            "the `MACs` column is this project's convention. Regenerate with "
            "`/usr/bin/python3 tools/make_torchvision_stat_fixtures.py`.\n\n"
            "| model | input |\n|---|---|\n"
            + "".join(f"| {name} | 1×{'×'.join(map(str, size))} |\n" for name, (_, size) in MODELS.items()))


if __name__ == "__main__":
    main()
