"""Pseudonymous respondent ids: a keyed hash (HMAC-SHA256) of the submission id.

Why a *keyed* hash: a plain SHA-256 of a Kobo uuid or a phone number can be reversed by
hashing every candidate; with a per-study secret only the key holder can link a pseudonym back.
The secret comes from an environment variable or a user config file outside the project
(``~/.config/wpsresearch/secrets.yml`` or the platform's equivalent), never from the repository
or ``data/processed``.

Length and collisions: a pseudonym is the first ``length`` hex digits of the HMAC, i.e.
``4 * length`` bits.  For ``n`` ids the chance that any two collide is about
``n**2 / 2**(4*length + 1)`` (birthday bound).  The default ``length=16`` (64 bits) gives
2.7e-8 for a million ids and 2.7e-12 for 10 000; :func:`pseudonymize` checks for collisions
anyway and raises rather than merge two respondents.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from pathlib import Path

from wpsresearch.errors import InputError, PrivacyError

__all__ = ["pseudonymize", "load_secret", "default_secrets_path", "MIN_SECRET_LENGTH"]

MIN_SECRET_LENGTH = 16


def pseudonymize(ids, *, secret, length: int = 16):
    """Replace ids by ``HMAC-SHA256(secret, id)`` truncated to ``length`` hex digits.

    Parameters
    ----------
    ids : Series or sequence
        Submission ids (``_uuid``); converted to text, surrounding spaces removed.  Missing
        stays missing.
    secret : str or bytes
        The study's key (see :func:`load_secret`).
    length : int, default 16
        Hex digits kept (8-64).  See the module notes for the collision maths.

    Returns
    -------
    Series (when given a Series, same index) or list

    Notes
    -----
    R/SPSS equivalent: ``digest::hmac(key, id, "sha256")`` in R.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import pseudonymize
    >>> out = pseudonymize(pd.Series(["a1", "b2", None]), secret="a-long-study-secret-123")
    >>> [len(v) for v in out[:2]], out.isna().tolist()
    ([16, 16], [False, False, True])
    >>> out[0] == pseudonymize(["a1"], secret="a-long-study-secret-123")[0]
    True
    """
    import pandas as pd

    if not 8 <= int(length) <= 64:
        raise InputError(f"length must be between 8 and 64 hex digits, not {length}")
    key = _key_bytes(secret)
    series = ids if isinstance(ids, pd.Series) else pd.Series(list(ids), dtype=object)
    out = {}
    seen: dict[str, str] = {}
    for pos, value in enumerate(series.tolist()):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            out[pos] = None
            continue
        # 123.0 (a float column) and 123 are the same id
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
        digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[: int(length)]
        if seen.setdefault(digest, text) != text:
            raise PrivacyError(
                f"two different ids share the pseudonym prefix of length {length}",
                hint="use a larger length= (e.g. 32)",
            )
        out[pos] = digest
    values = [out[i] for i in range(len(series))]
    if isinstance(ids, pd.Series):
        return pd.Series(values, index=ids.index, name=ids.name, dtype=object)
    return values


def _key_bytes(secret) -> bytes:
    if secret is None:
        raise PrivacyError("no pseudonymisation secret given", hint="see load_secret()")
    key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if len(key) < MIN_SECRET_LENGTH:
        raise PrivacyError(
            f"the pseudonymisation secret is too short (fewer than {MIN_SECRET_LENGTH} characters)",
            hint="generate one with: python -c \"import secrets; print(secrets.token_urlsafe(32))\"",
        )
    return key


def default_secrets_path() -> Path:
    """Where the user's secrets file lives: ``<user config dir>/wpsresearch/secrets.yml``.

    Uses ``platformdirs`` when installed; otherwise XDG on Linux, ``%APPDATA%`` on Windows and
    ``~/Library/Application Support`` on macOS.
    """
    try:
        import platformdirs
    except ImportError:
        platformdirs = None
    if platformdirs is not None:
        return Path(platformdirs.user_config_dir("wpsresearch", appauthor=False)) / "secrets.yml"
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "wpsresearch" / "secrets.yml"


def _refuse_unsafe_location(path: Path) -> None:
    resolved = path.resolve()
    parts = [p.lower() for p in resolved.parts]
    for i in range(len(parts) - 1):
        if parts[i] == "data" and parts[i + 1] == "processed":
            raise PrivacyError("a secrets file must not live under data/processed",
                               file=path, hint=f"move it to {default_secrets_path()}")
    if resolved.parent == default_secrets_path().resolve().parent:
        return  # the user's own config folder, even if their home is a dotfiles repository
    for parent in resolved.parents:
        if (parent / ".git").exists() or (parent / "pyproject.toml").exists():
            raise PrivacyError(
                "a secrets file must not live inside a project folder (it would be committed "
                "or shared with the data)", file=path,
                hint=f"move it to {default_secrets_path()} or use an environment variable",
            )


def load_secret(env_var: str, *, config_path=None) -> str:
    """The study's pseudonymisation secret, from the environment or the user's config file.

    Parameters
    ----------
    env_var : str
        Name of the environment variable (``secret_env`` in ``study.yml``), also the key
        looked up in the secrets file (``WPSRESEARCH_SECRET_X: "..."``).
    config_path : path, optional
        A secrets YAML file; default :func:`default_secrets_path`.

    Raises
    ------
    PrivacyError
        When no secret is set, it is too short, or the file sits in a project folder or
        ``data/processed``.  The message never contains the secret.
    """
    if not env_var or not str(env_var).replace("_", "").isalnum():
        raise PrivacyError("secret_env must be an environment-variable name",
                           hint="e.g. secret_env: WPSRESEARCH_SECRET_MYSTUDY in study.yml")
    value = os.environ.get(env_var)
    if value:
        _key_bytes(value)
        return value
    path = Path(config_path) if config_path is not None else default_secrets_path()
    if path.exists():
        _refuse_unsafe_location(path)
        value = _read_secret_file(path, env_var)
        if value:
            _key_bytes(value)
            return value
    raise PrivacyError(
        f"no pseudonymisation secret: the environment variable {env_var} is not set and "
        f"{path} has no entry {env_var}",
        hint=(f"create a random secret once and keep it outside the project, e.g. "
              f"`export {env_var}=$(python -c \"import secrets; print(secrets.token_urlsafe(32))\")` "
              f"or a line `{env_var}: <secret>` in {default_secrets_path()}; "
              "losing it means pseudonyms cannot be linked to new data"),
    )


def _read_secret_file(path: Path, env_var: str) -> str | None:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PrivacyError(f"the secrets file cannot be read ({type(exc).__name__})", file=path,
                           hint="it must be YAML: one line `NAME: secret` per study") from None
    if not isinstance(data, dict):
        raise PrivacyError("the secrets file must be a YAML mapping NAME: secret", file=path)
    section = data.get("secrets") if isinstance(data.get("secrets"), dict) else data
    value = section.get(env_var)
    return None if value is None else str(value)
