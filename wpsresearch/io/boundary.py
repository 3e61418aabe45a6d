"""The boundary between wpsresearch and the libraries it reads files with.

pandas, openpyxl, pyreadstat and zipfile raise their own exceptions on broken files; a
scholar should read what is wrong with the *file*, not a traceback from inside a library.
Every public reader is wrapped so that any such exception becomes an :class:`InputError`
naming the file (the original stays attached as ``__cause__`` for bug reports).
"""

from __future__ import annotations

import functools

from wpsresearch.errors import InputError, WpsError

__all__ = ["reader_boundary"]


def reader_boundary(what: str):
    """Decorate a reader whose first argument is the path of a ``what`` file."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(path, *args, **kwargs):
            try:
                return func(path, *args, **kwargs)
            except WpsError:
                raise
            except FileNotFoundError:
                raise InputError("file not found", file=path,
                                 hint="check the path and the file name") from None
            except (IsADirectoryError, PermissionError) as exc:
                raise InputError(f"cannot open the file ({exc.strerror})", file=path,
                                 hint="give the path of a file you can read") from None
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - this is the boundary, see module doc
                raise InputError(
                    f"could not read this as a {what} ({type(exc).__name__}: {exc})",
                    file=path,
                    hint=f"check that the file is a complete {what}; re-export it from the "
                    "server if it was opened and saved in another program",
                ) from exc

        return wrapper

    return decorate
