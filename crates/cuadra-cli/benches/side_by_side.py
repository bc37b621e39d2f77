"""The CLI beside a pandas script and a fastexcel load of the same files (BENCHMARKS.md).

Runs each tool `--runs` times on a closing folder written by `cargo xtask generate`,
interleaved, and prints the median wall time of each process (start-up and imports
included: what a person waits for) and the median time each Python script measures
inside itself (imports excluded). First checks that pandas finds what the CLI finds.

    python side_by_side.py DIR --cuadra target/release/cuadra [--runs 3]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def cuadra_command(cuadra, folder):
    slots = ["libro", "novedades", "movimientos", "ingresos", "finiquitos", "ausentismos"]
    files = {p.name: p for p in Path(folder).iterdir()}
    command = [cuadra]
    for slot in slots:
        key = "_libro_" if slot == "libro" else f"_{slot}_"
        path = next(p for name, p in files.items() if key in name)
        command += [f"--{slot}", str(path)]
    return command + ["--json", "-"]


def timed(command):
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--cuadra", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tools = {
        "cuadra": cuadra_command(args.cuadra, args.folder),
        "pandas": [sys.executable, str(HERE / "pandas_reconcile.py"), args.folder],
        "fastexcel": [sys.executable, str(HERE / "fastexcel_load.py"), args.folder],
    }
    _, document = timed(tools["cuadra"])
    expected = json.loads(document)["resumen"]["por_tipo"]
    _, pandas_out = timed(tools["pandas"])
    found = json.loads(pandas_out)["por_tipo"]
    if found != expected:
        sys.exit(f"pandas and cuadra disagree:\n  pandas {found}\n  cuadra {expected}")
    wall = {name: [] for name in tools}
    inside = {name: [] for name in tools if name != "cuadra"}
    for _ in range(args.runs):
        for name, command in tools.items():
            seconds, out = timed(command)
            wall[name].append(seconds)
            if name in inside:
                inside[name].append(json.loads(out)["segundos"])
    for name in tools:
        line = f"{name}: wall {statistics.median(wall[name]):.2f} s"
        if name in inside:
            line += f", inside {statistics.median(inside[name]):.2f} s"
        print(line + f" (runs: {', '.join(f'{s:.2f}' for s in wall[name])})")


if __name__ == "__main__":
    main()
