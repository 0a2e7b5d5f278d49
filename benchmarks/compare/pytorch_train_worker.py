#!/usr/bin/python3
"""PyTorch side of the training comparison (BENCHMARKS.md): torchvision's shufflenet_v2_x0_5 / x1_0 (10 classes)
trained as torchvision's references/classification/train.py trains it (its weight-decay groups, SGD with Nesterov
momentum or AdamW, LinearLR warm-up then CosineAnnealingLR joined by SequentialLR, CrossEntropyLoss with label
smoothing), on Fashion-MNIST read from the IDX files with torchvision's transforms.

Same subcommands, files and JSON as the C# program's train-* commands (benchmarks/ShuffleNetV2.Compare), run with
Debian's python3-torch:

    /usr/bin/python3 benchmarks/compare/pytorch_train_worker.py parity --dir DIR --recipe FILE [--width 0.5] [--steps 500]
            [--snapshots 1,20,100,500] [--label L] [--data DIR] [--limit N] [--test-limit N] [--threads 2]
            [--dtype float32|float64] [--side pytorch] [--perturb EPS]
        trains from DIR/initial_x0_5.pth on the training set in file order (no augmentation); writes
        DIR/parity_L_SIDE.json (losses, learning rates, batch checksums) and the weights at the snapshot steps and
        after the first epoch (DIR/parity_L_SIDE_step20.pth, ..._epoch1.pth)
    /usr/bin/python3 benchmarks/compare/pytorch_train_worker.py serve --dir DIR --recipe FILE [--data DIR] [--threads 2] [--channels-last]
        answers JSON requests on stdin, one per line: {"cmd": "info" | "load" | "time" | "epoch" | "quit", ...}
    /usr/bin/python3 benchmarks/compare/pytorch_train_worker.py accuracy --recipe FILE --out FILE [--width 0.5] [--seed 0]
            [--data DIR] [--workers 1] [--limit N] [--test-limit N] [--threads 2]
            [--batches DIR]
        one run of the full recipe (with augmentation); writes each epoch's record and the final test top-1 as JSON;
        --batches: trains on the augmented batches in DIR (written by dump or by the C# program's train-dump)
    /usr/bin/python3 benchmarks/compare/pytorch_train_worker.py dump --recipe FILE --out DIR [--seed 0] [--epochs E]
            [--data DIR] [--limit N] [--workers 1] [--threads 2]
        writes torchvision's augmented training batches of E epochs (default the recipe's) to DIR, as accuracy draws them
"""
import argparse
import gzip
import json
import math
import os
import platform
import struct
import sys
import time

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms as T

from worker_protocol import serve

ENGINE = "pytorch"
DESCRIPTION = "PyTorch eager: torchvision's shufflenet_v2 in a train.py loop"
BUILDERS = {"0.5": torchvision.models.shufflenet_v2_x0_5, "1.0": torchvision.models.shufflenet_v2_x1_0,
            "1.5": torchvision.models.shufflenet_v2_x1_5, "2.0": torchvision.models.shufflenet_v2_x2_0}
CLASSES = 10
DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
RECIPE_DEFAULTS = dict(optimizer="sgd", learning_rate=0.2, momentum=0.9, nesterov=True, weight_decay=5e-5,
                       norm_weight_decay=0.0, bias_weight_decay=0.0, beta1=0.9, beta2=0.999, epsilon=1e-8,
                       label_smoothing=0.1, epochs=10, warmup_epochs=2, warmup_decay=0.01, per_iteration=False,
                       batch_size=128, image_size=64, crop_padding=4, augment=True, mean=0.2860, std=0.3530)


# ------------------------------------------------------------------------------------------------------------- recipe

def read_recipe(path):
    with open(path) as f:
        given = json.load(f)
    unknown = sorted(set(given) - set(RECIPE_DEFAULTS))
    if unknown:
        raise ValueError(f"recipe file '{path}': unknown keys {unknown}")
    recipe = dict(RECIPE_DEFAULTS, **given)
    if recipe["optimizer"] not in ("sgd", "adamw"):
        raise ValueError(f"recipe file '{path}': optimizer must be 'sgd' or 'adamw', got '{recipe['optimizer']}'")
    return recipe


def file_stem(width):
    if width not in BUILDERS:
        raise ValueError(f"unknown width '{width}'; use one of {', '.join(BUILDERS)}")
    return "x" + width.replace(".", "_")


def initial_model(directory, width):
    """torchvision's network with the initial weights the C# side wrote (PyTorch zip format, torchvision's keys)."""
    model = BUILDERS[width](weights=None, num_classes=CLASSES)
    model.load_state_dict(torch.load(os.path.join(directory, f"initial_{file_stem(width)}.pth"), map_location="cpu"), strict=True)
    return model


NORM_CLASSES = (torch.nn.modules.batchnorm._BatchNorm, torch.nn.LayerNorm, torch.nn.GroupNorm,
                torch.nn.modules.instancenorm._InstanceNorm, torch.nn.LocalResponseNorm)


def parameter_groups(model, recipe):
    """references/classification/utils.py's set_weight_decay with norm_weight_decay and custom_keys [("bias", ...)]."""
    params = {"other": [], "norm": [], "bias": []}
    decay = {"other": recipe["weight_decay"], "norm": recipe["norm_weight_decay"], "bias": recipe["bias_weight_decay"]}

    def add(module):
        for name, p in module.named_parameters(recurse=False):
            if not p.requires_grad:
                continue
            if name == "bias":
                params["bias"].append(p)
            elif isinstance(module, NORM_CLASSES):
                params["norm"].append(p)
            else:
                params["other"].append(p)
        for child in module.children():
            add(child)

    add(model)
    return [{"params": params[k], "weight_decay": decay[k]} for k in params if params[k]]


def optimizer_for(model, recipe):
    groups = parameter_groups(model, recipe)
    if recipe["optimizer"] == "sgd":
        return torch.optim.SGD(groups, lr=recipe["learning_rate"], momentum=recipe["momentum"], nesterov=recipe["nesterov"])
    return torch.optim.AdamW(groups, lr=recipe["learning_rate"], betas=(recipe["beta1"], recipe["beta2"]), eps=recipe["epsilon"])


def scheduler_for(optimizer, recipe, steps_per_epoch):
    """train.py's LinearLR warm-up then CosineAnnealingLR (SequentialLR); lengths in steps when per iteration."""
    unit = steps_per_epoch if recipe["per_iteration"] else 1
    warmup, total = recipe["warmup_epochs"] * unit, recipe["epochs"] * unit
    main = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=0.0)
    if warmup == 0:
        return main
    start = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=recipe["warmup_decay"], total_iters=warmup)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers=[start, main], milestones=[warmup])


# --------------------------------------------------------------------------------------------------------------- data

def read_idx(path, magic):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        raise ValueError(f"IDX file '{path}': magic {found}, expected {magic}")
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, count * rows * cols, 16).reshape(count, rows, cols)
    return np.frombuffer(data, np.uint8, count, 8)


class ThreeChannels:
    """Grey [1, H, W] to [3, H, W] (the C# ToTensor(3) replicates the same way)."""

    def __call__(self, tensor):
        return tensor.expand(3, -1, -1).contiguous()


class FashionMnist(torch.utils.data.Dataset):
    def __init__(self, folder, train, transform, limit=None):
        prefix = "train" if train else "t10k"

        def find(name):
            plain = os.path.join(folder, name)
            return plain if os.path.exists(plain) else plain + ".gz"

        self.images = read_idx(find(f"{prefix}-images-idx3-ubyte"), 2051)
        self.labels = read_idx(find(f"{prefix}-labels-idx1-ubyte"), 2049)
        if limit is not None:
            self.images, self.labels = self.images[:limit], self.labels[:limit]
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.transform(Image.fromarray(self.images[index], mode="L")), int(self.labels[index])


def train_transform(recipe):
    size = recipe["image_size"]
    augment = [T.RandomCrop(size, padding=recipe["crop_padding"]), T.RandomHorizontalFlip()] if recipe["augment"] else []
    return T.Compose([T.Resize((size, size))] + augment + [T.ToTensor(), ThreeChannels(), T.Normalize([recipe["mean"]] * 3, [recipe["std"]] * 3)])


def eval_transform(recipe):
    return train_transform(dict(recipe, augment=False))


def loader(dataset, batch_size, shuffle, workers, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, num_workers=workers, generator=generator)


# ----------------------------------------------------------------------------------------------------------- training

class Loop:
    """train.py's train_one_epoch step: forward, loss, one read of the loss, zero_grad, backward, step, top-1 hits."""

    def __init__(self, model, recipe, steps_per_epoch, channels_last=False):
        self.model = model
        self.recipe = recipe
        self.channels_last = channels_last
        self.optimizer = optimizer_for(model, recipe)
        self.scheduler = scheduler_for(self.optimizer, recipe, steps_per_epoch)
        self.criterion = torch.nn.CrossEntropyLoss(label_smoothing=recipe["label_smoothing"])
        self.correct = torch.zeros((), dtype=torch.int64)

    def step(self, images, labels):
        lr = self.optimizer.param_groups[0]["lr"]
        if self.channels_last:
            # The batch arrives NCHW, as from a loader; the copy is part of the step.
            images = images.contiguous(memory_format=torch.channels_last)
        output = self.model(images)
        loss = self.criterion(output, labels)
        value = loss.item()
        if not math.isfinite(value):
            raise RuntimeError(f"loss is {value}")
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        with torch.no_grad():
            self.correct += (output.argmax(1) == labels).sum()
        if self.recipe["per_iteration"]:
            self.scheduler.step()
        return value, lr

    def end_epoch(self):
        if not self.recipe["per_iteration"]:
            self.scheduler.step()


def evaluate(model, batches, label_smoothing, dtype=torch.float32):
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in batches:
            logits = model(images.to(dtype))
            loss_sum += torch.nn.functional.cross_entropy(logits, labels, label_smoothing=label_smoothing).item() * len(labels)
            correct += int((logits.argmax(1) == labels).sum())
            count += len(labels)
    model.train()
    return {"test_loss": loss_sum / count, "test_top1": correct / count}


def resident_mib(field="VmRSS:"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return None


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# ------------------------------------------------------------------------------------------------------------- parity

def parity(args):
    recipe = read_recipe(args.recipe)
    if recipe["augment"]:
        raise ValueError("a parity recipe has no random augmentation: set \"augment\": false")
    torch.set_num_threads(args.threads)
    dtype = {"float32": torch.float32, "float64": torch.float64}[args.dtype]
    model = initial_model(args.dir, args.width).to(dtype)
    if args.perturb:
        # The control run: the same training from weights moved by about the size of a rounding difference.
        generator = torch.Generator().manual_seed(1)
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1 + args.perturb * torch.randn(p.shape, generator=generator, dtype=dtype))
    model.train()
    train = loader(FashionMnist(args.data, True, eval_transform(recipe), args.limit), recipe["batch_size"], False, 1)
    test = loader(FashionMnist(args.data, False, eval_transform(recipe), args.test_limit), 256, False, 1)
    loop = Loop(model, recipe, len(train))
    snapshots = {int(s) for s in args.snapshots.split(",") if s}
    losses, rates, sums, saved, epoch_info = [], [], [], {}, None
    images_done, loss_sum = 0, 0.0
    start = time.perf_counter()

    def save(name):
        path = os.path.join(args.dir, f"parity_{args.label}_{args.side}_{name}.pth")
        torch.save(model.state_dict(), path)
        return path

    epoch = 0
    while len(losses) < args.steps:
        for images, labels in train:
            with torch.no_grad():
                double = images.double()
                sums.append([double.sum().item(), double.square().sum().item(), float(labels.sum())])
            loss, lr = loop.step(images.to(dtype), labels)
            losses.append(loss)
            rates.append(lr)
            images_done += len(labels)
            loss_sum += loss * len(labels)
            if len(losses) in snapshots:
                saved[str(len(losses))] = save(f"step{len(losses)}")
            if len(losses) >= args.steps:
                break
        else:
            if epoch == 0:
                epoch_info = dict({"steps": len(losses), "weights": save("epoch1"), "train_loss": loss_sum / images_done,
                                   "train_top1": int(loop.correct) / images_done}, **evaluate(model, test, recipe["label_smoothing"], dtype))
            loop.end_epoch()
            epoch += 1
            continue
        break
    result = {"side": args.side, "label": args.label, "width": args.width, "dtype": args.dtype, "threads": torch.get_num_threads(), "steps": len(losses), "steps_per_epoch": len(train),
              "seconds": time.perf_counter() - start, "losses": losses, "learning_rates": rates, "batch_sums": sums,
              "snapshots": saved, "epoch": epoch_info}
    path = os.path.join(args.dir, f"parity_{args.label}_{args.side}.json")
    with open(path, "w") as f:
        json.dump(result, f)
    print(json.dumps({"ok": True, "result": path}))


# ------------------------------------------------------------------------------------------------------ batch files

class DumpedBatches:
    """Training batches written to files by either side (ShuffleNetV2.Compare's DumpedBatches reads and writes the same
    layout): per epoch the augmented grey images as 8-bit pixels in training order (epochN.images) and their labels
    (epochN.labels), described by batches.json. Reading applies ToTensor, three channels and Normalize as
    train_transform does."""

    def __init__(self, folder, recipe):
        with open(os.path.join(folder, "batches.json")) as f:
            description = json.load(f)
        if description["batch_size"] != recipe["batch_size"]:
            raise ValueError(f"the batch folder '{folder}' holds batches of {description['batch_size']}, the recipe asks for {recipe['batch_size']}")
        self.folder, self.count, self.batch_size = folder, description["count"], description["batch_size"]
        self.height, self.width, self.epochs = description["height"], description["width"], description["epochs"]
        self.mean, self.std = recipe["mean"], recipe["std"]

    def __len__(self):
        return (self.count + self.batch_size - 1) // self.batch_size

    def epoch(self, epoch):
        if epoch >= self.epochs:
            raise ValueError(f"the batch folder '{self.folder}' holds {self.epochs} epochs, asked for epoch {epoch}")
        pixels = np.fromfile(os.path.join(self.folder, f"epoch{epoch}.images"), np.uint8).reshape(self.count, 1, self.height, self.width)
        labels = np.fromfile(os.path.join(self.folder, f"epoch{epoch}.labels"), np.uint8)
        normalize = T.Normalize([self.mean] * 3, [self.std] * 3)
        for start in range(0, self.count, self.batch_size):
            grey = torch.from_numpy(pixels[start:start + self.batch_size].copy())
            images = grey.to(torch.float32).div(255).expand(-1, 3, -1, -1).contiguous()
            yield normalize(images), torch.from_numpy(labels[start:start + self.batch_size].astype(np.int64))


def dump(args):
    """torchvision's augmented training batches (the accuracy run's loader and transforms from the same seed) to files."""
    recipe = read_recipe(args.recipe)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    BUILDERS[args.width](weights=None, num_classes=CLASSES)  # draws from the generator as the accuracy run does
    train = loader(FashionMnist(args.data, True, train_transform(recipe), args.limit), recipe["batch_size"], True, args.workers, args.seed)
    epochs = args.epochs or recipe["epochs"]
    os.makedirs(args.out, exist_ok=True)
    height = width = 0
    for epoch in range(epochs):
        with open(os.path.join(args.out, f"epoch{epoch}.images"), "wb") as images, open(os.path.join(args.out, f"epoch{epoch}.labels"), "wb") as labels:
            for batch, classes in train:
                pixels = (batch[:, 0] * recipe["std"] + recipe["mean"]).mul(255).round().clamp(0, 255).to(torch.uint8)
                height, width = pixels.shape[1], pixels.shape[2]
                images.write(pixels.contiguous().numpy().tobytes())
                labels.write(classes.to(torch.uint8).numpy().tobytes())
    with open(os.path.join(args.out, "batches.json"), "w") as f:
        json.dump({"count": len(train.dataset), "batch_size": recipe["batch_size"], "height": height, "width": width, "epochs": epochs}, f)
    print(json.dumps({"ok": True, "out": os.path.abspath(args.out), "epochs": epochs}))


# ---------------------------------------------------------------------------------------------------------- accuracy

def accuracy(args):
    recipe = read_recipe(args.recipe)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = BUILDERS[args.width](weights=None, num_classes=CLASSES)
    model.train()
    if args.batches:
        # Another side's augmented batches from files (the swap experiment) instead of torchvision's loader.
        train = DumpedBatches(args.batches, recipe)
    else:
        train = loader(FashionMnist(args.data, True, train_transform(recipe), args.limit), recipe["batch_size"], True, args.workers, args.seed)
    test = loader(FashionMnist(args.data, False, eval_transform(recipe), args.test_limit), 256, False, args.workers)
    loop = Loop(model, recipe, len(train))
    epochs, started = [], time.perf_counter()
    for epoch in range(recipe["epochs"]):
        lr = loop.optimizer.param_groups[0]["lr"]
        loop.correct.zero_()
        t0, loss_sum, count, step_losses = time.perf_counter(), 0.0, 0, []
        for images, labels in (train.epoch(epoch) if args.batches else train):
            loss, _ = loop.step(images, labels)
            step_losses.append(loss)
            loss_sum += loss * len(labels)
            count += len(labels)
        train_seconds = time.perf_counter() - t0
        record = dict({"epoch": epoch, "lr": lr, "train_loss": loss_sum / count, "train_top1": int(loop.correct) / count,
                       "train_seconds": train_seconds, "step_losses": step_losses}, **evaluate(model, test, recipe["label_smoothing"]))
        loop.end_epoch()
        epochs.append(record)
        print(f"epoch {epoch}: lr {lr:.4g} train loss {record['train_loss']:.4f} top-1 {100 * record['train_top1']:.2f}%; "
              f"test loss {record['test_loss']:.4f} top-1 {100 * record['test_top1']:.2f}%; {train_seconds:.0f} s training, "
              f"{count / train_seconds:.0f} images/s", file=sys.stderr, flush=True)
    result = {"side": "pytorch", "width": args.width, "seed": args.seed, "train_images": train.count if args.batches else len(train.dataset),
              "test_images": len(test.dataset), "test_top1": epochs[-1]["test_top1"], "seconds": time.perf_counter() - started,
              "train_seconds": sum(e["train_seconds"] for e in epochs), "epochs": epochs}
    with open(args.out, "w") as f:
        json.dump(result, f)
    print(json.dumps({"ok": True, "result": os.path.abspath(args.out)}))


# ------------------------------------------------------------------------------------------------------------- serve

class Worker:
    """Training speed: steps on one repeated batch ("time") and a whole epoch through a DataLoader ("epoch")."""

    def __init__(self, directory, recipe, data, threads, channels_last=False):
        torch.set_num_threads(threads)
        self.directory = directory
        self.channels_last = channels_last
        # Every run stays in the recipe's first warm-up epoch (train.py's rate for it), as in the C# worker.
        self.recipe = dict(recipe, epochs=3, warmup_epochs=2, per_iteration=False)
        self.data = data
        self.benches = {}

    def handle(self, request):
        command = request.get("cmd")
        width = request.get("width")
        batch, size = int(request.get("batch", 128)), int(request.get("size", 64))
        if command == "info":
            return self.info()
        if command == "load":
            start = time.perf_counter()
            self.bench(width, batch, size)
            return {"load_ms": (time.perf_counter() - start) * 1e3}
        if command == "time":
            return self.time(width, batch, size, int(request.get("warmup", 1)), int(request.get("iterations", 1)))
        if command == "epoch":
            return self.epoch(width, batch, size, int(request.get("workers", 1)), request.get("limit"))
        raise ValueError(f"unknown command '{command}'; use info, load, time, epoch or quit")

    def info(self):
        return {"engine": ENGINE + ("-cl" if self.channels_last else ""),
                "description": DESCRIPTION + ("; model and batch channels-last (memory_format=torch.channels_last)" if self.channels_last else ""),
                "process": f"Python {platform.python_version()}, pid {os.getpid()}",
                "torch": torch.__version__, "torchvision": torchvision.__version__, "threads": torch.get_num_threads(),
                "mkldnn": torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled, "recipe": self.recipe}

    def bench(self, width, batch, size):
        key = (width, batch, size)
        if key not in self.benches:
            model = initial_model(self.directory, width)
            model.train()
            if self.channels_last:
                model = model.to(memory_format=torch.channels_last)
            generator = torch.Generator().manual_seed(batch)
            images = torch.randn(batch, 3, size, size, generator=generator)
            labels = torch.randint(CLASSES, (batch,), generator=generator)
            self.benches[key] = (Loop(model, dict(self.recipe, batch_size=batch, image_size=size), 1 << 20, self.channels_last), images, labels)
        return self.benches[key]

    def time(self, width, batch, size, warmup, iterations):
        if warmup < 1 or iterations < 1:
            raise ValueError(f"need warmup >= 1 and iterations >= 1, got {warmup} and {iterations}")
        loop, images, labels = self.bench(width, batch, size)
        peak_reset = reset_peak()
        before = resident_mib()
        ends = []
        for _ in range(warmup + iterations):
            loop.step(images, labels)
            ends.append(time.perf_counter())
        times = [(ends[i] - ends[i - 1]) * 1e3 for i in range(warmup, warmup + iterations)]
        return {"width": width, "batch": batch, "size": size, "times_ms": times, "rss_before_mib": before,
                "peak_rss_mib": resident_mib("VmHWM:") if peak_reset else None}

    def epoch(self, width, batch, size, workers, limit):
        recipe = dict(self.recipe, batch_size=batch, image_size=size)
        model = initial_model(self.directory, width)
        model.train()
        train = loader(FashionMnist(self.data, True, train_transform(recipe), limit), batch, True, workers, 1)
        loop = Loop(model, recipe, len(train))
        reset_peak()
        before = resident_mib()
        start, loss_sum, count = time.perf_counter(), 0.0, 0
        for images, labels in train:
            loss, _ = loop.step(images, labels)
            loss_sum += loss * len(labels)
            count += len(labels)
        seconds = time.perf_counter() - start
        return {"width": width, "batch": batch, "size": size, "workers": workers, "images": count, "seconds": seconds,
                "images_per_second": count / seconds, "train_loss": loss_sum / count, "rss_before_mib": before,
                "peak_rss_mib": resident_mib("VmHWM:")}

    def serve(self, input_stream, output_stream):
        serve(self.handle, input_stream, output_stream)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("parity", "serve", "accuracy", "dump"):
        command = commands.add_parser(name)
        command.add_argument("--recipe", required=True, help="the recipe JSON file (the same file the C# side reads)")
        command.add_argument("--data", default=DEFAULT_DATA, help=f"the Fashion-MNIST IDX folder (default {DEFAULT_DATA})")
        command.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
        if name in ("parity", "serve"):
            command.add_argument("--dir", required=True, help="the work directory written by ShuffleNetV2.Compare train-prepare")
        if name == "serve":
            command.add_argument("--channels-last", action="store_true", help="speed: model and batch channels-last")
        if name in ("parity", "accuracy", "dump"):
            command.add_argument("--width", default="0.5", choices=sorted(BUILDERS))
            command.add_argument("--limit", type=int, help="only the first N training images")
            command.add_argument("--test-limit", type=int, help="only the first N test images")
        if name == "parity":
            command.add_argument("--steps", type=int, default=500)
            command.add_argument("--snapshots", default="1,20,100,500")
            command.add_argument("--label", default=None)
            command.add_argument("--dtype", default="float32", choices=["float32", "float64"])
            command.add_argument("--side", default="pytorch", help="the name in the output files (default pytorch)")
            command.add_argument("--perturb", type=float, default=0.0,
                                 help="multiply every initial weight by 1 + PERTURB * N(0, 1) (a control run; default 0)")
        if name in ("accuracy", "dump"):
            command.add_argument("--out", required=True)
            command.add_argument("--seed", type=int, default=0)
            command.add_argument("--workers", type=int, default=1)
        if name == "accuracy":
            command.add_argument("--batches", help="train on the augmented batches in this folder (written by a dump) instead of the loader")
        if name == "dump":
            command.add_argument("--epochs", type=int, help="epochs to write (default the recipe's)")
    args = parser.parse_args()
    if args.command == "parity" and args.label is None:
        args.label = read_recipe(args.recipe)["optimizer"]
    return args


def main():
    args = parse_args()
    if args.command == "parity":
        parity(args)
    elif args.command == "accuracy":
        accuracy(args)
    elif args.command == "dump":
        dump(args)
    else:
        Worker(args.dir, read_recipe(args.recipe), args.data, args.threads, args.channels_last).serve(sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
