"""The community portal project: settings, URLs and the pieces every app shares."""
