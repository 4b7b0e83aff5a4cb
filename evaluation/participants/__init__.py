"""What participant pages share: the language and the easy-read choice, and how a
participant page is rendered (no sign-in, no caching, not indexed)."""
