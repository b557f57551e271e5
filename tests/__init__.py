"""The test suite: a package, so every test imports its helpers from `tests.support`."""
