#!/usr/bin/python3
"""Runs torchstat on several networks and writes its numbers as fixtures for tests/TorchStats.Tests.

Run with Debian's python3-torch and python3-pandas 1.5 (torchstat needs pandas < 2), giving the path of an
unmodified torchstat checkout (the directory that holds the `torchstat` package, e.g. github.com/Swall0w/torchstat
at commit b52a3b06c2c54c2d09ade1a18cf6c4ca5dc27510, version 0.0.7):

    /usr/bin/python3 tools/make_torchstat_fixtures.py /tmp/torchstat [--commit b52a3b06...]

This script never downloads or builds anything and torchstat's code is never copied into this repository. The only
compatibility step is `numpy.long = int`, the alias numpy 1.24 removed and torchstat 0.0.7 still uses.

Networks: a copy of the reference model's ShuffleNetV2 (same module structure and names as seed_model.py) with configurable
stage repeats, stage channels and class count, and a small "zoo" net holding every layer type the statistics
helper supports. Each case runs in its own process, because torchstat patches `__call__` of the layer classes for
good.

Writes, into tests/TorchStats.Tests/Fixtures/torchstat/:
  <case>.csv          one row per leaf module, as torchstat computes it, plus its `total` row (whose MemRead(B)
                      and MemWrite(B) are the last row's values: torchstat's bug, kept here as torchstat prints it).
                      memory(MB) is the float32 value torchstat stores, written as its shortest float32 repr.
  <case>.txt          torchstat's printed report (table and totals block), exactly as `stat()` prints it.
  round_value.csv     torchstat's reporter.round_value on numpy int64 sums (what it receives), binary and decimal.
  cases.csv           the case list: name, stages_repeats, stages_out_channels, classes, input size.
"""
import argparse
import contextlib
import csv
import io
import json
import pathlib
import subprocess
import sys
import warnings

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "TorchStats.Tests" / "Fixtures" / "torchstat"

# name: (stages_repeats, stages_out_channels, num_classes, input_size C,H,W); None = the zoo net.
CASES = {
    "x1_0_224_c1000": ([4, 8, 4], [24, 116, 232, 464, 1024], 1000, [3, 224, 224]),
    "x0_5_224_c1000": ([4, 8, 4], [24, 48, 96, 192, 1024], 1000, [3, 224, 224]),
    "x1_5_160_c10": ([4, 8, 4], [24, 176, 352, 704, 1024], 10, [3, 160, 160]),
    "x2_0_96x128_c100": ([4, 8, 4], [24, 244, 488, 976, 2048], 100, [3, 96, 128]),
    "custom_r232_50x70_c7": ([2, 3, 2], [16, 32, 64, 128, 256], 7, [3, 50, 70]),
    "zoo_20x24": (None, None, None, [3, 20, 24]),
}

ROUND_VALUE_CASES = [
    0, 1, 999, 1000, 1023, 1024, 1025, 2675, 125000, 2675000, 2685000, 1005000, 1015000, 999999, 1000000,
    1048576, 1572864, 2804940, 150597480, 297755728, 54080208, 144907992, 1234567890, 999999999999,
    1000000000000, 1125899906842624, 3141592653589793,
]


def build_models(torch, nn):
    """The reference model's structure with configurable widths, and the zoo net. Names mirror seed_model.py exactly."""

    def channel_shuffle(x, groups):
        batch_size, num_channels, height, width = x.size()
        x = x.view(batch_size, groups, num_channels // groups, height, width)
        x = torch.transpose(x, 1, 2).contiguous()
        return x.view(batch_size, -1, height, width)

    def depthwise(channels, stride):
        return nn.Conv2d(channels, channels, kernel_size=3, stride=stride, padding=1, bias=False, groups=channels)

    class InvertedResidual(nn.Module):
        def __init__(self, input_c, output_c, stride):
            super().__init__()
            self.stride = stride
            half = output_c // 2
            if stride == 2:
                self.branch1 = nn.Sequential(
                    depthwise(input_c, stride), nn.BatchNorm2d(input_c),
                    nn.Conv2d(input_c, half, kernel_size=1, bias=False), nn.BatchNorm2d(half), nn.ReLU(inplace=True))
                first_in = input_c
            else:
                self.branch1 = nn.Sequential()
                first_in = half
            self.branch2 = nn.Sequential(
                nn.Conv2d(first_in, half, kernel_size=1, bias=False), nn.BatchNorm2d(half), nn.ReLU(inplace=True),
                depthwise(half, stride), nn.BatchNorm2d(half),
                nn.Conv2d(half, half, kernel_size=1, bias=False), nn.BatchNorm2d(half), nn.ReLU(inplace=True))

        def forward(self, x):
            if self.stride == 1:
                x1, x2 = x.chunk(2, dim=1)
                out = torch.cat((self.branch1(x1), self.branch2(x2)), dim=1)
            else:
                out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)
            return channel_shuffle(out, 2)

    class ShuffleNetV2(nn.Module):
        def __init__(self, stages_repeats, stages_out_channels, num_classes):
            super().__init__()
            c = stages_out_channels
            self.conv1 = nn.Sequential(
                nn.Conv2d(3, c[0], kernel_size=3, stride=2, padding=1, bias=False), nn.BatchNorm2d(c[0]),
                nn.ReLU(inplace=True))
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
            units = []
            input_c = c[0]
            for repeats, output_c in zip(stages_repeats, c[1:4]):
                units.append(InvertedResidual(input_c, output_c, 2))
                units.extend(InvertedResidual(output_c, output_c, 1) for _ in range(repeats - 1))
                input_c = output_c
            self.inverted_block = nn.Sequential(*units)
            self.conv5 = nn.Sequential(
                nn.Conv2d(c[3], c[4], kernel_size=1, bias=False), nn.BatchNorm2d(c[4]), nn.ReLU(inplace=True))
            self.fc = nn.Linear(c[4], num_classes)

        def forward(self, x):
            x = self.conv5(self.inverted_block(self.maxpool(self.conv1(x))))
            return self.fc(x.mean([2, 3]))

    class Zoo(nn.Module):
        """Every supported layer type once; `act` is called twice (torchstat keeps the last call), `unused` never."""

        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(
                nn.Conv2d(3, 8, kernel_size=3, stride=1, padding=1, bias=True),
                nn.BatchNorm2d(8),
                nn.ReLU())
            self.act = nn.ReLU()
            self.body = nn.Sequential(
                nn.Conv2d(8, 16, kernel_size=3, stride=2, padding=2, dilation=2, groups=4, bias=False),
                nn.BatchNorm2d(16, affine=False),
                nn.ReLU6(),
                nn.LeakyReLU(0.1),
                nn.ELU(),
                nn.PReLU(16),
                nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
                nn.AvgPool2d(kernel_size=(2, 3), stride=1, padding=(1, 1)),
                nn.Sequential(),
                nn.Identity(),
                nn.Dropout(0.5),
                nn.Sigmoid(),
                nn.Tanh())
            self.unused = nn.Conv2d(16, 4, kernel_size=1)
            self.up = nn.Sequential(
                nn.ConvTranspose2d(16, 8, kernel_size=2, stride=2, bias=True),
                nn.Upsample(scale_factor=2, mode="nearest"),
                nn.Conv2d(8, 8, kernel_size=(1, 3), padding=(0, 1), groups=8, bias=True))
            self.head = nn.Sequential(
                nn.AdaptiveAvgPool2d((2, 2)),
                nn.Flatten(),
                nn.Linear(32, 10),
                nn.Softmax(dim=1))

        def forward(self, x):
            x = self.act(self.stem(x))
            x = self.act(self.up(self.body(x)))
            return self.head(x)

    return ShuffleNetV2, Zoo


def run_case(name, torchstat_dir):
    """Runs torchstat on one case (in a fresh process) and writes <name>.csv and <name>.txt."""
    import numpy
    numpy.long = int  # numpy 1.24 removed this alias; torchstat 0.0.7 uses it (model_hook.py).
    sys.path.insert(0, str(torchstat_dir))
    import pandas
    import torch
    import torch.nn as nn
    from torchstat import ModelStat, report_format

    shufflenet, zoo = build_models(torch, nn)
    repeats, channels, classes, input_size = CASES[name]
    torch.manual_seed(0)
    model = zoo() if repeats is None else shufflenet(repeats, channels, classes)

    frames = []
    original_append = pandas.DataFrame.append

    def capturing_append(self, *args, **kwargs):
        result = original_append(self, *args, **kwargs)
        frames.append(result.copy())
        return result

    pandas.DataFrame.append = capturing_append
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        nodes = ModelStat(model, input_size)._analyze_model()
        text = report_format(nodes)
    frame = frames[-1]

    def shape(node_shape):
        return " ".join(str(int(d)) for d in node_shape)

    with open(OUT / f"{name}.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["index", "module name", "input shape", "output shape", "params", "memory(MB)", "MAdd",
                         "Flops", "MemRead(B)", "MemWrite(B)", "duration[%]", "MemR+W(B)"])
        for i, node in enumerate(nodes):
            row = frame.iloc[i]
            writer.writerow([i, node.name, shape(node.input_shape), shape(node.output_shape),
                             int(row["params"]), repr(numpy.float32(row["memory(MB)"])), int(row["MAdd"]),
                             int(row["Flops"]), int(row["MemRead(B)"]), int(row["MemWrite(B)"]),
                             "{:.2%}".format(row["duration[%]"]), int(row["MemR+W(B)"])])
        total = frame.loc["total"]
        writer.writerow(["total", "", "", "", int(total["params"]), repr(numpy.float32(total["memory(MB)"])),
                         int(total["MAdd"]), int(total["Flops"]), int(total["MemRead(B)"]),
                         int(total["MemWrite(B)"]), "{:.2%}".format(total["duration[%]"]), int(total["MemR+W(B)"])])
    (OUT / f"{name}.txt").write_text(text)


def write_round_value_cases(torchstat_dir):
    import numpy
    numpy.long = int
    sys.path.insert(0, str(torchstat_dir))
    from torchstat.reporter import round_value

    with open(OUT / "round_value.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["value", "binary", "round_value"])
        for value in ROUND_VALUE_CASES:
            for binary in (False, True):
                writer.writerow([value, str(binary).lower(), round_value(numpy.int64(value), binary)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("torchstat_dir", type=pathlib.Path, help="directory holding the torchstat package")
    parser.add_argument("--commit", default="", help="the torchstat commit the checkout is at (recorded only)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--round-value", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.case:
        run_case(args.case, args.torchstat_dir)
        return
    if args.round_value:
        write_round_value_cases(args.torchstat_dir)
        return

    init = (args.torchstat_dir / "torchstat" / "__init__.py").read_text()
    version = next(line.split("'")[1] for line in init.splitlines() if line.startswith("__version__"))
    OUT.mkdir(parents=True, exist_ok=True)
    for name in CASES:
        subprocess.run([sys.executable, __file__, str(args.torchstat_dir), "--case", name], check=True)
        print(f"{name} -> {(OUT / name).relative_to(ROOT)}.csv/.txt")
    subprocess.run([sys.executable, __file__, str(args.torchstat_dir), "--round-value"], check=True)

    with open(OUT / "cases.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["case", "stages_repeats", "stages_out_channels", "num_classes", "input_size"])
        for name, (repeats, channels, classes, size) in CASES.items():
            join = (lambda xs: " ".join(map(str, xs)) if xs else "")
            writer.writerow([name, join(repeats), join(channels), classes or "", join(size)])
    (OUT / "SOURCE.md").write_text(
        "# Where these files come from\n\n"
        f"Made by `tools/make_torchstat_fixtures.py` with torchstat {version}"
        + (f" (commit `{args.commit}`)" if args.commit else "")
        + ", unmodified, run by Debian's python3-torch "
        + json.dumps(_versions())
        + ". Regenerate with `/usr/bin/python3 tools/make_torchstat_fixtures.py <torchstat checkout>`.\n"
        "`<case>.csv` holds torchstat's rows and its `total` row (whose MemRead(B)/MemWrite(B) are the last row's, "
        "torchstat's bug); `<case>.txt` is torchstat's printed report; duration[%] is wall time and not reproducible.\n")
    print("round_value.csv, cases.csv, SOURCE.md")


def _versions():
    import numpy
    import pandas
    import torch
    return {"torch": torch.__version__, "numpy": numpy.__version__, "pandas": pandas.__version__}


if __name__ == "__main__":
    main()
