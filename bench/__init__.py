"""Load benchmarks (`make bench`): not part of `make test`. See bench/RESULTS.md."""
