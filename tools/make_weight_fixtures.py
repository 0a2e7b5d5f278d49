#!/usr/bin/python3
"""Makes the weight-loading fixtures: small checkpoints in every PyTorch format and the expected logits.

Run with Debian's python3-torch 1.13 / python3-torchvision 0.14 (a few seconds):
    /usr/bin/python3 tools/make_weight_fixtures.py
Writes into tests/ShuffleNetV2.Torch.Tests/Fixtures/Weights/:

  File-format fixtures: torchvision's ShuffleNetV2 class with a tiny custom configuration (stages_repeats [1, 2, 1],
  stages_out_channels [8, 16, 32, 64, 128], 10 classes), filled by tools/reproducible_weights.py, saved with
  torch.save(model.state_dict()):
    tiny_zip_torchvision.pth               zip format (PyTorch >= 1.6), torchvision keys (stage2.0, stage3.1, ...)
    tiny_zip_seed.pth                      zip format, the reference model's keys (inverted_block.0 .. inverted_block.3)
    tiny_legacy_torchvision-<sha>.pth      legacy pre-1.6 format (_use_new_zipfile_serialization=False), torchvision
                                           keys; <sha> is the first 10 hex digits of the file's SHA-256, as torchvision
                                           names its published files
    tiny_legacy_seed.pth                   legacy format, the reference model's keys
    tiny_legacy_bn_v1.pth                  legacy format without any num_batches_tracked and BatchNorm metadata
                                           version 1 (a pre-0.4.1 checkpoint): PyTorch fills num_batches_tracked with 0
    tiny_zip_no_num_batches_tracked.pth    zip format without num_batches_tracked but with BatchNorm metadata version 2:
                                           PyTorch's strict load_state_dict reports them missing
    tiny_expected.json                     configuration, the logits of the tiny model for
                                           reproducible_weights.values("input", [2, 3, 64, 64]), and the
                                           num_batches_tracked values
  Parity with torchvision at full width:
    parity_logits.json                     for each of shufflenet_v2_x0_5/x1_0/x1_5/x2_0 filled by the generator, the
                                           logits [2, 1000] for reproducible_weights.values("input", [2, 3, 224, 224])
    image_parity_logits.json               the transform follows the weights: for each of the four widths, the
                                           network filled by the generator classifying two test images of
                                           tests/TorchImaging.Tests/Fixtures (rgb_400x300.jpg,
                                           rgb_240x320.png) through its weights' own evaluation transform,
                                           ShuffleNet_V2_X*_Weights.IMAGENET1K_V1.transforms() (resize 256 for 0.5x and
                                           1.0x, 232 for 1.5x and 2.0x, then crop 224) applied to
                                           PIL.Image.open(path).convert("RGB"): the logits [2, 1000]
The C# tests rebuild the full-width weights with the same generator (keyed by the torchvision key), write them to
real checkpoint files in both key styles and load them through the library, so no full-width checkpoint is committed.

The script also checks, in Python, that the reference model's network (shared/reference/seed_model.py, 1.0x) given the same
weights under its own keys (mapped by position) gives torchvision's logits, and that torch.load reads back every file.
"""
import collections
import hashlib
import importlib.util
import json
import pathlib

import torch
import torchvision
from PIL import Image
from torchvision.models.shufflenetv2 import ShuffleNetV2

import reproducible_weights as rw

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "ShuffleNetV2.Torch.Tests" / "Fixtures" / "Weights"
# shared/ sits beside the checkout (/work/main -> /work/shared); a worktree under /work/wt/ is one level deeper.
SEED = next(p for p in (ROOT.parent / "shared" / "reference" / "seed_model.py",
                        ROOT.parent.parent / "shared" / "reference" / "seed_model.py") if p.exists())
TINY_REPEATS = [1, 2, 1]
TINY_CHANNELS = [8, 16, 32, 64, 128]
TINY_CLASSES = 10
IMAGES = ROOT / "tests" / "TorchImaging.Tests" / "Fixtures"
PARITY_IMAGES = ["rgb_400x300.jpg", "rgb_240x320.png"]
WIDTHS = {"X0_5": "shufflenet_v2_x0_5", "X1_0": "shufflenet_v2_x1_0", "X1_5": "shufflenet_v2_x1_5", "X2_0": "shufflenet_v2_x2_0"}


def to_seed_name(name: str, repeats) -> str:
    """stageN.i.rest -> inverted_block.(units before stage N + i).rest; other names unchanged."""
    parts = name.split(".")
    if parts[0] in ("stage2", "stage3", "stage4"):
        if len(parts) == 1:
            return "inverted_block"
        stage = int(parts[0][5:]) - 2
        unit = sum(repeats[:stage]) + int(parts[1])
        return ".".join(["inverted_block", str(unit)] + parts[2:])
    return name


def seed_keyed(state_dict, repeats):
    renamed = collections.OrderedDict((to_seed_name(k, repeats), v) for k, v in state_dict.items())
    renamed._metadata = collections.OrderedDict((to_seed_name(k, repeats), v) for k, v in state_dict._metadata.items())
    return renamed


def save(state_dict, name, legacy=False):
    path = OUT / name
    torch.save(state_dict, path, _use_new_zipfile_serialization=not legacy)
    return path


def logits(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


def floats(t):
    return [float(f"{v:.9g}") for v in t.flatten().tolist()]


def make_tiny():
    model = rw.fill_(ShuffleNetV2(TINY_REPEATS, TINY_CHANNELS, num_classes=TINY_CLASSES))
    sd = model.state_dict()
    x = rw.values("input", (2, 3, 64, 64))
    y = logits(model, x)

    for old in OUT.glob("tiny_legacy_torchvision-*.pth"):
        old.unlink()
    save(sd, "tiny_zip_torchvision.pth")
    save(seed_keyed(sd, TINY_REPEATS), "tiny_zip_seed.pth")
    legacy = save(sd, "tiny_legacy_torchvision.pth", legacy=True)
    digest = hashlib.sha256(legacy.read_bytes()).hexdigest()[:10]
    legacy.rename(OUT / f"tiny_legacy_torchvision-{digest}.pth")
    save(seed_keyed(sd, TINY_REPEATS), "tiny_legacy_seed.pth", legacy=True)

    no_nbt = collections.OrderedDict((k, v) for k, v in sd.items() if not k.endswith("num_batches_tracked"))
    no_nbt._metadata = collections.OrderedDict((k, dict(v)) for k, v in sd._metadata.items())
    save(no_nbt, "tiny_zip_no_num_batches_tracked.pth")
    bn_v1 = collections.OrderedDict(no_nbt)
    bn_v1._metadata = collections.OrderedDict((k, dict(v)) for k, v in sd._metadata.items())
    for prefix, meta in bn_v1._metadata.items():
        if isinstance(model.get_submodule(prefix) if prefix else model, torch.nn.BatchNorm2d):
            meta["version"] = 1
    save(bn_v1, "tiny_legacy_bn_v1.pth", legacy=True)

    for path in OUT.glob("tiny_*.pth"):
        loaded = torch.load(path)
        without_nbt = "bn_v1" in path.name or "num_batches" in path.name
        assert len(loaded) == (len(no_nbt) if without_nbt else len(sd)), path
        probe = ShuffleNetV2(TINY_REPEATS, TINY_CHANNELS, num_classes=TINY_CLASSES)
        if "seed" not in path.name:
            probe.load_state_dict(loaded, strict="num_batches" not in path.name)
            assert torch.equal(logits(probe, x), y), path

    expected = {
        "stages_repeats": TINY_REPEATS,
        "stages_out_channels": TINY_CHANNELS,
        "num_classes": TINY_CLASSES,
        "input": "reproducible_weights.values('input', [2, 3, 64, 64])",
        "logits_shape": list(y.shape),
        "logits": floats(y),
        "num_batches_tracked": {k: int(v) for k, v in sd.items() if k.endswith("num_batches_tracked")},
    }
    (OUT / "tiny_expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def check_seed_matches_torchvision(tv_model, x, y):
    spec = importlib.util.spec_from_file_location("seed_model", SEED)
    seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed)
    seed_model = seed.ShuffleNetV2(num_classes=1000)
    seed_model.load_state_dict(seed_keyed(tv_model.state_dict(), [4, 8, 4]))
    difference = (logits(seed_model, x) - y).abs().max().item()
    assert difference == 0.0, difference


def make_parity():
    x = rw.values("input", (2, 3, 224, 224))
    result = {"input": "reproducible_weights.values('input', [2, 3, 224, 224])", "logits_shape": [2, 1000], "widths": {}}
    for width, builder in WIDTHS.items():
        model = rw.fill_(getattr(torchvision.models, builder)())
        y = logits(model, x)
        if width == "X1_0":
            check_seed_matches_torchvision(model, x, y)
        result["widths"][width] = {"torchvision_builder": builder, "logits": floats(y)}
        print(f"{builder}: max |logit| {y.abs().max().item():.3f}, max |image 0 - image 1| {(y[0] - y[1]).abs().max().item():.3f}")
    (OUT / "parity_logits.json").write_text(json.dumps(result) + "\n")


def make_image_parity():
    result = {"images": PARITY_IMAGES, "logits_shape": [len(PARITY_IMAGES), 1000], "widths": {}}
    for width, builder in WIDTHS.items():
        weights = torchvision.models.get_weight(f"ShuffleNet_V2_{width}_Weights.IMAGENET1K_V1")
        preprocess = weights.transforms()
        x = torch.stack([preprocess(Image.open(IMAGES / name).convert("RGB")) for name in PARITY_IMAGES])
        y = logits(rw.fill_(getattr(torchvision.models, builder)()), x)
        result["widths"][width] = {
            "weights": f"ShuffleNet_V2_{width}_Weights.IMAGENET1K_V1",
            "resize_size": preprocess.resize_size[0],
            "crop_size": preprocess.crop_size[0],
            "logits": floats(y),
        }
        print(f"{builder} through {preprocess.resize_size}/{preprocess.crop_size}: top-1 {y.argmax(1).tolist()}")
    (OUT / "image_parity_logits.json").write_text(json.dumps(result) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    make_tiny()
    make_parity()
    make_image_parity()
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size / 1024:8.1f} KB  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
