"""Browser journeys: one user's whole errand as a function of a driver and a live site,
called by the browser tests (and reusable by others, such as a benchmark's walk-through)."""
