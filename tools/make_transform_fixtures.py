#!/usr/bin/python3
"""Makes the fixtures that pin the Imaging primitives and TorchTraining's transforms to Pillow / torchvision 0.14.

Run with Debian's python3-torchvision 0.14, python3-torch 1.13 and python3-pil 9.4 (about ten seconds), after
tools/make_fashion_mnist_subset.py:
    /usr/bin/python3 tools/make_transform_fixtures.py
Writes:
    tests/TorchImaging.Tests/Fixtures/rgb_45x31.png, gray_29x23.png
        two small deterministic synthetic images (numpy seed 14)
    tests/TorchImaging.Tests/Fixtures/primitives.json.gz
        Pillow's convert("L") of the test images, and Pillow's resize(BILINEAR) / crop(box).resize(BILINEAR) of grey
        and RGB images to sizes that shrink, enlarge and mix both
    tests/TorchTraining.Tests/Fixtures/transforms.json.gz
        "functional": torchvision.transforms.functional with FIXED parameters (resized_crop, pad + crop, hflip, resize,
                      center_crop, to_tensor + normalize, erase) on the small images and on the first test image of the
                      Fashion-MNIST subset
        "forward":    transforms.RandomResizedCrop / RandomCrop / RandomHorizontalFlip / RandomErasing called with a
                      fixed torch seed while every draw from torch's generator is recorded (torch.rand, Tensor.uniform_,
                      torch.randint, Tensor.normal_): the draws, the parameters get_params chose and the output
        "get_params": the same recording for get_params alone on many image sizes, scales and ratios, including the
                      fallback centre crop and erasing attempts that all fail
        "statistics": means over 100,000 get_params calls with torch's own generator (crop area fraction, log aspect
                      ratio, erased fraction) and their standard deviations
    tests/TorchTraining.Tests/Fixtures/image_folder_order.json
        torchvision.datasets.ImageFolder's classes and samples (paths relative to the root, labels) for a tree of empty
        files with awkward names (case, punctuation, nesting, extensions in any case, non-image files)
The C# tests feed the recorded draws to the C# samplers (which must ask for the same draws, in the same order, and
choose the same parameters) and compare outputs exactly (8-bit) or within 1e-6 (float32).
Images are bytes in base64 (8-bit: height x width x channels; float32 little-endian: channels x height x width), or
the SHA-256 of those bytes for the large decoded images.
"""
import base64
import contextlib
import gzip
import hashlib
import json
import pathlib
import struct

import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
IMAGING = ROOT / "tests" / "TorchImaging.Tests" / "Fixtures"
TRAINING = ROOT / "tests" / "TorchTraining.Tests" / "Fixtures"
SUBSET = TRAINING / "fashion-mnist-subset"
MEAN_RGB, STD_RGB = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
MEAN_GREY, STD_GREY = [0.2860], [0.3530]


def synthetic(width, height, rng):
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    rgb = np.stack([255 * x / (width - 1), 255 * y / (height - 1), 127.5 + 127.5 * np.sin(x / 3.0) * np.cos(y / 5.0)], -1)
    rgb[(x.astype(int) // 4 + y.astype(int) // 4) % 2 == 0] *= 0.7
    rgb += rng.normal(0, 8, rgb.shape)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def fashion_test_image():
    data = gzip.decompress((SUBSET / "t10k-images-idx3-ubyte.gz").read_bytes())
    rows, cols = struct.unpack(">II", data[8:16])
    return Image.fromarray(np.frombuffer(data, np.uint8, rows * cols, 16).reshape(rows, cols), "L")


def image_entry(image, digest=False):
    array = np.asarray(image, dtype=np.uint8)
    if array.ndim == 2:
        array = array[:, :, None]
    if digest:
        return {"shape": list(array.shape), "sha256": hashlib.sha256(array.tobytes()).hexdigest()}
    return {"shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode()}


def tensor_entry(tensor):
    array = tensor.detach().numpy().astype("<f4")
    return {"shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode()}


class Recorder(contextlib.AbstractContextManager):
    """Records every draw torchvision makes from torch's generator while the real generator makes it."""

    def __init__(self):
        self.draws = []
        self._saved = {}

    def __enter__(self):
        rand, randint = torch.rand, torch.randint
        uniform, normal = torch.Tensor.uniform_, torch.Tensor.normal_
        self._saved = {"rand": rand, "randint": randint, "uniform_": uniform, "normal_": normal}
        draws = self.draws

        def record_rand(*size, **kwargs):
            result = rand(*size, **kwargs)
            draws.extend({"kind": "uniform", "low": 0.0, "high": 1.0, "value": v} for v in result.flatten().tolist())
            return result

        def record_randint(low, high, size, **kwargs):
            result = randint(low, high, size, **kwargs)
            draws.extend({"kind": "integer", "low": int(low), "high": int(high), "value": v} for v in result.flatten().tolist())
            return result

        def record_uniform(self, low=0.0, high=1.0, **kwargs):
            result = uniform(self, low, high, **kwargs)
            draws.extend({"kind": "uniform", "low": float(low), "high": float(high), "value": v} for v in result.flatten().tolist())
            return result

        def record_normal(self, *args, **kwargs):
            result = normal(self, *args, **kwargs)
            draws.extend({"kind": "normal", "value": v} for v in result.flatten().tolist())
            return result

        torch.rand, torch.randint = record_rand, record_randint
        torch.Tensor.uniform_, torch.Tensor.normal_ = record_uniform, record_normal
        return self

    def __exit__(self, *exc):
        torch.rand, torch.randint = self._saved["rand"], self._saved["randint"]
        torch.Tensor.uniform_, torch.Tensor.normal_ = self._saved["uniform_"], self._saved["normal_"]
        return False


def recorded(seed, call):
    torch.manual_seed(seed)
    with Recorder() as recorder:
        result = call()
    return result, recorder.draws


def primitives(images):
    # The large images as SHA-256 of their bytes (the small one in full, to see a difference).
    decode = [{"file": name, "output": image_entry(Image.open(IMAGING / name).convert("L"), digest=name != "rgb_45x31.png")}
              for name in ["rgb_400x300.png", "rgba_300x300.png", "rgb_400x300.jpg", "gray_260x270.png", "rgb_45x31.png"]]
    resize = []
    for name, mode, sizes in [
        ("gray_29x23.png", "L", [(64, 64), (13, 9), (29, 50), (50, 23), (7, 61), (1, 1)]),
        ("rgb_45x31.png", "RGB", [(64, 48), (20, 15), (45, 10), (90, 31), (17, 40)]),
        ("gray_260x270.png", "L", [(64, 67), (130, 300)]),
        ("rgb_400x300.png", "RGB", [(85, 64), (401, 37)]),
    ]:
        for width, height in sizes:
            resize.append({"file": name, "mode": mode, "width": width, "height": height,
                           "output": image_entry(images[name][mode].resize((width, height), Image.BILINEAR))})
    resize_crop = []
    for name, mode, box, (width, height) in [
        ("rgb_45x31.png", "RGB", (3, 5, 40, 29), (64, 64)),
        ("rgb_45x31.png", "RGB", (10, 2, 30, 12), (8, 5)),
        ("gray_29x23.png", "L", (0, 4, 17, 23), (32, 40)),
        ("rgb_400x300.png", "RGB", (13, 27, 213, 190), (64, 64)),
        ("gray_260x270.png", "L", (100, 0, 260, 111), (57, 31)),
    ]:
        resize_crop.append({"file": name, "mode": mode, "left": box[0], "top": box[1], "cropWidth": box[2] - box[0],
                            "cropHeight": box[3] - box[1], "width": width, "height": height,
                            "output": image_entry(images[name][mode].crop(box).resize((width, height), Image.BILINEAR))})
    return {"decodeGray": decode, "resize": resize, "resizeCrop": resize_crop}


def functional(inputs):
    cases = []

    def add(op, source, params, output):
        entry = tensor_entry(output) if isinstance(output, torch.Tensor) else image_entry(output)
        cases.append({"op": op, "input": source, "params": params, "output": entry})

    for source, top, left, height, width, size in [
        ("rgb_45x31", 3, 5, 20, 30, 16), ("rgb_45x31", 0, 0, 31, 45, 64), ("rgb_400x300", 27, 13, 163, 200, 32),
        ("fashion", 2, 3, 20, 25, 64), ("fashion", 0, 0, 28, 28, 28), ("fashion", 10, 0, 1, 28, 9),
    ]:
        add("resized_crop", source, {"top": top, "left": left, "height": height, "width": width, "size": size},
            F.resized_crop(inputs[source], top, left, height, width, [size, size]))
    for source, padding, fill, top, left, size in [
        ("fashion", 4, 0, 0, 0, 28), ("fashion", 4, 0, 8, 5, 28), ("fashion", 2, 9, 3, 1, 28),
        ("rgb_45x31", 3, 0, 6, 0, 24), ("rgb_45x31", 5, 200, 0, 29, 26), ("fashion", 0, 0, 0, 0, 28),
    ]:
        add("pad_crop", source, {"padding": padding, "fill": fill, "top": top, "left": left, "size": size},
            F.crop(F.pad(inputs[source], padding, fill), top, left, size, size))
    for source in ["fashion", "rgb_45x31"]:
        add("hflip", source, {}, F.hflip(inputs[source]))
    for source, size in [("rgb_400x300", [64]), ("gray_260x270", [50]), ("fashion", [64]), ("rgb_45x31", [40]),
                         ("rgb_45x31", [31]), ("rgb_45x31", [20, 50]), ("fashion", [14, 30])]:
        add("resize", source, {"size": size}, F.resize(inputs[source], size))
    for source, size in [("rgb_45x31", [24, 24]), ("rgb_45x31", [20, 31]), ("rgb_45x31", [50, 50]), ("rgb_45x31", [40, 60]),
                         ("rgb_45x31", [10, 60]), ("fashion", [20, 20]), ("fashion", [33, 33]), ("fashion", [27, 27])]:
        add("center_crop", source, {"height": size[0], "width": size[1]}, F.center_crop(inputs[source], size))
    for source, mean, std in [("rgb_45x31", MEAN_RGB, STD_RGB), ("fashion", MEAN_GREY, STD_GREY), ("fashion", None, None)]:
        tensor = F.to_tensor(inputs[source])
        if mean is not None:
            tensor = F.normalize(tensor, mean, std)
        add("to_tensor_normalize", source, {"mean": mean, "std": std}, tensor)
    normalized = F.normalize(F.to_tensor(inputs["rgb_45x31"]), MEAN_RGB, STD_RGB)
    for top, left, height, width, value in [(3, 4, 10, 7, 0.0), (0, 0, 31, 1, 0.5), (20, 30, 11, 15, None)]:
        if value is None:
            torch.manual_seed(3)
            v = torch.empty([3, height, width], dtype=torch.float32).normal_()
            params = {"top": top, "left": left, "height": height, "width": width, "noise": tensor_entry(v)}
        else:
            v = torch.tensor([value])[:, None, None]
            params = {"top": top, "left": left, "height": height, "width": width, "value": value}
        add("erase", "rgb_45x31", params, F.erase(normalized, top, left, height, width, v))
    return cases


def forward(inputs):
    cases = []
    normalized = {"rgb_45x31": F.normalize(F.to_tensor(inputs["rgb_45x31"]), MEAN_RGB, STD_RGB),
                  "fashion": F.normalize(F.to_tensor(inputs["fashion"]), MEAN_GREY, STD_GREY)}
    specs = [
        ("RandomResizedCrop", {"size": 32}, "rgb_400x300", [0, 1, 2]),
        ("RandomResizedCrop", {"size": 64}, "fashion", [3, 4, 5]),
        ("RandomResizedCrop", {"size": 16, "scale": [0.9, 1.0], "ratio": [5.0, 8.0]}, "rgb_45x31", [6]),
        ("RandomResizedCrop", {"size": 20, "scale": [0.5, 0.6], "ratio": [0.1, 0.2]}, "rgb_45x31", [7]),
        ("RandomCrop", {"size": 28, "padding": 4}, "fashion", [8, 9, 10]),
        ("RandomCrop", {"size": 28, "padding": 2, "fill": 9}, "fashion", [11]),
        ("RandomCrop", {"size": 40, "pad_if_needed": True}, "rgb_45x31", [12]),
        ("RandomCrop", {"size": 28}, "fashion", [13]),
        ("RandomHorizontalFlip", {}, "fashion", [14, 15, 16, 17]),
        ("RandomHorizontalFlip", {"p": 0.3}, "rgb_45x31", [18, 19]),
        ("RandomErasing", {"p": 1.0}, "rgb_45x31", [20, 21]),
        ("RandomErasing", {"p": 1.0, "value": "random"}, "rgb_45x31", [22]),
        ("RandomErasing", {}, "fashion", [23, 24, 25, 26]),
        ("RandomErasing", {"p": 1.0, "value": "random", "scale": [0.3, 0.33], "ratio": [0.5, 2.0]}, "fashion", [27]),
    ]
    for name, params, source, seeds in specs:
        transform = getattr(T, name)(**params)
        tensor_input = name == "RandomErasing"
        image = normalized[source] if tensor_input else inputs[source]
        for seed in seeds:
            output, draws = recorded(seed, lambda: transform(image))
            cases.append({"transform": name, "params": params, "input": source, "seed": seed, "draws": draws,
                          "output": tensor_entry(output) if tensor_input else image_entry(output)})
    return cases


def get_params():
    cases = []
    crop_specs = [((w, h), scale, ratio)
                  for (w, h) in [(400, 300), (28, 28), (31, 45), (500, 20), (1, 1), (3, 200)]
                  for scale, ratio in [((0.08, 1.0), (3 / 4, 4 / 3)), ((0.9, 1.0), (5.0, 8.0)), ((0.35, 1.0), (0.2, 0.3))]]
    for index, ((w, h), scale, ratio) in enumerate(crop_specs):
        for seed in range(3):
            image = torch.empty([1, h, w])
            params, draws = recorded(100 * index + seed, lambda: T.RandomResizedCrop.get_params(image, list(scale), list(ratio)))
            cases.append({"transform": "RandomResizedCrop", "width": w, "height": h, "scale": scale, "ratio": ratio,
                          "seed": 100 * index + seed, "draws": draws, "params": list(params)})
    for index, (w, h, size) in enumerate([(36, 36, 28), (28, 28, 28), (28, 36, 28), (45, 31, 20)]):
        for seed in range(3):
            image = torch.empty([1, h, w])
            params, draws = recorded(5000 + 10 * index + seed, lambda: T.RandomCrop.get_params(image, (size, size)))
            cases.append({"transform": "RandomCrop", "width": w, "height": h, "size": size, "seed": 5000 + 10 * index + seed,
                          "draws": draws, "params": list(params)})
    for index, ((c, h, w), scale, ratio, value) in enumerate([
        ((3, 32, 32), (0.02, 0.33), (0.3, 3.3), [0.0]), ((1, 28, 28), (0.02, 0.33), (0.3, 3.3), None),
        ((3, 10, 12), (0.5, 0.9), (0.3, 3.3), None), ((1, 5, 5), (0.9, 1.0), (0.3, 3.3), [0.0]),
        ((3, 40, 8), (0.1, 0.2), (0.2, 0.25), [0.0]),
    ]):
        for seed in range(3):
            image = torch.zeros([c, h, w])
            result, draws = recorded(7000 + 10 * index + seed, lambda: T.RandomErasing.get_params(image, scale, ratio, value))
            i, j, eh, ew, v = result
            cases.append({"transform": "RandomErasing", "channels": c, "width": w, "height": h, "scale": scale, "ratio": ratio,
                          "random": value is None, "seed": 7000 + 10 * index + seed, "draws": draws,
                          "params": [i, j, eh, ew], "erased": v is not image})
    return cases


def statistics(samples=100_000):
    torch.manual_seed(2024)
    fractions, log_ratios = np.empty(samples), np.empty(samples)
    image = torch.empty([3, 80, 100])
    for n in range(samples):
        i, j, h, w = T.RandomResizedCrop.get_params(image, [0.08, 1.0], [3 / 4, 4 / 3])
        fractions[n], log_ratios[n] = h * w / 8000, np.log(w / h)
    erased = np.empty(samples)
    tensor = torch.zeros([3, 32, 32])
    for n in range(samples):
        i, j, h, w, v = T.RandomErasing.get_params(tensor, (0.02, 0.33), (0.3, 3.3), [0.0])
        erased[n] = 0.0 if v is tensor else h * w / 1024
    return {"samples": samples,
            "randomResizedCrop": {"width": 100, "height": 80, "areaFractionMean": fractions.mean(), "areaFractionStd": fractions.std(),
                                  "logAspectMean": log_ratios.mean(), "logAspectStd": log_ratios.std()},
            "randomErasing": {"width": 32, "height": 32, "erasedFractionMean": erased.mean(), "erasedFractionStd": erased.std()}}


IMAGE_FOLDER_TREE = [
    "B/img.PNG", "B/x.JpEg", "B/notes.txt", "B/noext", "B/a.png.bak", "B/.hidden.png", "B/y.webp",
    "_x/z.tif", "_x/sub/c.png", "_x/sub2/d.pgm", "_x/sub/deeper/e.bmp", "_x/Sub/f.ppm", "_x/a b.jpg", "_x/A.TIFF",
    "a/1.png", "a/10.png", "a/2.png", "a/-.png", "b/only.jpeg", "\u00e9t\u00e9/\u00e9.png", "Z9/k.Png",
]


def image_folder_order():
    import tempfile
    from torchvision.datasets import ImageFolder
    with tempfile.TemporaryDirectory() as root:
        for relative in IMAGE_FOLDER_TREE:
            path = pathlib.Path(root) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")
        dataset = ImageFolder(root)
        samples = [[str(pathlib.Path(p).relative_to(root)), label] for p, label in dataset.samples]
    return {"tree": IMAGE_FOLDER_TREE, "classes": dataset.classes, "samples": samples}


def write(path, content):
    path.write_bytes(gzip.compress(json.dumps(content, separators=(",", ":")).encode(), compresslevel=9, mtime=0))
    print(f"{path.stat().st_size / 1024:8.1f} KB  {path.relative_to(ROOT)}")


def main():
    rng = np.random.default_rng(14)
    Image.fromarray(synthetic(45, 31, rng), "RGB").save(IMAGING / "rgb_45x31.png", optimize=True)
    Image.fromarray(synthetic(29, 23, rng)[:, :, 0], "L").save(IMAGING / "gray_29x23.png", optimize=True)
    images = {}
    for name in ["rgb_45x31.png", "gray_29x23.png", "rgb_400x300.png", "gray_260x270.png"]:
        opened = Image.open(IMAGING / name)
        images[name] = {"RGB": opened.convert("RGB"), "L": opened.convert("L")}
    write(IMAGING / "primitives.json.gz", primitives(images))

    inputs = {"rgb_45x31": images["rgb_45x31.png"]["RGB"], "rgb_400x300": images["rgb_400x300.png"]["RGB"],
              "gray_260x270": images["gray_260x270.png"]["L"], "fashion": fashion_test_image()}
    write(TRAINING / "transforms.json.gz", {"functional": functional(inputs), "forward": forward(inputs),
                                            "getParams": get_params(), "statistics": statistics()})
    order = TRAINING / "image_folder_order.json"
    order.write_text(json.dumps(image_folder_order(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{order.stat().st_size / 1024:8.1f} KB  {order.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
