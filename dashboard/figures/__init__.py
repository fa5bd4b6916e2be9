"""Pure figure builders shared by the app and the exports (no Dash imports here)."""
