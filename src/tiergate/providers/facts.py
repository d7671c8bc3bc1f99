"""What tiergate knows about a destination: the facts routing decides on.

Facts describe a provider, not its name: where its data is stored and processed
(``jurisdiction``), whether it trains on API data, how long it keeps it, whether zero data
retention is available, and whether it is self-hosted (the organisation's own machines).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Facts(BaseModel):
    """Policy facts of one provider. ``None`` means unknown, and unknown is never assumed
    to be safe: a provider whose facts are unknown only receives tier-1 data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    self_hosted: bool = False
    jurisdiction: str | None = Field(
        default=None,
        description="ISO 3166 alpha-2 country code (US, CN, FR) or region (EU, EEA)",
        pattern=r"^[A-Z]{2,3}$",
    )
    trains_on_api_data: bool | None = None
    retention_days: int | None = Field(default=None, ge=0)
    zero_data_retention: bool | None = None

    def merged(self, override: Facts) -> Facts:
        """These facts with every field ``override`` states explicitly replaced."""
        return self.model_copy(update=override.model_dump(exclude_unset=True))
