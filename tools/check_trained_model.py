#!/usr/bin/python3
"""Checks a C# train run from PyTorch: loads its model.pth into torchvision's network strictly, evaluates it on the
test split with the run's eval transform, and prints top-1 and top-5.

Run with Debian's python3-torch 1.13 and python3-torchvision 0.14:
    /usr/bin/python3 tools/check_trained_model.py RUN_FOLDER [--data PATH] [--batch N] [--json]
RUN_FOLDER is the train command's --output folder: it reads model.json (architecture, classes, eval transform, data
path) and model.pth (PyTorch's zip format, torchvision's keys). --data replaces the recorded data path. IDX data is
evaluated on its t10k-* files; an image folder on its val/ subfolder (a folder split by --val-fraction is not
reproduced here). The transform is torchvision's own: Resize(resize) (PIL bilinear, antialiased), CenterCrop(size),
grey images converted to RGB (channels replicated, as the C# side does), ToTensor, Normalize(mean, std).
Exit code 0 when the model loads strictly and the evaluation runs; the accuracies are printed, not judged.
"""
import argparse
import gzip
import json
import pathlib
import struct
import sys

import torch
import torchvision
from PIL import Image
from torchvision import transforms

WIDTHS = {  # stage output channels -> torchvision's builder
    (24, 48, 96, 192, 1024): torchvision.models.shufflenet_v2_x0_5,
    (24, 116, 232, 464, 1024): torchvision.models.shufflenet_v2_x1_0,
    (24, 176, 352, 704, 1024): torchvision.models.shufflenet_v2_x1_5,
    (24, 244, 488, 976, 2048): torchvision.models.shufflenet_v2_x2_0,
}


def read_idx(path, magic):
    raw = path.read_bytes()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        sys.exit(f"{path}: magic number {found:#010x}, expected {magic:#010x}")
    if magic == 0x803:
        rows, columns = struct.unpack(">II", data[8:16])
        return [Image.frombytes("L", (columns, rows), data[16 + i * rows * columns:16 + (i + 1) * rows * columns]) for i in range(count)]
    return list(data[8:8 + count])


def idx_file(folder, name):
    for candidate in (folder / name, folder / (name + ".gz")):
        if candidate.exists():
            return candidate
    sys.exit(f"{folder} has no {name} or {name}.gz")


class IdxTest(torch.utils.data.Dataset):
    def __init__(self, folder, transform):
        self.images = read_idx(idx_file(folder, "t10k-images-idx3-ubyte"), 0x803)
        self.labels = read_idx(idx_file(folder, "t10k-labels-idx1-ubyte"), 0x801)
        self.transform = transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return self.transform(self.images[i].convert("RGB")), self.labels[i]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=pathlib.Path, help="the train run's output folder (model.json, model.pth)")
    parser.add_argument("--data", type=pathlib.Path, help="the data folder [default: the one model.json records]")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args()

    record = json.loads((args.run / "model.json").read_text())
    channels = tuple(record["stages_out_channels"])
    classes = record["classes"]
    if channels in WIDTHS and record["stages_repeats"] == [4, 8, 4]:
        model = WIDTHS[channels](num_classes=len(classes))
    else:
        model = torchvision.models.ShuffleNetV2(record["stages_repeats"], list(channels), num_classes=len(classes))
    state = torch.load(args.run / record["weights"], map_location="cpu")
    model.load_state_dict(state, strict=True)
    model.eval()

    t = record["eval_transform"]
    steps = [transforms.Resize(t["resize"])] if t.get("resize") else []
    steps += [transforms.CenterCrop(t["size"]), transforms.ToTensor(), transforms.Normalize(t["mean"], t["std"])]
    transform = transforms.Compose(steps)
    folder = args.data or pathlib.Path(record["data_path"])
    if record["data_kind"] == "idx":
        dataset, split = IdxTest(folder, transform), "t10k"
    elif (folder / "val").is_dir():
        dataset = torchvision.datasets.ImageFolder(str(folder / "val"), transform=lambda image: transform(image.convert("RGB")))
        split = "val/"
    else:
        sys.exit(f"{folder} has no val/ subfolder: its validation split by fraction is not reproduced here")

    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch, shuffle=False)
    top1 = top5 = count = 0
    k = min(5, len(classes))
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            best = logits.topk(k, dim=1).indices
            top1 += (best[:, 0] == labels).sum().item()
            top5 += (best == labels.unsqueeze(1)).any(dim=1).sum().item()
            count += len(labels)

    result = {"model": str(args.run / record["weights"]), "strict_load": True, "data": str(folder), "test_split": split,
              "count": count, "top1": 100.0 * top1 / count, "top5": 100.0 * top5 / count, "torch": torch.__version__,
              "torchvision": torchvision.__version__}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['model']}: loaded strictly into torchvision's network; {split} ({count} images): "
              f"top-1 {result['top1']:.2f}% ({top1}/{count}), top-{k} {result['top5']:.2f}%")


if __name__ == "__main__":
    main()
