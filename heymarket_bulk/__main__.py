"""``python -m heymarket_bulk`` runs the ``heymarket`` command."""

from heymarket_bulk.cli import main

main(prog_name="heymarket")
