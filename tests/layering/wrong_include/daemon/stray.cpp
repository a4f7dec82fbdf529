// A fixture of the layering test: code at daemon/'s root, which belongs to no module. Never compiled.
