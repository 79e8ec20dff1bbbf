"""The questionnaire behind ``foi-draft new``: the engine decides, the view asks.

- :mod:`~foi_drafter.interview.engine`: the steps, the flow and the answers (no terminal).
- :mod:`~foi_drafter.interview.view`: questionary prompts for the engine's steps.
- :mod:`~foi_drafter.interview.request`: reading a request file and splitting it into questions.
"""
