#!/usr/bin/python3
"""Writes the 1,000 ImageNet class names in torchvision 0.14's order (index = logit position), one per line.

Run with Debian's python3-torchvision 0.14:  /usr/bin/python3 tools/make_imagenet_classes.py
Output: src/ShuffleNetV2.Torch/Classification/imagenet_classes.txt (embedded in the library as a resource). The list is
torchvision.models.ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1.meta["categories"]; the script checks that every
ShuffleNetV2 weight enum of torchvision carries the same list.
"""
import pathlib

from torchvision.models import (ShuffleNet_V2_X0_5_Weights, ShuffleNet_V2_X1_0_Weights, ShuffleNet_V2_X1_5_Weights,
                                ShuffleNet_V2_X2_0_Weights)

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "ShuffleNetV2.Torch" / "Classification" / "imagenet_classes.txt"


def main():
    categories = ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1.meta["categories"]
    for weights in (ShuffleNet_V2_X0_5_Weights, ShuffleNet_V2_X1_5_Weights, ShuffleNet_V2_X2_0_Weights):
        assert weights.IMAGENET1K_V1.meta["categories"] == categories, weights
    assert len(categories) == 1000 and all(c and "\n" not in c for c in categories)
    OUT.write_text("\n".join(categories) + "\n", encoding="utf-8")
    print(f"{len(categories)} classes -> {OUT}")


if __name__ == "__main__":
    main()
