"""foi-drafter: draft UK FOI responses and refusal notices from a reviewed clause library."""

__version__ = "0.1.0"
