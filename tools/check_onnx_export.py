#!/usr/bin/python3
"""Checks ONNX files written by ShuffleNetV2.Torch.Onnx (or any ONNX file) with the ONNX package's own tools.

Run with Debian's python3-onnx:  /usr/bin/python3 tools/check_onnx_export.py FILE.onnx [FILE.onnx ...]
For each file it runs onnx.checker.check_model (full check) and strict shape inference, then prints the IR version,
the opsets, the graph's inputs and outputs with their shapes, the operator counts, the initializer count, the
parameter count and the metadata_props. It writes nothing. Exit status 1 if any file fails.
"""
import collections
import sys

import numpy
import onnx
from onnx import numpy_helper, shape_inference


def shape_of(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return "[" + ", ".join(d.dim_param if d.HasField("dim_param") else str(d.dim_value) for d in dims) + "]"


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    graph = inferred.graph
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    ops = collections.Counter(node.op_type for node in graph.node)
    parameters = sum(int(numpy.prod(numpy_helper.to_array(t).shape)) for t in graph.initializer if t.data_type == onnx.TensorProto.FLOAT)
    print(f"{path}: OK (checker full_check, strict shape inference)")
    print(f"  ir_version {model.ir_version}; opset {opsets}; producer {model.producer_name} {model.producer_version}")
    for kind, values in (("input", graph.input), ("output", graph.output)):
        for value in values:
            print(f"  {kind} {value.name} {shape_of(value)}")
    print(f"  nodes {len(graph.node)}: " + ", ".join(f"{op} {n}" for op, n in sorted(ops.items())))
    print(f"  initializers {len(graph.initializer)}; float parameters {parameters:,}; inferred value shapes {len(graph.value_info)}")
    for entry in model.metadata_props:
        print(f"  metadata {entry.key} = {entry.value}")


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    failed = 0
    for path in paths:
        try:
            check(path)
        except Exception as error:  # report every file, then fail
            failed += 1
            print(f"{path}: FAILED: {type(error).__name__}: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
