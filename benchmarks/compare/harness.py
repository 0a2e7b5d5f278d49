"""What both side-by-side comparisons share (run_comparison.py: inference; run_training_comparison.py: training): the
machine's description, the long-lived worker processes and their JSON-lines protocol, building the C# program, glibc's
allocator settings, and the statistics and number formats of the reports.
"""
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COMPARE_PROJECT = os.path.join(REPO, "benchmarks", "ShuffleNetV2.Compare", "ShuffleNetV2.Compare.csproj")
PYTHON = "/usr/bin/python3"

# ----------------------------------------------------------------------------------------------------------- machine

def machine():
    model = "unknown"
    physical = set()
    current = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if key == "model name":
                model = value
            elif key in ("physical id", "core id"):
                current[key] = value
            elif not key and current:
                physical.add((current.get("physical id"), current.get("core id")))
                current = {}
    memory = "unknown"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cpu": model,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "physical_cores": len(physical) or None,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
    }


def load_average():
    return list(os.getloadavg())


# ------------------------------------------------------------------------------------------------------------ workers

class Worker:
    """One engine in its own long-lived process, answering JSON requests one line at a time."""

    def __init__(self, name, command, env, log_path):
        self.name = name
        self.command = command
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                        env=env, text=True, bufsize=1, cwd=REPO)
        self.ticks = os.sysconf("SC_CLK_TCK")

    def request(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"worker {self.name} exited (code {self.process.poll()}); its stderr is in {self.log_path}:\n{self.tail()}")
            line = line.strip()
            if not line.startswith("{"):
                continue  # not an answer (a library's stray print)
            answer = json.loads(line)
            if not answer.get("ok"):
                raise RuntimeError(f"worker {self.name} failed on {request}: {answer.get('error')}")
            return answer

    def cpu_seconds(self):
        """User + system CPU time of the worker process so far (from /proc), in seconds."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.ticks

    def tail(self, lines=20):
        self.log.flush()
        with open(self.log_path) as f:
            return "".join(f.readlines()[-lines:])

    def close(self):
        try:
            if self.process.poll() is None:
                self.request(cmd="quit")
            self.process.wait(timeout=30)
        except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError):
            self.process.kill()
            self.process.wait()
        finally:
            self.log.close()


def invocation():
    """The start of a driver's run: when it started, the command line as typed, the load average then."""
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    command = " ".join(shlex.quote(a) for a in [PYTHON] + [os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])
    return started, command, load_average()


def build_csharp(no_build, project=COMPARE_PROJECT):
    if not no_build:
        print(f"building {os.path.relpath(project, REPO)} (Release)...", file=sys.stderr)
        result = subprocess.run(["dotnet", "build", "-c", "Release", "--nologo", "-v", "q", project], cwd=REPO,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"dotnet build failed:\n{result.stdout}\n{result.stderr}")
    result = subprocess.run(["dotnet", "msbuild", project, "-getProperty:TargetPath", "-p:Configuration=Release"],
                            cwd=REPO, capture_output=True, text=True, check=True)
    target = result.stdout.strip()
    if not os.path.isfile(target):
        raise SystemExit(f"the C# program is not built at '{target}'; run without --no-build")
    return target


def start_training_driver(no_build, work_dir, prefix):
    """The common start of the training drivers: the invocation, its start time, the built C# program and the work
    directory (created; a fresh temporary one when work_dir is None)."""
    started, command, load_before = invocation()
    t0 = time.monotonic()
    dll = build_csharp(no_build)
    work_dir = work_dir or tempfile.mkdtemp(prefix=prefix)
    os.makedirs(work_dir, exist_ok=True)
    return started, command, load_before, t0, dll, work_dir


# glibc reads these at process start; 'tuned' keeps freed activations in the heap for reuse (no mmap/munmap and page
# faults per large tensor), which speeds every libtorch-based engine up at large batches.
GLIBC_MALLOC = {
    "default": {},
    "tuned": {"MALLOC_MMAP_THRESHOLD_": str(512 * 1024 * 1024), "MALLOC_TRIM_THRESHOLD_": str(1024 * 1024 * 1024)},
}


# ---------------------------------------------------------------------------------------------------------- reporting

def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def ratio(a, b):
    return None if a is None or b is None else a / b


def fmt(value, digits=2, suffix=""):
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def fmt_ratio(value):
    """Two decimals, three significant digits below 0.1 (ONNX Runtime against eager engines can be far below 1)."""
    return "-" if value is None else f"{value:.2f}" if value >= 0.1 else f"{value:.3g}"
