"""The public face's rules: when the weekly public digest is due, which calls go where."""
