"""The outcome emails' templates and the one way their context is built (notify sends them;
decisions' board workspace previews them)."""
