# The daemon's modules and who may include whom (docs/architecture.md draws it). Each entry is
# "folder: the folders it may include", a module only after every module it uses, so that the
# table cannot hold a loop. Every module may include core/ and the standard and system headers;
# a folder not named here holds no code. The build checks every #include "daemon/..." against
# this table (cmake/check_layering.cmake) and links each module only with the ones it names.
set(HATEWATCH_LAYERS
  "base:"
  "store/sql: base"
  "store/sqlite: store/sql base"
  "store/pg: store/sql base"
  "store: store/sql store/sqlite store/pg base"
  "outbound: base"
  "http: base"
  "console: base"
  "models: store store/sql base"
  "alerts: models store store/sql outbound base"
  "intake: models alerts store store/sql outbound base"
  "api: http intake models alerts store store/sql console outbound base"
  "config: api intake models alerts store console http base"
  "commands: config models intake alerts store store/sql outbound base"
  "app: config api commands http intake models alerts store store/sql console outbound base"
)
