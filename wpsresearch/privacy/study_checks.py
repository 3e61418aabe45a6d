"""Privacy preconditions a study must meet before any of its data is processed."""

from __future__ import annotations

from collections.abc import Mapping

from wpsresearch.errors import PrivacyError
from wpsresearch.privacy.pseudonyms import load_secret

__all__ = ["check_study_privacy"]


def check_study_privacy(study_config: Mapping, *, config_path=None) -> None:
    """Refuse a study without a consent column or without a pseudonymisation secret.

    Parameters
    ----------
    study_config : mapping or Study
        The parsed ``study.yml`` (``consent: {column: ...}``, ``secret_env: NAME``,
        ``pii_columns: [...]``).
    config_path : path, optional
        Secrets file to read instead of the default user config file.

    Raises
    ------
    PrivacyError
        With a message that says what is missing and how to fix it (never the secret).

    Examples
    --------
    >>> from wpsresearch.privacy import check_study_privacy
    >>> check_study_privacy({"consent": {"column": "consent"}})
    Traceback (most recent call last):
    ...
    wpsresearch.errors.PrivacyError: study.yml, column 'secret_env': the study declares no pseudonymisation secret...
    """
    if isinstance(study_config, Mapping) or study_config is None:
        cfg = dict(study_config or {})
    else:  # a loaded Study object: same fields as attributes
        cfg = {k: getattr(study_config, k, None) for k in ("consent", "pii_columns", "secret_env")}
    consent = cfg.get("consent")
    column = consent.get("column") if isinstance(consent, Mapping) else None
    if not column:
        raise PrivacyError(
            "the study declares no consent column: records without recorded consent must never "
            "be processed", file="study.yml", column="consent",
            hint="add e.g. `consent: {column: consent, yes: 'yes'}` naming the form's consent question",
        )
    pii = cfg.get("pii_columns")
    if pii is not None and not isinstance(pii, (list, tuple)):
        raise PrivacyError("pii_columns must be a list of column names", file="study.yml",
                           column="pii_columns", hint="e.g. pii_columns: [respondent_name, phone, gps]")
    env = cfg.get("secret_env")
    if not env:
        raise PrivacyError(
            "the study declares no pseudonymisation secret (secret_env); respondent ids cannot "
            "be pseudonymised", file="study.yml", column="secret_env",
            hint="add `secret_env: WPSRESEARCH_SECRET_<STUDY>` and set that environment variable "
                 "(or an entry in your user secrets file), never in the repository",
        )
    load_secret(str(env), config_path=config_path)
