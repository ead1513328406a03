"""What every settings section shares: frozen, unknown keys refused; the common value types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class Section(BaseModel):
    """A settings section: frozen, and a key it does not know is an error (a typo)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
