"""Direct identifiers by content: the labelled corpus, redaction, column decisions."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError

P = wps.privacy
CORPUS = Path(__file__).parents[1] / "data" / "pii_corpus" / "pii_corpus.csv"


def _corpus():
    with CORPUS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_corpus_is_big_and_balanced_enough():
    rows = _corpus()
    assert len(rows) >= 150
    positives = sum(r["is_pii"] == "true" for r in rows)
    assert 0.3 < positives / len(rows) < 0.7
    assert {r["kind"] for r in rows if r["is_pii"] == "true"} == {
        "phone", "email", "gps", "national_id", "person_name"}


def test_recall_and_precision_on_the_labelled_corpus():
    tp = fp = fn = tn = 0
    misses = []
    for r in _corpus():
        truth = r["is_pii"] == "true"
        found = P.scan_column(pd.Series(json.loads(r["values_json"])), r["column"])
        pred = bool(found)
        tp += truth and pred
        fp += pred and not truth
        fn += truth and not pred
        tn += not truth and not pred
        if pred != truth:
            misses.append((r["case_id"], r["column"], r["note"], "FP" if pred else "FN"))
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    print(f"\nPII corpus confusion: TP={tp} FP={fp} FN={fn} TN={tn}; "
          f"recall={recall:.3f} precision={precision:.3f}; misses={misses}")
    confusion = f"TP={tp} FP={fp} FN={fn} TN={tn}, recall={recall:.3f}, precision={precision:.3f}"
    assert recall >= 0.99, (confusion, misses)
    assert precision >= 0.95, (confusion, misses)


def test_kind_is_right_for_true_positives():
    wrong = []
    for r in _corpus():
        if r["is_pii"] != "true":
            continue
        kinds = {f.kind for f in P.scan_column(pd.Series(json.loads(r["values_json"])), r["column"])}
        if r["kind"] not in kinds:
            wrong.append((r["case_id"], r["kind"], kinds))
    assert len(wrong) <= 3, wrong


def test_findings_never_carry_values():
    s = pd.Series(["0770 123 4567", "زينب علي"], name="q")
    for f in P.scan_column(s):
        text = repr(f) + f.describe()
        assert "0770" not in text and "زينب" not in text


class FakeLog:
    def __init__(self):
        self.entries = []

    def add(self, *, uuid, question, old_value, new_value, issue, change_type, check_id,
            table, source_row):
        self.entries.append(dict(uuid=uuid, question=question, old_value=old_value,
                                 new_value=new_value, issue=issue, change_type=change_type,
                                 check_id=check_id, table=table, source_row=source_row))


def test_redact_text_keeps_the_answer_and_logs_without_the_identifier():
    s = pd.Series(["اتصلوا بي على ٠٧٧٠ ١٢٣ ٤٥٦٧ اذا احتجتم",
                   "More street lights",
                   None,
                   "My name is Noor, write to noor.h@gmail.com",
                   "ام علي جارتنا تعرضت للضرب"], name="safer_suggestion")
    log = FakeLog()
    out = P.redact_text(s, log=log, uuids=["u1", "u2", "u3", "u4", "u5"], source_rows=[2, 3, 4, 5, 6])
    assert out.iloc[0] == "اتصلوا بي على [phone] اذا احتجتم"
    assert out.iloc[1] == "More street lights" and pd.isna(out.iloc[2])
    assert out.iloc[3] == "My name is [name], write to [email]"
    assert out.iloc[4] == "[name] جارتنا تعرضت للضرب"
    assert [e["uuid"] for e in log.entries] == ["u1", "u4", "u5"]
    for e in log.entries:
        assert e["old_value"] == "[redacted]"
        assert e["change_type"] == "change_response" and e["check_id"] == "privacy_redact_text"
        assert "٤٥٦٧" not in str(e) and "noor.h" not in str(e) and "علي" not in e["new_value"]
    # idempotent: redacting redacted text changes nothing and logs nothing
    log2 = FakeLog()
    assert P.redact_text(out, log=log2).equals(out) and not log2.entries


def test_redact_text_requires_a_log():
    with pytest.raises(InputError, match="log"):
        P.redact_text(pd.Series(["x"]), log=None)


def test_synthetic_contract_pii_columns_are_found():
    df = pd.DataFrame({
        "respondent_name": ["زينب علي حسين", "Fatima Hassan", "حيدر كاظم"],
        "phone": ["0770 123 4567", "٠٧٨١٢٣٤٥٦٧٨", "+964 750 111 2222"],
        "gps": ["33.3152 44.3661 34.0 5.0", "30.5085 47.7804 3.0 10.0", ""],
        "district": ["IQG02Q01", "IQG13Q02", "IQG07Q03"],
        "organization_name": ["Al-Amal Association", "Zainab Foundation", "UNFPA"],
        "safer_suggestion": ["More police at night", "call me 07701234567", "نحتاج نور في الشوارع"],
        "age": [34, 51, 98],
    })
    assert P.detect_pii_columns(df) == {"respondent_name": "person_name", "phone": "phone",
                                        "gps": "gps"}
    frame = P.find_identifiers(df)
    row = frame[frame["column"] == "safer_suggestion"].iloc[0]
    assert row["kind"] == "phone" and row["role"] == "text_with_identifiers"


def test_kobo_repeat_sheet_links_are_not_identifiers():
    """A Kobo XLSX repeat sheet names its parent sheet (the form's title) in
    ``_parent_table_name``: read as a "person name", the title's words blocked every label
    that used them (a real MSNA build refused "Survey modality" as a first name)."""
    roster = pd.DataFrame({
        "ind_age": ["34", "7", "61"],
        "_parent_table_name": ["Household Survey Iraq"] * 3,
        "_submission__uuid": ["9f1c2d7e-3b4a-4c5d-8e6f-7a8b9c0d1e2f"] * 3,
        "_parent_index": ["1", "1", "2"],
    })
    assert wps.privacy.detect_pii_columns(roster) == {}
