"""The application below the window: plans, deadlines, services, the command line.

Nothing in this package imports QtWidgets, so every rule runs without a display."""
