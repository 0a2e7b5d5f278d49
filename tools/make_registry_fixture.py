#!/usr/bin/python3
"""Writes torchvision's ShuffleNetV2 weight entries (ShuffleNet_V2_X*_Weights.IMAGENET1K_V1) as JSON, for the test that
checks the C# registry (src/ShuffleNetV2.Torch/Pretrained) against them.

Run with Debian's python3-torchvision 0.14:  /usr/bin/python3 tools/make_registry_fixture.py
Output: tests/ShuffleNetV2.Torch.Tests/Fixtures/Pretrained/torchvision_weights.json

Everything comes from torchvision's own enums (url, meta, and the evaluation transform built by calling
weights.transforms()), except two fields torchvision 0.14 does not have yet: "_ops" (GFLOPS) and "_file_size" (MB).
Those were added to torchvision later (pull request #6936); they are taken from torchvision's current source,
torchvision/models/shufflenetv2.py in pytorch/vision (read at commit 0248e364188f25965c716a46ad3a08e222ca6d55), and
the fixture says so. When run with a torchvision that has them, the script checks that they still agree.
"""
import hashlib
import json
import pathlib
import re

import torchvision
from torchvision.models import (ShuffleNet_V2_X0_5_Weights, ShuffleNet_V2_X1_0_Weights, ShuffleNet_V2_X1_5_Weights,
                                ShuffleNet_V2_X2_0_Weights)

OUT = (pathlib.Path(__file__).resolve().parent.parent / "tests" / "ShuffleNetV2.Torch.Tests" / "Fixtures" / "Pretrained"
       / "torchvision_weights.json")

LATER_SOURCE = ("pytorch/vision torchvision/models/shufflenetv2.py at commit 0248e364188f25965c716a46ad3a08e222ca6d55 "
                "(not in torchvision 0.14)")

# torchvision's "_ops" and "_file_size", from LATER_SOURCE.
LATER_META = {
    "ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1": {"_ops": 0.04, "_file_size": 5.282},
    "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1": {"_ops": 0.145, "_file_size": 8.791},
    "ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1": {"_ops": 0.296, "_file_size": 13.557},
    "ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1": {"_ops": 0.583, "_file_size": 28.433},
}

ENUMS = {
    "0.5": ShuffleNet_V2_X0_5_Weights,
    "1.0": ShuffleNet_V2_X1_0_Weights,
    "1.5": ShuffleNet_V2_X1_5_Weights,
    "2.0": ShuffleNet_V2_X2_0_Weights,
}

HASH_REGEX = re.compile(r"-([a-f0-9]*)\.")  # torch.hub's HASH_REGEX


def entry(width, enum):
    weights = enum.IMAGENET1K_V1
    name = f"{enum.__name__}.{weights.name}"
    meta = weights.meta
    later = LATER_META[name]
    for key, value in later.items():
        assert meta.get(key, value) == value, (name, key, meta[key], value)

    file_name = weights.url.rsplit("/", 1)[1]
    transform = weights.transforms()
    categories = meta["categories"]
    assert all(c and "\n" not in c for c in categories)
    return {
        "name": name,
        "width": width,
        "is_default": enum.DEFAULT is weights,
        "url": weights.url,
        "file_name": file_name,
        "sha256_prefix": HASH_REGEX.search(file_name).group(1),
        "num_params": meta["num_params"],
        "min_size": list(meta["min_size"]),
        "recipe": meta["recipe"],
        "acc@1": meta["_metrics"]["ImageNet-1K"]["acc@1"],
        "acc@5": meta["_metrics"]["ImageNet-1K"]["acc@5"],
        "_ops": later["_ops"],
        "_file_size": later["_file_size"],
        "categories_count": len(categories),
        "categories_sha256": hashlib.sha256("\n".join(categories).encode("utf-8")).hexdigest(),
        "transforms": {
            "class": type(transform).__name__,
            "crop_size": transform.crop_size,
            "resize_size": transform.resize_size,
            "interpolation": transform.interpolation.value,
            "mean": transform.mean,
            "std": transform.std,
        },
    }


def main():
    entries = [entry(width, enum) for width, enum in ENUMS.items()]
    categories = ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1.meta["categories"]
    for enum in ENUMS.values():
        assert enum.IMAGENET1K_V1.meta["categories"] == categories, enum
    fixture = {
        "made_by": "tools/make_registry_fixture.py",
        "torchvision_version": torchvision.__version__,
        "sources": {
            "_ops": LATER_SOURCE,
            "_file_size": LATER_SOURCE,
            "everything_else": f"torchvision {torchvision.__version__}'s ShuffleNet_V2_X*_Weights enums",
            "categories_sha256": "SHA-256 of the entry's categories joined with '\\n', UTF-8",
        },
        "entries": entries,
        "categories": categories,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(entries)} entries -> {OUT}")


if __name__ == "__main__":
    main()
