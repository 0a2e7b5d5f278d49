#!/usr/bin/python3
"""Makes the Fashion-MNIST subset the TorchTraining tests read: a class-balanced sample in the original IDX format.

Run with Debian's python3 and python3-numpy (a second):
    /usr/bin/python3 tools/make_fashion_mnist_subset.py
Reads /usr/share/datasets/fashion-mnist/ (Debian's dataset-fashion-mnist: the four gzipped IDX files, MIT licence,
Zalando SE) and writes into tests/TorchTraining.Tests/Fixtures/fashion-mnist-subset/:
    train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz   the first 200 images of each class of the training set
    t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz     the first 50 images of each class of the test set
                                                             (both in the original file order; no randomness)
    LICENSE, README.md                                       the dataset's licence and where the files came from
The gzip streams carry no name and mtime 0, so the files are byte-identical on every run.
"""
import gzip
import pathlib
import struct

import numpy as np

SOURCE = pathlib.Path("/usr/share/datasets/fashion-mnist")
LICENCE = pathlib.Path("/usr/share/doc/dataset-fashion-mnist/copyright")
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "TorchTraining.Tests" / "Fixtures" / "fashion-mnist-subset"
PER_CLASS = {"train": 200, "t10k": 50}


def read_idx(path, magic):
    data = gzip.decompress(path.read_bytes())
    found, count = struct.unpack(">II", data[:8])
    assert found == magic, f"{path}: magic {found:#x}"
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


def write_idx(path, array):
    if array.ndim == 3:
        header = struct.pack(">IIII", 0x803, *array.shape)
    else:
        header = struct.pack(">II", 0x801, array.shape[0])
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes(), compresslevel=9, mtime=0))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for split, per_class in PER_CLASS.items():
        images = read_idx(SOURCE / f"{split}-images-idx3-ubyte.gz", 0x803)
        labels = read_idx(SOURCE / f"{split}-labels-idx1-ubyte.gz", 0x801)
        keep = np.sort(np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in range(10)]))
        write_idx(OUT / f"{split}-images-idx3-ubyte.gz", images[keep])
        write_idx(OUT / f"{split}-labels-idx1-ubyte.gz", labels[keep])
        print(f"{split}: {len(keep)} images, {np.bincount(labels[keep], minlength=10).tolist()} per class")
    (OUT / "LICENSE").write_text(
        "The images and labels in this folder are a subset of Fashion-MNIST\n"
        "(https://github.com/zalandoresearch/fashion-mnist), as packaged by Debian (dataset-fashion-mnist).\n"
        "Its licence, from /usr/share/doc/dataset-fashion-mnist/copyright:\n\n" + LICENCE.read_text())
    (OUT / "README.md").write_text(
        "# Fashion-MNIST subset (test fixture)\n\n"
        "2,000 training images (the first 200 of each class) and 500 test images (the first 50 of each class) of\n"
        "[Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist) (Zalando SE, MIT licence: see LICENSE), in the\n"
        "original order and gzipped IDX format, taken from Debian's `/usr/share/datasets/fashion-mnist` by\n"
        "`tools/make_fashion_mnist_subset.py`.\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{total / 1024:.1f} KB in {OUT}")


if __name__ == "__main__":
    main()
