"""``other, specify`` answers: listed for translation and recoding, the way REACH reviewers
work (IMPACT ``cleaningtools::check_others``: every non-empty ``_other`` text is a log entry,
issue "recode other").

* **Listed, always**: every non-empty text of an *other-text question* gets one ``no_action``
  entry (``check_id = other_text``), whatever it says, with the choice it seems to name as the
  suggested ``new_value``.
* **Suggested, never applied**: when the words of exactly one choice (its labels in every
  language, or the package's ``other_synonyms.yml``) appear in the text, a ``no_action`` entry
  on the select question (``check_id = other_recode``) carries the recoded answer as
  ``new_value``.  A reviewer who agrees sets it to ``change_response`` (and the text's entry
  to ``blank_response``); keywords alone are not trusted to change data (issue #16: "the water
  department's staff do not come to collect charges" is not ``payment_difficult``).
* **Applied, deterministic**: a text that *is* one choice's label or name (any language,
  Arabic-normalised, case and spacing ignored) on an answer that selected ``other`` is moved
  onto that choice (``change_response`` on the select, ``blank_response`` on the text).

An other-text question is a ``text`` question whose ``relevant`` selects an "other" choice of
a select question (``selected(${q}, 'other')``, ``${q} = 'other'``), or, failing that, whose
name carries the word ``other`` (``q_other``, ``q_other_v1``): what the form says, not a
naming habit of one study.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import numpy as np
import pandas as pd

__all__ = ["other_text_questions", "recode_other"]

_SELECTED = re.compile(r"selected\(\s*\$\{([^}]+)\}\s*,\s*['\"]([^'\"]+)['\"]\s*\)")
_EQUALS = re.compile(r"\$\{([^}]+)\}\s*=\s*['\"]([^'\"]+)['\"]")
_OTHER_WORD = re.compile(r"(?:^|_)others?(?:_|$)", re.IGNORECASE)
_OTHER_LABEL = re.compile(r"^\s*(?:others?|other\s*\(.*\)|other,?\s*(?:please\s*)?specify|"
                          r"autres?|otros?|أخرى|اخرى|آخر|غير ذلك)\b", re.IGNORECASE)


def _is_other_choice(codebook, question: str, choice: str) -> bool:
    """Is ``choice`` the "other" option of ``question`` (by its name or its label)?"""
    if _OTHER_WORD.search(choice):
        return True
    from wpsresearch.errors import CodebookError

    try:
        options = codebook.choices_for(question)
    except CodebookError:  # not a select question: nothing to detail
        return False
    hit = options[options["name"].astype(str) == choice]
    labels = [c for c in hit.columns if c.startswith("label")]
    return any(isinstance(v, str) and _OTHER_LABEL.match(v) for c in labels for v in hit[c])


def _other_questions(codebook) -> tuple:
    v = codebook.variables
    selects = set(v.loc[v["base_type"].isin(["select_one", "select_multiple"]), "name"])
    out = []
    for name, base, rel in zip(v["name"], v["base_type"], v["relevant"]):
        if base != "text" or not isinstance(name, str):
            continue
        rel = rel if isinstance(rel, str) else ""
        parent = None
        for q, choice in _SELECTED.findall(rel) + _EQUALS.findall(rel):
            if q in selects and _is_other_choice(codebook, q, choice):
                parent = (q, choice)
                break
        if parent is None and not _OTHER_WORD.search(name):
            continue
        if parent is None:  # named q_other / q_other_v1: the select it details, if any
            base_name = _OTHER_WORD.sub("_", name).strip("_")
            guess = next((s for s in (base_name, name[: name.lower().rfind("_other")])
                          if s in selects), None)
            choices = codebook.choices_for(guess)["name"].astype(str) if guess else []
            other = next((c for c in choices if _is_other_choice(codebook, guess, c)), None)
            parent = (guess, other) if guess and other else (None, None)
        out.append((name, *parent))
    return tuple(out)


def other_text_questions(codebook) -> dict:
    """``{text question: (select question, its other choice) or (None, None)}`` — the form's
    "other, specify" texts, in form order.

    Examples
    --------
    >>> import wpsresearch as wps
    >>> wps.clean.other_text_questions(wps.io.example_form())
    {'help_sought_other': ('help_sought', 'other')}
    """
    return {name: (parent, choice) for name, parent, choice in _other_questions(codebook)}


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



def _exact_index(codebook, question) -> dict:
    """``{matching key: choice name}`` of every label and name of the question's choices that
    belongs to exactly one choice (the ``other`` choice left out)."""
    from wpsresearch.clean.types import _label_index
    from wpsresearch.text import normalize_key

    index = dict(_label_index(codebook, question))
    names = codebook.choices_for(question)["name"].astype(str)
    for name in names:
        key = " ".join(normalize_key(name.replace("_", " ")).casefold().split())
        if index.get(key, name) != name:
            index.pop(key)
        else:
            index[key] = name
    return {k: v for k, v in index.items() if not _OTHER_WORD.search(v)}


def _recoded(answer: str, other: str, choice: str, multiple: bool) -> str:
    """The select's answer once the other text is moved onto ``choice``."""
    if not multiple:
        return choice
    picked = [c for c in str(answer).split() if c != other]
    return " ".join(picked + ([choice] if choice not in picked else []))


@dataclasses.dataclass(frozen=True)
class _OtherText:
    """An "other, specify" text question and the select it details."""

    text: str
    parent: str
    other: str
    multiple: bool = False


def _one_table(frame, table, cb, log, questions, multiple_of):
    from wpsresearch.text import normalize_key
    from wpsresearch.text.columns import values_at

    changed = {}
    key = "_uuid" if "_uuid" in frame else "_parent_uuid"
    for text_q, (parent, other) in questions.items():
        if text_q not in frame.columns:
            continue
        texts = frame[text_q].astype("string")
        given = (texts.str.strip().str.len() > 0).fillna(False).to_numpy(bool)
        if not given.any():
            continue
        pos = np.flatnonzero(given)
        # the answered rows only, cut by position (not 10^5-row object arrays per question)
        values = np.array(values_at(texts, pos), dtype=object)
        uuids = values_at(frame[key].astype("string"), pos) if key in frame else [""] * len(pos)
        rows = frame["source_row"].to_numpy()[pos] if "source_row" in frame else None
        has_parent = parent is not None and parent in frame.columns
        answers = values_at(frame[parent].astype("string"), pos) if has_parent else [None] * len(pos)
        exact = _exact_index(cb, parent) if has_parent else {}
        keys = _choice_keys(cb, cb.question(parent)["list_name"]) if has_parent else []
        multiple = multiple_of.get(parent, False)
        suggestions, issues, apply_at = [], [], []
        recodes = []  # (position, old answer, new answer, issue)
        for i, (text, answer) in enumerate(zip(values, answers)):
            answer = None if answer is None or answer is pd.NA else str(answer)
            chose_other = answer is not None and other in answer.split()
            hit = exact.get(" ".join(normalize_key(str(text)).casefold().split()))
            if hit is not None and chose_other:
                apply_at.append(i)
                suggestions.append(hit)
                issues.append(f"recode other: the text is exactly the choice '{hit}' of {parent}; "
                              "recoded automatically")
                continue
            guess = _match_choice(text, keys) if has_parent else None
            suggestions.append(guess or "")
            where = f" of {parent}" if has_parent else ""
            issues.append(f"recode other: translate, and recode if it names a choice{where}"
                          + (f" (suggested: {guess})" if guess else ""))
            if guess and chose_other:
                recodes.append((i, answer, _recoded(answer, other, guess, multiple),
                                f"suggested recode of the 'other' answer: its text names the "
                                f"choice '{guess}' (words of the form's labels / synonyms); "
                                f"set change_type to change_response to apply, and "
                                f"blank_response on {text_q}"))
        log.add_many(uuids=uuids, question=text_q, old_values=values, new_values=suggestions,
                     issue=issues, change_type="no_action", check_id="other_text", table=table,
                     source_rows=rows)
        if recodes:
            at = [r[0] for r in recodes]
            log.add_many(uuids=[uuids[i] for i in at], question=parent,
                         old_values=[r[1] for r in recodes], new_values=[r[2] for r in recodes],
                         issue=[r[3] for r in recodes], change_type="no_action",
                         check_id="other_recode", table=table,
                         source_rows=None if rows is None else rows[at])
        if apply_at:
            changed.update(_apply_exact(frame, changed, log, table,
                                        _OtherText(text_q, parent, other, multiple),
                                        pos[apply_at], [suggestions[i] for i in apply_at]))
    return changed


def _apply_exact(frame, changed, log, table, question: _OtherText, positions, choices):
    """Move exact-label texts onto their choice: select answer, its dummies, the text."""
    text_q, parent, other, multiple = question.text, question.parent, question.other, question.multiple
    key = "_uuid" if "_uuid" in frame else "_parent_uuid"
    uuids = frame[key].astype("string").to_numpy(dtype=object)[positions] if key in frame else [""] * len(positions)
    rows = frame["source_row"].to_numpy()[positions] if "source_row" in frame else None
    out = {}
    answer = changed.get(parent, frame[parent]).astype("string").copy()
    olds = answer.to_numpy(dtype=object)[positions]
    news = [_recoded(a, other, c, multiple) for a, c in zip(olds, choices)]
    issue = [f"'other' text is exactly the choice '{c}'" for c in choices]
    log.add_many(uuids=uuids, question=parent, old_values=olds, new_values=news, issue=issue,
                 change_type="change_response", check_id="other_recode", table=table,
                 source_rows=rows)
    answer.iloc[positions] = news
    out[parent] = answer
    if multiple:  # the Kobo dummies of the select_multiple follow its answer
        for dummy_of, value in ((other, "0"),) + tuple((c, "1") for c in sorted(set(choices))):
            col = f"{parent}__{dummy_of}"
            if col not in frame.columns:
                continue
            dummy = changed.get(col, frame[col]).astype("string").copy()
            at = positions if dummy_of == other else positions[[c == dummy_of for c in choices]]
            differ = at[(dummy.to_numpy(dtype=object)[at] != value)]
            if len(differ):
                sel = np.isin(positions, differ)
                log.add_many(uuids=np.asarray(uuids)[sel], question=col,
                             old_values=dummy.to_numpy(dtype=object)[differ],
                             new_values=[value] * len(differ), issue="'other' text is exactly a choice",
                             change_type="change_response", check_id="other_recode", table=table,
                             source_rows=None if rows is None else rows[sel])
                dummy.iloc[differ] = value
                out[col] = dummy
    text = frame[text_q].astype("string").copy()
    log.add_many(uuids=uuids, question=text_q, old_values=text.to_numpy(dtype=object)[positions],
                 new_values=[""] * len(positions), issue=issue, change_type="blank_response",
                 check_id="other_recode", table=table, source_rows=rows)
    text.iloc[positions] = pd.NA
    out[text_q] = text
    return out


def recode_other(sd, *, log):
    """List every ``other, specify`` text for review; suggest recodes; apply exact labels.

    See the module docstring for the three kinds of entry.  Returns new data (only exact
    label/name matches changed).

    Notes
    -----
    REACH/IMPACT equivalent: ``cleaningtools::check_others`` lists the texts ("recode
    other"); the reviewed log is applied with ``create_clean_data`` (here
    :func:`~wpsresearch.clean.apply_log`).
    """
    from wpsresearch.clean.values import each_table, with_columns

    cb = sd.codebook
    questions = other_text_questions(cb)
    v = cb.variables
    multiple_of = dict(zip(v["name"], v["base_type"] == "select_multiple"))

    def step(frame, table):
        return with_columns(frame, _one_table(frame, table, cb, log, questions, multiple_of))

    return each_table(sd, step)

