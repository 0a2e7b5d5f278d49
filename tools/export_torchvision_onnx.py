#!/usr/bin/python3
"""Exports PyTorch's own ONNX of torchvision's ShuffleNetV2 from a state-dict file, for side-by-side benchmarks.

Run with Debian's python3-torch / python3-torchvision / python3-onnx:
    /usr/bin/python3 tools/export_torchvision_onnx.py STATE_DICT.pth WIDTH OUT.onnx [--size 224] [--opset 13] [--dynamic-size]

STATE_DICT.pth: a torch.save(model.state_dict()) of torchvision's ShuffleNetV2 (torchvision's keys: conv1.0.weight,
stage2.0.branch1.0.weight, ..., fc.bias), zip or legacy format; the class count is read from fc.weight.
WIDTH: 0.5, 1.0, 1.5 or 2.0. The model is put in eval mode and exported with torch.onnx.export (BatchNorm folded,
as PyTorch does in eval mode), input "input" [batch, 3, SIZE, SIZE] and output "output" [batch, classes], the batch
dynamic (height and width too with --dynamic-size). Writes OUT.onnx only, then checks it with onnx.checker and
prints the operator counts (ONNX Runtime is not installed for Python here, so the script does not run the file).
"""
import argparse
import collections

import onnx
import torch
import torchvision

BUILDERS = {
    "0.5": torchvision.models.shufflenet_v2_x0_5,
    "1.0": torchvision.models.shufflenet_v2_x1_0,
    "1.5": torchvision.models.shufflenet_v2_x1_5,
    "2.0": torchvision.models.shufflenet_v2_x2_0,
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state_dict", help="torch.save(model.state_dict()) of torchvision's ShuffleNetV2")
    parser.add_argument("width", choices=sorted(BUILDERS), help="the width multiplier")
    parser.add_argument("output", help="the ONNX file to write")
    parser.add_argument("--size", type=int, default=224, help="height and width of the example input (default 224)")
    parser.add_argument("--opset", type=int, default=13, help="ONNX opset, 13 to 17 with torch 1.13 (default 13)")
    parser.add_argument("--dynamic-size", action="store_true", help="make height and width dynamic too")
    return parser.parse_args()


def main():
    args = parse_args()
    state_dict = torch.load(args.state_dict, map_location="cpu")
    if "fc.weight" not in state_dict:
        raise SystemExit(f"{args.state_dict}: no 'fc.weight' key; is it a state dict of torchvision's ShuffleNetV2?")
    num_classes = state_dict["fc.weight"].shape[0]
    model = BUILDERS[args.width](weights=None, num_classes=num_classes)
    model.load_state_dict(state_dict, strict=True)
    model.eval()

    dynamic_axes = {"input": {0: "batch"}, "output": {0: "batch"}}
    if args.dynamic_size:
        dynamic_axes["input"].update({2: "height", 3: "width"})
    example = torch.rand(1, 3, args.size, args.size)
    with torch.no_grad():
        torch.onnx.export(
            model, example, args.output,
            input_names=["input"], output_names=["output"], dynamic_axes=dynamic_axes,
            opset_version=args.opset, do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL,
        )

    exported = onnx.load(args.output)
    onnx.checker.check_model(exported, full_check=True)
    ops = collections.Counter(node.op_type for node in exported.graph.node)
    print(f"{args.output}: torchvision shufflenet_v2 x{args.width}, {num_classes} classes, opset {args.opset}, "
          f"input [batch, 3, {'height, width' if args.dynamic_size else f'{args.size}, {args.size}'}]; checker OK")
    print("  nodes " + str(len(exported.graph.node)) + ": " + ", ".join(f"{op} {n}" for op, n in sorted(ops.items())))


if __name__ == "__main__":
    main()
