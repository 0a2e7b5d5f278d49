#!/usr/bin/python3
"""Compares two ONNX files by meaning, e.g. an export before and after a change to the exporter.

Run with Debian's python3-onnx:  /usr/bin/python3 tools/compare_onnx_files.py BEFORE.onnx AFTER.onnx
Compares the IR version, the opsets, the graph's inputs and outputs (names, element types, shapes), every node in
order (name, op type, inputs, outputs, attributes), every initializer (name, data type, shape, values bit for bit)
and the metadata_props. Prints each difference (at most 20 per kind) and a summary; writes nothing.
Exit status 0 when the files mean the same, 1 otherwise (metadata differences alone count too, and are listed).
"""
import sys

import numpy
import onnx
from onnx import helper, numpy_helper


def value_info(value):
    tensor = value.type.tensor_type
    dims = [d.dim_param if d.HasField("dim_param") else d.dim_value for d in tensor.shape.dim]
    return (value.name, tensor.elem_type, tuple(dims))


def node(n):
    attributes = tuple(sorted((a.name, repr(helper.get_attribute_value(a))) for a in n.attribute))
    return (n.name, n.domain, n.op_type, tuple(n.input), tuple(n.output), attributes)


def initializers(graph):
    return {t.name: (t.data_type, tuple(t.dims), numpy_helper.to_array(t)) for t in graph.initializer}


def compare(before, after):
    differences = []

    def note(kind, left, right):
        if left != right:
            differences.append(f"{kind}: {left!r} -> {right!r}")

    note("ir_version", before.ir_version, after.ir_version)
    note("opsets", sorted((o.domain, o.version) for o in before.opset_import), sorted((o.domain, o.version) for o in after.opset_import))
    note("inputs", [value_info(v) for v in before.graph.input], [value_info(v) for v in after.graph.input])
    note("outputs", [value_info(v) for v in before.graph.output], [value_info(v) for v in after.graph.output])
    note("node count", len(before.graph.node), len(after.graph.node))
    node_differences = [(i, a, b) for i, (a, b) in enumerate(zip(map(node, before.graph.node), map(node, after.graph.node))) if a != b]
    for i, a, b in node_differences[:20]:
        differences.append(f"node {i}: {a} -> {b}")
    left, right = initializers(before.graph), initializers(after.graph)
    note("initializer names", sorted(left), sorted(right))
    changed = [name for name in sorted(set(left) & set(right))
               if left[name][:2] != right[name][:2] or left[name][2].tobytes() != right[name][2].tobytes()]
    for name in changed[:20]:
        differences.append(f"initializer {name}: type/shape {left[name][:2]} -> {right[name][:2]}, values equal {numpy.array_equal(left[name][2], right[name][2])}")
    note("metadata_props", sorted((p.key, p.value) for p in before.metadata_props), sorted((p.key, p.value) for p in after.metadata_props))
    summary = (f"{len(after.graph.node)} nodes, {len(right)} initializers, {len(node_differences)} nodes differ, "
               f"{len(changed)} initializers differ")
    return differences, summary


def main(paths):
    if len(paths) != 2:
        print(__doc__)
        return 2
    differences, summary = compare(onnx.load(paths[0]), onnx.load(paths[1]))
    for difference in differences:
        print("  " + difference)
    print(f"{'SAME' if not differences else 'DIFFERENT'}: {paths[0]} vs {paths[1]}: {summary}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
