"""`python -m bot` is the same as the `goldthread` command."""

from bot.cli import entry

if __name__ == "__main__":
    entry()
