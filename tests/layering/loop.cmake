# A fixture of the layering test: a table whose modules use each other (a loop).
set(HATEWATCH_LAYERS
  "base:"
  "store: base alerts"
  "alerts: store base"
)
