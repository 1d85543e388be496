"""The PySide6 layer: windows, dialogs, item models over the services. Only this package
imports QtWidgets."""
