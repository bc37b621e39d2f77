"""A read-only load of a closing's spreadsheets with fastexcel (calamine under Python), for
BENCHMARKS.md: how long only reading every sheet of the six files into Arrow takes, no
rules at all. The floor a Python pipeline built on the fastest reader starts from.

    pip install fastexcel pyarrow
    python fastexcel_load.py DIR        # DIR written by `cargo xtask generate`
"""

import json
import sys
import time
from pathlib import Path

import fastexcel


def main(folder):
    started = time.perf_counter()
    cells = 0
    for path in sorted(Path(folder).glob("*.xlsx")):
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            # No header row: the sheets open with title rows, as the real exports do.
            table = reader.load_sheet(name, header_row=None).to_arrow()
            cells += table.num_rows * table.num_columns
    seconds = time.perf_counter() - started
    print(json.dumps({"segundos": round(seconds, 3), "celdas": cells}))


if __name__ == "__main__":
    main(sys.argv[1])
