#!/usr/bin/env bash
# Packs every packable project and proves the packages work the way a user meets them, in fresh console apps outside
# this repository (so none of its build files apply) that reference the packages and TorchSharp-cpu from a local folder:
#   1. the README's quick start (model, forward pass, statistics), whose totals must be the reference model's;
#   2. the Imaging package alone with a published transform;
#   3. the README's training snippet on the committed Fashion-MNIST subset (a tiny run), then, in a second process,
#      the README's classify snippet on the run folder: the class name must come from the run's model card.
# This checks the package contents, the dependency graph and the buildTransitive native-library fix (TorchNativeLoad,
# which the other packages bring with them) together.
# Usage: tools/check-packages.sh [output-folder-for-the-packages]   (run by .ci/run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
feed=${1:-"$root/artifacts/packages"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== pack (Release) into $feed"
rm -rf "$feed"
packable=$(grep -l '<IsPackable>true</IsPackable>' "$root"/src/*/*.csproj)
for project in $packable; do
    dotnet pack "$project" -c Release -o "$feed" -p:ContinuousIntegrationBuild=true --nologo -v:q
done

echo "== package contents"
python3 - "$feed" <<'PY'
import re, sys, zipfile, pathlib
feed = pathlib.Path(sys.argv[1])
expected = {
    # package: (dependencies that must be exactly these, ships the native fix itself)
    # The one owner of the Linux native-library fix (buildTransitive) and of the load diagnostics.
    "TorchNativeLoad": ({"TorchSharp"}, True),
    "TorchCheckpoints": ({"TorchSharp", "Razorvine.Pickle", "TorchNativeLoad"}, False),
    "ShuffleNetV2.Torch": ({"TorchSharp", "TorchCheckpoints", "TorchNativeLoad"}, False),
    "TorchStats": ({"TorchSharp", "TorchNativeLoad"}, False),
    # Imaging applies the evaluation transform that TorchCheckpoints.Hub describes; it never depends on the core.
    "TorchImaging": ({"TorchSharp", "TorchCheckpoints", "TorchNativeLoad", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies"}, False),
    "ShuffleNetV2.Torch.Onnx": ({"ShuffleNetV2.Torch", "TorchSharp", "Google.Protobuf", "Microsoft.ML.OnnxRuntime"}, False),
    # Training is generic: images through the Imaging package, checkpoints and cards through TorchCheckpoints.
    "TorchTraining": ({"TorchSharp", "TorchCheckpoints", "TorchImaging", "TorchNativeLoad", "ScottPlot", "SkiaSharp"}, False),
    "ShuffleNetV2.Torch.Classifier": ({"TorchSharp", "ShuffleNetV2.Torch", "TorchImaging", "ShuffleNetV2.Torch.Onnx", "TorchTraining"}, False),
}
packed = {p.name[: -len(".0.1.0.nupkg")] for p in feed.glob("*.0.1.0.nupkg")}
if packed != set(expected):
    sys.exit(f"packed {sorted(packed)}, but this check knows {sorted(expected)}: add the new package's expectations")
# Files that packages compile in from other projects ship their notice and licence.
third_party = {"ShuffleNetV2.Torch.Onnx": ["third-party/onnx/NOTICE.md", "third-party/onnx/LICENSE.txt"]}
licence = {"ShuffleNetV2.Torch.Onnx": "MIT AND Apache-2.0"}
failures = []
# Each package's dependencies with the assets their nuspec excludes ("Build" excludes buildTransitive too).
dependencies_of = {}
for package in expected:
    nupkg = feed / f"{package}.0.1.0.nupkg"
    if nupkg.exists():
        with zipfile.ZipFile(nupkg) as z:
            nuspec = z.read(f"{package}.nuspec").decode()
        dependencies_of[package] = {
            m.group(1): re.search(r'exclude="([^"]*)"', m.group(0)).group(1) if "exclude=" in m.group(0) else ""
            for m in re.finditer(r'<dependency id="([^"]+)"[^>]*>', nuspec)}

def fix_reaches_users(package, seen=()):
    """True when a chain of dependencies that keep build assets leads from the package to the fix's owner."""
    return any(
        "Build" not in exclude and (dependency == "TorchNativeLoad" or (dependency in dependencies_of and dependency not in seen and fix_reaches_users(dependency, seen + (package,))))
        for dependency, exclude in dependencies_of.get(package, {}).items())

for package, (dependencies, ships_fix) in expected.items():
    nupkg, snupkg = feed / f"{package}.0.1.0.nupkg", feed / f"{package}.0.1.0.snupkg"
    if not nupkg.exists() or not snupkg.exists():
        failures.append(f"{package}: missing {nupkg.name} or {snupkg.name}")
        continue
    with zipfile.ZipFile(nupkg) as z:
        names = set(z.namelist())
        nuspec = z.read(f"{package}.nuspec").decode()
    found = set(dependencies_of[package])
    fix_files = {"buildTransitive/TorchNativeLoad.targets", "buildTransitive/WeakenGlibcxxRequirement.cs"}
    checks = {
        "dependencies are " + ", ".join(sorted(dependencies)): found == dependencies,
        "no backend bundle": not any(d.startswith(("TorchSharp-", "libtorch")) for d in found),
        "licence expression " + licence.get(package, "MIT"): f'<license type="expression">{licence.get(package, "MIT")}</license>' in nuspec,
        "README on the package page": "<readme>README.md</readme>" in nuspec and "README.md" in names,
        "XML docs": f"lib/net10.0/{package}.xml" in names,
        "repository commit": re.search(r'<repository type="git"[^>]* commit="[0-9a-f]{40}"', nuspec) is not None,
        "description and tags": "<description>" in nuspec and "<tags>" in nuspec,
        "version 0.1.0": "<version>0.1.0</version>" in nuspec,
        "third-party notices": all(name in names for name in third_party.get(package, [])),
        "the native fix in buildTransitive" if ships_fix else "no own copy of the native fix (no buildTransitive)":
            ({n for n in names if n.startswith("buildTransitive/")} == fix_files) if ships_fix
            else not any(n.startswith(("build/", "buildTransitive/")) for n in names),
    }
    if not ships_fix:
        checks["the native fix reaches its users (TorchNativeLoad through dependencies that keep build assets)"] = fix_reaches_users(package)
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {package}: {name}")
        if not ok:
            failures.append(f"{package}: {name}")
if failures:
    sys.exit("package check failed:\n  " + "\n  ".join(failures))
PY

fresh_app() {  # fresh_app NAME PACKAGE...: a new console app in $work/NAME with our packages (0.1.0) and TorchSharp-cpu; cd into it
    local name=$1; shift
    cd "$work"
    dotnet new console --framework net10.0 -o "$name" >/dev/null
    cd "$name"
    for package in "$@"; do
        dotnet add package "$package" --version 0.1.0 >/dev/null
    done
    dotnet add package TorchSharp-cpu --version 0.107.0 >/dev/null
}

echo "== a fresh console app using the packages"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <!-- A private package folder, so that no stale copy of our 0.1.0 packages is ever used. -->
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <add key="local" value="$feed" />
  </packageSources>
  <fallbackPackageFolders>
    <add key="machine" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" />
  </fallbackPackageFolders>
</configuration>
XML
fresh_app app ShuffleNetV2.Torch TorchStats
# The program is the README's quick start, verbatim, so that the README cannot drift from what the packages do.
python3 - "$root/README.md" > Program.cs <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text[text.index("## Quick start"):]
print(re.search(r"```csharp\n(.*?)```", section, re.S).group(1))
PY
dotnet run -c Release > output.txt 2> errors.txt || { cat output.txt errors.txt; exit 1; }

for line in "[4, 1000]" "Total params: 2,278,604" "Total memory: 22.10MB" "Total MAdd: 297.76MMAdd" \
            "Total Flops: 150.6MFlops" "Total MemR+W: 51.57MB"; do
    if grep -qxF "$line" output.txt; then
        echo "  ok   $line"
    else
        echo "  FAIL missing line: $line"; cat output.txt errors.txt; exit 1
    fi
done

echo "== a fresh console app using only the Imaging package (the native fix, through its TorchNativeLoad dependency, must load libtorch), with a published transform"
fresh_app imaging TorchImaging
cp "$root/tests/TorchImaging.Tests/Fixtures/rgb_400x300.png" image.png
cat > Program.cs <<'CS'
using TorchImaging;
using TorchCheckpoints.Hub;

var input = ImageNetPreprocessing.Load("image.png");
var at232 = ImageNetPreprocessing.Load("image.png", new ImageClassificationTransform(cropSize: 224, resizeSize: 232));
System.Console.WriteLine($"[{string.Join(", ", input.shape)}] {input.mean().item<float>():F4} [{string.Join(", ", at232.shape)}]");
CS
dotnet run -c Release > output.txt 2> errors.txt || { cat output.txt errors.txt; exit 1; }
if grep -q '^\[1, 3, 224, 224\] .* \[1, 3, 224, 224\]$' output.txt; then
    echo "  ok   $(cat output.txt)"
else
    echo "  FAIL unexpected output"; cat output.txt errors.txt; exit 1
fi
echo "== a fresh app trains a run with the README's training snippet, then a second process classifies with the README's classify snippet"
readme_block() {  # the first C# block after the heading $1 in the README
    python3 - "$root/README.md" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text[text.index(sys.argv[2]):]
print(re.search(r"```csharp\n(.*?)```", section, re.S).group(1))
PY
}
subset="$root/tests/TorchTraining.Tests/Fixtures/fashion-mnist-subset"
fresh_app trainer ShuffleNetV2.Torch.Classifier
# The snippet verbatim, but for the data, the folder and a run short enough for CI.
readme_block "### Train a run in one call" \
    | sed -e "s#/usr/share/datasets/fashion-mnist#$subset#" -e "s#runs/fashion#$work/run#" -e 's#Epochs = 10,#Epochs = 1, BatchSize = 64, Threads = 1,#' > Program.cs
grep -q "$subset" Program.cs && grep -q 'Epochs = 1,' Program.cs || { echo "  FAIL the training snippet changed shape"; cat Program.cs; exit 1; }
dotnet run -c Release > output.txt 2> errors.txt || { cat output.txt errors.txt; exit 1; }
for file in model.json model.pth model.onnx last.ckpt best.ckpt metrics.csv curves.png confusion.png; do
    [ -s "$work/run/$file" ] || { echo "  FAIL the run wrote no $file"; cat output.txt errors.txt; exit 1; }
done
echo "  ok   $(cat output.txt)"

fresh_app reloader ShuffleNetV2.Torch.Classifier
/usr/bin/env python3 - "$subset" "$work/shoe.png" <<'PY'
import gzip, struct, sys, zlib
images = gzip.open(f"{sys.argv[1]}/t10k-images-idx3-ubyte.gz").read()
pixels = images[16:16 + 28 * 28]  # the first test image, an ankle boot
raw = b"".join(b"\x00" + pixels[r * 28:(r + 1) * 28] for r in range(28))
chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[2], "wb").write(png)
PY
readme_block "## A trained model knows what it is" | sed -e "s#runs/fashion#$work/run#" -e "s#shoe.png#$work/shoe.png#" > Program.cs
dotnet run -c Release > output.txt 2> errors.txt || { cat output.txt errors.txt; exit 1; }
classes="T-shirt/top Trouser Pullover Dress Coat Sandal Shirt Sneaker Bag Ankle"
first=$(head -n 1 output.txt | awk '{print $1}')
if [ "$(wc -l < output.txt)" -eq 5 ] && echo " $classes " | grep -q " ${first%% *} "; then
    echo "  ok   classified with the card's class names: $(head -n 1 output.txt)"
else
    echo "  FAIL expected 5 lines of the card's class names"; cat output.txt errors.txt; exit 1
fi
echo "== a fresh app does the other tasks on an image folder: train, resume with more epochs, evaluate, export to ONNX and evaluate that, quantize"
/usr/bin/env python3 - "$work/shapes" <<'PY'
import os, random, struct, sys, zlib
def png(path, pixels, size):
    raw = b"".join(b"\x00" + bytes(pixels[r * size:(r + 1) * size]) for r in range(size))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
random.seed(0)
for name, level in (("dark", 40), ("light", 210)):
    os.makedirs(f"{sys.argv[1]}/{name}", exist_ok=True)
    for i in range(40):
        png(f"{sys.argv[1]}/{name}/{i:02}.png", [min(255, max(0, level + random.randint(-30, 30))) for _ in range(16 * 16)], 16)
PY
fresh_app tasks ShuffleNetV2.Torch.Classifier
cat > Program.cs <<CS
using ShuffleNet.Torch;
using ShuffleNet.Torch.Classifier;
using TorchTraining.Runs;

var options = new TrainingRunOptions { DataPath = "$work/shapes", OutputFolder = "$work/shapes-run", Epochs = 1, Size = 16, BatchSize = 16, Threads = 1 };
ShuffleNetV2Training.FromScratch(options, ShuffleNetV2Width.X0_5).Run();
var resumed = ShuffleNetV2Training.FromScratch(options with { Epochs = 2, Resume = true }, ShuffleNetV2Width.X0_5);
Console.WriteLine("resume: " + string.Join(" ", resumed.Notices));
resumed.Run();
using var classifier = ShuffleNetV2Classifier.Load("$work/shapes-run");
var torch = classifier.Evaluate("$work/shapes").Result.Top1;
classifier.ExportOnnx("$work/exported.onnx");
using var onnx = ShuffleNetV2Classifier.Load("$work/exported.onnx");
var exported = onnx.Evaluate("$work/shapes").Result.Top1;
var int8 = classifier.Quantize("$work/int8.onnx", "$work/shapes");
using var quantized = ShuffleNetV2Classifier.Load("$work/int8.onnx");
Console.WriteLine(\$"classes {string.Join(",", classifier.Classes!)}; top-1 torchsharp {torch * 100:F1}%, exported onnx {exported * 100:F1}%, int8 {quantized.Evaluate("$work/shapes").Result.Top1 * 100:F1}% ({int8.Bytes.Length} bytes, classes {string.Join(",", quantized.Classes!)})");
CS
dotnet run -c Release > output.txt 2> errors.txt || { cat output.txt errors.txt; exit 1; }
if grep -q '^resume: .*1 epoch.*2' output.txt && grep -q '^classes dark,light; top-1 torchsharp \([0-9.]*\)%, exported onnx \1%, int8 .* classes dark,light)$' output.txt; then
    sed 's/^/  ok   /' output.txt
else
    echo "  FAIL the tasks did not give what they should"; cat output.txt errors.txt; exit 1
fi
echo "Packages work in fresh apps."
