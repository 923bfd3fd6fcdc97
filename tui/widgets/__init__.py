"""The widgets of the marking app; each gets its state bound down and posts messages up."""
