#!/bin/sh
# Prints a Python >= 3.12 to build .venv with. 3.12 is required: PySide6 6.12 drops a
# reference to True on every signal emitted from Python, fatal on 3.11 (where True and
# None are not yet immortal) after a few thousand emits; harmless from 3.12 on.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidate in ${PYTHON:-} python3.12 python3.13 python3; do
  if ok "$candidate"; then command -v "$candidate"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for candidate in "$root"/versions/3.12*/bin/python3 "$root"/versions/3.13*/bin/python3 /usr/local/bin/python3.1[23] /usr/bin/python3.1[23]; do
  if [ -x "$candidate" ] && ok "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "Python 3.12 or newer is needed (PySide6 6.12 on 3.11 crashes); install it or set PYTHON=" >&2
exit 1
