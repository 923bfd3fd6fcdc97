"""The screens of the marking app; each owns its state."""
