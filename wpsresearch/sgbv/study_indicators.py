"""A study's ``indicators:`` block: the package's standard indicators on the study's own questions.

``study.yml`` maps each standard indicator family to the questions (and answer codes) of the
study's form, so that an analysis plan can ask for ``ipv_any_12m`` on any form that asks the
DHS partner-violence questions, whatever they are called::

    indicators:
      dhs_ipv:                 # DHS d105/d103 items -> ipv_{physical,sexual,emotional,any}_{12m,ever}
        physical: [Q21, Q22, Q25]
        sexual: [Q23, Q26]
        emotional: [Q24, Q27]
        sex: Q1               # + female: [untha] when "female" is not the answer's name
        marital: Q3           # + ever_partnered: [mutazawija, ...]
        age: Q2               # + age_range: [15, 49]
        private: Q20           # interviewed in private (DHS v044); + private_yes: [naam]
      dhs_attitudes: {items: [Q31, Q32, Q33, Q34, Q35]}     # -> justify_any_reason
      help_seeking: {question: Q7, options: {police: shurta, fpd: himaya, no_one: la_ahad}}
      no_report_reasons: {question: Q9, options: {stigma: ayb}}
      trust_police_index: {items: {Q41: trust_4, Q42: agree_4}}    # scales: codebooks/indices.yaml
      safety_index: {items: {S1: safe_4, S2: safe_4}}
      indices:                 # the study's own Likert indices
        training_index: {items: {T1: agree_4, T2: agree_4}, label: {en: ..., ar: ...}}
      answers:                 # yes/no indicators from one answer ("don't know" -> missing)
        night_unsafe: {question: S2, "yes": [unsafe, very_unsafe], label: {en: ..., ar: ...}}

An indicator whose questions the form or the data do not have is a clear error naming them.
Nothing here names a study's questions: they all come from the mapping.
"""

from __future__ import annotations

from wpsresearch.errors import InputError, StudyConfigError

__all__ = ["FAMILIES", "add_indicators", "check_indicators", "indicator_names",
           "indicator_labels", "indicator_sources", "indicator_definitions", "sgbv_columns",
           "answer_indicator"]

# family -> (allowed keys, required keys); "indices" and "answers" map names to such specs
FAMILIES = {
    "dhs_ipv": ({"physical", "sexual", "emotional", "sex", "female", "marital", "ever_partnered",
                 "age", "age_range", "private", "private_yes", "answers", "refused"},
                {"physical", "sexual", "sex", "marital", "age"}),
    "dhs_attitudes": ({"items", "answers"}, {"items"}),
    "help_seeking": ({"question", "options"}, {"question"}),
    "no_report_reasons": ({"question", "options"}, {"question"}),
    "trust_police_index": ({"items", "min_items"}, {"items"}),
    "safety_index": ({"items", "min_items"}, {"items"}),
    "indices": None,
    "answers": None,
}
_NAMED = {"indices": ({"items", "min_items", "label"}, {"items"}),
          "answers": ({"question", "yes", "label"}, {"question", "yes"})}
_HINT = "see the indicators: block in the README (study.yml) or wpsresearch.sgbv.study_indicators"


def _fail(message, family, file, hint=_HINT, column=None):
    raise StudyConfigError(f"indicators.{family}: {message}", file=file, column=column, hint=hint)


def _as_list(value) -> list:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _specs(mapping, file=None):
    """``(family, name, spec)`` for every indicator spec of the mapping, shape-checked."""
    for family, spec in dict(mapping or {}).items():
        if family not in FAMILIES:
            import difflib

            close = difflib.get_close_matches(str(family), list(FAMILIES), n=1)
            _fail("unknown indicator family", family, file,
                  f"did you mean '{close[0]}'?" if close else f"families: {', '.join(FAMILIES)}")
        named = FAMILIES[family] is None
        items = dict(spec).items() if named and isinstance(spec, dict) else [(family, spec)]
        if named and not isinstance(spec, dict):
            _fail("must map indicator names to their definitions", family, file)
        for name, one in items:
            allowed, required = _NAMED[family] if named else FAMILIES[family]
            where = f"{family}.{name}" if named else family
            if not isinstance(one, dict):
                _fail("must be a mapping of keys to questions", where, file)
            unknown = sorted(set(one) - allowed)
            if unknown:
                _fail(f"unknown key(s) {unknown}", where, file, f"keys: {', '.join(sorted(allowed))}")
            missing = sorted(k for k in required if not one.get(k))
            if missing:
                _fail(f"needs {', '.join(missing)}", where, file)
            yield family, name, one


def _questions(family, spec) -> list:
    """``[(key, question), ...]`` every question a spec reads."""
    if family == "dhs_ipv":
        out = [(d, q) for d in ("physical", "sexual", "emotional") for q in _as_list(spec.get(d))]
        return out + [(k, spec[k]) for k in ("sex", "marital", "age", "private") if spec.get(k)]
    if family == "dhs_attitudes":
        return [("items", q) for q in _as_list(spec["items"])]
    if family in ("help_seeking", "no_report_reasons", "answers"):
        return [("question", spec["question"])]
    return [("items", q) for q in dict(spec["items"])]


def _codes(family, spec) -> list:
    """``[(key, question, [codes])]``: answer codes a spec names, to check against the form."""
    if family == "dhs_ipv":
        pairs = [("female", "sex"), ("ever_partnered", "marital"), ("private_yes", "private")]
        return [(k, spec[q], _as_list(spec[k])) for k, q in pairs if spec.get(k) and spec.get(q)]
    if family in ("help_seeking", "no_report_reasons"):
        codes = [c for v in dict(spec.get("options") or {}).values() for c in _as_list(v)]
        return [("options", spec["question"], codes)]
    if family == "answers":
        return [("yes", spec["question"], _as_list(spec["yes"]))]
    return []


def indicator_names(mapping) -> list:
    """Every column :func:`add_indicators` can add for this mapping (in family order)."""
    from wpsresearch.sgbv.indicators import ATTITUDE_OUTPUTS, IPV_OUTPUTS
    from wpsresearch.sgbv.rulebook import load_yaml

    hs = load_yaml("help_seeking.yaml")
    out = []
    for family, name, spec in _specs(mapping):
        if family == "dhs_ipv":
            out += [c for c in IPV_OUTPUTS if spec.get("emotional") or
                    ("emotional" not in c and "sdg" not in c)]
        elif family == "dhs_attitudes":
            out += list(ATTITUDE_OUTPUTS)
        elif family == "help_seeking":
            out += ["help_asked", *hs["help_sources"]["groups"], "reported_formal"]
        elif family == "no_report_reasons":
            out += ["reason_asked", *hs["no_report_reasons"]["groups"]]
        else:
            out.append(name)
    return list(dict.fromkeys(out))


def check_indicators(mapping, codebook, *, file=None) -> None:
    """Every question the mapping names is in the form, every answer code among its choices.

    Raises
    ------
    StudyConfigError
        Naming ``indicators.<family>``, the missing questions (all of them) or codes.
    """
    names = set(codebook.names)
    for family, name, spec in _specs(mapping, file):
        where = f"{family}.{name}" if FAMILIES[family] is None else family
        absent = [q for _, q in _questions(family, spec) if q not in names]
        if absent:
            _fail(f"the form {getattr(codebook, 'source', None) or ''} has no question(s) "
                  f"{', '.join(repr(a) for a in absent)}", where, file,
                  "write the question names of your form's survey sheet, or remove this "
                  "indicator if the study does not ask it", column=absent)
        for key, question, codes in _codes(family, spec):
            choices = _choice_names(codebook, question)
            bad = [c for c in codes if choices is not None and c not in choices]
            if bad:
                _fail(f"{key}: {', '.join(repr(b) for b in bad)} not among the answers of "
                      f"{question!r} ({', '.join(sorted(choices)[:12])})", where, file,
                      "write the choice names of your form's choices sheet", column=question)
        if family == "dhs_ipv":
            _check_default_codes(spec, codebook, where, file)


def _choice_names(codebook, question):
    try:
        return set(codebook.choices_for(question)["name"].astype(str))
    except Exception:  # noqa: BLE001 - not a select question: its answers are free
        return None


def _check_default_codes(spec, codebook, where, file):
    """A denominator code left to DHS's default must be an answer of the study's question."""
    from wpsresearch.sgbv.rulebook import load_yaml

    defaults = load_yaml("dhs_ipv.yaml")["denominator"]
    for key, question in (("female", "sex"), ("ever_partnered", "marital"), ("private_yes", "private")):
        if spec.get(key) or not spec.get(question):
            continue
        choices = _choice_names(codebook, spec[question])
        if choices is not None and not set(map(str, defaults[key])) & choices:
            _fail(f"the answers of {spec[question]!r} ({', '.join(sorted(choices)[:12])}) do not "
                  f"include the default {key} {defaults[key]}", where, file,
                  f"add {key}: [...] with your form's choice names", column=spec[question])


def answer_indicator(df, question, yes, *, missing=None):
    """A yes/no indicator from one answer: True for the ``yes`` answers, False for any other
    answer, <NA> for "don't know"/"refused"/not asked.

    Notes
    -----
    SPSS equivalent: ``RECODE q ('a' 'b'=1) (MISSING=SYSMIS) (ELSE=0) INTO q_yes.``

    Examples
    --------
    >>> import pandas as pd
    >>> s = answer_indicator(pd.DataFrame({"S2": ["unsafe", "safe", "dont_know", None]}), "S2",
    ...                      ["unsafe", "very_unsafe"])
    >>> s.tolist()
    [True, False, <NA>, <NA>]
    """
    import pandas as pd

    from wpsresearch.io.missing import MISSING_CATEGORIES

    if question not in df.columns:
        raise InputError("the question of a yes/no indicator is not in the data", column=question)
    answer = df[question].astype("string")
    value = answer.isin(_as_list(yes)).astype("boolean")
    value[answer.isna() | answer.isin(list(missing or MISSING_CATEGORIES))] = pd.NA
    return value


def _family_frame(df, family, name, spec):
    import pandas as pd

    from wpsresearch.sgbv import help_seeking, indicators, indices

    if family == "dhs_ipv":
        den = {k: spec[k] for k in ("sex", "female", "marital", "ever_partnered", "age",
                                    "private", "private_yes") if spec.get(k)}
        items = {d: _as_list(spec[d]) for d in ("physical", "sexual", "emotional") if spec.get(d)}
        return indicators.ipv_indicators(df, items=items, denominator=den,
                                         age_range=tuple(spec.get("age_range") or (15, 49)),
                                         answers=spec.get("answers"),
                                         refused=spec.get("refused", "missing"))
    if family == "dhs_attitudes":
        return indicators.attitude_indicators(df, items=_as_list(spec["items"]),
                                              answers=spec.get("answers"))
    if family == "help_seeking":
        return help_seeking.help_seeking_pathways(df, spec["question"], options=spec.get("options"))
    if family == "no_report_reasons":
        return help_seeking.no_report_reasons(df, spec["question"], options=spec.get("options"))
    if family == "answers":
        return pd.DataFrame({name: answer_indicator(df, spec["question"], spec["yes"])})
    index = indices.likert_index if family == "indices" else None
    if index is None:
        fn = indices.trust_police_index if family == "trust_police_index" else indices.safety_index
        return pd.DataFrame({name: fn(df, dict(spec["items"]), min_items=spec.get("min_items")).scores})
    res = index(df, {"items": dict(spec["items"]), "min_items": spec.get("min_items", 1)}, name=name)
    return pd.DataFrame({name: res.scores})


def add_indicators(df, mapping, *, file=None):
    """``df`` with the indicators of a study's ``indicators:`` mapping added as columns.

    Parameters
    ----------
    df : pandas.DataFrame
        The processed respondents (``study.read_processed()``).
    mapping : dict
        ``study.indicators`` (see the module docstring).
    file : path, optional
        ``study.yml``, named in errors.

    Returns
    -------
    pandas.DataFrame
        A new frame; a column the data already have is left as it is (and not recomputed).

    Raises
    ------
    StudyConfigError
        A family, key or question the data do not have: naming ``indicators.<family>`` and
        every missing question.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"S2": ["unsafe", "safe"], "Q7": ["shurta", "ahl"]})
    >>> out = add_indicators(df, {"answers": {"night_unsafe": {"question": "S2", "yes": ["unsafe"]}},
    ...                          "help_seeking": {"question": "Q7", "options": {"police": "shurta",
    ...                                                                        "family": "ahl"}}})
    >>> out[["night_unsafe", "help_formal", "reported_formal", "help_informal"]].values.tolist()
    [[True, True, True, False], [False, False, False, True]]
    """
    parts = []
    for family, name, spec in _specs(mapping, file):
        where = f"{family}.{name}" if FAMILIES[family] is None else family
        absent = [q for _, q in _questions(family, spec) if q not in df.columns
                  and not _has_options(df, q, family)]
        if absent:
            _fail(f"the data have no column(s) {', '.join(repr(a) for a in absent)}", where, file,
                  "check the question names against the form, and that the study was built "
                  "(wpsresearch build)", column=absent)
        try:
            parts.append(_family_frame(df, family, name, spec))
        except InputError as exc:
            raise StudyConfigError(f"indicators.{where}: {exc.message}", file=file,
                                   column=exc.column, row=None, hint=exc.hint) from None
    added = [p[[c for c in p.columns if c not in df.columns]] for p in parts]
    return df.join(added) if added else df.copy()


def _has_options(df, question, family):
    if family not in ("help_seeking", "no_report_reasons"):
        return False
    from wpsresearch.sgbv.help_seeking import _option_columns

    return bool(_option_columns(df, question))


def indicator_labels(mapping, codebook=None) -> dict:
    """``{name: {"en": ..., "ar": ...}}`` for the study's own indicators (``answers``,
    ``indices``): their ``label`` in the mapping, else built from the form's labels
    (``question label: answer, answer``)."""
    out = {}
    for family, name, spec in _specs(mapping):
        if family not in ("answers", "indices"):
            continue
        label = dict(spec.get("label") or {})
        if not label and codebook is not None and family == "answers":
            label = {lang: _answer_text(codebook, spec, lang) for lang in ("en", "ar")}
        if label:
            out[name] = {"en": label.get("en") or label.get("ar") or name,
                         "ar": label.get("ar") or label.get("en") or name}
    return out


def _answer_text(codebook, spec, lang):
    question = spec["question"]
    if question not in codebook.names:
        return None
    answers = ", ".join(codebook.label(question, lang, choice=c) for c in _as_list(spec["yes"]))
    return f"{codebook.label(question, lang)}: {answers}"


def indicator_sources(mapping) -> dict:
    """``{indicator: question}``: the first question each indicator of the mapping is built
    from (where a report puts an indicator the plan gives no section).

    Examples
    --------
    >>> indicator_sources({"answers": {"night_unsafe": {"question": "S2", "yes": ["x"]}}})
    {'night_unsafe': 'S2'}
    """
    out = {}
    for family, name, spec in _specs(mapping):
        first = _questions(family, spec)[0][1]
        for output in indicator_names({family: spec} if FAMILIES[family] is not None
                                      else {family: {name: spec}}):
            out.setdefault(output, first)
    return out


def indicator_definitions(mapping) -> dict:
    """``{indicator: {"family", "questions", "spec"}}``: what each indicator of the mapping is
    built from — its family, *every* question it reads (in the mapping's order) and the
    family's spec as written (answer codes, items, age range...).  Two rounds' indicators
    measure the same thing only when these and the questions' wordings agree (the monitor's
    comparability check).

    Examples
    --------
    >>> d = indicator_definitions({"answers": {"night_unsafe": {"question": "S2", "yes": ["x"]}}})
    >>> d["night_unsafe"]["questions"], d["night_unsafe"]["spec"]["yes"]
    (('S2',), ['x'])
    """
    out = {}
    for family, name, spec in _specs(mapping):
        questions = tuple(dict.fromkeys(str(q) for _, q in _questions(family, spec)))
        for output in indicator_names({family: spec} if FAMILIES[family] is not None
                                      else {family: {name: spec}}):
            out.setdefault(output, {"family": family, "questions": questions, "spec": spec})
    return out


def sgbv_columns(mapping) -> set:
    """The study's columns that hold SGBV data (partner-violence and attitude items, the
    help-seeking and not-reporting questions): never mapped by district without consent."""
    out = set()
    for family, _, spec in _specs(mapping):
        if family in ("dhs_ipv", "dhs_attitudes", "help_seeking", "no_report_reasons"):
            out |= {q for key, q in _questions(family, spec)
                    if key not in ("sex", "marital", "age")}
    return out
