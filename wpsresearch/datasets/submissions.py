"""Turn a field sample into Kobo submissions, column-wise.

Values are "XML values" (choice names, not labels), as Kobo's default export writes them.
The answers of the completed interviews are held once, as one array of strings per export
column (:class:`Base`); a :class:`Submission` is a row of that table plus the cells changed
since (consent refusals, field defects, Kobo metadata).  One dict per submission cost about
10 KB and 0.5 ms, which ruled out ``--n 1000000``; a row view costs a few hundred bytes.

Random draws that depend on each other row by row (GPS noise, household rosters, the fieldwork
clock) are still made one row at a time, in the original order, so the committed study is
reproduced byte for byte; everything else is vectorised.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid as uuidlib
from dataclasses import dataclass

import numpy as np

from wpsresearch.datasets.questionnaire import CHOICES, PROVINCES, group_paths, question_types

METADATA = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
            "_submitted_by", "_tags", "_index"]
ROSTER_FIELDS = ["member_sex", "member_age", "member_relation"]
RELATIONS = ("head", "spouse", "son_daughter", "parent", "sibling", "other_relative", "non_relative")
SEXES = ("female", "male")
_MULTI_LISTS = {"help_sought": "help_source", "no_report_reason": "no_report_reason"}
_SCHEDULE_FIELDS = ("start", "end", "today", "deviceid", "enumerator")
_MISSING = object()


@dataclass
class Base:
    """Answers of the completed interviews: export column -> object array of strings (row i =
    completed interview i), and the household rosters as flat arrays (members of interview i
    are ``roster_first[i]:roster_first[i + 1]``)."""

    columns: dict
    roster_sex: np.ndarray        # index into SEXES
    roster_age: np.ndarray        # years
    roster_relation: np.ndarray   # index into RELATIONS
    roster_first: np.ndarray      # len n + 1


class RowValues:
    """The values of one submission, read like the dict of Kobo header -> value it replaces.

    Reads fall through to row ``row`` of the shared base columns (``row = -1``: no base row,
    e.g. a consent refusal); writes go to a small per-submission dict.
    """

    __slots__ = ("base", "row", "over")

    def __init__(self, base: dict, row: int, over: dict | None = None):
        self.base, self.row, self.over = base, row, {} if over is None else over

    def get(self, col, default=None):
        over = self.over
        if col in over:
            return over[col]
        if self.row >= 0:
            arr = self.base.get(col)
            if arr is not None:
                return arr[self.row]
        return default

    def __getitem__(self, col):
        v = self.get(col, _MISSING)
        if v is _MISSING:
            raise KeyError(col)
        return v

    def __setitem__(self, col, value):
        self.over[col] = value

    def __contains__(self, col):
        return col in self.over or (self.row >= 0 and col in self.base)

    def __iter__(self):
        if self.row >= 0:
            yield from self.base
        yield from (c for c in self.over if self.row < 0 or c not in self.base)

    def setdefault(self, col, default=None):
        v = self.get(col, _MISSING)
        if v is _MISSING:
            self.over[col] = v = default
        return v

    def update(self, other):
        self.over.update(other)

    def pop(self, col, default=None):
        # only cells written after the base (metadata) are ever removed
        return self.over.pop(col, default)

    def __deepcopy__(self, memo):
        # the base columns are shared on purpose: a copied submission starts as the same row
        return RowValues(self.base, self.row, dict(self.over))


@dataclass
class Submission:
    """One submission (a row of the main sheet) and its roster rows (indices into the base roster)."""

    values: RowValues
    roster: range = range(0)
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


def _choice_lut(list_name) -> np.ndarray:
    """Code -> XML value for a whole column at once (index -1, "not asked", hits the last cell)."""
    lut = np.full(101, "", dtype=object)
    for j, (name, _, _) in enumerate(CHOICES[list_name]):
        lut[j] = name
    lut[98], lut[99] = "98", "99"
    return lut


def _by_unique(values: np.ndarray, fmt) -> np.ndarray:
    """``fmt`` applied once per distinct value (most columns hold a handful)."""
    uniq, inv = np.unique(values, return_inverse=True)
    return np.array([fmt(u) for u in uniq.tolist()] + [""], dtype=object)[:-1][inv.reshape(-1)]


def _fmt_time(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+03:00"


def _uuid(rng) -> str:
    return str(uuidlib.UUID(bytes=rng.bytes(16), version=4))


def build_submissions(population, fs, rng) -> tuple[list[Submission], Base]:
    """Completed interviews and consent refusals of a field sample, in visit order."""
    from wpsresearch.datasets import field_text

    codes = fs.codes
    n = codes["psu"].size
    times = _schedule(fs, rng, population.params)
    female = codes["sex"] == 0
    texts = {
        "respondent_name": np.array(field_text.person_names(rng, female, codes["_kurdish"]) + [""], object)[:-1],
        "phone": np.array(field_text.phone_numbers(rng, n) + [""], dtype=object)[:-1],
        **{k: np.array([t or "" for t in codes[k]] + [""], dtype=object)[:-1]
           for k in ("safer_suggestion", "help_sought_other", "no_report_reason_other")},
    }
    roster = _rosters(population, codes, rng)
    columns = _answer_columns(codes, texts, _gps_draws(population, codes, rng))
    base = Base(columns, *roster)
    hh_to_row = dict(zip(codes["household_id"].tolist(), range(n)))
    sched = {f: np.full(n, "", dtype=object) for f in _SCHEDULE_FIELDS}
    out = []
    first = base.roster_first
    for j, v in enumerate(fs.visits.itertuples(index=False)):
        start, end, enum, device = times[j]
        values = (_fmt_time(start), _fmt_time(end), start.strftime("%Y-%m-%d"), device, enum)
        if v.outcome == "complete":
            i = hh_to_row[v.household_id]
            for f, val in zip(_SCHEDULE_FIELDS, values):
                sched[f][i] = val
            out.append(Submission(values=RowValues(columns, i), roster=range(first[i], first[i + 1]), key=f"c{i}"))
        elif v.outcome == "refused":
            over = {"intro/consent": "no", **dict(zip(_SCHEDULE_FIELDS, values))}
            out.append(Submission(values=RowValues(columns, -1, over), key=f"r{j}", kind="refused"))
    columns.update(sched)
    return out, base


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


def _answer_columns(codes, texts, gps) -> dict:
    """One object array of XML values per export column, in the order a submission lists them."""
    paths = group_paths()
    names_en = _names_en()
    prov = np.array(PROVINCES, dtype=object)[codes["province"]]
    ur = np.array(["urban", "rural"], dtype=object)[codes["urban_rural"]]
    cols = {}
    for name, qtype in question_types().items():
        if name in ROSTER_FIELDS or name in _SCHEDULE_FIELDS:
            continue
        path = paths[name]
        if name == "consent":
            cols[path] = np.full(prov.size, "yes", dtype=object)
        elif name == "governorate":
            cols[path] = prov
        elif name == "district":
            cols[path] = codes["adm2_pcode"].astype(object)
        elif name == "urban_rural":
            cols[path] = ur
        elif name == "stratum":
            cols[path] = prov + "_" + ur
        elif name == "weight":
            cols[path] = _by_unique(np.asarray(codes["weight"], dtype=float), lambda w: format(w, ".12g"))
        elif name == "origin_governorate":
            cols[path] = np.array([names_en[pc] if pc else "" for pc in codes["origin_pcode"]] + [""], object)[:-1]
        elif name == "gps":
            cols.update(_gps_columns(path, gps))
        elif name in texts:
            cols[path] = texts[name]
        elif qtype.startswith("select_one "):
            cols[path] = _choice_lut(qtype.split()[1])[np.asarray(codes[name], dtype=np.int64)]
        elif qtype.startswith("select_multiple "):
            cols.update(_multi_columns(path, CHOICES[_MULTI_LISTS[name]], np.asarray(codes[name], dtype=np.int64)))
        elif qtype == "integer":
            cols[path] = _by_unique(np.asarray(codes[name], dtype=np.int64), lambda x: "" if x < 0 else str(x))
        elif qtype == "text":
            cols[path] = np.full(prov.size, "", dtype=object)
    return cols


@functools.lru_cache(maxsize=1)
def _names_en():
    from wpsresearch.datasets.geography import admin_names

    return {r["pcode"]: r["name_en"] for r in admin_names() if r["level"] == "ADM1"}


_ACCURACY = (3.9, 4.8, 5.0, 6.4, 8.0, 12.5, 16.0)


def _gps_draws(population, codes, rng):
    """Latitude, longitude, altitude and precision of each interview.

    The four draws of a row are interleaved with the next row's, so this loop stays scalar;
    ``rng.integers(0, 7)`` is what ``rng.choice`` of a 7-element list draws.
    """
    eas = population.eas.set_index("psu")
    at = eas.index.get_indexer(np.asarray(codes["psu"]))
    lat0 = eas["ea_lat"].to_numpy(dtype=float)[at]
    lon0 = eas["ea_lon"].to_numpy(dtype=float)[at]
    basra = (eas["province"].to_numpy() == "basra")[at]
    n = at.size
    lat, lon, alt, acc = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    normal, uniform, integers = rng.normal, rng.uniform, rng.integers
    for i in range(n):
        lat[i] = float(lat0[i]) + normal(0, 0.004)
        lon[i] = float(lon0[i]) + normal(0, 0.004)
        alt[i] = uniform(2, 60) if basra[i] else uniform(30, 350)
        acc[i] = _ACCURACY[integers(0, 7)]
    return lat, lon, alt, acc


def _gps_columns(path, gps) -> dict:
    lat, lon, alt, acc = gps
    parts = [np.array([f"{x:.6f}" for x in lat.tolist()] + [""], dtype=object)[:-1],
             np.array([f"{x:.6f}" for x in lon.tolist()] + [""], dtype=object)[:-1],
             np.array([f"{x:.1f}" for x in alt.tolist()] + [""], dtype=object)[:-1],
             _by_unique(acc, lambda x: f"{x:.1f}")]
    out = {path: parts[0] + " " + parts[1] + " " + parts[2] + " " + parts[3]}
    for name, col in zip(("latitude", "longitude", "altitude", "precision"), parts):
        out[f"_{path}_{name}"] = col
    return out


def _multi_columns(path, choices, mask) -> dict:
    """The space-separated column and one 1/0 column per option ("" when not asked)."""
    asked = mask >= 0
    out = {path: _by_unique(mask, lambda m: "" if m < 0 else " ".join(
        opt for j, (opt, _, _) in enumerate(choices) if (m >> j) & 1))}
    for j, (opt, _, _) in enumerate(choices):
        hit = ((mask >> j) & 1).astype(bool)
        out[f"{path}/{opt}"] = np.where(asked, np.where(hit, "1", "0"), "").astype(object)
    return out


def _rosters(population, codes, rng):
    """Household members: the household's adults (from the population) and children, as flat
    arrays (see :class:`Base`).  The draws are made member by member, in the original order."""
    hh = codes["household_id"]
    first = population.hh_first_person[hh]
    n_ad = population.hh_adults[hh].astype(np.int64)
    pids = np.concatenate([np.arange(f, f + k) for f, k in zip(first, n_ad)]) if hh.size else np.zeros(0, np.int64)
    adults = population.persons_codes(pids) if pids.size else {"sex": np.zeros(0), "age": np.zeros(0)}
    sizes = np.maximum(n_ad, np.asarray(codes["hh_size"], dtype=np.int64))
    offsets = np.zeros(hh.size + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    sex = np.empty(offsets[-1], dtype=np.int8)
    age = np.empty(offsets[-1], dtype=np.int16)
    rel = np.empty(offsets[-1], dtype=np.int8)
    a_sex, a_age = np.asarray(adults["sex"]).tolist(), np.asarray(adults["age"]).tolist()
    cdf = np.cumsum([0.3, 0.35, 0.3, 0.05])
    cdf /= cdf[-1]
    random, integers = rng.random, rng.integers
    pos, k_out = 0, 0
    for i, k in enumerate(n_ad.tolist()):
        sexes, ages = a_sex[pos:pos + k], a_age[pos:pos + k]
        pos += k
        has_spouse = False
        for j in range(k):
            if j == 0:
                r = 0
            elif sexes[j] != sexes[0] and not has_spouse:
                r, has_spouse = 1, True
            elif ages[j] <= ages[0] - 16:
                r = 2
            else:
                # what rng.choice(4, p=[0.3, 0.35, 0.3, 0.05]) draws: one uniform, then the CDF
                r = 3 + int(np.searchsorted(cdf, random(), side="right"))
            sex[k_out], age[k_out], rel[k_out] = sexes[j], ages[j], r
            k_out += 1
        for _ in range(int(sizes[i]) - k):
            sex[k_out] = integers(2)
            age[k_out] = integers(0, 18)
            rel[k_out] = 2 if random() < 0.85 else 5
            k_out += 1
    return sex, age, rel, offsets


def finalise(subs: list[Submission], rng, params) -> list[Submission]:
    """Give submissions Kobo metadata (_id in arrival order, _uuid, _submission_time, _index)."""
    utc = dt.timezone.utc
    for sub in subs:
        if "_uuid" not in sub.values:
            sub.values["_uuid"] = _uuid(rng)
        if "_submission_time" not in sub.values:
            end = dt.datetime.fromisoformat(sub.values["end"])
            arrival = end.astimezone(utc).replace(tzinfo=None) + dt.timedelta(
                minutes=int(rng.integers(3, 600)), seconds=int(rng.integers(0, 60)))
            sub.values["_submission_time"] = arrival.strftime("%Y-%m-%dT%H:%M:%S")
    subs = sorted(subs, key=lambda s: (s.values["_submission_time"], s.key))
    next_id = 410_000_000 + int(rng.integers(0, 90_000))
    # one call draws what len(subs) scalar calls would (same bit stream)
    ids = (next_id + np.cumsum(rng.integers(1, 40, size=len(subs)))).tolist()
    for i, (sub, _id) in enumerate(zip(subs, ids), start=1):
        prov = sub.values.get("location/governorate") or ""
        account = {"test": "wps_admin"}.get(sub.kind, f"wps_field_{prov}" if prov else "wps_field")
        sub.values.update({"_id": str(_id), "_validation_status": "", "_notes": "",
                           "_status": "submitted_via_web", "_submitted_by": account, "_tags": "",
                           "_index": str(i)})
    return subs
