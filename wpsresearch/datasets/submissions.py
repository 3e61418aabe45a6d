"""Turn a field sample into Kobo submissions: one dict per submission, keyed by Kobo header.

Values are "XML values" (choice names, not labels), as Kobo's default export writes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid as uuidlib
from dataclasses import dataclass, field

import numpy as np

from wpsresearch.datasets.questionnaire import CHOICES, PROVINCES, group_paths, question_types

METADATA = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
            "_submitted_by", "_tags", "_index"]
ROSTER_FIELDS = ["member_sex", "member_age", "member_relation"]
_MULTI_LISTS = {"help_sought": "help_source", "no_report_reason": "no_report_reason"}


@dataclass
class Submission:
    """One submission (a row of the main sheet) and its roster rows."""

    values: dict
    roster: list = field(default_factory=list)
    key: str = ""                 # internal id, survives reordering
    kind: str = "complete"        # complete | refused | test | duplicate_* | near_duplicate


def main_columns() -> list[str]:
    """Kobo CSV/XLSX headers of the main sheet, in export order (metadata last)."""
    paths = group_paths()
    types = question_types()
    cols = []
    for name, qtype in types.items():
        if name in ROSTER_FIELDS:
            continue
        path = paths[name]
        cols.append(path)
        if qtype.startswith("select_multiple "):
            cols += [f"{path}/{opt}" for opt, _, _ in CHOICES[qtype.split()[1]]]
        elif qtype == "geopoint":
            cols += [f"_{path}_{part}" for part in ("latitude", "longitude", "altitude", "precision")]
    return cols + METADATA


def _choice(list_name, code):
    if code < 0:
        return ""
    if code in (98, 99):
        return str(code)
    return CHOICES[list_name][code][0]


def _fmt_time(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+03:00"


def _uuid(rng) -> str:
    return str(uuidlib.UUID(bytes=rng.bytes(16), version=4))


def build_submissions(population, fs, rng) -> list[Submission]:
    """Completed interviews and consent refusals of a field sample, in visit order."""
    from wpsresearch.datasets import field_text

    codes = fs.codes
    n = codes["psu"].size
    times = _schedule(fs, rng, population.params)
    female = codes["sex"] == 0
    texts = {
        "respondent_name": field_text.person_names(rng, female, codes["_kurdish"]),
        "phone": field_text.phone_numbers(rng, n),
        **{k: [t or "" for t in codes[k]] for k in ("safer_suggestion", "help_sought_other", "no_report_reason_other")},
    }
    rosters = _rosters(population, codes, rng)
    subs = []
    eas = population.eas.set_index("psu")
    for i in range(n):
        values = _row_values(codes, i, texts, eas, rng)
        subs.append(Submission(values=values, roster=rosters[i], key=f"c{i}"))
    hh_to_row = dict(zip(codes["household_id"].tolist(), range(n)))
    out = []
    for j, v in enumerate(fs.visits.itertuples(index=False)):
        start, end, enum, device = times[j]
        if v.outcome == "complete":
            sub = subs[hh_to_row[v.household_id]]
        elif v.outcome == "refused":
            sub = Submission(values={"intro/consent": "no"}, key=f"r{j}", kind="refused")
        else:
            continue
        sub.values.update({"start": _fmt_time(start), "end": _fmt_time(end), "today": start.strftime("%Y-%m-%d"),
                           "deviceid": device, "enumerator": enum})
        out.append(sub)
    return out


def _schedule(fs, rng, params):
    """Start, end, enumerator and device of every visit (local time, +03:00)."""
    fw = params["fieldwork"]
    first = dt.datetime.fromisoformat(fw["first_day"])
    per_prov = fw["enumerators_per_province"]
    devices = ["collect:" + "".join(rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"), 16))
               for _ in range(per_prov * len(PROVINCES))]
    psus = fs.psus.reset_index(drop=True)
    psus["prov_rank"] = psus.groupby("province").cumcount()
    order = {}
    teams = per_prov // 2
    for row in psus.itertuples(index=False):
        p = PROVINCES.index(row.province)
        team = row.prov_rank % teams
        day = (row.prov_rank // teams) % fw["days"]
        order[row.psu] = (p * per_prov + 2 * team, first + dt.timedelta(days=int(day)))
    clock = {}
    out = []
    dur = fw["duration_minutes"]
    for v in fs.visits.itertuples(index=False):
        base_enum, day = order[v.psu]
        slot = clock.get(v.psu, 0)
        enum = base_enum + slot % 2
        key = (v.psu, enum)
        t = clock.get(key) or day + dt.timedelta(hours=9, minutes=int(rng.integers(0, 40)))
        minutes = float(dur["median"] * np.exp(dur["sdlog"] * rng.normal())) if v.outcome == "complete" \
            else float(rng.uniform(2, 6))
        start = t + dt.timedelta(seconds=int(rng.integers(0, 60)), microseconds=int(rng.integers(0, 1000)) * 1000)
        end = start + dt.timedelta(seconds=int(minutes * 60))
        clock[key] = end + dt.timedelta(minutes=int(rng.integers(5, 25)))
        clock[v.psu] = slot + 1
        out.append((start, end, f"enum_{enum + 1:02d}", devices[enum]))
    return out


def _row_values(codes, i, texts, eas, rng) -> dict:
    paths = group_paths()
    types = question_types()
    names_en = _names_en()
    v = {}
    for name, qtype in types.items():
        if name in ROSTER_FIELDS or name in ("start", "end", "today", "deviceid", "enumerator"):
            continue
        path = paths[name]
        if name == "consent":
            v[path] = "yes"
        elif name == "governorate":
            v[path] = PROVINCES[codes["province"][i]]
        elif name == "district":
            v[path] = codes["adm2_pcode"][i]
        elif name == "urban_rural":
            v[path] = ("urban", "rural")[codes["urban_rural"][i]]
        elif name == "stratum":
            v[path] = f"{PROVINCES[codes['province'][i]]}_{('urban', 'rural')[codes['urban_rural'][i]]}"
        elif name == "weight":
            v[path] = format(float(codes["weight"][i]), ".12g")
        elif name == "origin_governorate":
            pc = codes["origin_pcode"][i]
            v[path] = names_en[pc] if pc else ""
        elif name == "gps":
            _gps(v, path, eas.loc[int(codes["psu"][i])], rng)
        elif name in texts:
            v[path] = texts[name][i]
        elif qtype.startswith("select_one "):
            v[path] = _choice(qtype.split()[1], int(codes[name][i]))
        elif qtype.startswith("select_multiple "):
            _multi(v, path, CHOICES[_MULTI_LISTS[name]], int(codes[name][i]))
        elif qtype == "integer":
            x = int(codes[name][i])
            v[path] = "" if x < 0 else str(x)
        elif qtype == "text":
            v[path] = ""
    return v


@functools.lru_cache(maxsize=1)
def _names_en():
    from wpsresearch.datasets.geography import admin_names

    return {r["pcode"]: r["name_en"] for r in admin_names() if r["level"] == "ADM1"}


def _gps(v, path, ea, rng):
    lat = float(ea["ea_lat"]) + rng.normal(0, 0.004)
    lon = float(ea["ea_lon"]) + rng.normal(0, 0.004)
    alt = float(rng.uniform(2, 60) if ea["province"] == "basra" else rng.uniform(30, 350))
    acc = float(rng.choice([3.9, 4.8, 5.0, 6.4, 8.0, 12.5, 16.0]))
    parts = [f"{lat:.6f}", f"{lon:.6f}", f"{alt:.1f}", f"{acc:.1f}"]
    v[path] = " ".join(parts)
    for name, val in zip(("latitude", "longitude", "altitude", "precision"), parts):
        v[f"_{path}_{name}"] = val


def _multi(v, path, choices, mask):
    if mask < 0:
        v[path] = ""
        for opt, _, _ in choices:
            v[f"{path}/{opt}"] = ""
        return
    chosen = [opt for j, (opt, _, _) in enumerate(choices) if (mask >> j) & 1]
    v[path] = " ".join(chosen)
    for opt, _, _ in choices:
        v[f"{path}/{opt}"] = "1" if opt in chosen else "0"


def _rosters(population, codes, rng) -> list[list[dict]]:
    """Household members: the household's adults (from the population) and children."""
    hh = codes["household_id"]
    first = population.hh_first_person[hh]
    n_ad = population.hh_adults[hh].astype(np.int64)
    pids = np.concatenate([np.arange(f, f + k) for f, k in zip(first, n_ad)]) if hh.size else np.zeros(0, np.int64)
    adults = population.persons_codes(pids) if pids.size else {"sex": [], "age": [], "marital_status": []}
    out, pos = [], 0
    for i in range(hh.size):
        k = int(n_ad[i])
        sexes = adults["sex"][pos:pos + k]
        ages = adults["age"][pos:pos + k]
        pos += k
        members = []
        head_sex = int(sexes[0])
        for j in range(k):
            if j == 0:
                rel = "head"
            elif int(sexes[j]) != head_sex and not any(m["member_relation"] == "spouse" for m in members):
                rel = "spouse"
            elif ages[j] <= ages[0] - 16:
                rel = "son_daughter"
            else:
                rel = ("parent", "sibling", "other_relative", "non_relative")[int(rng.choice(4, p=[0.3, 0.35, 0.3, 0.05]))]
            members.append({"member_sex": ("female", "male")[int(sexes[j])], "member_age": str(int(ages[j])),
                            "member_relation": rel})
        for _ in range(int(codes["hh_size"][i]) - k):
            members.append({"member_sex": ("female", "male")[int(rng.integers(2))],
                            "member_age": str(int(rng.integers(0, 18))),
                            "member_relation": "son_daughter" if rng.uniform() < 0.85 else "other_relative"})
        out.append(members)
    return out


def finalise(subs: list[Submission], rng, params) -> list[Submission]:
    """Give submissions Kobo metadata (_id in arrival order, _uuid, _submission_time, _index)."""
    for sub in subs:
        if "_uuid" not in sub.values:
            sub.values["_uuid"] = _uuid(rng)
        if "_submission_time" not in sub.values:
            end = dt.datetime.fromisoformat(sub.values["end"])
            arrival = end.astimezone(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(
                minutes=int(rng.integers(3, 600)), seconds=int(rng.integers(0, 60)))
            sub.values["_submission_time"] = arrival.strftime("%Y-%m-%dT%H:%M:%S")
    subs = sorted(subs, key=lambda s: (s.values["_submission_time"], s.key))
    next_id = 410_000_000 + int(rng.integers(0, 90_000))
    for i, sub in enumerate(subs, start=1):
        next_id += int(rng.integers(1, 40))
        prov = sub.values.get("location/governorate") or ""
        account = {"test": "wps_admin"}.get(sub.kind, f"wps_field_{prov}" if prov else "wps_field")
        sub.values.update({"_id": str(next_id), "_validation_status": "", "_notes": "",
                           "_status": "submitted_via_web", "_submitted_by": account, "_tags": "",
                           "_index": str(i)})
    return subs
