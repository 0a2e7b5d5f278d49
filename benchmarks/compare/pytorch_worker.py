#!/usr/bin/python3
"""PyTorch eager engine of the side-by-side comparison (BENCHMARKS.md): torchvision's shufflenet_v2_x* models with the
weights ShuffleNetV2.Compare's `prepare` wrote, eval mode, forward under torch.no_grad(). Two levers, each its own engine
name: --channels-last (pytorch-eager-cl: model.to(memory_format=torch.channels_last), the input converted inside each
timed forward, as a caller with an NCHW batch does) and --inference-mode (pytorch-eager-im: torch.inference_mode()
instead of torch.no_grad()).

Same commands and JSON as the C# program (benchmarks/ShuffleNetV2.Compare), run with Debian's python3-torch:

    /usr/bin/python3 benchmarks/compare/pytorch_worker.py serve --dir DIR [--threads 2] [--channels-last] [--inference-mode]
        answers JSON requests on stdin, one per line: {"cmd": "info" | "load" | "check" | "time" | "quit", ...}
    /usr/bin/python3 benchmarks/compare/pytorch_worker.py time --dir DIR --width 1.0 --batch 1 --iterations 20 --warmup 3 [--threads 2]
        times the forwards, prints JSON with the per-iteration times in ms
    /usr/bin/python3 benchmarks/compare/pytorch_worker.py check --dir DIR --width 1.0
        prints the logits of the check image as JSON

Reads DIR/x1_0.pth (width 1.0; x0_5, x1_5, x2_0 likewise) and DIR/check_input.f32; writes nothing.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np
import torch
import torchvision

from worker_protocol import serve

ENGINE = "pytorch-eager"
DESCRIPTION = "PyTorch eager: torchvision's shufflenet_v2 (eval, no_grad)"
CHANNELS_LAST_SUFFIX, CHANNELS_LAST_DESCRIPTION = "-cl", "; model and input channels-last (memory_format=torch.channels_last)"
INFERENCE_MODE_SUFFIX, INFERENCE_MODE_DESCRIPTION = "-im", "; under torch.inference_mode() instead of no_grad"
BUILDERS = {
    "0.5": torchvision.models.shufflenet_v2_x0_5,
    "1.0": torchvision.models.shufflenet_v2_x1_0,
    "1.5": torchvision.models.shufflenet_v2_x1_5,
    "2.0": torchvision.models.shufflenet_v2_x2_0,
}
IMAGE_SIZE = 224


def file_stem(width):
    if width not in BUILDERS:
        raise ValueError(f"unknown width '{width}'; use one of {', '.join(BUILDERS)}")
    return "x" + width.replace(".", "_")


def engine_name(channels_last, inference_mode):
    return ENGINE + (CHANNELS_LAST_SUFFIX if channels_last else "") + (INFERENCE_MODE_SUFFIX if inference_mode else "")


class Worker:
    def __init__(self, directory, threads, channels_last=False, inference_mode=False):
        torch.set_num_threads(threads)
        self.directory = directory
        self.channels_last = channels_last
        self.inference_mode = inference_mode
        self.engine = engine_name(channels_last, inference_mode)
        self.models = {}
        self.inputs = {}

    def grad_mode(self):
        return torch.inference_mode() if self.inference_mode else torch.no_grad()

    def forward(self, model, x):
        """One forward as timed: the input converted first when the model is channels-last (a copy, inside the time)."""
        with self.grad_mode():
            return model(x.contiguous(memory_format=torch.channels_last) if self.channels_last else x)

    def handle(self, request):
        command = request.get("cmd")
        if command == "info":
            return self.info()
        if command == "load":
            return self.load(request["width"])
        if command == "check":
            return self.check(request["width"])
        if command == "time":
            return self.time(request["width"], int(request.get("batch", 1)), int(request.get("warmup", 0)), int(request.get("iterations", 1)))
        raise ValueError(f"unknown command '{command}'; use info, load, check, time or quit")

    def info(self):
        return {
            "engine": self.engine,
            "description": DESCRIPTION + (CHANNELS_LAST_DESCRIPTION if self.channels_last else "") + (INFERENCE_MODE_DESCRIPTION if self.inference_mode else ""),
            "process": f"Python {platform.python_version()}, pid {os.getpid()}",
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "threads": torch.get_num_threads(),
            "mkldnn": torch.backends.mkldnn.is_available(),
        }

    def model(self, width):
        if width not in self.models:
            path = os.path.join(self.directory, file_stem(width) + ".pth")
            state_dict = torch.load(path, map_location="cpu")
            model = BUILDERS[width](weights=None, num_classes=state_dict["fc.weight"].shape[0])
            model.load_state_dict(state_dict, strict=True)
            model.eval()
            if self.channels_last:
                model = model.to(memory_format=torch.channels_last)
            self.models[width] = model
        return self.models[width]

    def input(self, batch):
        if batch not in self.inputs:
            self.inputs[batch] = torch.rand(batch, 3, IMAGE_SIZE, IMAGE_SIZE, generator=torch.Generator().manual_seed(batch))
        return self.inputs[batch]

    def load(self, width):
        start = time.perf_counter()
        self.model(width)
        return {"load_ms": (time.perf_counter() - start) * 1e3}

    def check(self, width):
        path = os.path.join(self.directory, "check_input.f32")
        image = torch.from_numpy(np.fromfile(path, dtype="<f4").astype(np.float32).reshape(1, 3, IMAGE_SIZE, IMAGE_SIZE))
        logits = self.forward(self.model(width), image)
        return {"logits": [float(v) for v in logits.flatten()]}

    def time(self, width, batch, warmup, iterations):
        if batch < 1 or warmup < 0 or iterations < 1:
            raise ValueError(f"need batch >= 1, warmup >= 0 and iterations >= 1, got batch {batch}, warmup {warmup}, iterations {iterations}")
        model, x = self.model(width), self.input(batch)
        for _ in range(warmup):
            self.forward(model, x)
        times = []
        for _ in range(iterations):
            start = time.perf_counter()
            y = self.forward(model, x)
            del y
            times.append((time.perf_counter() - start) * 1e3)
        return {"engine": self.engine, "width": width, "batch": batch, "warmup": warmup, "iterations": iterations, "times_ms": times}

    def serve(self, input_stream, output_stream):
        serve(self.handle, input_stream, output_stream)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "time", "check"):
        command = commands.add_parser(name)
        command.add_argument("--dir", required=True, help="the work directory written by ShuffleNetV2.Compare prepare")
        command.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
        command.add_argument("--channels-last", action="store_true", help="model and input channels-last (engine pytorch-eager-cl)")
        command.add_argument("--inference-mode", action="store_true", help="torch.inference_mode() instead of no_grad (engine pytorch-eager-im)")
        if name in ("time", "check"):
            command.add_argument("--width", required=True, choices=sorted(BUILDERS))
        if name == "time":
            command.add_argument("--batch", type=int, required=True)
            command.add_argument("--iterations", type=int, required=True)
            command.add_argument("--warmup", type=int, required=True)
    commands.add_parser("info")
    return parser.parse_args()


def main():
    args = parse_args()
    if args.command == "info":
        print(json.dumps(Worker(".", torch.get_num_threads()).info()))
        return
    worker = Worker(args.dir, args.threads, args.channels_last, args.inference_mode)
    if args.command == "serve":
        worker.serve(sys.stdin, sys.stdout)
    elif args.command == "time":
        print(json.dumps(worker.time(args.width, args.batch, args.warmup, args.iterations)))
    else:
        print(json.dumps(worker.check(args.width)))


if __name__ == "__main__":
    main()
