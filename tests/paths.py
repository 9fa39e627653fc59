"""Where things are, for tests anywhere in the tree (so moving a test never breaks a path)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PAYLOADS = ROOT / "tests" / "payloads"
SHARED_DATA = ROOT.parent / "shared" / "data"  # the NHS A&E extract beside the repository
