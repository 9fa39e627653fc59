"""The board report for elected members and non-executives, as a pure model."""
