"""Browser journeys: what a person does, step by step, callable from any browser test."""
