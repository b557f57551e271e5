"""The full-screen Textual interface. Everything below here may import Textual; nothing else may."""
