"""Value-level steps: Arabic-Indic digits, special missing codes, ``other`` answers.

Each changed value is logged (``change_response``) with its uuid, question and source row.
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd

from wpsresearch.io.missing import MISSING_CATEGORIES
from wpsresearch.text.columns import distinct_mask, fill_missing_text, replace_text_where

__all__ = ["convert_digits", "missing_reason_name", "recode_missing", "recode_other", "numeric_columns",
           "MISSING_CATEGORIES"]

# Names of the missing categories special codes become (study.yml ``missing_codes`` values).


def _log_changes(log, main, column, before, after, *, issue, check_id, change_type="change_response",
                 table="main"):
    """Log every row where ``before`` and ``after`` differ (both as text, NA as '')."""
    b, a = fill_missing_text(before), fill_missing_text(after)
    changed = (b != a).fillna(False).to_numpy(bool)
    return log.add_masked(main, changed, question=column, old_values=b, new_values=a, issue=issue,
                          change_type=change_type, check_id=check_id, table=table)


def with_columns(frame: pd.DataFrame, changed: dict) -> pd.DataFrame:
    """``frame`` with ``changed`` columns replaced (or appended, in order), as one new frame:
    assigning columns one at a time to a 300-column frame costs a block update each."""
    if not changed:
        return frame
    columns = {c: changed.pop(c, frame[c]) for c in frame.columns}
    columns.update(changed)
    return pd.DataFrame(columns, index=frame.index)


def each_table(sd, step):
    """``sd`` with ``step(frame, table) -> frame`` applied to the main table and to every
    repeat (``table`` is ``"main"`` or the repeat's name, for the log): a number typed in
    Arabic digits or a 98 code in a household roster is the same defect as in the main table."""
    repeats = {name: step(frame, name) for name, frame in sd.repeats.items()}
    return dataclasses.replace(sd, main=step(sd.main, "main"), repeats=repeats)


def numeric_columns(main: pd.DataFrame, codebook) -> list[str]:
    """Columns the form types as ``integer``, ``decimal`` or ``range`` (in ``main``)."""
    if codebook is None:
        return []
    v = codebook.variables
    names = v.loc[v["base_type"].isin(["integer", "decimal", "range"]), "name"]
    return [n for n in names if n in main.columns]


def convert_digits(sd, *, log, columns=None):
    """Translate Arabic-Indic / Extended digits and ``٫ ٬`` in numeric answers; log each.

    ``pandas.to_numeric("٥٠")`` is silently NaN: without this step every number typed on an
    Arabic keyboard would vanish.  Only the characters change (``"٣٥"`` → ``"35"``); the
    value stays text until the form's types are applied.
    """
    from wpsresearch.io import normalize_digits

    def step(frame, table):
        wanted = numeric_columns(frame, sd.codebook) if columns is None else columns
        changed = {}
        for col in (c for c in wanted if c in frame.columns):
            text = frame[col].astype("string")
            fixed = normalize_digits(text)
            if _log_changes(log, frame, col, text, fixed, issue="Arabic-Indic digits converted",
                            check_id="arabic_digits", table=table):
                changed[col] = fixed
        return with_columns(frame, changed)

    return each_table(sd, step)


def codes_for(column: str, missing_codes: dict) -> dict:
    """The special codes of a column: its own entry in study.yml, else ``default``."""
    spec = missing_codes.get(column, missing_codes.get("default", {})) or {}
    return {str(k): str(v) for k, v in spec.items()}


def missing_reason_name(question: str) -> str:
    """The companion column holding why a numeric answer is missing: ``age__missing``.

    >>> missing_reason_name("age")
    'age__missing'
    """
    return f"{question}__missing"


def recode_missing(sd, *, log, missing_codes: dict, columns=None):
    """Turn special codes (98 = don't know, 99 = refused ...) into missing categories.

    * In select_one answers the code becomes the category name (``"98"`` → ``dont_know``),
      so "refused" stays distinct from "not asked" and estimators exclude it from
      denominators by name (see :data:`MISSING_CATEGORIES`).
    * In numeric answers the value becomes missing and the reason is kept in a companion
      column ``<question>__missing`` (``dont_know``/``refused``), never a silent NaN.

    A variable listed with an empty mapping (``age: {}``) has no special codes: a real age
    of 98 stays 98.
    """
    cb = sd.codebook
    v = cb.variables
    coded = v.loc[v["base_type"].isin(["select_one", "integer", "decimal", "range"]), "name"]

    def step(main, table):
        numeric = set(numeric_columns(main, cb))
        changed: dict[str, pd.Series] = {}
        for col in (c for c in (coded if columns is None else columns) if c in main.columns):
            codes = codes_for(col, missing_codes)
            if not codes:
                continue
            original = main[col].astype("string")
            # " 98" is the code too; other answers are left as typed
            hit = distinct_mask(original, lambda t: t.str.strip().isin(list(codes)))
            if not hit.any():
                continue
            reason = pd.Series(pd.NA, index=original.index, dtype="string")
            reason[hit] = original[hit].str.strip().map(codes)  # only the (few) coded answers
            if col in numeric:
                new = replace_text_where(original, hit)
                changed[missing_reason_name(col)] = reason
            else:
                new = replace_text_where(original, hit, reason)
            log.add_masked(main, hit, question=col, old_values=original, new_values=new,
                           change_type="change_response", issue="special code recoded to a missing category",
                           check_id="missing_code", table=table)
            changed[col] = new
        return with_columns(main, changed)

    return each_table(sd, step)

_STOPWORDS = frozenset("the a an my our his her their your of to at from in on with by and "
                       "for some".split())
_AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_AR_SUFFIXES = ("هما", "هم", "ها", "نا", "كم", "ه", "ي", "ك")


def _token(word: str) -> str:
    """One matching token: Arabic article/clitics and possessive suffixes removed."""
    if any("\u0600" <= ch <= "\u06ff" for ch in word):
        for pre in _AR_PREFIXES:
            if word.startswith(pre) and len(word) - len(pre) >= 2:
                word = word[len(pre):]
                break
        for suf in _AR_SUFFIXES:
            if word.endswith(suf) and len(word) - len(suf) >= 2:
                word = word[: -len(suf)]
                break
        return word
    return word[:-2] if word.endswith("'s") else word


def _tokens(text: str) -> frozenset:
    import re

    from wpsresearch.text import normalize_key

    words = re.split(r"[^\w\u0600-\u06ff]+", normalize_key(str(text)))
    return frozenset(_token(w) for w in words if w and w not in _STOPWORDS)


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict:
    """The package's ``other_synonyms.yml``: ``{choice name: [words...]}``."""
    from importlib import resources

    from wpsresearch.io.yaml_text import load_yaml

    text = resources.files("wpsresearch.clean").joinpath("other_synonyms.yml").read_text("utf-8")
    data = load_yaml(text) or {}
    exclude = data.pop("_exclude", {}) or {}
    words = {str(k): [str(x) for x in v] for k, v in data.items()}
    words["_exclude"] = {str(k): [str(x) for x in v] for k, v in exclude.items()}
    return words


def _choice_keys(codebook, list_name) -> list[tuple[frozenset, str]]:
    """``[(tokens, choice name)]``: each choice's labels in every language (split at ``/``
    and "or"), its name, and the package's synonyms for that choice name."""
    import re

    ch = codebook.choices[codebook.choices["list_name"] == list_name]
    label_cols = [c for c in ch.columns if c.startswith("label")]
    synonyms = _synonyms()
    keys = []
    for _, row in ch.iterrows():
        name = str(row["name"])
        if name == "other":
            continue
        texts = [name.replace("_", " ")] + synonyms.get(name, [])
        for word in synonyms["_exclude"].get(name, []):
            keys.append((frozenset({"!"}) | _tokens(word), name))
        for col in label_cols:
            if isinstance(row[col], str):
                texts += re.split(r"/| or | أو |\(|\)", row[col])
        for text in texts:
            toks = _tokens(text)
            if toks:
                keys.append((toks, name))
    return keys


def _match_choice(text: str, keys):
    """The choice some of whose words all appear in the answer, the longest such phrase
    winning ("family protection directorate" beats "family"); None if no choice matches or
    two tie."""
    words = _tokens(text)
    best: dict[str, int] = {}
    excluded = {choice for toks, choice in keys if "!" in toks and (toks - {"!"}) <= words}
    for toks, choice in keys:
        if "!" not in toks and choice not in excluded and toks <= words:
            best[choice] = max(best.get(choice, 0), len(toks))
    if not best:
        return None
    top = max(best.values())
    winners = [c for c, k in best.items() if k == top]
    return winners[0] if len(winners) == 1 else None


def recode_other(sd, *, log):
    """Move ``other`` texts that name an existing choice onto that choice.

    For a select question with an ``other`` choice and its ``<q>_other`` text: when the
    text is one choice's label (any language, Arabic-normalised) or contains all the words
    of exactly one choice's label, the choice is selected (select_multiple: added, and
    ``other`` removed; select_one: replaced) and the text blanked — each change logged.
    Ambiguous texts are left alone (never guessed).
    """
    cb = sd.codebook
    v = cb.variables
    selects = v[v["base_type"].isin(["select_one", "select_multiple"])]

    def step(main, table):
        main = main.copy()
        for _, q in selects.iterrows():
            name = q["name"]
            other = cb.other_of(name)
            if other is None or other not in main.columns or name not in main.columns:
                continue
            keys = _choice_keys(cb, q["list_name"])
            texts = main[other].astype("string")
            for idx in main.index[texts.notna().to_numpy()]:
                choice = _match_choice(texts[idx], keys)
                if choice is None:
                    continue
                _apply_other(main, log, idx, name, other, choice, table=table,
                             multiple=q["base_type"] == "select_multiple")
        return main

    return each_table(sd, step)

def _apply_other(main, log, idx, name, other, choice, *, multiple, table="main"):
    key = "_uuid" if "_uuid" in main else "_parent_uuid"
    uuid = main.at[idx, key] if key in main else ""
    row = main.at[idx, "source_row"] if "source_row" in main else None
    old = main.at[idx, name]
    old_text = "" if pd.isna(old) else str(old)
    if multiple:
        picked = [c for c in old_text.split() if c != "other"]
        if choice not in picked:
            picked.append(choice)
        new = " ".join(picked)
    else:
        new = choice
    issue = f"'other' answer names an existing choice ({choice})"
    log.add(uuid=uuid, question=name, old_value=old_text, new_value=new, issue=issue,
            change_type="change_response", check_id="other_recode", source_row=row, table=table)
    main.at[idx, name] = new
    if multiple:
        for col, val in ((f"{name}__other", "0"), (f"{name}__{choice}", "1")):
            current = main.at[idx, col] if col in main.columns else None
            if col in main.columns and (pd.isna(current) or current != val):  # an empty dummy too
                log.add(uuid=uuid, question=col, old_value=main.at[idx, col], new_value=val,
                        issue=issue, change_type="change_response", check_id="other_recode",
                        source_row=row, table=table)
                main.at[idx, col] = val
    log.add(uuid=uuid, question=other, old_value=main.at[idx, other], new_value="", issue=issue,
            change_type="blank_response", check_id="other_recode", source_row=row, table=table)
    main.at[idx, other] = pd.NA
