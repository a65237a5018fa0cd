"""The `communique` command: a thin layer over the library."""
import click


@click.group()
@click.version_option()
def main() -> None:
    """Read dated defence-diplomacy news and keep a queryable record of it."""
