"""The reconciliation of docs/rules.md written the way a pandas team would, for BENCHMARKS.md.

Reads a generated closing's six xlsx files with pandas + openpyxl, applies the same rules
as Cuadra (header rows, RUT keys, amounts, markers, the automatic mapping, both
comparisons) and prints the count per discrepancy type as JSON, so its answer can be
checked against `cuadra --json` before its time is compared. Not a product: no warnings,
no user mapping, no settings beyond the defaults.

    pip install pandas openpyxl
    python pandas_reconcile.py DIR        # DIR written by `cargo xtask generate`
"""

import json
import re
import sys
import time
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

RUT_HEADERS = ["rut del trabajador", "rut trabajador", "rut empleado", "rut", "r.u.t", "id trabajador"]
MARKERS = {"x", "-", "n/a", "na"}
TOTALS = {"total", "totales", "suma", "sumatoria", "resumen", "consolidado", "subtotal"}


def norm(text):
    text = unicodedata.normalize("NFKD", str(text).replace("|", "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def kind_key(text):
    return " ".join(re.sub(r"[^0-9a-z]", " ", norm(text)).split())


def rut_key(value):
    """(number, check digit) or None, from a text or numeric cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (int, float)):
        value = str(int(value))
    text = re.sub(r"[.\s\-\u00a0]", "", str(value)).upper()
    if len(text) < 2 or not text[:-1].isdigit() or not (text[-1].isdigit() or text[-1] == "K"):
        return None
    number = text[:-1].lstrip("0")
    return (int(number), text[-1]) if len(number) >= 7 else None


def amount(value):
    """A Decimal for amounts, the trimmed text otherwise, None for no value."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = str(value).strip()
    if not text:
        return None
    raw = text.replace("$", "").replace(" ", "").replace("\u00a0", "")
    negative = raw.startswith("-") or (raw.startswith("(") and raw.endswith(")"))
    raw = raw.strip("()-")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return text
    return -number if negative else number


def pesos(number):
    return number.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def date(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "date"):
        return value.date()
    if isinstance(value, (int, float)):
        return (pd.Timestamp("1899-12-30") + pd.Timedelta(days=int(value))).date()
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return pd.to_datetime(text, format=pattern).date()
        except ValueError:
            pass
    return None


def table(path, sheet=0):
    """A sheet as a DataFrame whose header is the first of its first 10 rows naming a RUT."""
    raw = pd.read_excel(path, sheet_name=sheet, header=None, engine="openpyxl", dtype=object)
    for idx in range(min(10, len(raw))):
        if any(norm(cell) in RUT_HEADERS for cell in raw.iloc[idx] if isinstance(cell, str)):
            break
    else:
        raise ValueError(f"{path}: no RUT header")
    headers, seen = [], {}
    for cell in raw.iloc[idx]:
        name = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell).strip()
        count = seen.get(norm(name), 0)
        seen[norm(name)] = count + 1
        headers.append(f"{name}.{count}" if count and name else name)
    frame = raw.iloc[idx + 1:].copy()
    frame.columns = headers
    rut_col = next(h for h in headers if norm(h) in RUT_HEADERS)
    frame = frame[frame[rut_col].notna()]
    first = frame.iloc[:, 0].astype(str).map(lambda t: norm(t).split(" ")[0])
    frame = frame[~frame[rut_col].astype(str).map(lambda t: norm(t).split(" ")[0]).isin(TOTALS)]
    frame = frame[~first.loc[frame.index].isin(TOTALS)]
    frame["_rut"] = frame[rut_col].map(rut_key)
    return frame[frame["_rut"].notna()], rut_col


def column(frame, *names):
    return next((c for c in frame.columns if norm(c) in names), None)


def payroll_vs_changes(book_path, changes_path, found):
    book, book_rut = table(book_path)
    changes, changes_rut = table(changes_path)
    id_book = {"ano", "mes", "rut de la empresa", norm(book_rut), "nombre", "apellido paterno",
               "apellido materno", "_rut"}
    concepts = [c for c in book.columns if norm(c) not in id_book and c]
    id_changes = {norm(changes_rut), "nombre", "apellido paterno", "apellido materno", "_rut"}
    headers = [c for c in changes.columns if norm(c) not in id_changes and c]
    by_norm = {}
    for concept in concepts:
        by_norm.setdefault(norm(concept), concept)
    mapping = {h: by_norm.get(norm(h) + ".1", by_norm.get(norm(h))) for h in headers if norm(h) in by_norm}

    book = book.drop_duplicates("_rut")
    changes = changes.groupby("_rut", sort=False).first().reset_index()
    in_book = set(book["_rut"])
    found["empleado_solo_novedades"] += int((~changes["_rut"].isin(in_book)).sum())

    long_changes = changes.melt(id_vars="_rut", value_vars=list(mapping), var_name="header",
                                value_name="novedades")
    long_changes["novedades"] = long_changes["novedades"].map(amount)
    markers = long_changes["novedades"].map(
        lambda v: v is None or (isinstance(v, str) and v.lower() in MARKERS)
        or (isinstance(v, Decimal) and v == 0))
    long_changes = long_changes[~markers]
    long_changes["concepto"] = long_changes["header"].map(mapping)
    long_book = book.melt(id_vars="_rut", value_vars=sorted(set(mapping.values())),
                          var_name="concepto", value_name="libro")
    merged = long_changes.merge(long_book, on=["_rut", "concepto"], how="inner")
    for _, row in merged.iterrows():
        libro = amount(row["libro"])
        libro = Decimal(0) if libro is None else libro
        nov = row["novedades"]
        if isinstance(libro, Decimal) and isinstance(nov, Decimal):
            if libro != nov and pesos(libro) != pesos(nov):
                base = re.fullmatch(r"sueldo base(\.\d+)?", norm(row["concepto"]))
                found["diff_sueldo_base" if base else "diff_concepto_monto"] += 1
        elif str(libro).strip() != str(nov).strip():
            found["diff_concepto_monto"] += 1


def movements(movements_path, analyst_paths, found):
    sheets = pd.ExcelFile(movements_path, engine="openpyxl").sheet_names
    altas = next(s for s in sheets if "altas y bajas" in norm(s.replace("_", " ")))
    absences_sheet = next(s for s in sheets if "ausentismo" in norm(s))
    moves, _ = table(movements_path, altas)
    kind = moves[column(moves, "alta / baja")].map(norm)
    for event, date_names, prefix in [("alta", ("fecha ingreso",), "ingreso"),
                                      ("baja", ("fecha retiro",), "finiquito")]:
        ours = moves[kind == event]
        ours = pd.DataFrame({"_rut": ours["_rut"], "fecha": ours[column(ours, *date_names)].map(date)})
        theirs, _ = table(analyst_paths[prefix])
        theirs = pd.DataFrame({"_rut": theirs["_rut"],
                               "fecha": theirs[column(theirs, *date_names)].map(date)})
        merged = ours.merge(theirs, on="_rut", how="outer", suffixes=("_mov", "_ana"), indicator=True)
        found[f"{prefix}_no_reportado"] += int((merged["_merge"] == "left_only").sum())
        found[f"{prefix}_no_en_movimientos"] += int((merged["_merge"] == "right_only").sum())
        both = merged[merged["_merge"] == "both"]
        found["diff_fecha_ingreso" if prefix == "ingreso" else "diff_fecha_retiro"] += int(
            (both["fecha_mov"] != both["fecha_ana"]).sum())

    def absences(frame):
        return pd.DataFrame({
            "_rut": frame["_rut"],
            "inicio": frame[column(frame, "fecha inicio ausencia")].map(date),
            "fin": frame[column(frame, "fecha fin ausencia")].map(date),
            "dias": frame[column(frame, "dias")].map(lambda v: None if pd.isna(v) else Decimal(str(v))),
            "tipo": frame[column(frame, "tipo de ausentismo")].map(kind_key),
        })

    ours = absences(table(movements_path, absences_sheet)[0])
    theirs = absences(table(analyst_paths["ausentismo"])[0])
    for rut in set(ours["_rut"]) | set(theirs["_rut"]):
        mine = ours[ours["_rut"] == rut].sort_values(["inicio", "fin", "tipo"]).to_dict("records")
        other = theirs[theirs["_rut"] == rut].sort_values(["inicio", "fin", "tipo"]).to_dict("records")
        open_mine, open_other = [True] * len(mine), [True] * len(other)
        for i, a in enumerate(mine):
            for j, b in enumerate(other):
                if open_other[j] and (a["inicio"], a["fin"], a["tipo"]) == (b["inicio"], b["fin"], b["tipo"]):
                    open_mine[i] = open_other[j] = False
                    found["diff_dias_ausencia"] += a["dias"] != b["dias"]
                    break
        for i, a in enumerate(mine):
            if not open_mine[i]:
                continue
            best = None
            for j, b in enumerate(other):
                overlap = (min(a["fin"], b["fin"]) - max(a["inicio"], b["inicio"])).days + 1
                if open_other[j] and overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, j)
            if best:
                b = other[best[1]]
                open_mine[i] = open_other[best[1]] = False
                found["diff_fechas_ausencia"] += (a["inicio"], a["fin"]) != (b["inicio"], b["fin"])
                found["diff_tipo_ausencia"] += a["tipo"] != b["tipo"]
                found["diff_dias_ausencia"] += a["dias"] != b["dias"]
        found["ausencia_no_reportada"] += sum(open_mine)
        found["ausencia_no_en_movimientos"] += sum(open_other)


def main(folder):
    files = {p.name: p for p in Path(folder).iterdir()}
    pick = lambda word: next(p for n, p in files.items() if f"_{word}" in n)
    started = time.perf_counter()
    found = {k: 0 for k in [
        "empleado_solo_novedades", "diff_concepto_monto", "diff_sueldo_base",
        "ingreso_no_reportado", "ingreso_no_en_movimientos", "diff_fecha_ingreso",
        "finiquito_no_reportado", "finiquito_no_en_movimientos", "diff_fecha_retiro",
        "ausencia_no_reportada", "ausencia_no_en_movimientos", "diff_fechas_ausencia",
        "diff_dias_ausencia", "diff_tipo_ausencia"]}
    payroll_vs_changes(pick("libro"), pick("novedades"), found)
    movements(pick("movimientos"), {"ingreso": pick("ingresos"), "finiquito": pick("finiquitos"),
                                    "ausentismo": pick("ausentismos")}, found)
    seconds = time.perf_counter() - started
    print(json.dumps({"segundos": round(seconds, 3),
                      "por_tipo": {k: int(v) for k, v in found.items() if v}}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
