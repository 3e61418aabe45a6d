"""Field defects, injected on purpose and recorded, so cleaning code can be tested against them.

Each kind is documented in docs/synthetic_study.md.  Every injection appends a record
``{kind, key, column, original, injected, ...}``; :mod:`.study_writer` turns ``key`` into
the ``_uuid`` and the export row once the rows have their final order.

Examples
--------
>>> from wpsresearch.datasets.messiness import resolve_kinds, KINDS
>>> resolve_kinds(False)
()
>>> resolve_kinds(["speeder"])
('speeder',)
>>> len(resolve_kinds(True)) == len(KINDS)
True
"""

from __future__ import annotations

import copy
import datetime as dt

from wpsresearch.datasets import field_text
from wpsresearch.errors import InputError

KINDS = ("refused_consent", "duplicate_exact", "duplicate_partial", "near_duplicate", "test_submission",
         "speeder", "arabic_digits", "place_variant", "other_belongs_to_choice", "real_age_98")
TEST_NAMES = ("test", "Test", "TEST test", "تجربة", "اختبار", "test تجربة")
_NUMERIC = ("respondent/age", "household/hh_size", "household/n_adults", "respondent/age_at_marriage",
            "respondent/phone")
_LATER_SECTIONS = ("attitudes/", "ipv/", "harassment/", "help/", "open/")
_OPINIONS = ("safety/safe_day", "safety/safe_night", "trust/trust_police", "trust/trust_fpd", "trust/trust_courts",
             "trust/trust_tribal", "awareness/women_police_support", "attitudes/justify_argues")


def resolve_kinds(messy) -> tuple[str, ...]:
    """``True`` -> all kinds, ``False``/``None`` -> none, or a list of kind names."""
    if messy is True:
        return KINDS
    if not messy:
        return ()
    kinds = tuple(messy)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InputError(f"unknown kind(s) of field messiness: {unknown}", hint=f"choose from {list(KINDS)}")
    return tuple(k for k in KINDS if k in kinds)


def _count(params, kind, n):
    return max(1, int(round(params["messiness"][kind] * n / 1000)))


class _Pool:
    """Draw submissions in a fixed random order, each at most once: ``take(k, ok)`` gives the
    first ``k`` not yet taken for which ``ok`` holds.  Same picks as scanning and removing from
    a list, without its O(n) removals (quadratic at a million rows)."""

    def __init__(self, items, order):
        self.items, self.order = items, order.tolist()
        self.taken = bytearray(len(self.order))
        self.first = 0          # every position before this one is taken

    def __call__(self, k, ok=lambda s: True):
        chosen, order, taken = [], self.order, self.taken
        pos = self.first
        while pos < len(order) and len(chosen) < k:
            if not taken[pos] and ok(self.items[order[pos]]):
                chosen.append(self.items[order[pos]])
                taken[pos] = 1
            pos += 1
        while self.first < len(order) and taken[self.first]:
            self.first += 1
        return chosen


def inject(subs, kinds, rng, params, uuid_factory, base=None):
    """Apply the chosen kinds to ``subs`` (in place, plus added rows); returns (subs, records).

    ``base`` (:class:`.submissions.Base`) holds the roster rows that ``real_age_98`` edits."""
    records = []
    for sub in subs:
        sub.values.setdefault("_uuid", uuid_factory())
    if "refused_consent" not in kinds:
        subs = [s for s in subs if s.kind != "refused"]
    else:
        for s in subs:
            if s.kind == "refused":
                records.append(dict(kind="refused_consent", key=s.key, column="intro/consent", original=None,
                                    injected="no", note="consent refused: every later answer is empty"))
    complete = [s for s in subs if s.kind == "complete"]
    n = len(complete)
    take = _Pool(complete, rng.permutation(n))

    steps = {"speeder": _speeders, "arabic_digits": _digits, "other_belongs_to_choice": _other_texts,
             "real_age_98": _age98}
    for kind in ("speeder", "arabic_digits", "other_belongs_to_choice", "real_age_98"):
        if kind in kinds:
            steps[kind](take, _count(params, kind, n), rng, records, base)
    if "place_variant" in kinds:
        _places(complete, params["messiness"]["place_variant"], rng, records)
    extra = []
    if "duplicate_exact" in kinds:
        extra += _duplicates(take(_count(params, "duplicate_exact", n)), rng, records, partial=False)
    if "duplicate_partial" in kinds:
        extra += _duplicates(take(_count(params, "duplicate_partial", n)), rng, records, partial=True)
    if "near_duplicate" in kinds:
        extra += _near_duplicates(take(_count(params, "near_duplicate", n)), rng, records, uuid_factory)
    if "test_submission" in kinds:
        extra += _tests(complete, _count(params, "test_submission", n) + 1, rng, params, records, uuid_factory)
    return subs + extra, records


def _speeders(take, k, rng, records, base=None):
    for s in take(k):
        start = dt.datetime.fromisoformat(s.values["start"])
        end = start + dt.timedelta(seconds=int(rng.uniform(4, 9.5) * 60))
        new = end.strftime("%Y-%m-%dT%H:%M:%S.") + f"{end.microsecond // 1000:03d}+03:00"
        records.append(dict(kind="speeder", key=s.key, column="end", original=s.values["end"], injected=new))
        s.values["end"] = new


def _digits(take, k, rng, records, base=None):
    for s in take(k, lambda s: s.values.get("respondent/age_at_marriage", "") != ""):
        col = _NUMERIC[int(rng.integers(len(_NUMERIC)))]
        table = field_text.ARABIC_INDIC if rng.uniform() < 0.65 else field_text.EXTENDED_DIGITS
        old = s.values[col]
        new = old.translate(table)
        records.append(dict(kind="arabic_digits", key=s.key, column=col, original=old, injected=new))
        s.values[col] = new


def _places(complete, share, rng, records):
    from wpsresearch.datasets.geography import admin_names, governorate_spellings

    pcode_of = {r["name_en"]: r["pcode"] for r in admin_names() if r["level"] == "ADM1"}
    spellings = governorate_spellings()
    for s in complete:
        old = s.values.get("respondent/origin_governorate", "")
        if not old or rng.uniform() >= share:
            continue
        variants = [v for v in spellings[pcode_of[old]] if v != old]
        new = variants[int(rng.integers(len(variants)))]
        records.append(dict(kind="place_variant", key=s.key, column="respondent/origin_governorate",
                            original=old, injected=new, pcode=pcode_of[old]))
        s.values["respondent/origin_governorate"] = new


def _recodable(s):
    chosen = s.values.get("help/help_sought", "").split()
    if not chosen or "other" in chosen:
        return None
    formal = [c for c in chosen if c in ("police", "fpd", "court")]
    for src in ("tribal_leader", "health", "family", "religious_leader", "police", "fpd"):
        if src in chosen and (src not in ("police", "fpd") or len(formal) >= 2):
            return src
    return None


def _other_texts(take, k, rng, records, base=None):
    order = ("police", "fpd", "court", "health", "tribal_leader", "religious_leader", "family",
             "friends_neighbours", "ngo", "no_one", "other")
    for s in take(k, lambda s: _recodable(s) is not None):
        src = _recodable(s)
        texts = field_text.HELP_OTHER_BELONGS[src]
        text = texts[int(rng.integers(len(texts)))]
        chosen = [c for c in s.values["help/help_sought"].split() if c != src] + ["other"]
        new = " ".join(c for c in order if c in chosen)
        changes = [("help/help_sought", new), (f"help/help_sought/{src}", "0"), ("help/help_sought/other", "1"),
                   ("help/help_sought_other", text)]
        for col, val in changes:
            records.append(dict(kind="other_belongs_to_choice", key=s.key, column=col, original=s.values[col],
                                injected=val, belongs_to=src))
            s.values[col] = val


def _age98(take, k, rng, records, base=None):
    from wpsresearch.datasets.submissions import SEXES

    for s in take(k, lambda s: s.values.get("respondent/age", "").isdigit() and int(s.values["respondent/age"]) >= 75):
        old = s.values["respondent/age"]
        for m in s.roster:
            # the roster row of the respondent: same age and sex (its interview's own row)
            if base.roster_age[m] == int(old) and SEXES[base.roster_sex[m]] == s.values["respondent/sex"]:
                base.roster_age[m] = 98
                break
        records.append(dict(kind="real_age_98", key=s.key, column="respondent/age", original=old, injected="98",
                            note="a real age of 98, not a missing code: must stay 98"))
        s.values["respondent/age"] = "98"


def _later(value, rng, hours):
    t = dt.datetime.fromisoformat(value) + dt.timedelta(minutes=int(rng.integers(30, 60 * hours)))
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def _arrival(s, rng):
    end = dt.datetime.fromisoformat(s.values["end"]).astimezone(dt.timezone.utc).replace(tzinfo=None)
    return (end + dt.timedelta(minutes=int(rng.integers(3, 600)))).strftime("%Y-%m-%dT%H:%M:%S")


def _duplicates(chosen, rng, records, *, partial):
    out = []
    for s in chosen:
        s.values.setdefault("_submission_time", _arrival(s, rng))
        d = copy.deepcopy(s)
        d.key, d.kind = s.key + ":dup", "duplicate_partial" if partial else "duplicate_exact"
        d.values["_submission_time"] = _later(s.values["_submission_time"], rng, 72)
        emptied = []
        if partial:
            # the resend stopped after the awareness section: every later section is empty
            for col in list(d.values):
                if col.startswith(_LATER_SECTIONS) and d.values[col] != "":
                    emptied.append(col)
                    d.values[col] = ""
            d.roster = []
        records.append(dict(kind=d.kind, key=d.key, column=None, original=None, injected=None, source_key=s.key,
                            columns_emptied=emptied,
                            note="same _uuid resent" + (" without the later sections and the roster" if partial else "")))
        out.append(d)
    return out


def _near_duplicates(chosen, rng, records, uuid_factory):
    from wpsresearch.datasets.questionnaire import CHOICES, question_types

    types = question_types()
    out = []
    for s in chosen:
        d = copy.deepcopy(s)
        d.key, d.kind = s.key + ":near", "near_duplicate"
        d.values["_uuid"] = uuid_factory()
        d.values.pop("_submission_time", None)
        for col in ("start", "end"):
            t = dt.datetime.fromisoformat(d.values[col]) + dt.timedelta(minutes=7)
            d.values[col] = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+03:00"
        cols = list(rng.permutation(len(_OPINIONS))[: int(rng.integers(2, 6))])
        for j in sorted(cols):
            col = _OPINIONS[j]
            names = [c[0] for c in CHOICES[types[col.split("/")[1]].split()[1]] if c[0] != d.values[col]]
            new = names[int(rng.integers(len(names)))]
            records.append(dict(kind="near_duplicate", key=d.key, column=col, original=d.values[col], injected=new,
                                source_key=s.key))
            d.values[col] = new
        out.append(d)
    return out


def _tests(complete, k, rng, params, records, uuid_factory):
    first = dt.datetime.fromisoformat(params["fieldwork"]["first_day"])
    out = []
    for i in range(k):
        src = complete[int(rng.integers(len(complete)))]
        d = copy.deepcopy(src)
        d.key, d.kind = f"test{i}", "test"
        d.values["_uuid"] = uuid_factory()
        d.values.pop("_submission_time", None)
        start = first - dt.timedelta(days=int(rng.integers(2, 6))) + dt.timedelta(hours=10, minutes=int(rng.integers(0, 300)))
        end = start + dt.timedelta(minutes=int(rng.integers(3, 25)))
        d.values.update({"start": start.strftime("%Y-%m-%dT%H:%M:%S.000+03:00"),
                         "end": end.strftime("%Y-%m-%dT%H:%M:%S.000+03:00"), "today": start.strftime("%Y-%m-%d"),
                         "respondent/respondent_name": TEST_NAMES[i % len(TEST_NAMES)],
                         "respondent/phone": "07700000000"})
        d.roster = d.roster[:1]
        records.append(dict(kind="test_submission", key=d.key, column="respondent/respondent_name", original=None,
                            injected=d.values["respondent/respondent_name"],
                            note="training/test submission sent before fieldwork began"))
        out.append(d)
    return out
