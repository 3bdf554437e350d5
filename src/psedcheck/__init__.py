"""psedcheck: checks local development programmes of Kyrgyzstan against the 2018 methodology."""
__version__ = "0.1.0"
