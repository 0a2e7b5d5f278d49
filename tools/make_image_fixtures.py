#!/usr/bin/python3
"""Makes the image-preprocessing fixtures: small test images and torchvision's ImageNet tensors for them.

Run with Debian's python3-torchvision 0.14 and python3-pil 9.4 (a second or two):
    /usr/bin/python3 tools/make_image_fixtures.py
Writes into tests/TorchImaging.Tests/Fixtures/:
    <name>.png / <name>.jpg   deterministic synthetic images (gradients, shapes, mild noise; numpy seed 4; RGBA alpha from 0 to 255) of several
                              sizes and modes: RGB 256x256 (already the resize size), RGB 400x300 (downscaled), RGB
                              240x320 (upscaled), RGBA 300x300, grayscale 260x270, and a JPEG 400x300 (quality 90)
    <name>.expected.f32.gz    the tensor torchvision's classic ImageNet transform gives for the image:
                              transforms.Compose([Resize(256), CenterCrop(224), ToTensor(),
                                                  Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
                              applied to PIL.Image.open(path).convert("RGB"): shape [3, 224, 224], float32
                              little-endian, C order, gzip-compressed
    <name>.resize232.expected.f32.gz
                              the same for the evaluation transform of torchvision's 1.5x and 2.0x ShuffleNetV2 weights,
                              taken from torchvision itself: ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1.transforms(), i.e.
                              ImageClassification(crop_size=224, resize_size=232) (the script checks that
                              ShuffleNet_V2_X2_0_Weights' is the same, and that Compose([Resize(232), CenterCrop(224),
                              ToTensor(), Normalize(...)]) gives the identical tensor)
    <name>.<case>.expected.f32.gz
                              the tensor of one of the model-card transforms in CARD_CASES (any crop, no resize, one
                              channel, an image smaller than the crop) as torchvision 0.14 composes it on
                              PIL.Image.open(path).convert(mode): [Resize(resize)], CenterCrop([height, width]) (which pads
                              a side shorter than the crop with zeros), ToTensor(), Normalize(mean, std); shape
                              [channels, height, width], float32 little-endian, C order, gzip-compressed. Reads
                              rgb_45x31.png and gray_29x23.png, which tools/make_transform_fixtures.py writes.
"""
import gzip
import pathlib

import numpy as np
import torch
from PIL import Image
from torchvision import transforms
from torchvision.models import ShuffleNet_V2_X1_5_Weights, ShuffleNet_V2_X2_0_Weights

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "TorchImaging.Tests" / "Fixtures"
TRANSFORM = transforms.Compose([
    transforms.Resize(256),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225)),
])
RESIZE_232 = ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1.transforms()
CLASSIC_232 = transforms.Compose([
    transforms.Resize(232),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225)),
])

# (case, image, PIL mode, resize or None, [crop height, crop width], mean, std); TorchImaging.Tests and
# TorchTraining.Tests list the same cases.
CARD_CASES = [
    ("crop48x40_resize64", "rgb_400x300.png", "RGB", 64, [48, 40], [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("crop40x56_resize60", "rgb_240x320.png", "RGB", 60, [40, 56], [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("crop200x150_noresize", "rgb_240x320.png", "RGB", None, [200, 150], [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]),
    ("grey_crop64_resize72", "rgb_400x300.png", "L", 72, [64, 64], [0.5], [0.25]),
    ("grey_crop64_resize72", "gray_260x270.png", "L", 72, [64, 64], [0.5], [0.25]),
    ("grey_crop64_resize72", "rgba_300x300.png", "L", 72, [64, 64], [0.5], [0.25]),
    ("pad40x56_noresize", "rgb_45x31.png", "RGB", None, [40, 56], [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("pad20x50_noresize", "rgb_45x31.png", "RGB", None, [20, 50], [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("grey_pad33x30_noresize", "gray_29x23.png", "L", None, [33, 30], [0.286], [0.353]),
]


def card_transform(resize, crop, mean, std):
    steps = [transforms.Resize(resize)] if resize is not None else []
    return transforms.Compose(steps + [transforms.CenterCrop(crop), transforms.ToTensor(), transforms.Normalize(mean=mean, std=std)])


def write_card_cases():
    for case, name, mode, resize, crop, mean, std in CARD_CASES:
        path = OUT / name
        tensor = card_transform(resize, crop, mean, std)(Image.open(path).convert(mode))
        assert tuple(tensor.shape) == (len(mean), crop[0], crop[1]), (case, name, tensor.shape)
        stem = path.stem + path.suffix.replace(".", "_")
        write_tensor(OUT / f"{stem}.{case}.expected.f32.gz", tensor, tuple(tensor.shape))


def write_tensor(path, tensor, shape=(3, 224, 224)):
    assert tuple(tensor.shape) == shape
    path.write_bytes(gzip.compress(tensor.numpy().astype("<f4").tobytes(), compresslevel=9, mtime=0))


def synthetic(width, height, rng):
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / max(width - 1, 1)
    g = 255 * y / max(height - 1, 1)
    b = 127.5 + 127.5 * np.sin(x / 7.0) * np.cos(y / 11.0)
    rgb = np.stack([r, g, b], axis=-1)
    cx, cy = width * 0.4, height * 0.55
    disc = (x - cx) ** 2 + (y - cy) ** 2 < (min(width, height) * 0.25) ** 2
    rgb[disc] = [250, 30, 60]
    rgb[(x.astype(int) // 9 + y.astype(int) // 9) % 2 == 0] *= 0.8  # checkerboard: sharp edges
    rgb += rng.normal(0, 2, rgb.shape)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def alpha_ramp(width, height):
    """Alpha rising along x, with a fully transparent band: convert("RGB") must keep the colour under alpha 0."""
    alpha = np.tile(np.linspace(0, 255, width), (height, 1))
    alpha[:, : width // 10] = 0
    return np.rint(alpha).astype(np.uint8)


def main():
    assert (RESIZE_232.resize_size, RESIZE_232.crop_size) == ([232], [224]), RESIZE_232
    assert repr(ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1.transforms()) == repr(RESIZE_232)
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(4)
    images = {
        "rgb_256x256.png": Image.fromarray(synthetic(256, 256, rng), "RGB"),
        "rgb_400x300.png": Image.fromarray(synthetic(400, 300, rng), "RGB"),
        "rgb_240x320.png": Image.fromarray(synthetic(240, 320, rng), "RGB"),
        "rgba_300x300.png": Image.fromarray(np.dstack([synthetic(300, 300, rng), alpha_ramp(300, 300)]), "RGBA"),
        "gray_260x270.png": Image.fromarray(synthetic(260, 270, rng)[:, :, 1], "L"),
        "rgb_400x300.jpg": Image.fromarray(synthetic(400, 300, rng), "RGB"),
    }
    for name, image in images.items():
        path = OUT / name
        image.save(path, quality=90) if name.endswith(".jpg") else image.save(path, optimize=True)
        rgb = Image.open(path).convert("RGB")
        stem = path.stem + path.suffix.replace(".", "_")
        write_tensor(OUT / (stem + ".expected.f32.gz"), TRANSFORM(rgb))
        at_232 = RESIZE_232(rgb)
        assert torch.equal(at_232, CLASSIC_232(rgb)), name
        write_tensor(OUT / (stem + ".resize232.expected.f32.gz"), at_232)
    write_card_cases()
    total = 0
    for path in sorted(OUT.iterdir()):
        total += path.stat().st_size
        print(f"{path.stat().st_size / 1024:8.1f} KB  {path.name}")
    print(f"{total / 1024:8.1f} KB  in all")


if __name__ == "__main__":
    main()
